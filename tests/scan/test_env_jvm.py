"""Env reads in Java and Kotlin source, including Spring."""

from __future__ import annotations

from tests.scan.envcase import Row, _refs, marked, reads_from


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
        # a property key: Spring's spelling and the legacy one (binder evidence, see below)
        ("APP_TIMEOUTSECONDS", "src/main/java/app/App.java", 8, True, False),
        ("APP_TIMEOUT_SECONDS", "src/main/java/app/App.java", 8, True, False),
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
        ("APP_MAIL_SMTP_HOST", "src/main/java/app/MailProps.java", 6, False, False),
        # a static nested class is a section: its fields, never the section itself
        ("APP_MAIL_NESTED_INNER", "src/main/java/app/MailProps.java", 10, False, False),
        ("APP_DB_URL", "src/main/java/app/DbProps.java", 2, False, False),
        ("APP_DB_POOLSIZE", "src/main/java/app/DbProps.java", 2, False, False),
        ("APP_DB_POOL_SIZE", "src/main/java/app/DbProps.java", 2, False, False),
        ("APP_CACHE_TTL", "src/main/kotlin/app/Props.kt", 2, True, False),
        ("APP_CACHE_HOST", "src/main/kotlin/app/Props.kt", 2, False, False),
    }


def test_nested_sections_flatten_to_leaf_fields_across_files() -> None:
    got = reads(
        {
            "src/main/java/app/HaloProps.java": """\
            @ConfigurationProperties(prefix = "halo")
            public class HaloProps {
              private Path workDir;
              private URL externalUrl;
              @NestedConfigurationProperty
              private final SecurityProps security = new SecurityProps();
              private Mode mode;
              private Unknown unknown;
            }
            """,
            "src/main/java/app/SecurityProps.java": """\
            public class SecurityProps {
              private boolean frameOptions;
              private final Jwt jwt = new Jwt();
              public static class Jwt { private String issuer = "halo"; }
            }
            """,
            "src/main/java/app/Mode.java": "public enum Mode { SIMPLE, FULL }\n",
        }
    )
    assert got == {
        ("HALO_WORKDIR", "src/main/java/app/HaloProps.java", 3, False, False),
        ("HALO_WORK_DIR", "src/main/java/app/HaloProps.java", 3, False, False),
        ("HALO_EXTERNALURL", "src/main/java/app/HaloProps.java", 4, False, False),
        ("HALO_EXTERNAL_URL", "src/main/java/app/HaloProps.java", 4, False, False),
        # the section's class is in another file: its leaves, at the field that binds them
        ("HALO_SECURITY_FRAMEOPTIONS", "src/main/java/app/HaloProps.java", 6, False, False),
        ("HALO_SECURITY_FRAME_OPTIONS", "src/main/java/app/HaloProps.java", 6, False, False),
        ("HALO_SECURITY_JWT_ISSUER", "src/main/java/app/HaloProps.java", 6, True, False),
        # an enum is a value, not a section
        ("HALO_MODE", "src/main/java/app/HaloProps.java", 7, False, False),
    }


def test_binder_names_are_evidence_until_deployment_sets_them() -> None:
    files = {
        "src/main/java/app/Props.java": """\
        @ConfigurationProperties(prefix = "halo")
        public class Props {
          private Path workDir;
          private String externalUrl;
        }
        """,
        "src/main/java/app/Db.java": 'class Db { @Value("${DB_URL}") String url; }\n',
        "Dockerfile": "FROM eclipse-temurin:21\nENV HALO_WORK_DIR=/data\n",
        "tests/docker-compose.yml": "services:\n  app:\n    image: x\n    environment:\n      HALO_EXTERNALURL: http://x\n",
    }
    got = [r for r in marked(files) if r[1].endswith(".java")]
    assert got == [
        ("DB_URL", "src/main/java/app/Db.java", 1, False),
        ("HALO_WORKDIR", "src/main/java/app/Props.java", 3, True),
        # set by the Dockerfile: the operator is told to provide it
        ("HALO_WORK_DIR", "src/main/java/app/Props.java", 3, False),
        # set only by a test's compose file: still evidence only
        ("HALO_EXTERNALURL", "src/main/java/app/Props.java", 4, True),
        ("HALO_EXTERNAL_URL", "src/main/java/app/Props.java", 4, True),
    ]


def test_keys_the_application_file_gives_values_have_defaults() -> None:
    files = {
        "src/main/java/app/Mail.java": """\
        class Mail {
          @Value("${app.mail.host}") String host;
          @Value("${app.mail.user}") String user;
          @Value("${app.mail.port}") int port;
        }
        """,
        "src/main/resources/application.yml": """\
        app:
          data-dir: ${user.home}/.app
          mail:
            host: smtp.example.com
            user: ""
        ---
        spring:
          config:
            activate:
              on-profile: dev
        app:
          mail:
            port: 2525
        """,
        "src/main/resources/application.properties": "# app.mail.port=25\napp.cache-dir=\\${app.data-dir}/cache\n",
        "Dockerfile": "FROM eclipse-temurin:21\nENV APP_MAIL_HOST=mx APP_MAIL_USER=me APP_MAIL_PORT=25 APP_DATA_DIR=/d\n",
    }
    got = {
        (r.name, r.path, r.line, r.has_default) for r in _refs(files) if r.use == "read" and not r.is_support
    }
    java, yml, props = (
        "src/main/java/app/Mail.java",
        "src/main/resources/application.yml",
        "src/main/resources/application.properties",
    )
    assert got == {
        # the file holds a value: the variable overrides it
        ("APP_MAIL_HOST", java, 2, True),
        ("APP_MAIL_HOST", yml, 4, True),
        # an empty value, or one only a profile gives, is no default
        ("APP_MAIL_USER", java, 3, False),
        ("APP_MAIL_USER", yml, 5, False),
        ("APP_MAIL_PORT", java, 4, False),
        # every key of the file binds its variable, like an appsettings.json key
        ("APP_DATA_DIR", yml, 2, True),
        ("APP_DATA_DIR", props, 2, True),
    }


def test_ktor_configuration_keys_bind_no_variables() -> None:
    files = {
        "src/main/resources/application.yaml": "ktor:\n  deployment:\n    port: 8080\napp:\n  name: x\n",
        "Dockerfile": "FROM eclipse-temurin:21\nENV APP_NAME=y\n",
    }
    assert [r for r in marked(files) if r[1].endswith(".yaml")] == []


DROPWIZARD_APP = """\
public class App extends Application<AppConfig> {
  @Override
  public void initialize(Bootstrap<AppConfig> bootstrap) {
    bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
        bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
  }
}
"""

DROPWIZARD_CONFIG = """\
server:
  applicationConnectors:
    - type: http
      port: ${PORT:-8080}
database:
  url: ${DATABASE_URL}
  # password: ${OLD_PASSWORD}
  user: ${db.user}
"""


def test_dropwizard_substitutions_are_read_where_the_application_substitutes() -> None:
    files = {
        "src/main/java/app/App.java": DROPWIZARD_APP,
        "config/app.yml": DROPWIZARD_CONFIG,
        # no server or logging section: not a configuration the application starts with
        "deploy/values.yml": "image: ${IMAGE_TAG}\n",
    }
    assert marked(files) == [
        ("PORT", "config/app.yml", 4, False),
        ("DATABASE_URL", "config/app.yml", 6, False),
    ]
    got = reads_from("yaml-env", files)
    assert ("PORT", "config/app.yml", 4, True, False) in got
    assert ("DATABASE_URL", "config/app.yml", 6, False, False) in got


def test_yaml_substitutions_without_a_substitutor_are_evidence() -> None:
    files = {
        "src/main/java/app/App.java": DROPWIZARD_APP.replace(
            "new EnvironmentVariableSubstitutor(false)", "x"
        ),
        "config/app.yml": DROPWIZARD_CONFIG,
    }
    assert marked(files) == [
        ("PORT", "config/app.yml", 4, True),
        ("DATABASE_URL", "config/app.yml", 6, True),
    ]


def test_micronaut_each_property_binds_a_family() -> None:
    files = {
        "src/main/java/app/Pools.java": """\
        @EachProperty("app.pools")
        public class Pool {
          private String url;
        }
        """,
        "Dockerfile": "FROM eclipse-temurin:21\nENV APP_POOLS_MAIN_URL=jdbc:x\n",
    }
    got = [r for r in marked(files) if r[1].endswith(".java")]
    assert got == [
        ("APP_POOLS_", "src/main/java/app/Pools.java", 1, True),
        # a member a deployment file sets is read
        ("APP_POOLS_MAIN_URL", "src/main/java/app/Pools.java", 1, False),
    ]


def test_use_site_targets_and_constructor_binding_defaults() -> None:
    files = {
        "src/main/kotlin/app/Mailer.kt": """\
        class Mailer(
            @param:Value("\\${mail.port}") private val port: Int,
            @field:Value("\\${MAIL_RELAY}") private val relay: String,
        )

        @ConfigurationProperties("queue")
        data class QueueProps(val url: String, @DefaultValue("5") val workers: Int)
        """,
        "src/main/java/app/ShopProps.java": """\
        @ConfigurationProperties("shop")
        public record ShopProps(String url, @DefaultValue("x") String name, Optional<Duration> timeout) {}
        """,
        "Dockerfile": (
            "FROM eclipse-temurin:21\n"
            "ENV MAIL_PORT=25 QUEUE_URL=q QUEUE_WORKERS=2 SHOP_URL=u SHOP_NAME=n SHOP_TIMEOUT=1s\n"
        ),
    }
    got = {row for row in reads(files) if not row[0].endswith("_") and "_" in row[0]}
    kt, java = "src/main/kotlin/app/Mailer.kt", "src/main/java/app/ShopProps.java"
    assert {
        (n, p, line, d)
        for n, p, line, d, _ in got
        if n
        in {"MAIL_PORT", "MAIL_RELAY", "QUEUE_URL", "QUEUE_WORKERS", "SHOP_URL", "SHOP_NAME", "SHOP_TIMEOUT"}
    } == {
        ("MAIL_PORT", kt, 2, False),
        ("MAIL_RELAY", kt, 3, False),
        ("QUEUE_URL", kt, 7, False),
        ("QUEUE_WORKERS", kt, 7, True),
        ("SHOP_URL", java, 2, False),
        ("SHOP_NAME", java, 2, True),
        ("SHOP_TIMEOUT", java, 2, True),
    }


def test_micronaut_property_and_value() -> None:
    got = reads(
        {
            "src/main/java/app/Job.java": """\
            @Singleton
            public class Job {
              @Property(name = "kestra.queue.type") String queue;
              @Value("${micronaut.server.port:8080}") int port;
              @Value("${KESTRA_URL}") String url;
            }
            """,
        }
    )
    assert got == {
        ("KESTRA_QUEUE_TYPE", "src/main/java/app/Job.java", 3, False, False),
        ("MICRONAUT_SERVER_PORT", "src/main/java/app/Job.java", 4, True, False),
        ("KESTRA_URL", "src/main/java/app/Job.java", 5, False, False),
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


def test_microprofile_config_property_and_micronaut_requires() -> None:
    got = reads(
        {
            "src/main/java/app/Mail.java": """\
            @Requires(property = "mail.enabled", value = "true")
            public class Mail {
              @ConfigProperty(name = "mail.smtp-host", defaultValue = "localhost") String host;
              @ConfigProperty(name = "MAIL_TOKEN") String token;
              @Requires(beans = Foo.class) class Inner {}
            }
            """,
        }
    )
    assert got == {
        ("MAIL_ENABLED", "src/main/java/app/Mail.java", 1, False, False),
        ("MAIL_SMTPHOST", "src/main/java/app/Mail.java", 3, True, False),
        ("MAIL_SMTP_HOST", "src/main/java/app/Mail.java", 3, True, False),
        ("MAIL_TOKEN", "src/main/java/app/Mail.java", 4, False, False),
    }


def test_property_key_tables_are_evidence_until_deployment_sets_them() -> None:
    files = {
        "src/main/java/app/ConfigKey.java": """\
        package app;

        public enum ConfigKey implements Config.Key {
            DATABASE_URL("app.database.url", null),
            @Deprecated
            SMTP_HOST   ("app.smtp.server-host", "localhost"),
            GREETING("Hello there", null);

            private final String name;
            ConfigKey(String name, Object value) { this.name = lookup("not.an.entry"); }
        }
        """,
        "src/main/kotlin/app/MailProperties.kt": """\
        object MailProperties {
            const val FROM = "app.mail.from"
            const val TITLE = "Shop"
        }
        """,
        "src/main/java/app/Plain.java": 'enum Color { RED("red.value"); }\nclass Util { static final String X = "a.b"; }\n',
        "src/main/java/app/Main.java": "class Main { String u = Config.getInstance().getProperty(ConfigKey.DATABASE_URL); }\n",
        "deploy/compose.yaml": "services:\n  app:\n    image: x\n    environment:\n      APP_DATABASE_URL: jdbc:x\n",
    }
    got = [r for r in marked(files) if r[1].startswith("src/")]
    assert got == [
        ("APP_DATABASE_URL", "src/main/java/app/ConfigKey.java", 4, False),
        ("APP_SMTP_SERVERHOST", "src/main/java/app/ConfigKey.java", 6, True),
        ("APP_SMTP_SERVER_HOST", "src/main/java/app/ConfigKey.java", 6, True),
        ("APP_MAIL_FROM", "src/main/kotlin/app/MailProperties.kt", 2, True),
    ]


def test_quarkus_settings_set_by_deployment_are_read() -> None:
    files = {
        "src/main/java/app/Greeting.java": "package app;\nimport io.quarkus.runtime.Startup;\nclass Greeting {}\n",
        "src/main/docker/Dockerfile.jvm": "FROM x\nENV QUARKUS_HTTP_PORT=8080 OTHER=1\n",
    }
    got = [r for r in marked(files) if r[1].startswith("src/main/java")]
    assert got == [("QUARKUS_HTTP_PORT", "src/main/java/app/Greeting.java", 2, False)]


def test_kotlin_sections_typed_by_their_initialiser_and_map_families() -> None:
    files = {
        "src/main/kotlin/app/ShopProperties.kt": """\
        @ConfigurationProperties(prefix = "shop")
        @Validated
        class ShopProperties {
          @Positive
          var pageSize: Int = 3
          var database = Database()
          val mode = Mode.FAST
          var title = "Shop"

          class Database {
            @get:NotBlank
            var file: String = ""
            var pragmas: Map<String, String> = emptyMap()
            var options = mutableMapOf<String, Int>()
          }
        }

        enum class Mode { FAST, SLOW }
        """,
        "deploy/compose.yaml": "services:\n  app:\n    image: x\n    environment:\n      SHOP_DATABASE_PRAGMAS_JOURNAL_MODE: WAL\n",
    }
    got = {(r[0], r[2], r[3]) for r in marked(files) if r[1].startswith("src/")}
    assert got == {
        ("SHOP_PAGESIZE", 5, True),
        ("SHOP_PAGE_SIZE", 5, True),
        ("SHOP_MODE", 7, True),
        ("SHOP_TITLE", 8, True),
        ("SHOP_DATABASE_FILE", 12, True),
        ("SHOP_DATABASE_PRAGMAS_", 13, True),
        ("SHOP_DATABASE_PRAGMAS_JOURNAL_MODE", 13, False),
        ("SHOP_DATABASE_OPTIONS_", 14, True),
    }


def test_quarkus_config_mapping_interfaces() -> None:
    got = reads(
        {
            "src/main/java/app/GreetingConfig.java": """\
            package app;
            @ConfigMapping(prefix = "greeting")
            public interface GreetingConfig {
                String message();
                @WithDefault("!") String suffix();
                Optional<String> name();
                Server server();
                interface Server {
                    String host();
                    @WithDefault("8080") int port();
                }
            }
            """,
        }
    )
    path = "src/main/java/app/GreetingConfig.java"
    assert got == {
        ("GREETING_MESSAGE", path, 4, False, False),
        ("GREETING_SUFFIX", path, 5, True, False),
        ("GREETING_NAME", path, 6, True, False),
        ("GREETING_SERVER_HOST", path, 9, False, False),
        ("GREETING_SERVER_PORT", path, 10, True, False),
    }


def test_typed_key_objects_are_a_property_key_table() -> None:
    files = {
        "src/main/java/app/config/Keys.java": """\
        package app.config;

        public final class Keys {
            public static final ConfigKey<String> DATABASE_URL = new StringConfigKey(
                    "database.url",
                    List.of(KeyType.CONFIG));
            public static final ConfigKey<Boolean> LOGGER_STACK = new BooleanConfigKey("logger.fullStackTraces");
            public static final ConfigKey<String> DEVICE_PASSWORD = new StringConfigKey("devicePassword");
            private static final Logger LOG = new Logger("not.a.key");
        }
        """,
        "src/main/kotlin/app/MailKeys.kt": """\
        object MailKeys {
            val SMTP_HOST: ConfigKey<String> = StringKey("mail.smtp.host")
        }
        """,
        "src/main/java/app/Main.java": "class Main { String u = config.getString(Keys.DATABASE_URL); }\n",
        "deploy/compose.yaml": (
            "services:\n  app:\n    image: x\n    environment:\n"
            "      DATABASE_URL: jdbc:x\n      LOGGER_FULL_STACK_TRACES: 'true'\n      MAIL_SMTP_HOST: mx\n"
        ),
    }
    # (name, line, evidence only): what the compose file sets is read; the other spellings of the
    # camelCase key stay binder evidence; a key without a dot and a logger are no table entries
    got = {(r[0], r[2], r[3]) for r in marked(files) if r[1].startswith("src/main/")}
    assert got == {
        ("DATABASE_URL", 5, False),
        ("LOGGER_FULLSTACKTRACES", 7, True),
        ("LOGGER_FULL_STACK_TRACES", 7, False),
        ("MAIL_SMTP_HOST", 2, False),
    }


def test_environment_maps_indexed_copied_and_optional_defaults() -> None:
    got = reads(
        {
            "src/main/kotlin/app/Settings.kt": """\
            package app

            object Settings {
                val host = System.getenv()["KT_HOST"]
                private val env = System.getenv()
                val region = env["KT_REGION"] ?: "eu"
                val token = env["KT_TOKEN"]
            }
            """,
            "src/main/java/app/Env.java": """\
            package app;

            public class Env {
                private static final Map<String, String> VARS = new HashMap<>(System.getenv());
                String a() { return VARS.get("J_COPIED"); }
                String b() { return Optional.ofNullable(System.getenv("J_OPTIONAL")).orElse("d"); }
                String c() { return Optional.ofNullable(System.getenv("J_REQUIRED")).orElseThrow(); }
            }
            """,
        }
    )
    kt, java = "src/main/kotlin/app/Settings.kt", "src/main/java/app/Env.java"
    assert got == {
        ("KT_HOST", kt, 4, False, False),
        ("KT_REGION", kt, 6, True, False),
        ("KT_TOKEN", kt, 7, False, False),
        ("J_COPIED", java, 5, False, False),
        ("J_OPTIONAL", java, 6, True, False),
        ("J_REQUIRED", java, 7, False, False),
    }


def test_enum_constants_name_the_variables_they_read() -> None:
    got = reads(
        {
            "src/main/java/app/Env.java": """\
            package app;

            public enum Env {
                @Deprecated
                SMTP_HOST,
                SMTP_PORT("25") {
                    @Override String describe() { return "port; number"; }
                },
                SMTP_USER;

                private final String fallback;
                Env() { this(null); }
                Env(String fallback) { this.fallback = fallback; }
                String describe() { return ""; }
                public String get() { return Optional.ofNullable(System.getenv(name())).orElse(fallback); }
            }
            """,
            "src/main/java/app/Setting.java": """\
            package app;

            enum Setting {
                DB("APP_DB_URL", 1),
                CACHE("APP_CACHE_URL", 2);

                private final String key;
                private final int order;
                Setting(String envKey, int order) { this.key = envKey; this.order = order; }
                String value() { return System.getenv(key); }
            }
            """,
            "src/main/kotlin/app/Vars.kt": """\
            package app

            enum class Vars(private val label: String, val variable: String) {
                QUEUE("queue", "KT_QUEUE_NAME"),
                BROKER("broker", "KT_BROKER_URL");

                fun get(): String = System.getenv(variable) ?: label
            }

            enum class Flags { KT_FEATURE_A, KT_FEATURE_B; fun on() = System.getenv(name) == "1" }

            enum class Colors(val hex: String) { RED("#f00"); fun env() = System.getenv("KT_COLOR") }
            """,
        }
    )
    java, setting, kt = (
        "src/main/java/app/Env.java",
        "src/main/java/app/Setting.java",
        "src/main/kotlin/app/Vars.kt",
    )
    assert got == {
        ("SMTP_HOST", java, 5, True, False),
        ("SMTP_PORT", java, 6, True, False),
        ("SMTP_USER", java, 9, True, False),
        ("APP_DB_URL", setting, 4, False, False),
        ("APP_CACHE_URL", setting, 5, False, False),
        ("KT_QUEUE_NAME", kt, 4, True, False),
        ("KT_BROKER_URL", kt, 5, True, False),
        ("KT_FEATURE_A", kt, 10, False, False),
        ("KT_FEATURE_B", kt, 10, False, False),
        # a literal read inside an enum is an ordinary read; its constants are not variables
        ("KT_COLOR", kt, 12, False, False),
    }


def test_spring_environment_asked_for_a_property() -> None:
    files = {
        "src/main/java/app/Clients.java": """\
        package app;

        import org.springframework.core.env.Environment;

        class Clients {
            Clients(Environment env) {
                String a = env.getProperty("CLIENT_SECRET");
                String b = env.getProperty("CLIENT_ID", "web");
                Integer c = env.getProperty("CLIENT_TIMEOUT", Integer.class);
                String d = this.environment.getRequiredProperty("app.mail.host");
                String e = System.getProperty("user.home");
                String f = props.getProperty("NOT_AN_ENV_READ");
            }
        }
        """,
        "src/main/java/app/Plain.java": 'class Plain { String a = env.getProperty("NO_IMPORT"); }\n',
    }
    got = {r for r in reads(files) if r[1] == "src/main/java/app/Clients.java"}
    path = "src/main/java/app/Clients.java"
    assert got == {
        ("CLIENT_SECRET", path, 7, False, False),
        ("CLIENT_ID", path, 8, True, False),
        ("CLIENT_TIMEOUT", path, 9, False, False),
        # a property key: binder evidence
        ("APP_MAIL_HOST", path, 10, False, False),
    }
    assert not {r for r in reads(files) if r[1] == "src/main/java/app/Plain.java"}
    assert ("APP_MAIL_HOST", path, 10, True) in marked(files)


def test_dotenv_java_and_kotlin_reads() -> None:
    files = {
        "src/main/java/app/Cfg.java": """\
        import io.github.cdimascio.dotenv.Dotenv;

        class Cfg {
            static final Dotenv dotenv = Dotenv.configure().ignoreIfMissing().load();
            String a = dotenv.get("DV_TOKEN");
            String b = dotenv.get("DV_PORT", "8080");
            String c = Dotenv.load().get("DV_DIRECT");
        }
        """,
        "src/main/kotlin/app/Env.kt": """\
        import io.github.cdimascio.dotenv.dotenv

        val dotenv = dotenv()
        val region = dotenv["DV_REGION"]
        """,
        # another library's `get`: not a read
        "src/main/java/app/Other.java": 'class Other { String a = dotenv.get("NOT_DOTENV_JAVA"); }\n',
    }
    assert reads(files) == {
        ("DV_TOKEN", "src/main/java/app/Cfg.java", 5, False, False),
        ("DV_PORT", "src/main/java/app/Cfg.java", 6, True, False),
        ("DV_DIRECT", "src/main/java/app/Cfg.java", 7, False, False),
        ("DV_REGION", "src/main/kotlin/app/Env.kt", 4, False, False),
    }


def test_microprofile_config_asked_by_key() -> None:
    files = {
        "src/main/java/app/Feeds.java": """\
        package app;

        import org.eclipse.microprofile.config.ConfigProvider;

        class Feeds {
            String a = ConfigProvider.getConfig().getValue("FEEDS_TOKEN", String.class);
            Optional<Integer> b = config.getOptionalValue("FEEDS_LIMIT", Integer.class);
            String c = ConfigProvider.getConfig().getValue("feeds.base-url", String.class);
            String d = map.getValue("NOT_CONFIG");
        }
        """,
    }
    path = "src/main/java/app/Feeds.java"
    assert reads(files) == {
        ("FEEDS_TOKEN", path, 6, False, False),
        ("FEEDS_LIMIT", path, 7, True, False),
        ("FEEDS_BASEURL", path, 8, False, False),
        ("FEEDS_BASE_URL", path, 8, False, False),
    }
    assert ("FEEDS_BASEURL", path, 8, True) in marked(files)


def test_kotlin_elvis_after_a_conversion_and_one_that_fails() -> None:
    path = "src/main/kotlin/app/Limits.kt"
    got = reads(
        {
            path: """\
            package app

            val port = System.getenv("LIM_PORT")?.toInt() ?: 8080
            val strict = System.getenv("LIM_STRICT")?.toBoolean() ?: false
            val key = System.getenv("LIM_KEY") ?: error("LIM_KEY is required")
            val secret = System.getenv("LIM_SECRET") ?: throw IllegalStateException("no secret")
            """
        }
    )
    assert got == {
        ("LIM_PORT", path, 3, True, False),
        ("LIM_STRICT", path, 4, True, False),
        ("LIM_KEY", path, 5, False, False),
        ("LIM_SECRET", path, 6, False, False),
    }


def test_java_fallbacks_through_optional_chains_and_helpers() -> None:
    path = "src/main/java/app/Limits.java"
    got = reads(
        {
            path: """\
            package app;

            class Limits {
              int port = Optional.ofNullable(System.getenv("OPT_PORT")).map(Integer::parseInt).orElse(8080);
              String url = Optional.ofNullable(System.getenv("OPT_URL"))
                  .or(() -> Optional.ofNullable(System.getenv("OPT_BASE_URL")))
                  .map(u -> u.endsWith("/") ? u : u + "/")
                  .orElse("http://localhost/");
              String host = Objects.requireNonNullElse(System.getenv("OPT_HOST"), "localhost");
              String name = StringUtils.defaultIfBlank(System.getenv("OPT_NAME"), "app");
              boolean debug = System.getenv("OPT_DEBUG") != null;
              boolean quiet = Strings.isNullOrEmpty(System.getenv("OPT_QUIET"));
              String key = Optional.ofNullable(System.getenv("OPT_KEY")).map(String::trim).orElseThrow();
              String region = System.getenv("OPT_REGION").trim();
              void check() { if (System.getenv("OPT_TOKEN") == null) throw new IllegalStateException(); }
            }
            """
        }
    )
    assert got == {
        ("OPT_PORT", path, 4, True, False),
        ("OPT_URL", path, 5, True, False),
        ("OPT_BASE_URL", path, 6, True, False),
        ("OPT_HOST", path, 9, True, False),
        ("OPT_NAME", path, 10, True, False),
        ("OPT_DEBUG", path, 11, True, False),
        ("OPT_QUIET", path, 12, True, False),
        # a chain that fails, a bare use and a null test that throws: required
        ("OPT_KEY", path, 13, False, False),
        ("OPT_REGION", path, 14, False, False),
        ("OPT_TOKEN", path, 15, False, False),
    }


def test_a_read_kept_in_a_local_and_tested_for_presence_has_a_default() -> None:
    java, kt = "src/main/java/app/Boot.java", "src/main/kotlin/app/Boot.kt"
    got = reads(
        {
            java: """\
            class Boot {
              void start() {
                String region = System.getenv("LOC_REGION");
                if (region != null && !region.isEmpty()) { builder.region(region); }
                String file = System.getProperty("app.config");
                if (StringUtils.isBlank(file)) {
                    file = System.getenv("LOC_CONFIG");
                }
                if (StringUtils.isNotBlank(file)) { load(file); }
                String token = System.getenv("LOC_TOKEN");
                client.auth(token);
                String secret = System.getenv("LOC_SECRET");
                if (secret == null) throw new IllegalStateException("LOC_SECRET");
              }
            }
            """,
            kt: """\
            fun boot() {
                val dsn: String? = System.getenv("LOC_DSN")
                if (!dsn.isNullOrBlank()) initSentry(dsn)
                val key = System.getenv("LOC_KEY")
                use(key)
            }
            """,
        }
    )
    assert got == {
        ("LOC_REGION", java, 3, True, False),
        ("LOC_CONFIG", java, 7, True, False),
        # used as it is, or required by a failing test
        ("LOC_TOKEN", java, 10, False, False),
        ("LOC_SECRET", java, 12, False, False),
        ("LOC_DSN", kt, 2, True, False),
        ("LOC_KEY", kt, 4, False, False),
    }


def test_kotlin_safe_calls_empty_fallbacks_and_get_or_else() -> None:
    path = "src/main/kotlin/app/Flags.kt"
    got = reads(
        {
            path: """\
            package app

            fun configure() {
                System.getenv("FL_SENTRY_DSN")?.let { initSentry(it) }
                val prefix = System.getenv("FL_PREFIX").orEmpty()
                val off = System.getenv("FL_OFF").isNullOrBlank()
                val mode = System.getenv().getOrElse("FL_MODE") { "prod" }
                val root = System.getenv("FL_ROOT")!!
            }
            """
        }
    )
    assert got == {
        ("FL_SENTRY_DSN", path, 4, True, False),
        ("FL_PREFIX", path, 5, True, False),
        ("FL_OFF", path, 6, True, False),
        ("FL_MODE", path, 7, True, False),
        ("FL_ROOT", path, 8, False, False),
    }


def test_spel_system_environment_in_value() -> None:
    path = "src/main/java/app/Db.java"
    got = reads(
        {
            path: """\
            class Db {
                @Value("#{systemEnvironment['SPEL_DB_URL']}") String url;
                @Value("#{systemEnvironment['SPEL_POOL'] ?: '10'}") String pool;
            }
            """
        }
    )
    assert got == {("SPEL_DB_URL", path, 2, False, False), ("SPEL_POOL", path, 3, True, False)}


def test_enum_constants_read_from_outside_the_enum() -> None:
    got = reads(
        {
            "src/main/java/app/Keys.java": """\
            package app;

            public enum Keys {
                TOKEN("APP_TOKEN"),
                SECRET("APP_SECRET"),
                UNUSED("APP_UNUSED");

                public final String key;
                Keys(String key) { this.key = key; }
                public String getName() { return key; }
                @Override public String toString() { return key; }
            }
            """,
            "src/main/java/app/Names.java": """\
            package app;

            enum Names { MAIL_HOST, MAIL_PORT }
            """,
            "src/main/java/app/Client.java": """\
            package app;

            class Client {
                String token = System.getenv(Keys.TOKEN.key);
                String secret = System.getenv(Keys.SECRET.getName());
                String again = System.getenv(Keys.TOKEN.toString());
                String host = System.getenv(Names.MAIL_HOST.name());
                String port = System.getenv(Names.MAIL_PORT.toString());
                String other = System.getenv(Other.THING.key);
            }
            """,
            "src/main/kotlin/app/Vars.kt": """\
            package app

            enum class EnvVar(val variable: String) { QUEUE("KT_QUEUE"), BROKER("KT_BROKER") }

            fun queue(): String? = System.getenv(EnvVar.QUEUE.variable)
            fun broker(): String = System.getenv(EnvVar.BROKER.name) ?: "none"
            """,
        }
    )
    client, kt = "src/main/java/app/Client.java", "src/main/kotlin/app/Vars.kt"
    assert got == {
        ("APP_TOKEN", client, 4, False, False),
        ("APP_SECRET", client, 5, False, False),
        ("APP_TOKEN", client, 6, False, False),
        ("MAIL_HOST", client, 7, False, False),
        ("MAIL_PORT", client, 8, False, False),
        ("KT_QUEUE", kt, 5, False, False),
        ("BROKER", kt, 6, True, False),
    }
