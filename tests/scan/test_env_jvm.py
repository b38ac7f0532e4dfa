"""Env reads in Java and Kotlin source, including Spring."""

from __future__ import annotations

from tests.scan.envcase import Row, marked, reads_from


def reads(files: dict[str, str]) -> set[Row]:
    return reads_from("jvm", files)


def test_system_getenv_and_value() -> None:
    got = reads(
        {
            "src/main/java/app/App.java": """\
        package app;
        class App {
          String a = System.getenv("J_A");
          String b = System.getenv().get("J_B");
          String c = System.getenv().getOrDefault("J_C", "x");
          String d = System.getenv("SHARD_" + n);
          @Value("${J_E}") String e;
          @Value("${app.timeout-seconds:30}") String f;
          // System.getenv("IN_COMMENT")
          String s = "System.getenv(\\"IN_STRING\\")";
          String g = System.getenv(name);
        }
        """
        }
    )
    assert got == {
        ("J_A", "src/main/java/app/App.java", 3, False, False),
        ("J_B", "src/main/java/app/App.java", 4, False, False),
        ("J_C", "src/main/java/app/App.java", 5, True, False),
        ("SHARD_", "src/main/java/app/App.java", 6, False, True),
        ("J_E", "src/main/java/app/App.java", 7, False, False),
        ("APP_TIMEOUTSECONDS", "src/main/java/app/App.java", 8, True, False),
    }


def test_configuration_properties_relaxed_binding() -> None:
    got = reads(
        {
            "src/main/java/app/MailProps.java": """\
            @Configuration
            @ConfigurationProperties(prefix = "app.mail")
            public class MailProps {
              private String host;
              private int port = 25;
              private String smtpHost;
              private static final String CONSTANT = "x";
              private Nested nested = new Nested();
              public String getHost() { return host; }
              public static class Nested { private String inner; }
            }
            """,
            "src/main/java/app/DbProps.java": """\
            @ConfigurationProperties("app.db")
            public record DbProps(String url, int poolSize) {}
            """,
            "src/main/kotlin/app/Props.kt": """\
            @ConfigurationProperties(prefix = "app.cache")
            data class CacheProps(val ttl: Duration = Duration.ofMinutes(5), val host: String)
            """,
        }
    )
    assert got == {
        ("APP_MAIL_HOST", "src/main/java/app/MailProps.java", 4, False, False),
        ("APP_MAIL_PORT", "src/main/java/app/MailProps.java", 5, True, False),
        ("APP_MAIL_SMTPHOST", "src/main/java/app/MailProps.java", 6, False, False),
        ("APP_DB_URL", "src/main/java/app/DbProps.java", 2, False, False),
        ("APP_DB_POOLSIZE", "src/main/java/app/DbProps.java", 2, False, False),
        ("APP_CACHE_TTL", "src/main/kotlin/app/Props.kt", 2, True, False),
        ("APP_CACHE_HOST", "src/main/kotlin/app/Props.kt", 2, False, False),
    }


def test_kotlin_elvis_interpolation_and_wrapper() -> None:
    got = reads(
        {
            "src/main/kotlin/app/Env.kt": """\
            object Env {
                fun str(key: String, default: String? = null): String? = System.getenv(key) ?: default
            }
            """,
            "src/main/kotlin/app/Main.kt": """\
            val a = System.getenv("K_A") ?: "d"
            val b = System.getenv("K_${suffix}")
            val c = Env.str("K_WRAPPED")
            """,
        }
    )
    assert got == {
        ("K_A", "src/main/kotlin/app/Main.kt", 1, True, False),
        ("K_", "src/main/kotlin/app/Main.kt", 2, False, True),
        ("K_WRAPPED", "src/main/kotlin/app/Main.kt", 3, True, False),
    }


def test_test_sources_are_marked() -> None:
    got = marked(
        {
            "src/test/java/AppTest.java": 'var x = System.getenv("T_VAR");\n',
            "src/main/java/App.java": 'var y = System.getenv("APP_VAR");\n',
        }
    )
    assert got == [
        ("APP_VAR", "src/main/java/App.java", 1, False),
        ("T_VAR", "src/test/java/AppTest.java", 1, True),
    ]
