"""Read functions imported by name and called bare."""

from __future__ import annotations

from tests.scan.envcase import reads_from


def names(source: str, files: dict[str, str]) -> set[tuple[str, int]]:
    return {(n, line) for n, _, line, _, _ in reads_from(source, files)}


def test_rust_use_of_env_var() -> None:
    assert names(
        "rust",
        {
            "src/main.rs": """\
            use std::env::{self, var};
            use dotenvy::var as dotenv_var;
            use std::env::var_os;
            fn main() {
                let a = var("RS_IMPORTED");
                let b = dotenv_var("RS_DOTENV").unwrap_or_default();
                let c = var_os("RS_OS");
                let d = other::var("NOT_ENV");
            }
            """,
            "src/other.rs": 'fn f() { let v = var("NOT_IMPORTED_HERE"); }\n',
        },
    ) == {("RS_IMPORTED", 5), ("RS_DOTENV", 6), ("RS_OS", 7)}


def test_java_static_import_kotlin_import_and_csharp_using_static() -> None:
    assert names(
        "jvm",
        {
            "src/main/java/app/A.java": """\
            package app;
            import static java.lang.System.getenv;
            class A { String a = getenv("JAVA_IMPORTED"); }
            """,
            "src/main/kotlin/app/B.kt": """\
            package app
            import java.lang.System.getenv
            val b = getenv("KT_IMPORTED") ?: "x"
            """,
            "src/main/java/app/C.java": 'package app;\nclass C { String c = getenv("NO_IMPORT"); }\n',
        },
    ) == {("JAVA_IMPORTED", 3), ("KT_IMPORTED", 3)}
    assert names(
        "csharp",
        {
            "src/A.cs": """\
            using static System.Environment;
            var a = GetEnvironmentVariable("CS_IMPORTED");
            """,
            "src/B.cs": 'var b = GetEnvironmentVariable("NO_USING");\n',
        },
    ) == {("CS_IMPORTED", 2)}


def test_js_process_env_reached_through_require_and_destructuring() -> None:
    assert names(
        "js",
        {
            "src/a.js": """\
            const env = require("node:process").env;
            const { env: E } = require("process");
            import { env as penv } from "node:process";
            module.exports = [env.JS_A, E.JS_B, penv.JS_C];
            """
        },
    ) == {("JS_A", 4), ("JS_B", 4), ("JS_C", 4)}


def test_python_from_os_import() -> None:
    assert names(
        "python",
        {
            "app/a.py": """\
            from os import getenv as ge, environ
            A = ge("PY_A")
            B = environ["PY_B"]
            """
        },
    ) == {("PY_A", 2), ("PY_B", 3)}


def test_java_and_kotlin_environment_map_in_a_variable() -> None:
    assert names(
        "jvm",
        {
            "src/main/java/app/Env.java": """\
            package app;
            import java.util.Map;
            class Env {
                static String load() {
                    Map<String, String> env = System.getenv();
                    return env.getOrDefault("JAVA_MAP", "x") + env.get("JAVA_GET");
                }
            }
            """,
            "src/main/kotlin/app/Env.kt": 'package app\nval env = System.getenv()\nval k = env.get("KT_MAP")\n',
        },
    ) == {("JAVA_MAP", 6), ("JAVA_GET", 6), ("KT_MAP", 3)}


def test_generic_method_wrapper_called_through_a_module_level_instance() -> None:
    files = {
        "src/env.ts": """\
        class Env {
          get(key: string): string | undefined {
            return process.env[key];
          }
          google() {
            return { id: this.get("GOOGLE_CLIENT_ID") };
          }
        }
        export default new Env();
        """,
        "src/use.ts": """\
        import env from "./env";
        const cache = new Map();
        export const port = env.get("APP_PORT");
        export const other = cache.get("NOT_A_VARIABLE");
        """,
        "app/service.py": """\
        import os


        class Config:
            def get(self, key, default=None):
                return os.environ.get(key, default)


        config = Config()
        TOKEN = config.get("PY_TOKEN")
        """,
        "app/main.py": """\
        from app.service import config

        URL = config.get("PY_URL")
        OTHER = {}.get("NOT_A_VARIABLE_EITHER")
        """,
    }
    assert names("js", files) == {("GOOGLE_CLIENT_ID", 6), ("APP_PORT", 3)}
    assert names("python", files) == {("PY_TOKEN", 10), ("PY_URL", 3)}


def test_generic_wrapper_method_of_an_exported_object() -> None:
    files = {
        "src/env.ts": """\
        export const env = {
          get(key: string, fallback?: string) {
            return process.env[key] ?? fallback;
          },
        };
        export const routes = { list(path: string) { return path; } };
        """,
        "src/use.ts": """\
        import { env } from "./env";
        export const region = env.get("STORE_REGION", "eu");
        const cache = new Map();
        export const other = cache.get("NOT_A_VARIABLE");
        """,
    }
    assert names("js", files) == {("STORE_REGION", 2)}


def test_generic_static_wrapper_called_through_its_class() -> None:
    files = {
        "src/config.ts": """\
        export class Config {
          static get(key: string): string {
            const v = process.env[key];
            if (!v) throw new Error(key);
            return v;
          }
        }
        """,
        "src/use.ts": """\
        import { Config } from "./config";
        export const secret = Config.get("STORE_SECRET");
        const cache = new Map();
        export const other = cache.get("NOT_A_VARIABLE");
        """,
    }
    assert names("js", files) == {("STORE_SECRET", 2)}


def test_generic_wrapper_called_with_type_arguments() -> None:
    files = {
        "src/lib/env.ts": """\
        export function readSetting<T = string>(name: string, parse?: (v: string) => T): T | undefined {
          const raw = process.env[name];
          return raw === undefined ? undefined : parse ? parse(raw) : (raw as T);
        }
        """,
        "src/app.ts": """\
        import { readSetting } from "./lib/env";
        const a = readSetting("PLAIN_SETTING");
        const b = readSetting<number>("TYPED_SETTING", Number);
        """,
    }
    assert names("js", files) == {("PLAIN_SETTING", 2), ("TYPED_SETTING", 3)}
