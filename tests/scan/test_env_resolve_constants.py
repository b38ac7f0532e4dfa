"""Names held in a constant (same file or another module) and passed to a read or a wrapper."""

from __future__ import annotations

from tests.scan.envcase import reads_from


def names(source: str, files: dict[str, str]) -> set[tuple[str, str, int]]:
    return {(n, p, line) for n, p, line, _, _ in reads_from(source, files)}


def test_python_module_constants_class_attributes_and_imports() -> None:
    got = names(
        "python",
        {
            "app/keys.py": """\
            DATABASE_URL_KEY = "DATABASE_URL"
            lower_key = "NOT_EXPORTED_LOWER"


            class Keys:
                REDIS = "REDIS_URL"
            """,
            "app/settings.py": """\
            import os
            from app.keys import DATABASE_URL_KEY, Keys

            SENTRY = "SENTRY_DSN"
            db = os.environ[DATABASE_URL_KEY]
            dsn = os.getenv(SENTRY)
            redis = os.environ.get(Keys.REDIS)


            def local():
                key = "LOCAL_KEY"
                return os.getenv(key)


            unknown = os.getenv(lower_key)
            """,
        },
    )
    assert got == {
        ("DATABASE_URL", "app/settings.py", 5),
        ("SENTRY_DSN", "app/settings.py", 6),
        ("REDIS_URL", "app/settings.py", 7),
        ("LOCAL_KEY", "app/settings.py", 12),
    }


def test_python_constant_through_wrappers_of_any_depth() -> None:
    got = names(
        "python",
        {
            "app/env.py": """\
            import os


            def env_str(name):
                return os.environ[name]


            def env_bool(name):
                return env_str(name) == "1"
            """,
            "app/flags.py": """\
            from app.env import env_bool

            FLAG = "FEATURE_BETA"
            beta = env_bool(FLAG)
            """,
        },
    )
    assert got == {("FEATURE_BETA", "app/flags.py", 4)}


def test_js_consts_exported_and_imported_objects_and_enums() -> None:
    got = names(
        "js",
        {
            "src/keys.ts": """\
            export const DB_KEY = "DATABASE_URL";
            export const KEYS = { redis: "REDIS_URL", sentry: "SENTRY_DSN" } as const;
            export enum Env {
              Token = "API_TOKEN",
            }
            """,
            "src/config.ts": """\
            import { DB_KEY, KEYS, Env } from "./keys";

            const PORT_KEY = "PORT";
            export const db = process.env[DB_KEY];
            export const redis = process.env[KEYS.redis];
            export const token = process.env[Env.Token];
            export const port = process.env[PORT_KEY] ?? "3000";
            const dynamic = process.env[someCall()];
            """,
        },
    )
    assert got == {
        ("DATABASE_URL", "src/config.ts", 4),
        ("REDIS_URL", "src/config.ts", 5),
        ("API_TOKEN", "src/config.ts", 6),
        ("PORT", "src/config.ts", 7),
    }


def test_go_const_blocks_same_package_and_qualified() -> None:
    got = names(
        "go",
        {
            "internal/config/keys.go": """\
            package config

            const (
                EnvDatabaseURL = "DATABASE_URL"
                envPort        = "PORT"
            )
            """,
            "internal/config/load.go": """\
            package config

            import "os"

            func Load() {
                db := os.Getenv(EnvDatabaseURL)
                port := os.Getenv(envPort)
                _ = db + port
            }
            """,
            "cmd/app/main.go": """\
            package main

            import (
                "os"
                "example.com/app/internal/config"
            )

            func main() {
                _ = os.Getenv(config.EnvDatabaseURL)
                name := "APP_NAME"
                _ = os.Getenv(name)
            }
            """,
        },
    )
    assert got == {
        ("DATABASE_URL", "internal/config/load.go", 6),
        ("PORT", "internal/config/load.go", 7),
        ("DATABASE_URL", "cmd/app/main.go", 9),
        ("APP_NAME", "cmd/app/main.go", 11),
    }


def test_ruby_constants() -> None:
    got = names(
        "ruby",
        {
            "config/keys.rb": """\
            module Keys
              SECRET = "SECRET_KEY_BASE".freeze
            end
            """,
            "config/app.rb": """\
            TOKEN_VAR = "API_TOKEN"
            token = ENV.fetch(TOKEN_VAR)
            secret = ENV[Keys::SECRET]
            """,
        },
    )
    assert got == {("API_TOKEN", "config/app.rb", 2), ("SECRET_KEY_BASE", "config/app.rb", 3)}


def test_java_static_final_and_kotlin_const_val() -> None:
    got = names(
        "jvm",
        {
            "src/main/java/app/EnvKeys.java": """\
            package app;
            public final class EnvKeys {
                public static final String DATABASE_URL = "DATABASE_URL";
                private EnvKeys() {}
            }
            """,
            "src/main/java/app/Main.java": """\
            package app;
            public class Main {
                private static final String TOKEN = "API_TOKEN";
                public static void main(String[] args) {
                    String db = System.getenv(EnvKeys.DATABASE_URL);
                    String token = System.getenv(TOKEN);
                    String mode = System.getenv(Mode.PROD.name());
                }
            }
            """,
            "src/main/kotlin/app/Config.kt": """\
            package app
            object Names {
                const val REDIS = "REDIS_URL"
            }
            val redis = System.getenv(Names.REDIS)
            """,
        },
    )
    assert got == {
        ("DATABASE_URL", "src/main/java/app/Main.java", 5),
        ("API_TOKEN", "src/main/java/app/Main.java", 6),
        ("PROD", "src/main/java/app/Main.java", 7),
        ("REDIS_URL", "src/main/kotlin/app/Config.kt", 5),
    }


def test_java_interface_fields_are_constants_of_other_files() -> None:
    got = names(
        "jvm",
        {
            "src/main/java/app/security/IdentityProvider.java": """\
            package app.security;
            public interface IdentityProvider {
                String OR_ADMIN_PASSWORD = "OR_ADMIN_PASSWORD";
                String realm = "not.a.constant";
                void start();
            }
            """,
            "src/main/java/app/setup/Migration.java": """\
            package app.setup;
            import app.security.IdentityProvider;
            class Migration {
                void run() {
                    String password = System.getenv(IdentityProvider.OR_ADMIN_PASSWORD);
                }
            }
            """,
        },
    )
    assert got == {("OR_ADMIN_PASSWORD", "src/main/java/app/setup/Migration.java", 5)}


def test_rust_const_and_use() -> None:
    got = names(
        "rust",
        {
            "src/consts.rs": """\
            pub const DATABASE_URL: &str = "DATABASE_URL";
            pub static TOKEN: &'static str = "API_TOKEN";
            """,
            "src/main.rs": """\
            use crate::consts::{DATABASE_URL, TOKEN};
            use std::env;
            const PORT: &str = "PORT";
            fn main() {
                let db = env::var(DATABASE_URL);
                let token = env::var(TOKEN).unwrap_or_default();
                let port = std::env::var(PORT);
            }
            """,
        },
    )
    assert got == {
        ("DATABASE_URL", "src/main.rs", 5),
        ("API_TOKEN", "src/main.rs", 6),
        ("PORT", "src/main.rs", 7),
    }


def test_csharp_const_and_static_readonly() -> None:
    got = names(
        "csharp",
        {
            "src/EnvNames.cs": """\
            namespace App;
            public static class EnvNames
            {
                public const string DataDir = "APP_DATA_DIR";
                public static readonly string CacheDir = "APP_CACHE_DIR";
            }
            """,
            "src/Program.cs": """\
            namespace App;
            public static class Program
            {
                private const string LogDirKey = "APP_LOG_DIR";
                public static void Main()
                {
                    var data = Environment.GetEnvironmentVariable(EnvNames.DataDir);
                    var cache = Environment.GetEnvironmentVariable(EnvNames.CacheDir);
                    var log = Environment.GetEnvironmentVariable(LogDirKey);
                }
            }
            """,
        },
    )
    assert got == {
        ("APP_DATA_DIR", "src/Program.cs", 7),
        ("APP_CACHE_DIR", "src/Program.cs", 8),
        ("APP_LOG_DIR", "src/Program.cs", 9),
    }


def test_php_class_constants_define_and_locals() -> None:
    got = names(
        "php",
        {
            "src/Env.php": """\
            <?php
            final class EnvKeys
            {
                public const DATABASE = 'DATABASE_URL';
            }
            define('TOKEN_VAR', 'API_TOKEN');
            """,
            "src/Config.php": """\
            <?php
            class Config
            {
                private const REDIS = 'REDIS_URL';

                public function load(): array
                {
                    $port = 'APP_PORT';
                    return [
                        getenv(EnvKeys::DATABASE),
                        getenv(self::REDIS),
                        getenv(TOKEN_VAR),
                        getenv($port),
                    ];
                }
            }
            """,
        },
    )
    assert got == {
        ("DATABASE_URL", "src/Config.php", 10),
        ("REDIS_URL", "src/Config.php", 11),
        ("API_TOKEN", "src/Config.php", 12),
        ("APP_PORT", "src/Config.php", 13),
    }


def test_ambiguous_or_unrelated_constants_give_nothing() -> None:
    got = names(
        "python",
        {
            "a/one.py": 'KEY = "FIRST_NAME"\n',
            "b/two.py": 'KEY = "SECOND_NAME"\n',
            "c/use.py": """\
            import os
            from somewhere import KEY
            value = os.getenv(KEY)
            name = compute()
            other = os.getenv(name)
            """,
        },
    )
    assert got == set()


def test_constants_of_files_that_are_only_looked_up() -> None:
    """When only changed files are scanned again, the others still define their constants."""
    from textwrap import dedent

    from integrations_drift.scan.env.scanner import scan_env
    from integrations_drift.scan.types import SourceFile

    changed = SourceFile("app/db.py", b"import os\nfrom app.keys import DB_KEY\nurl = os.environ[DB_KEY]\n")
    unchanged = [
        SourceFile("app/keys.py", b'DB_KEY = "DATABASE_URL"\n'),
        SourceFile("app/env.ts", dedent("export default process.env;\n").encode()),
    ]
    got = scan_env([changed], unchanged).refs
    assert [(r.name, r.path, r.line) for r in got] == [("DATABASE_URL", "app/db.py", 3)]
    ts = SourceFile("app/use.ts", b'import env from "./env";\nexport const x = env.API_URL;\n')
    got = scan_env([ts], unchanged).refs
    assert [(r.name, r.path) for r in got] == [("API_URL", "app/use.ts")]


def test_attributes_of_local_values_are_not_looked_up_elsewhere() -> None:
    got = names(
        "python",
        {
            "app/other.py": 'env_var = "UNRELATED_NAME"\n',
            "app/cli.py": """\
            import os


            def main(args):
                return os.environ[args.env_var]
            """,
        },
    )
    assert got == set()


def test_qualified_through_an_imported_module() -> None:
    py = names(
        "python",
        {
            "app/keys.py": 'db = "DATABASE_URL"\n',
            "app/use.py": "import os\nimport app.keys as k\nurl = os.getenv(k.db)\n",
        },
    )
    assert py == {("DATABASE_URL", "app/use.py", 3)}
    js = names(
        "js",
        {
            "src/keys.js": 'export const db = "DATABASE_URL";\n',
            "src/use.js": 'import * as keys from "./keys.js";\nexport const url = process.env[keys.db];\n',
        },
    )
    assert js == {("DATABASE_URL", "src/use.js", 2)}


def test_assignment_through_a_constant_is_a_set() -> None:
    from tests.scan.envcase import _refs

    got = _refs(
        {
            "app/boot.py": 'import os\nKEY = "TZ_NAME"\nos.environ[KEY] = "UTC"\nzone = os.environ[KEY]\n',
        }
    )
    assert [(r.name, r.line, r.use) for r in got] == [("TZ_NAME", 3, "set"), ("TZ_NAME", 4, "read")]


def test_dict_subscript_of_a_constant_here_and_in_a_module_named_otherwise() -> None:
    files = {
        "app/names.py": """\
        SECRETS = {
            "jwt": "JWT_SECRET",
            "mail": "MAIL_PASSWORD",
        }
        OTHER = {"jwt": "NOT_THIS_ONE"}
        """,
        "app/use.py": """\
        import os
        from app.names import SECRETS

        LOCAL = {"db": "DB_HOST"}


        def secret(name):
            return os.getenv(name)


        JWT = secret(SECRETS["jwt"])
        MAIL = os.environ.get(SECRETS['mail'], "")
        HOST = os.environ[LOCAL["db"]]
        """,
        "web/names.ts": 'export const KEYS = { "db-url": "DATABASE_URL", "redis": "REDIS_URL" };\n',
        "web/use.ts": 'import { KEYS } from "./names";\nexport const r = process.env[KEYS["redis"]];\n',
    }
    # The member is looked up inside the literal its owner holds, whatever the module is called.
    assert {(n, p, line) for n, p, line, _, _ in reads_from("python", files)} == {
        ("JWT_SECRET", "app/use.py", 11),
        ("MAIL_PASSWORD", "app/use.py", 12),
        ("DB_HOST", "app/use.py", 13),
    }
    assert {(n, p, line) for n, p, line, _, _ in reads_from("js", files)} == {("REDIS_URL", "web/use.ts", 2)}
