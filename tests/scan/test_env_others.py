"""Env reads in Rust, C# and PHP source."""

from __future__ import annotations

from tests.scan.envcase import reads_from as reads


def test_rust() -> None:
    got = reads(
        "rust",
        {
            "src/main.rs": """\
        use std::env;
        fn main() {
            let a = std::env::var("RS_A").unwrap_or("x".into());
            let b = env::var_os("RS_B");
            let c = env!("RS_C");
            let d = option_env!("RS_D");
            let e = dotenvy::var("RS_E");
            let f = env::var("RS_F").ok().unwrap_or_default();
            // env::var("IN_COMMENT")
            let s = "env::var(\\"IN_STRING\\")";
            let g = my::env::var("NOT_STD");
        }
        fn setting(key: &str) -> String {
            env::var(key).expect(key)
        }
        fn use_it() { let t = setting("RS_WRAPPED"); }
        fn optional() {
            let g = std::env::var("RS_G").is_ok();
            if let Ok(h) = std::env::var("RS_H") {}
            let i = env::var_os("RS_I").is_some_and(|v| !v.is_empty());
            let j = env::var("RS_J").ok().and_then(|v| v.parse().ok());
            let k = env::var("RS_K").ok().unwrap();
            let l = env::var("RS_L").ok()?;
        }
        """
        },
    )
    assert got == {
        ("RS_A", "src/main.rs", 3, True, False),
        ("RS_B", "src/main.rs", 4, False, False),
        ("RS_C", "src/main.rs", 5, False, False),
        ("RS_D", "src/main.rs", 6, True, False),
        ("RS_E", "src/main.rs", 7, False, False),
        ("RS_F", "src/main.rs", 8, True, False),
        ("RS_WRAPPED", "src/main.rs", 16, False, False),
        ("RS_G", "src/main.rs", 18, True, False),
        ("RS_H", "src/main.rs", 19, True, False),
        ("RS_I", "src/main.rs", 20, True, False),
        ("RS_J", "src/main.rs", 21, True, False),
        ("RS_K", "src/main.rs", 22, False, False),
        ("RS_L", "src/main.rs", 23, False, False),
    }


def test_csharp() -> None:
    got = reads(
        "csharp",
        {
            "src/Program.cs": """\
        var a = Environment.GetEnvironmentVariable("CS_A") ?? "d";
        var b = System.Environment.GetEnvironmentVariable("CS_B", EnvironmentVariableTarget.Process);
        var c = Environment.GetEnvironmentVariable($"CS_{name}_URL");
        // Environment.GetEnvironmentVariable("IN_COMMENT")
        var s = "Environment.GetEnvironmentVariable(\\"IN_STRING\\")";
        var d = Env("CS_WRAPPED");
        static string Env(string key) => Environment.GetEnvironmentVariable(key) ?? "";
        """
        },
    )
    assert got == {
        ("CS_A", "src/Program.cs", 1, True, False),
        ("CS_B", "src/Program.cs", 2, False, False),
        ("CS_", "src/Program.cs", 3, False, True),
        ("CS_WRAPPED", "src/Program.cs", 6, True, False),
    }


def test_csharp_configuration_prefix() -> None:
    got = reads(
        "csharp",
        {
            "src/Startup.cs": """\
        builder.Configuration.AddEnvironmentVariables("MYSVC_");
        config.AddEnvironmentVariables(prefix: "OTHER_");
        config.AddEnvironmentVariables();
        """
        },
    )
    assert got == {
        ("MYSVC_", "src/Startup.cs", 1, True, True),
        ("OTHER_", "src/Startup.cs", 2, True, True),
    }


def test_multiline_calls_jvm_and_php() -> None:
    got = reads(
        "jvm",
        {"src/main/java/A.java": 'class A {\n  String x = System.getenv(\n\n\n      "JAVA_FAR");\n}\n'},
    )
    assert got == {("JAVA_FAR", "src/main/java/A.java", 5, False, False)}
    got = reads("php", {"src/a.php": '<?php\n$x = getenv(\n\n\n   "PHP_FAR"\n);\n'})
    assert got == {("PHP_FAR", "src/a.php", 5, False, False)}


def test_php() -> None:
    got = reads(
        "php",
        {
            "app/config.php": """\
        <?php
        $a = getenv('PHP_A');
        $b = $_ENV['PHP_B'] ?? 'd';
        $c = $_SERVER['APP_SECRET'];
        $d = $_SERVER['HTTP_HOST'];
        $e = $_SERVER['request_uri'];
        $f = env('DB_HOST', '127.0.0.1');
        $g = env('DB_PORT');
        $h = getenv('PREFIX_' . $name);
        // getenv('IN_COMMENT')
        # getenv('IN_HASH_COMMENT')
        $s = "getenv('IN_STRING')";
        $i = $obj->getenv('NOT_GLOBAL');
        $j = $_SERVER['QUERY_STRING'];
        """
        },
    )
    assert got == {
        ("PHP_A", "app/config.php", 2, False, False),
        ("PHP_B", "app/config.php", 3, True, False),
        ("APP_SECRET", "app/config.php", 4, False, False),
        ("DB_HOST", "app/config.php", 7, True, False),
        ("DB_PORT", "app/config.php", 8, False, False),
        ("PREFIX_", "app/config.php", 9, False, True),
    }


def test_php_symfony_env_placeholders_in_strings() -> None:
    got = reads(
        "php",
        {
            "config/packages/billing.php": """\
        <?php
        return static function (ContainerConfigurator $c): void {
            $c->parameters()->set('billing.region', '%env(string:BILLING_REGION)%');
            $c->parameters()->set('billing.flag', '%env(bool:default::BILLING_FLAG)%');
            // '%env(IN_COMMENT)%'
        };
        """,
            "src/Gateway.php": """\
        <?php
        final class Gateway
        {
            public function __construct(#[Autowire('%env(BILLING_API_KEY)%')] private string $key) {}
            private string $note = '%kernel.project_dir%';
        }
        """,
        },
    )
    assert got == {
        ("BILLING_REGION", "config/packages/billing.php", 3, False, False),
        ("BILLING_FLAG", "config/packages/billing.php", 4, True, False),
        ("BILLING_API_KEY", "src/Gateway.php", 4, False, False),
    }
