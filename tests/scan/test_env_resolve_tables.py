"""Names held in a data table (list, map, tuples, records) and read in a loop over that table."""

from __future__ import annotations

from tests.scan.envcase import reads_from


def names(source: str, files: dict[str, str]) -> set[str]:
    return {n for n, _, _, _, _ in reads_from(source, files)}


def test_python_lists_dicts_tuples_records_and_comprehensions() -> None:
    got = names(
        "python",
        {
            "app/settings.py": """\
            import os
            from dataclasses import dataclass

            REQUIRED = ["DATABASE_URL", "SECRET_KEY"]
            DEFAULTS = {"LOG_LEVEL": "info", "WORKERS": "2"}
            PAIRS = [("SMTP_HOST", "localhost"), ("SMTP_PORT", "25")]


            @dataclass
            class Var:
                name: str
                default: str = ""


            VARS = [Var("CACHE_URL"), Var(name="QUEUE_URL")]

            for name in REQUIRED:
                if not os.environ.get(name):
                    raise SystemExit(name)

            settings = {key: os.getenv(key, value) for key, value in DEFAULTS.items()}
            smtp = {k: os.environ.get(k, d) for k, d in PAIRS}
            extra = [os.getenv(v.name) for v in VARS]
            for i, flag in enumerate(("FLAG_A", "FLAG_B")):
                os.getenv(flag)
            unrelated = ["NOT_READ"]
            """
        },
    )
    assert got == {
        "DATABASE_URL",
        "SECRET_KEY",
        "LOG_LEVEL",
        "WORKERS",
        "SMTP_HOST",
        "SMTP_PORT",
        "QUEUE_URL",  # a keyword field; a positional one (CACHE_URL) is not mapped to its field
        "FLAG_A",
        "FLAG_B",
    }


def test_python_table_imported_from_another_module() -> None:
    got = names(
        "python",
        {
            "app/names.py": 'SECRETS = ("DB_PASSWORD", "API_KEY")\n',
            "app/load.py": """\
            import os
            from app.names import SECRETS

            values = {s: os.environ[s] for s in SECRETS}
            """,
        },
    )
    assert got == {"DB_PASSWORD", "API_KEY"}


def test_js_for_of_object_keys_entries_and_callbacks() -> None:
    got = names(
        "js",
        {
            "src/env.ts": """\
            const REQUIRED = ["DATABASE_URL", "NEXTAUTH_SECRET"] as const;
            const DEFAULTS = { PORT: "3000", HOST: "0.0.0.0" };
            const SPECS = [{ name: "REDIS_URL", optional: true }, { name: "SMTP_URL" }];

            for (const key of REQUIRED) {
              if (!process.env[key]) throw new Error(key);
            }
            for (const [k, fallback] of Object.entries(DEFAULTS)) {
              console.log(process.env[k] ?? fallback);
            }
            SPECS.forEach((spec) => process.env[spec.name]);
            ["FLAG_ONE", "FLAG_TWO"].map((f) => process.env[f]);
            Object.keys(DEFAULTS).forEach((d) => process.env[d]);
            for (const { name } of SPECS) {
              process.env[name];
            }
            """
        },
    )
    assert got == {
        "DATABASE_URL",
        "NEXTAUTH_SECRET",
        "PORT",
        "HOST",
        "REDIS_URL",
        "SMTP_URL",
        "FLAG_ONE",
        "FLAG_TWO",
    }


def test_js_table_exported_from_another_module() -> None:
    got = names(
        "js",
        {
            "src/vars.js": 'export const SECRET_VARS = ["STRIPE_KEY", "GITHUB_SECRET"];\n',
            "src/check.js": """\
            import { SECRET_VARS } from "./vars.js";
            export const missing = SECRET_VARS.filter((v) => !process.env[v]);
            """,
        },
    )
    assert got == {"STRIPE_KEY", "GITHUB_SECRET"}


def test_go_range_over_slices_maps_and_struct_tables() -> None:
    got = names(
        "go",
        {
            "main.go": """\
            package main

            import "os"

            var defaults = map[string]string{
                "LISTEN_ADDR": ":8080",
                "LOG_LEVEL":   "info",
            }

            type envVar struct {
                Name     string
                Required bool
            }

            var specs = []envVar{
                {Name: "DATABASE_URL", Required: true},
                {Name: "CACHE_URL"},
            }

            func main() {
                for _, k := range []string{"API_TOKEN", "API_URL"} {
                    _ = os.Getenv(k)
                }
                for key, def := range defaults {
                    if os.Getenv(key) == "" {
                        _ = def
                    }
                }
                for _, s := range specs {
                    _, _ = os.LookupEnv(s.Name)
                }
                for i := range []string{"NOT_READ"} {
                    _ = i
                }
            }
            """
        },
    )
    assert got == {"API_TOKEN", "API_URL", "LISTEN_ADDR", "LOG_LEVEL", "DATABASE_URL", "CACHE_URL"}


def test_ruby_each_over_arrays_words_and_hashes() -> None:
    got = names(
        "ruby",
        {
            "config/boot.rb": """\
            REQUIRED = %w[SECRET_KEY_BASE DATABASE_URL].freeze
            DEFAULTS = { "PORT" => "3000", "RAILS_MAX_THREADS" => "5" }.freeze

            REQUIRED.each do |name|
              abort(name) unless ENV.key?(name)
            end
            DEFAULTS.each { |key, value| ENV.fetch(key, value) }
            """
        },
    )
    assert got == {"SECRET_KEY_BASE", "DATABASE_URL", "PORT", "RAILS_MAX_THREADS"}


def test_java_and_kotlin_loops() -> None:
    got = names(
        "jvm",
        {
            "src/main/java/app/Check.java": """\
            package app;
            import java.util.List;
            public class Check {
                private static final List<String> REQUIRED = List.of("DB_URL", "DB_USER");
                public static void run() {
                    for (String name : REQUIRED) {
                        if (System.getenv(name) == null) throw new IllegalStateException(name);
                    }
                }
            }
            """,
            "src/main/kotlin/app/Check.kt": """\
            package app
            val optional = listOf("SENTRY_DSN", "OTEL_ENDPOINT")
            fun check() {
                optional.forEach { System.getenv(it) }
                for (v in arrayOf("KT_A", "KT_B")) {
                    System.getenv(v)
                }
            }
            """,
        },
    )
    assert got == {"DB_URL", "DB_USER", "SENTRY_DSN", "OTEL_ENDPOINT", "KT_A", "KT_B"}


def test_rust_csharp_and_php_loops() -> None:
    rust = names(
        "rust",
        {
            "src/main.rs": """\
            const REQUIRED: &[&str] = &["DATABASE_URL", "ROCKET_PORT"];
            fn main() {
                for key in REQUIRED {
                    std::env::var(key).expect(key);
                }
                let found: Vec<_> = ["RS_A", "RS_B"].iter().map(|k| std::env::var(k)).collect();
            }
            """
        },
    )
    assert rust == {"DATABASE_URL", "ROCKET_PORT", "RS_A", "RS_B"}
    csharp = names(
        "csharp",
        {
            "src/Check.cs": """\
            public static class Check
            {
                private static readonly string[] Required = { "APP_DB", "APP_KEY" };
                public static void Run()
                {
                    foreach (var name in Required)
                    {
                        var v = Environment.GetEnvironmentVariable(name);
                    }
                }
            }
            """
        },
    )
    assert csharp == {"APP_DB", "APP_KEY"}
    php = names(
        "php",
        {
            "src/check.php": """\
            <?php
            $defaults = ['APP_URL' => 'http://localhost', 'APP_DEBUG' => 'false'];
            foreach ($defaults as $key => $default) {
                $value = getenv($key) ?: $default;
            }
            foreach (['MAIL_HOST', 'MAIL_PORT'] as $name) {
                $mail[] = getenv($name);
            }
            """
        },
    )
    assert php == {"APP_URL", "APP_DEBUG", "MAIL_HOST", "MAIL_PORT"}


def test_rust_constant_arrays_whose_type_has_a_length() -> None:
    got = reads_from(
        "rust",
        {
            "src/settings.rs": """\
            use std::env;

            const OVERRIDES: [(&str, &str); 2] = [
                ("server.port", "SRV_PORT"),
                ("database.url", "SRV_DATABASE_URL"),
            ];
            static PLAIN: [&str; 1] = ["SRV_TOKEN"];

            fn apply() {
                for (key, var) in OVERRIDES.iter() {
                    if let Ok(v) = env::var(var) {
                        set(key, v);
                    }
                }
                for var in PLAIN {
                    let _ = env::var(var);
                }
            }
            """
        },
    )
    assert got == {
        ("SRV_PORT", "src/settings.rs", 11, True, False),
        ("SRV_DATABASE_URL", "src/settings.rs", 11, True, False),
        ("SRV_TOKEN", "src/settings.rs", 16, False, False),
    }


def test_tables_of_constants() -> None:
    got = names(
        "python",
        {
            "app/cfg.py": """\
            import os

            DB = "DATABASE_URL"
            CACHE = "CACHE_URL"
            ALL = [DB, CACHE]
            present = [n for n in ALL if os.getenv(n)]
            """
        },
    )
    assert got == {"DATABASE_URL", "CACHE_URL"}


def test_setting_keys_upper_cased_under_a_prefix() -> None:
    """A table of lower-case setting keys, each overridable by `PREFIX_<KEY>`."""
    got = reads_from(
        "python",
        {
            "app/config.py": """\
            import os

            DEFAULTS = {"port": 8080, "log_level": "info"}
            SECTIONS = ["mail", "cache"]


            def load():
                settings = dict(DEFAULTS)
                for key, value in DEFAULTS.items():
                    settings[key] = os.getenv("SVC_" + key.upper(), value)
                for key in DEFAULTS:
                    raw = os.environ.get(f"ALT_{key.upper()}")
                for section in SECTIONS:
                    os.environ.get("LOWER_" + section)
                return settings
            """
        },
    )
    assert {(n, default, prefix) for n, _, _, default, prefix in got} == {
        ("SVC_PORT", True, False),
        ("SVC_LOG_LEVEL", True, False),
        ("ALT_PORT", False, False),
        ("ALT_LOG_LEVEL", False, False),
        # keys no upper-casing makes variable names: the family is all that is known
        ("LOWER_", False, True),
    }


def test_js_and_ruby_setting_keys_upper_cased_under_a_prefix() -> None:
    js = names(
        "js",
        {
            "src/config.js": """\
            const DEFAULTS = { port: 8080, db_url: "x" };
            for (const key of Object.keys(DEFAULTS)) {
              const v = process.env[`APP_${key.toUpperCase()}`];
            }
            """
        },
    )
    assert js == {"APP_PORT", "APP_DB_URL"}
    ruby = names(
        "ruby",
        {
            "config/settings.rb": """\
            DEFAULTS = { "port" => 1, "host" => "x" }
            DEFAULTS.each do |k, v|
              DEFAULTS[k] = ENV["APP_#{k.upcase}"] || v
            end
            """
        },
    )
    assert ruby == {"APP_PORT", "APP_HOST"}
