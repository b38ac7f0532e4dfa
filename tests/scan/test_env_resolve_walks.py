"""Whole-environment walks whose keys are looked up in a map literal or a switch of names."""

from __future__ import annotations

from tests.scan.envcase import _refs


def walked(files: dict[str, str]) -> set[tuple[str, bool]]:
    return {(r.name, r.is_prefix) for r in _refs(files) if r.use == "read"}


def test_go_environ_split_into_a_map_lookup_and_a_switch() -> None:
    assert walked(
        {
            "config/env.go": """\
            package config

            import (
                "os"
                "strings"
            )

            var known = map[string]func(string){
                "APP_PORT": setPort,
                "APP_HOST": setHost,
            }

            func Load() {
                for _, kv := range os.Environ() {
                    key, value, _ := strings.Cut(kv, "=")
                    if set, ok := known[key]; ok {
                        set(value)
                    }
                    switch key {
                    case "APP_DEBUG":
                        debug = value == "1"
                    }
                }
            }
            """
        }
    ) == {("APP_PORT", False), ("APP_HOST", False), ("APP_DEBUG", False)}


def test_walk_against_a_table_imported_from_another_module() -> None:
    assert walked(
        {
            "src/known.ts": 'export const KNOWN_VARS = new Set(["SMTP_HOST", "SMTP_PORT"]);\n',
            "src/env.ts": """\
            import { KNOWN_VARS } from "./known";
            export function known() {
              return Object.entries(process.env).filter(([k]) => KNOWN_VARS.has(k));
            }
            """,
        }
    ) == {("SMTP_HOST", False), ("SMTP_PORT", False)}


def test_prefix_tables_of_a_walk_are_families() -> None:
    assert walked(
        {
            "src/Startup.cs": """\
            public static class Startup
            {
                private static readonly string[] Prefixes = { "MYAPP_", "DOTNET_" };
                public static void Log()
                {
                    var all = Environment.GetEnvironmentVariables();
                    foreach (var key in all.Keys)
                    {
                        if (Prefixes.Any(p => key.ToString()!.StartsWith(p))) { }
                    }
                }
            }
            """
        }
    ) == {("MYAPP_", True), ("DOTNET_", True)}


def test_python_ruby_java_rust_php_walks() -> None:
    files = {
        "app/env.py": """\
        import os
        MAPPING = {"PY_A": "a", "PY_B": "b"}
        def load():
            return {MAPPING[k]: v for k, v in os.environ.items() if k in MAPPING}
        """,
        "lib/env.rb": """\
        ENV.each do |key, value|
          case key
          when "RB_A", "RB_B" then puts value
          end
        end
        """,
        "src/main/java/app/Env.java": """\
        package app;
        public class Env {
            static void load() {
                for (var e : System.getenv().entrySet()) {
                    switch (e.getKey()) {
                        case "JV_A": break;
                        case "JV_B": break;
                    }
                }
            }
        }
        """,
        "src/env.rs": """\
        fn load() {
            for (k, v) in std::env::vars() {
                match k.as_str() {
                    "RS_A" | "RS_B" => println!("{v}"),
                    _ => {}
                }
            }
        }
        """,
        "src/env.php": """\
        <?php
        foreach (getenv() as $key => $value) {
            switch ($key) {
                case 'PHP_A':
                case 'PHP_B':
                    break;
            }
        }
        """,
    }
    got = walked(files)
    for stem in ("PY", "RB", "JV", "RS", "PHP"):
        assert {(f"{stem}_A", False), (f"{stem}_B", False)} <= got, stem


def test_a_walk_testing_a_prefix_held_by_a_constant() -> None:
    assert walked(
        {
            "shop/config.py": """\
            import os

            ENV_PREFIX = "SHOP_"


            def load():
                return {k[len(ENV_PREFIX):]: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}


            def other(prefix):
                return [k for k in os.environ if k.startswith(prefix)]
            """,
            "config/env.go": """\
            package config

            import (
                "os"
                "strings"
            )

            const envPrefix = "APP_"

            func Load() {
                for _, kv := range os.Environ() {
                    if strings.HasPrefix(kv, envPrefix) {
                        set(kv)
                    }
                }
            }
            """,
        }
    ) == {("SHOP_", True), ("APP_", True)}


def test_rust_environment_handed_to_a_child_is_no_walk() -> None:
    got = walked(
        {
            "src/hooks.rs": """\
            fn run(name: &str) -> std::io::Result<()> {
                let value = match name {
                    "HOOK_NAME" => name.to_string(),
                    _ => String::new(),
                };
                Command::new("hook").envs(std::env::vars()).arg(value).status()?;
                Ok(())
            }
            """,
        }
    )
    assert got == set()


def test_go_environ_split_by_a_helper_then_read_by_key() -> None:
    assert walked(
        {
            "internal/envutil/split.go": """\
            package envutil

            import "strings"

            func ToMap(pairs []string) map[string]string {
                out := make(map[string]string, len(pairs))
                for _, kv := range pairs {
                    k, v, _ := strings.Cut(kv, "=")
                    out[k] = v
                }
                return out
            }
            """,
            "cmd/server/main.go": """\
            package main

            import (
                "os"

                "example.com/app/internal/envutil"
            )

            func main() {
                env := envutil.ToMap(os.Environ())
                dsn := env["DATABASE_URL"]
                settings := newSettings(os.Environ())
                token := settings.get("API_TOKEN")
                mode := env[modeKey]
                lower := env["not_a_var"]
                run(dsn, token, mode, lower)
            }
            """,
        }
    ) == {("DATABASE_URL", False), ("API_TOKEN", False)}


def test_go_environ_handed_to_a_child_command_is_not_read_by_key() -> None:
    assert (
        walked(
            {
                "main.go": """\
            package main

            import (
                "os"
                "os/exec"
            )

            func main() {
                cmd := exec.Command("worker")
                cmd.Env = withExtra(os.Environ())
                labels := map[string]string{}
                _ = labels["VERSION"]
                cmd.Run()
            }
            """,
            }
        )
        == set()
    )


def test_a_walk_testing_a_prefix_parameter_with_a_literal_default() -> None:
    assert walked(
        {
            "shop/settings.py": """\
            import os


            def load(prefix="SHOP_"):
                return {k: v for k, v in os.environ.items() if k.startswith(prefix)}


            def scan(prefix: str = "STORE_", strict=False):
                for key in os.environ:
                    if key.startswith(prefix):
                        yield key


            def loose(prefix):
                return [k for k in os.environ if k.startswith(prefix)]
            """,
        }
    ) == {("SHOP_", True), ("STORE_", True)}
