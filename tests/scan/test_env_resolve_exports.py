"""The environment object exported from a module and read elsewhere under any name."""

from __future__ import annotations

from tests.scan.envcase import reads_from


def names(source: str, files: dict[str, str]) -> set[tuple[str, str]]:
    return {(n, p) for n, p, _, _, _ in reads_from(source, files)}


def test_js_default_named_proxy_function_and_commonjs_exports() -> None:
    got = names(
        "js",
        {
            "src/env.ts": "export default process.env;\n",
            "src/lib/config/index.ts": """\
            export const env = new Proxy(process.env, { get: (t, k) => t[k as string] });
            export const getEnv = () => process.env;
            """,
            "src/settings.js": "module.exports = { ...process.env };\n",
            "src/app.ts": """\
            import vars from "./env";
            import { env as E, getEnv } from "@/lib/config";
            import * as cfg from "./lib/config";
            const settings = require("./settings");

            export const a = vars.APP_A;
            export const b = E.APP_B;
            export const c = getEnv().APP_C;
            export const d = cfg.env["APP_D"];
            export const e = settings.APP_E;
            const { APP_F } = vars;
            """,
            "src/unrelated.ts": """\
            import env from "./other-module";
            export const x = env.NOT_ENV;
            """,
        },
    )
    assert got == {
        ("APP_A", "src/app.ts"),
        ("APP_B", "src/app.ts"),
        ("APP_C", "src/app.ts"),
        ("APP_D", "src/app.ts"),
        ("APP_E", "src/app.ts"),
        ("APP_F", "src/app.ts"),
    }


def test_js_alias_exported_later() -> None:
    got = names(
        "js",
        {
            "src/runtime.js": "const env = process.env;\nexport { env as runtimeEnv };\n",
            "src/use.js": 'import { runtimeEnv } from "./runtime.js";\nrun(runtimeEnv.WORKER_COUNT);\n',
        },
    )
    assert got == {("WORKER_COUNT", "src/use.js")}


def test_python_module_level_environ_imported_under_other_names() -> None:
    got = names(
        "python",
        {
            "app/settings.py": """\
            import os

            env = os.environ
            snapshot = os.environ.copy()


            def get_env():
                return os.environ
            """,
            "app/db.py": """\
            from app.settings import env as E, get_env
            import app.settings as s
            from app import settings

            url = E["DATABASE_URL"]
            pool = get_env().get("DB_POOL", "5")
            ssl = s.snapshot.get("DB_SSL")
            name = settings.env["DB_NAME"]
            """,
            "app/other.py": 'from elsewhere import env\nx = env["NOT_OURS"]\n',
        },
    )
    assert got == {
        ("DATABASE_URL", "app/db.py"),
        ("DB_POOL", "app/db.py"),
        ("DB_SSL", "app/db.py"),
        ("DB_NAME", "app/db.py"),
    }


def test_environment_or_read_function_passed_as_an_argument() -> None:
    py = names(
        "python",
        {
            "app/paths.py": """\
            def resolve_paths(base, environ):
                root = environ.get("APP_ROOT", base)
                return root


            def unrelated(environ):
                return environ.get("NOT_PASSED_HERE")
            """,
            "app/settings.py": """\
            import os
            from app.paths import resolve_paths

            ROOT = resolve_paths("/srv", os.environ)
            """,
        },
    )
    assert py == {("APP_ROOT", "app/paths.py")}
    go = names(
        "go",
        {
            "main.go": """\
            package main

            import "os"

            func main() {
                if err := run(os.Getenv, os.Args); err != nil {
                    os.Exit(1)
                }
            }

            func run(getenv func(string) string, args []string) error {
                addr := getenv("LISTEN_ADDR")
                _ = addr
                return nil
            }
            """
        },
    )
    assert go == {("LISTEN_ADDR", "main.go")}
    js = names(
        "js",
        {
            "src/config.js": "export function load(env) {\n  return { port: env.PORT ?? 3000 };\n}\n",
            "src/main.js": 'import { load } from "./config.js";\nconst cfg = load(process.env);\n',
        },
    )
    assert js == {("PORT", "src/config.js")}
    rb = names(
        "ruby",
        {
            "lib/cfg.rb": 'def build(env)\n  env.fetch("RB_TOKEN")\nend\n',
            "config/boot.rb": "CFG = build(ENV)\n",
        },
    )
    assert rb == {("RB_TOKEN", "lib/cfg.rb")}


def test_js_parameter_defaulting_to_the_environment() -> None:
    got = names(
        "js",
        {
            "src/cfg.ts": "export function load(env: NodeJS.ProcessEnv = process.env) {\n  return env.JS_PARAM;\n}\n"
        },
    )
    assert got == {("JS_PARAM", "src/cfg.ts")}


def test_js_environment_object_re_exported_by_an_index_file() -> None:
    got = reads_from(
        "js",
        {
            "src/config/environment.ts": """\
            const environment = process.env as Record<string, string | undefined>;
            export default environment;
            """,
            "src/config/index.ts": """\
            export { default as env } from "./environment";
            export { default } from "./environment";
            """,
            "src/shared/index.ts": 'export * from "../config";\n',
            "src/app/a.ts": """\
            import { env } from "../config";
            import cfg from "../config/index";
            import { env as shared } from "../shared";
            export const a = env.VIA_NAMED;
            export const c = cfg.VIA_DEFAULT;
            export const d = shared.VIA_STAR;
            """,
        },
    )
    assert {(n, p, line) for n, p, line, _, _ in got} == {
        ("VIA_NAMED", "src/app/a.ts", 4),
        ("VIA_DEFAULT", "src/app/a.ts", 5),
        ("VIA_STAR", "src/app/a.ts", 6),
    }


def test_js_config_class_initialised_from_an_exported_environment_object() -> None:
    got = reads_from(
        "js",
        {
            "server/utils/environment.ts": """\
            const environment = process.env;
            export default environment;
            """,
            "server/env.ts": """\
            import { IsOptional, IsUrl } from "class-validator";
            import environment from "./utils/environment";

            export class Environment {
              @IsUrl()
              public DATABASE_URL = environment.DATABASE_URL ?? "";

              public PORT = this.toOptionalNumber(environment.PORT) ?? 3000;

              @IsOptional()
              public REDIS_URL = environment.REDIS_URL;

              public get isProduction() {
                return process.env.APP_ENV === "production";
              }

              private toOptionalNumber(value: string | undefined) {
                return value ? parseInt(value, 10) : undefined;
              }
            }

            export default new Environment();
            """,
            "server/main.ts": """\
            import env from "./env";
            export const url = env.DATABASE_URL;
            """,
        },
    )
    # The class's field initialisers are the reads; `env.DATABASE_URL` elsewhere reads the instance.
    assert {(n, p, line, d) for n, p, line, d, _ in got} == {
        ("DATABASE_URL", "server/env.ts", 6, True),
        ("PORT", "server/env.ts", 8, True),
        ("REDIS_URL", "server/env.ts", 11, True),
        ("APP_ENV", "server/env.ts", 14, False),
    }


def test_js_class_fields_a_decorator_marks_optional() -> None:
    got = reads_from(
        "js",
        {
            "api/settings.ts": """\
            import { IsOptional, IsUrl, IsIn } from "class-validator";

            const vars = { ...process.env };

            export class Settings {
              @IsOptional()
              @IsUrl({
                require_tld: false,
              })
              public PUBLIC_URL = vars.PUBLIC_URL;

              @IsIn(["s3", "disk"])
              public STORAGE = vars.STORAGE;

              @IsOptional() public MAIL_HOST = vars.MAIL_HOST;

              @IsOptional()
              static readonly SENTRY_DSN = process.env.SENTRY_DSN;

              public LOG_LEVEL = vars.LOG_LEVEL;
            }
            """
        },
    )
    assert {(n, line, d) for n, _, line, d, _ in got} == {
        ("PUBLIC_URL", 10, True),
        ("STORAGE", 13, False),
        ("MAIL_HOST", 15, True),
        ("SENTRY_DSN", 18, True),
        ("LOG_LEVEL", 20, False),
    }


def test_js_class_keeping_the_environment_in_a_field() -> None:
    got = reads_from(
        "js",
        {
            "api/a.ts": """\
            export class Vars {
              private source = process.env;

              get queueUrl() {
                return this.source.QUEUE_URL ?? "amqp://localhost";
              }

              public readonly region = this.source["AWS_REGION"];

              get other() {
                return this.options.NOT_A_VARIABLE;
              }
            }
            """,
            "api/b.js": """\
            class Loader {
              constructor() {
                this.vars = process.env;
              }

              value(key) {
                return this.vars[key];
              }

              get cacheTtl() {
                return Number(this.value("CACHE_TTL") || 60);
              }
            }
            """,
            "api/c.ts": """\
            export class Secrets {
              constructor(private readonly vars: NodeJS.ProcessEnv = process.env) {}

              get signingKey() {
                return this.vars.SIGNING_KEY;
              }
            }
            """,
        },
    )
    assert {(n, p, line, d) for n, p, line, d, _ in got} == {
        ("QUEUE_URL", "api/a.ts", 5, True),
        ("AWS_REGION", "api/a.ts", 8, False),
        ("CACHE_TTL", "api/b.js", 11, True),
        ("SIGNING_KEY", "api/c.ts", 5, False),
    }


def test_js_environment_passed_to_a_class_constructor() -> None:
    got = names(
        "js",
        {
            "srv/options.js": """\
            class Options {
              constructor(vars) {
                this.vars = vars;
              }

              get bindAddress() {
                return this.vars.BIND_ADDRESS || "0.0.0.0";
              }
            }
            module.exports = Options;
            """,
            "srv/limits.ts": """\
            export class Limits {
              constructor(
                private readonly src: Record<string, string | undefined>,
                private readonly name: string,
              ) {}

              get maxUpload() {
                return this.src.MAX_UPLOAD_MB;
              }
            }

            export class Unrelated {
              constructor(private readonly opts: Record<string, string>) {}

              get x() {
                return this.opts.NOT_PASSED_ENV;
              }
            }
            """,
            "srv/main.ts": """\
            import Options from "./options";
            import { Limits, Unrelated } from "./limits";

            const snapshot = { ...process.env };
            export const options = new Options(process.env);
            export const limits = new Limits(snapshot, "api");
            export const other = new Unrelated({ a: "b" });
            """,
        },
    )
    assert got == {("BIND_ADDRESS", "srv/options.js"), ("MAX_UPLOAD_MB", "srv/limits.ts")}


def test_js_destructured_parameters_receiving_the_environment() -> None:
    got = reads_from(
        "js",
        {
            "srv/db.ts": """\
            export const dbOptions = ({ PG_URL, PG_POOL = "10" }: NodeJS.ProcessEnv) => ({
              url: PG_URL,
              pool: Number(PG_POOL),
            });

            export function cacheOptions({ CACHE_URL }: typeof process.env) {
              return { url: CACHE_URL };
            }
            """,
            "srv/mail.js": """\
            function mailOptions(prefix, { SMTP_URL, SMTP_FROM = "noreply@localhost" }) {
              return { url: SMTP_URL, from: SMTP_FROM, prefix };
            }

            function pick({ ONLY_AN_OBJECT }) {
              return ONLY_AN_OBJECT;
            }

            module.exports = { mail: mailOptions("app", process.env), other: pick({ ONLY_AN_OBJECT: 1 }) };
            """,
            "srv/named.ts": """\
            export function tracing(vars: NodeJS.ProcessEnv) {
              return vars.TRACE_ENDPOINT;
            }
            """,
        },
    )
    assert {(n, p, line, d) for n, p, line, d, _ in got} == {
        ("PG_URL", "srv/db.ts", 1, False),
        ("PG_POOL", "srv/db.ts", 1, True),
        ("CACHE_URL", "srv/db.ts", 6, False),
        ("SMTP_URL", "srv/mail.js", 1, False),
        ("SMTP_FROM", "srv/mail.js", 1, True),
        ("TRACE_ENDPOINT", "srv/named.ts", 2, False),
    }


def test_js_alias_passed_to_a_factory_and_frozen_copies() -> None:
    got = names(
        "js",
        {
            "lib/factory.ts": """\
            export const makeConfig = (vars: Record<string, string | undefined>) => ({
              port: Number(vars.HTTP_PORT ?? 8080),
            });
            """,
            "lib/boot.ts": """\
            import { makeConfig } from "./factory";

            const current = Object.freeze({ ...process.env });
            export const config = makeConfig(current);
            export const token = current.BOOT_TOKEN;
            """,
            "lib/frozen.js": "module.exports = Object.freeze({ ...process.env });\n",
            "lib/use.js": 'const vars = require("./frozen");\nexports.region = vars.FROZEN_REGION;\n',
        },
    )
    assert got == {
        ("HTTP_PORT", "lib/factory.ts"),
        ("BOOT_TOKEN", "lib/boot.ts"),
        ("FROZEN_REGION", "lib/use.js"),
    }


def test_js_factory_or_class_imported_under_another_name_receives_the_environment() -> None:
    got = names(
        "js",
        {
            "app/http.ts": """\
            export default (vars: Record<string, string | undefined>) => ({
              port: Number(vars.HTTP_LISTEN_PORT ?? 8080),
            });
            """,
            "app/jobs.js": """\
            module.exports = function (vars) {
              return { cron: vars.JOBS_CRON };
            };
            """,
            "app/db.ts": """\
            export default function databaseSettings(vars: Record<string, string | undefined>) {
              return { url: vars.DB_CONNECTION };
            }
            """,
            "app/cache.ts": """\
            export function cacheSettings(vars: Record<string, string | undefined>) {
              return { url: vars.CACHE_CONNECTION };
            }
            """,
            "app/mail.ts": """\
            export default class MailSettings {
              constructor(private readonly vars: Record<string, string | undefined>) {}

              get relay() {
                return this.vars.MAIL_RELAY;
              }
            }
            """,
            "app/unused.ts": """\
            export default (vars: Record<string, string>) => vars.NEVER_GIVEN_THE_ENV;
            """,
            "app/main.ts": """\
            import http from "./http";
            import databaseConfig from "./db";
            import { cacheSettings as cache } from "./cache";
            import Mail from "./mail";
            import unused from "./unused";
            const jobs = require("./jobs");

            export const settings = {
              http: http(process.env),
              jobs: jobs(process.env),
              db: databaseConfig(process.env),
              cache: cache(process.env),
              mail: new Mail(process.env),
              other: unused({}),
            };
            """,
        },
    )
    assert got == {
        ("HTTP_LISTEN_PORT", "app/http.ts"),
        ("JOBS_CRON", "app/jobs.js"),
        ("DB_CONNECTION", "app/db.ts"),
        ("CACHE_CONNECTION", "app/cache.ts"),
        ("MAIL_RELAY", "app/mail.ts"),
    }
