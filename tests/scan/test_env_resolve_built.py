"""Names built at run time from a known name and a literal part: Docker-secrets ``<NAME>_FILE``
twins, prefixes and suffixes around a constant, and families when the base is unknown."""

from __future__ import annotations

from tests.scan.envcase import _refs

Ref = tuple[str, bool, str]  # name, is_prefix, twin_of


def built(files: dict[str, str]) -> set[Ref]:
    return {(r.name, r.is_prefix, r.twin_of) for r in _refs(files) if r.use == "read"}


TWINS = {
    ("DB_PASSWORD", False, ""),
    ("DB_PASSWORD_FILE", False, "DB_PASSWORD"),
}


def test_python_f_string_concat_and_format() -> None:
    assert built(
        {
            "app/secrets.py": """\
            import os


            def secret(name):
                path = os.environ.get(f"{name}_FILE")
                return open(path).read() if path else os.environ.get(name)


            def secret2(name):
                return os.getenv(name + "_FILE") or os.getenv("{}_FILE".format(name))


            DB = secret("DB_PASSWORD")
            API = secret2("API_TOKEN")
            """
        }
    ) == TWINS | {("API_TOKEN_FILE", False, "API_TOKEN")}


def test_js_template_and_concat() -> None:
    assert built(
        {
            "src/secrets.ts": """\
            export function fromEnvOrFile(name: string): string | undefined {
              const file = process.env[`${name}_FILE`];
              return file ? readFileSync(file, "utf8") : process.env[name];
            }
            export function viaConcat(name: string) {
              return process.env[name + "_FILE"];
            }
            export const db = fromEnvOrFile("DB_PASSWORD");
            export const key = viaConcat("API_KEY");
            """
        }
    ) == TWINS | {("API_KEY_FILE", False, "API_KEY")}


def test_go_concat_and_sprintf() -> None:
    assert built(
        {
            "env.go": """\
            package main

            import (
                "fmt"
                "os"
            )

            func secret(key string) string {
                if path := os.Getenv(key + "_FILE"); path != "" {
                    return path
                }
                return os.Getenv(key)
            }

            func other(key string) string {
                return os.Getenv(fmt.Sprintf("%s_FILE", key))
            }

            var db = secret("DB_PASSWORD")
            var tok = other("API_TOKEN")
            """
        }
    ) == TWINS | {("API_TOKEN_FILE", False, "API_TOKEN")}


def test_rust_format_through_a_local() -> None:
    assert (
        built(
            {
                "src/util.rs": """\
            use std::env;
            pub fn get_env_str(key: &str) -> Option<String> {
                let key_file = format!("{key}_FILE");
                let value = env::var(key);
                let file = env::var(&key_file);
                value.ok()
            }
            pub fn config() { let db = get_env_str("DB_PASSWORD"); }
            """
            }
        )
        == TWINS
    )


def test_ruby_java_kotlin_csharp_php_twins() -> None:
    files = {
        "lib/secret.rb": """\
        def secret(name)
          ENV["#{name}_FILE"] || ENV[name]
        end
        DB = secret("DB_PASSWORD")
        """,
        "src/main/java/app/Secrets.java": """\
        package app;
        public class Secrets {
            static String secret(String name) {
                String file = System.getenv(name + "_FILE");
                return file != null ? file : System.getenv(name);
            }
            static String db = secret("DB_PASSWORD");
        }
        """,
        "src/main/kotlin/app/Secrets.kt": """\
        package app
        fun secret(name: String): String? = System.getenv("${name}_FILE") ?: System.getenv(name)
        val db = secret("DB_PASSWORD")
        """,
        "src/Secrets.cs": """\
        public static class Secrets
        {
            public static string Secret(string name) =>
                Environment.GetEnvironmentVariable($"{name}_FILE") ?? Environment.GetEnvironmentVariable(name);
            public static string Db = Secret("DB_PASSWORD");
        }
        """,
        "src/secret.php": """\
        <?php
        function secret($name) {
            return getenv($name . '_FILE') ?: getenv($name);
        }
        $db = secret('DB_PASSWORD');
        """,
    }
    for path, text in files.items():
        assert built({path: text}) == TWINS, path


def test_prefix_and_suffix_around_a_constant_or_loop_variable() -> None:
    assert built(
        {
            "app/db.py": """\
            import os

            ROLE = "PRIMARY"
            url = os.environ[f"DB_{ROLE}_URL"]
            for region in ("EU", "US"):
                os.getenv("S3_BUCKET_" + region)
            """
        }
    ) == {("DB_PRIMARY_URL", False, ""), ("S3_BUCKET_EU", False, ""), ("S3_BUCKET_US", False, "")}


def test_unknown_base_reports_the_family_or_nothing() -> None:
    assert built(
        {
            "app/flags.py": """\
            import os

            def flag(n):
                return os.getenv(f"FEATURE_{n}")

            def secret_file(n):
                return os.getenv(f"{n}_FILE")

            x = os.getenv(f"PLUGIN_{compute()}")
            y = os.getenv(f"{compute()}_FILE")
            """
        }
    ) == {("FEATURE_", True, ""), ("PLUGIN_", True, "")}


def test_a_constant_prefix_before_a_wrapper_parameter() -> None:
    got = built(
        {
            "shop/settings.py": """\
            import os

            PREFIX = "SHOP"
            SEP = "_"


            def setting(key, default=None):
                return os.environ.get(f"{PREFIX}_{key}", default)


            def flag(key):
                return os.getenv(PREFIX + "_FLAG_" + key) == "1"


            def unknown(key):
                return os.getenv(MISSING + key)


            _prefix = "SHOP_OPT_"


            def option(name):
                env_name = _prefix + name
                return os.environ.get(env_name)


            DB = setting("DATABASE_URL")
            DEBUG = flag("DEBUG")
            NOPE = unknown("OTHER")
            PORT = option("PORT")
            """
        }
    )
    # the wrappers' own reads give the families; their calls the variables
    assert got == {
        ("SHOP_", True, ""),
        ("SHOP_FLAG_", True, ""),
        ("SHOP_DATABASE_URL", False, ""),
        ("SHOP_FLAG_DEBUG", False, ""),
        ("SHOP_OPT_PORT", False, ""),
    }


def test_a_wrapper_that_upper_cases_its_key_reads_lower_case_setting_names() -> None:
    got = built(
        {
            "app/conf.py": """\
            import os


            def setting(key, default=None):
                return os.environ.get("MYAPP_" + key.upper(), default)


            def opt(name, default=None):
                value = os.getenv(f"OPT_{name.upper()}")
                return value if value is not None else default


            def plain(key):
                return os.environ.get("PLAIN_" + key)


            DB_HOST = setting("db_host", "localhost")
            TIMEOUT = opt("timeout", 30)
            LOWER = plain("db_host")
            """
        }
    )
    assert got == {
        ("MYAPP_", True, ""),
        ("OPT_", True, ""),
        ("PLAIN_", True, ""),
        ("MYAPP_DB_HOST", False, ""),
        ("OPT_TIMEOUT", False, ""),
    }


def test_a_parameter_default_leads_the_names_of_a_settings_walk() -> None:
    """Overrides of a settings dict passed in, named `<prefix>_<KEY>`, nested keys joined by `_`
    or `__`: the keys are known only at run time, the prefix is the parameter's default."""
    got = built(
        {
            "app/conf.py": """\
            import os


            def override(d, prefix="NEST"):
                for k, v in d.items():
                    name = f"{prefix}_{k.upper()}"
                    if isinstance(v, dict):
                        override(v, name)
                    elif name in os.environ:
                        d[k] = os.environ[name]
                return d


            def override2(d, prefix="DUNDER"):
                for k in d:
                    d[k] = os.environ.get(prefix + "__" + k.upper(), d[k])


            def named(key, prefix="OPT"):
                return os.environ.get(f"{prefix}_{key}")


            def unknown(d, prefix=None):
                for k in d:
                    os.environ.get(f"{prefix}_{k}")
            """
        }
    )
    assert got == {("NEST_", True, ""), ("DUNDER__", True, ""), ("OPT_", True, "")}
