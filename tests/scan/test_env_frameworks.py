"""Libraries and frameworks that read the environment for the application: CLI parsers with an env
fallback, configuration services, prefix loaders, nested struct tags."""

from __future__ import annotations

from pathlib import Path

from integrations_drift.scan.env.scanner import scan_env
from integrations_drift.scan.files import FileIndex
from tests.scan.envcase import marked, reads_from

# --- Go ------------------------------------------------------------------------------------------


def test_urfave_cli_v3_sources() -> None:
    got = reads_from(
        "go",
        {
            "cmd/server/flags.go": """\
            package main

            import "github.com/urfave/cli/v3"

            var flags = []cli.Flag{
                &cli.StringFlag{
                    Sources: cli.EnvVars("APP_DOCKER_HOST", "DOCKER_HOST"),
                    Name:    "docker-host",
                },
                &cli.StringFlag{
                    Name: "secret",
                    Sources: cli.NewValueSourceChain(
                        cli.File(os.Getenv("APP_SECRET_FILE")),
                        cli.EnvVar("APP_SECRET"),
                    ),
                    Required: true,
                },
                &cli.BoolFlag{Sources: cli.EnvVars(prefix + "_X", "APP_" + name), Name: "x"},
                // Sources: cli.EnvVars("IN_COMMENT"),
            }
            """,
        },
    )
    assert got == {
        ("APP_DOCKER_HOST", "cmd/server/flags.go", 7, True, False),
        ("DOCKER_HOST", "cmd/server/flags.go", 7, True, False),
        ("APP_SECRET_FILE", "cmd/server/flags.go", 13, False, False),
        ("APP_SECRET", "cmd/server/flags.go", 14, False, False),
    }


def test_urfave_cli_v1_v2_and_kingpin() -> None:
    got = reads_from(
        "go",
        {
            "v2.go": """\
            package main

            import "github.com/urfave/cli/v2"

            var f = &cli.StringFlag{Name: "db", EnvVars: []string{"V2_DB", "DATABASE_URL"}, Required: true}
            var g = &cli.IntFlag{Name: "port", EnvVars: []string{"V2_PORT"}, Value: 80}
            """,
            "v1.go": """\
            package main

            import "gopkg.in/urfave/cli.v1"

            var f = cli.StringFlag{Name: "db", EnvVar: "V1_DB, V1_DATABASE"}
            """,
            "kp.go": """\
            package main

            import "github.com/alecthomas/kingpin/v2"

            var (
                addr  = kingpin.Flag("addr", "listen address").Envar("KP_ADDR").Default(":80").String()
                token = kingpin.Flag("token", "api token").
                    Envar("KP_TOKEN").
                    Required().
                    String()
            )
            """,
            "other.go": """\
            package main

            // Not urfave/cli: a struct of the program's own with an EnvVars field.
            var x = Spec{EnvVars: []string{"NOT_A_FLAG"}}
            """,
        },
    )
    assert got == {
        ("V2_DB", "v2.go", 5, False, False),
        ("DATABASE_URL", "v2.go", 5, False, False),
        ("V2_PORT", "v2.go", 6, True, False),
        ("V1_DB", "v1.go", 5, True, False),
        ("V1_DATABASE", "v1.go", 5, True, False),
        ("KP_ADDR", "kp.go", 6, True, False),
        ("KP_TOKEN", "kp.go", 8, False, False),
    }


def test_ff_env_prefix() -> None:
    got = reads_from(
        "go",
        {
            "main.go": """\
            package main

            func main() {
                ff.Parse(fs, os.Args[1:], ff.WithEnvVarPrefix("myapp"))
            }
            """
        },
    )
    assert got == {("MYAPP_", "main.go", 4, True, True)}


def test_ff_reads_every_flag_of_the_set_it_parses() -> None:
    got = reads_from(
        "go",
        {
            "cmd/relay/main.go": """\
            package main

            func main() {
                fs := flag.NewFlagSet("relay", flag.ExitOnError)
                var (
                    addr  = fs.String("listen-addr", ":7000", "where to listen")
                    trace = fs.Bool("trace", false, "trace requests")
                    dsn   string
                )
                fs.StringVar(&dsn, "store.dsn", "", "store")
                legacy := flag.Int("legacy-port", 1, "a flag of the set ff does not parse")
                ff.Parse(fs, os.Args[1:], ff.WithEnvVarPrefix("relay"))
            }
            """,
            "cmd/probe/main.go": """\
            package main

            var timeout = flag.Duration("timeout", time.Second, "probe timeout")
            var unused = other.String("not-a-flag", "", "")

            func main() {
                ff.Parse(flag.CommandLine, os.Args[1:], ff.WithEnvVars())
            }
            """,
        },
    )
    assert got == {
        ("RELAY_LISTEN_ADDR", "cmd/relay/main.go", 6, True, False),
        ("RELAY_TRACE", "cmd/relay/main.go", 7, True, False),
        ("RELAY_STORE_DSN", "cmd/relay/main.go", 10, True, False),
        ("TIMEOUT", "cmd/probe/main.go", 3, True, False),
    }


def test_go_flags_namespaces_and_env_prefixes() -> None:
    files = {
        "cmd/opts.go": """\
        package cmd

        type Opts struct {
            Port  int        `long:"port" env:"PORT" default:"8080"`
            Store StoreGroup `group:"store" namespace:"store" env-namespace:"STORE"`
            Cache struct {
                Type string `long:"type" env:"TYPE"`
                Redis struct {
                    URL string `long:"url" env:"URL"`
                } `group:"redis" env-namespace:"REDIS"`
            } `group:"cache" env-namespace:"CACHE"`
        }

        type StoreGroup struct {
            Type string `long:"type" env:"TYPE" default:"bolt"`
        }
        """,
        "internal/config.go": """\
        package config

        type Config struct {
            DB     Database `envPrefix:"DB_"`
            Replica Database `envPrefix:"REPLICA_"`
            Debug  bool     `env:"DEBUG"`
        }

        type Database struct {
            Host string `env:"HOST,required"`
            Port int    `env:"PORT" envDefault:"5432"`
        }

        type CLI struct {
            Token string `env:"KONG_TOKEN,TOKEN" help:"api token"`
        }
        """,
    }
    got = reads_from("go", files)
    assert got == {
        ("PORT", "cmd/opts.go", 4, True, False),
        ("STORE_TYPE", "cmd/opts.go", 15, True, False),
        ("CACHE_TYPE", "cmd/opts.go", 7, True, False),  # a flag without `required:` stands in
        ("CACHE_REDIS_URL", "cmd/opts.go", 9, True, False),
        ("DB_HOST", "internal/config.go", 10, False, False),
        ("REPLICA_HOST", "internal/config.go", 10, False, False),
        ("DB_PORT", "internal/config.go", 11, True, False),
        ("REPLICA_PORT", "internal/config.go", 11, True, False),
        ("DEBUG", "internal/config.go", 6, False, False),
        ("KONG_TOKEN", "internal/config.go", 15, True, False),  # a kong flag (`help:`)
        ("TOKEN", "internal/config.go", 15, True, False),
    }


def test_go_flags_options_are_optional_unless_required_and_cleanenv_prefixes() -> None:
    files = {
        "cmd/flags.go": """\
        package main

        type Options struct {
            Verbose bool     `short:"v" long:"verbose" env:"VERBOSE"`
            Token   string   `long:"token" env:"TOKEN" required:"true"`
            Peers   []string `long:"peer" env:"PEERS" env-delim:","`
            Sync    SyncCmd  `command:"sync"`
            Mail    struct {
                Host string `long:"host" env:"HOST" required:"yes"`
                From string `long:"from" env:"FROM"`
            } `group:"mail" namespace:"mail" env-namespace:"MAIL"`
        }

        type SyncCmd struct {
            Target string `positional-arg-name:"target" env:"SYNC_TARGET"`
        }
        """,
        "cmd/kong.go": """\
        package main

        var cli struct {
            Level string `help:"log level" env:"LOG_LEVEL"`
            Path  string `arg:"" help:"work path" env:"WORK_PATH"`
            Key   string `help:"api key" env:"API_KEY" required:""`
        }
        """,
        "internal/settings/settings.go": """\
        package settings

        type Settings struct {
            Port  string `yaml:"port" env:"HTTP_PORT" env-default:"8080"`
            Key   string `yaml:"key" env:"SIGNING_KEY" env-required:"true"`
            Queue Queue  `yaml:"queue" env-prefix:"QUEUE_"`
        }
        """,
        "internal/settings/queue.go": """\
        package settings

        type Queue struct {
            URL     string `yaml:"url" env:"URL"`
            Workers int    `yaml:"workers" env:"WORKERS" env-default:"2"`
        }
        """,
    }
    assert reads_from("go", files) == {
        ("VERBOSE", "cmd/flags.go", 4, True, False),
        ("TOKEN", "cmd/flags.go", 5, False, False),
        ("PEERS", "cmd/flags.go", 6, True, False),
        ("MAIL_HOST", "cmd/flags.go", 9, False, False),
        ("MAIL_FROM", "cmd/flags.go", 10, True, False),
        ("SYNC_TARGET", "cmd/flags.go", 15, False, False),  # no flag: nothing stands in
        ("LOG_LEVEL", "cmd/kong.go", 4, True, False),
        ("WORK_PATH", "cmd/kong.go", 5, False, False),  # a positional argument
        ("API_KEY", "cmd/kong.go", 6, False, False),
        ("HTTP_PORT", "internal/settings/settings.go", 4, True, False),
        ("SIGNING_KEY", "internal/settings/settings.go", 5, False, False),
        ("QUEUE_URL", "internal/settings/queue.go", 4, False, False),
        ("QUEUE_WORKERS", "internal/settings/queue.go", 5, True, False),
    }


def test_viper_whole_config_reads_defaults_and_bound_flags() -> None:
    got = reads_from(
        "go",
        {
            "conf/conf.go": """\
            package conf

            func Load() {
                viper.SetDefault("scanner.followsymlinks", true)
                viper.SetDefault("loglevel", "info")
                viper.SetEnvPrefix("ND")
                replacer := strings.NewReplacer(".", "_")
                viper.SetEnvKeyReplacer(replacer)
                viper.AutomaticEnv()
                viper.Unmarshal(&Server)
                viper.SetDefault("http-headers.x", "")
            }
            """,
            "cmd/root.go": """\
            package cmd

            func init() {
                rootCmd.PersistentFlags().String("datafolder", "./data", "data folder")
                rootCmd.Flags().IntP("port", "p", 4533, "port")
                rootCmd.Flags().StringVar(&addr, "address", "0.0.0.0", "address")
                viper.BindPFlag("musicfolder", rootCmd.Flags().Lookup("musicfolder"))
                viper.BindPFlags(rootCmd.Flags())
            }
            """,
        },
    )
    assert got == {
        ("ND_SCANNER_FOLLOWSYMLINKS", "conf/conf.go", 4, True, False),
        ("ND_LOGLEVEL", "conf/conf.go", 5, True, False),
        ("ND_DATAFOLDER", "cmd/root.go", 4, True, False),
        ("ND_PORT", "cmd/root.go", 5, True, False),
        ("ND_ADDRESS", "cmd/root.go", 6, True, False),
        ("ND_MUSICFOLDER", "cmd/root.go", 7, True, False),
    }


def test_viper_key_type_constants_are_keys() -> None:
    got = reads_from(
        "go",
        {
            "internal/settings/keys.go": """\
            package settings

            type Setting string

            const (
                HTTPAddr   Setting = "http.addr"
                MailSecret Setting = `mail.secret`
            )

            type Color string

            const Red Color = "palette.red"  // a type that is no key

            func (s Setting) String() string { return viper.GetString(string(s)) }

            func (s Setting) def(v any) { viper.SetDefault(string(s), v) }

            func (c Color) Hex() string { return string(c) }

            func Init() {
                HTTPAddr.def(":80")
                viper.SetEnvPrefix("notes")
                viper.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
                viper.AutomaticEnv()
            }
            """,
        },
    )
    assert got == {
        ("NOTES_HTTP_ADDR", "internal/settings/keys.go", 6, True, False),
        ("NOTES_MAIL_SECRET", "internal/settings/keys.go", 7, False, False),
    }


def test_koanf_keys_read_through_the_env_provider() -> None:
    files = {
        "internal/conf/load.go": """\
        package conf

        var k = koanf.New(".")

        func Load() {
            k.Load(env.Provider("SHOP_", ".", func(s string) string {
                return strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(s, "SHOP_")), "_", ".")
            }), nil)
        }
        """,
        "internal/conf/use.go": """\
        package conf

        func Serve(k *koanf.Koanf, other *Other) {
            addr := k.String("http.addr")
            workers := k.MustInt("workers")
            name := k.String("site_name")  // `_` becomes `.`: no variable makes this key
            x := other.String("not.a.key")
        }
        """,
    }
    assert reads_from("go", files) == {
        ("SHOP_HTTP_ADDR", "internal/conf/use.go", 4, False, False),
        ("SHOP_WORKERS", "internal/conf/use.go", 5, False, False),
    }


def test_koanf_keys_over_a_config_file_are_evidence_until_deployment_sets_them() -> None:
    files = {
        "cmd/app/main.go": """\
        package main

        func main() {
            ko := koanf.New(".")
            ko.Load(file.Provider("config.toml"), toml.Parser())
            ko.Load(env.Provider(".", env.Opt{Prefix: "APP_", TransformFunc: envKey}), nil)
            db := ko.String("db.ssl_mode")
            dir := ko.String("static-dir")
            port := ko.Int("http.port")
        }

        func envKey(k, v string) (string, interface{}) {
            k = strings.ToLower(strings.TrimPrefix(k, "APP_"))
            k = strings.Replace(k, "__", ".", -1)
            return strings.Replace(k, "_", "-", -1), v
        }
        """,
        "compose.yaml": "services:\n  app:\n    environment:\n      APP_db__ssl_mode: disable\n",
    }
    got = [r for r in marked(files) if r[1].startswith("cmd/")]
    assert got == [
        ("APP_", "cmd/app/main.go", 6, False),  # the family stays: any key may be set so
        ("APP_db__ssl_mode", "cmd/app/main.go", 7, False),  # set by deployment, in its spelling
        ("APP_STATIC_DIR", "cmd/app/main.go", 8, True),
        ("APP_HTTP__PORT", "cmd/app/main.go", 9, True),
    ]


# --- Python --------------------------------------------------------------------------------------


def test_click_typer_and_configargparse() -> None:
    got = reads_from(
        "python",
        {
            "app/cli.py": """\
            import click
            import typer


            @click.command(context_settings={"auto_envvar_prefix": "myapp"})
            @click.option("--db", envvar="CLICK_DB", required=True)
            @click.option(
                "--token",
                envvar=["CLICK_TOKEN", "LEGACY_TOKEN"],
                default=None,
            )
            def main(db, token):
                pass


            def serve(port: int = typer.Option(8000, envvar="TYPER_PORT"), key: str = typer.Option(..., envvar="TYPER_KEY")):
                pass


            if __name__ == "__main__":
                main(auto_envvar_prefix="OTHER")
            """,
            "app/conf.py": """\
            import configargparse

            p = configargparse.ArgParser(auto_env_var_prefix="CAP_")
            p.add_argument("--db", env_var="CAP_DB")
            """,
            "app/unrelated.py": """\
            def run(envvar="NOT_A_CLI"):
                pass
            """,
        },
    )
    assert got == {
        ("MYAPP_", "app/cli.py", 5, True, True),
        ("CLICK_DB", "app/cli.py", 6, False, False),
        ("CLICK_TOKEN", "app/cli.py", 9, True, False),
        ("LEGACY_TOKEN", "app/cli.py", 9, True, False),
        ("TYPER_PORT", "app/cli.py", 16, True, False),
        ("TYPER_KEY", "app/cli.py", 16, False, False),
        ("OTHER_", "app/cli.py", 21, True, True),
        ("CAP_", "app/conf.py", 3, True, True),
        ("CAP_DB", "app/conf.py", 4, True, False),
    }


# --- JavaScript / TypeScript ----------------------------------------------------------------------


def test_commander_oclif_convict_yargs() -> None:
    got = reads_from(
        "js",
        {
            "src/cli.ts": """\
            import { Command, Option } from "commander";

            const program = new Command();
            program.addOption(new Option("-p, --port <n>", "port").env("CMD_PORT"));
            program.addOption(
              new Option("--token <t>")
                .env("CMD_TOKEN")
                .makeOptionMandatory(),
            );
            child.env("NOT_ONE_ARG", "x");
            """,
            "src/commands/deploy.ts": """\
            import { Command, Flags } from "@oclif/core";

            export default class Deploy extends Command {
              static flags = {
                token: Flags.string({ env: "OCLIF_TOKEN", required: true }),
                region: Flags.string({ env: "OCLIF_REGION", default: "eu" }),
              };
            }
            """,
            "src/config.js": """\
            const convict = require("convict");
            const config = convict({
              port: { format: "port", default: 8080, env: "CONVICT_PORT" },
            });
            """,
            "src/args.js": """\
            const yargs = require("yargs");
            const argv = yargs(process.argv.slice(2)).env("MY_TOOL").argv;
            """,
            "webpack.config.js": """\
            module.exports = { env: "production" };
            """,
        },
    )
    assert got == {
        ("CMD_PORT", "src/cli.ts", 4, True, False),
        ("CMD_TOKEN", "src/cli.ts", 7, False, False),
        ("OCLIF_TOKEN", "src/commands/deploy.ts", 5, False, False),
        ("OCLIF_REGION", "src/commands/deploy.ts", 6, True, False),
        ("CONVICT_PORT", "src/config.js", 3, True, False),
        ("MY_TOOL_", "src/args.js", 2, True, True),
    }


def test_nestjs_config_service() -> None:
    got = reads_from(
        "js",
        {
            "src/app.service.ts": """\
            import { Injectable } from "@nestjs/common";
            import { ConfigService } from "@nestjs/config";

            @Injectable()
            export class AppService {
              constructor(private readonly configService: ConfigService) {}

              url() {
                const a = this.configService.get<string>("DATABASE_URL");
                const b = this.configService.get("PORT", 3000);
                const c = this.configService.getOrThrow<string>("JWT_SECRET");
                const d = this.configService.get("database.host");
                const e = this.configService.get("REDIS_URL", { infer: true });
                const f = this.other.get("NOT_CONFIG");
                return a;
              }
            }
            """,
            "src/main.ts": """\
            async function bootstrap() {
              const app = await NestFactory.create(AppModule);
              const config = app.get(ConfigService);
              await app.listen(config.get<number>("APP_PORT") ?? 3000);
            }
            """,
        },
    )
    assert got == {
        ("DATABASE_URL", "src/app.service.ts", 9, False, False),
        ("PORT", "src/app.service.ts", 10, True, False),
        ("JWT_SECRET", "src/app.service.ts", 11, False, False),
        ("REDIS_URL", "src/app.service.ts", 13, False, False),
        ("APP_PORT", "src/main.ts", 4, False, False),
    }


# --- Rust ------------------------------------------------------------------------------------------


def test_clap_derive_and_builder() -> None:
    got = reads_from(
        "rust",
        {
            "src/cli.rs": """\
            use clap::{Arg, Parser};

            #[derive(Parser)]
            #[command(version)]
            struct Args {
                /// Listen port
                #[arg(long, env = "APP_PORT", default_value_t = 8080)]
                port: u16,
                #[arg(long, env)]
                database_url: String,
                #[clap(long)]
                #[clap(env = "APP_TOKEN")]
                pub token: Option<String>,
                #[arg(long, id = "cfg", env)]
                config: String,
                #[arg(long)]
                verbose: bool,
            }

            fn build() -> clap::Command {
                clap::Command::new("x").arg(Arg::new("key").long("key").env("BUILDER_KEY").required(true))
                    .arg(Arg::new("mode").env("BUILDER_MODE"))
            }

            fn child() {
                std::process::Command::new("sh").env("CHILD_SET", "1");
            }
            """,
            "src/other.rs": """\
            use clap::Parser;

            #[derive(Parser)]
            #[command(rename_all_env = "kebab-case")]
            struct Other {
                #[arg(env)]
                kebab_name: String,
            }
            """,
        },
    )
    assert got == {
        ("APP_PORT", "src/cli.rs", 7, True, False),
        ("DATABASE_URL", "src/cli.rs", 10, False, False),
        ("APP_TOKEN", "src/cli.rs", 12, True, False),
        ("BUILDER_KEY", "src/cli.rs", 21, False, False),
        ("BUILDER_MODE", "src/cli.rs", 22, True, False),
    }


def test_clap_env_named_by_a_constant() -> None:
    got = reads_from(
        "rust",
        {
            "src/names.rs": """\
            pub const STORE_DIR: &str = "APP_STORE_DIR";
            """,
            "src/opt.rs": """\
            use clap::Parser;
            use crate::names;

            const LISTEN: &str = "APP_LISTEN";

            #[derive(Parser)]
            struct Opt {
                #[clap(long, env = LISTEN, default_value = "127.0.0.1:7700")]
                listen: String,
                #[clap(long, env = names::STORE_DIR)]
                store_dir: PathBuf,
                #[clap(long, env = UNKNOWN_NAME)]
                other: Option<String>,
            }
            """,
        },
    )
    assert got == {
        ("APP_LISTEN", "src/opt.rs", 8, True, False),
        ("APP_STORE_DIR", "src/opt.rs", 10, False, False),
    }


def test_rust_prefix_loaders() -> None:
    got = reads_from(
        "rust",
        {
            "src/settings.rs": """\
            fn load() -> Settings {
                let c = config::Config::builder()
                    .add_source(config::Environment::with_prefix("atlas").separator("__"))
                    .build();
                let e = envy::prefixed("SVC_").from_env::<Env>();
            }
            """,
        },
    )
    assert got == {
        ("ATLAS_", "src/settings.rs", 3, True, True),
        ("SVC_", "src/settings.rs", 5, True, True),
    }


# --- .NET ------------------------------------------------------------------------------------------

_KEYS = """\
namespace App.Extensions;

public static class ConfigurationExtensions
{
    public const string FfmpegProbeSizeKey = "FFmpeg:probesize";
    public const string HostWebClientKey = "hostwebclient";
    public const string SocketPathKey = "kestrel:socketPath";

    public static string? GetProbeSize(this IConfiguration configuration)
        => configuration[FfmpegProbeSizeKey];

    public static bool HostWebClient(this IConfiguration configuration)
        => configuration.GetValue<bool>(HostWebClientKey, true);

    public static string? SocketPath(this IConfiguration configuration)
        => configuration[ConfigurationExtensions.SocketPathKey];
}
"""


def test_dotnet_configuration_keys_with_a_prefix() -> None:
    files = {
        "src/Program.cs": """\
        var config = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json")
            .AddEnvironmentVariables("MYAPP_")
            .Build();
        """,
        "src/Extensions/ConfigurationExtensions.cs": _KEYS,
        "src/Startup.cs": """\
        public class Startup
        {
            private readonly IConfiguration _config;

            public void Configure(WebApplicationBuilder builder)
            {
                var smtp = _config.GetSection("Smtp");
                var host = smtp["Host"];
                var port = _config.GetSection("Smtp").GetValue<int>("Port", 25);
                var cs = builder.Configuration.GetConnectionString("Default");
                var url = _config.GetSection("Api:Public").Value ?? "http://localhost";
                services.Configure<JwtOptions>(_config.GetSection("Jwt"));
                var name = _config["Name:" + suffix];
            }
        }
        """,
    }
    got = reads_from("csharp", files)
    ext = "src/Extensions/ConfigurationExtensions.cs"
    assert got == {
        ("MYAPP_FFmpeg__probesize", ext, 10, False, False),
        ("MYAPP_hostwebclient", ext, 13, True, False),
        ("MYAPP_kestrel__socketPath", ext, 16, False, False),
        ("MYAPP_Smtp__Host", "src/Startup.cs", 8, False, False),
        ("MYAPP_Smtp__Port", "src/Startup.cs", 9, True, False),
        ("MYAPP_ConnectionStrings__Default", "src/Startup.cs", 10, False, False),
        ("MYAPP_Api__Public", "src/Startup.cs", 11, True, False),
        # the unprefixed spellings are binder evidence
        ("FFmpeg__probesize", ext, 10, False, False),
        ("hostwebclient", ext, 13, True, False),
        ("kestrel__socketPath", ext, 16, False, False),
        ("Smtp__Host", "src/Startup.cs", 8, False, False),
        ("Smtp__Port", "src/Startup.cs", 9, True, False),
        ("ConnectionStrings__Default", "src/Startup.cs", 10, False, False),
        ("Api__Public", "src/Startup.cs", 11, True, False),
        # the prefix is spelled out now: no MYAPP_* row
    }
    support = {(n, s) for n, _, _, s in marked(files)}
    assert ("MYAPP_Smtp__Host", False) in support
    assert ("Smtp__Host", True) in support


def test_dotnet_unprefixed_keys_are_evidence_until_deployment_sets_them() -> None:
    files = {
        "src/Program.cs": """\
        var builder = WebApplication.CreateBuilder(args);
        var key = builder.Configuration["Stripe:ApiKey"];
        var region = builder.Configuration["Aws:Region"];
        """,
        "docker-compose.yml": "services:\n  web:\n    image: app\n    environment:\n      Stripe__ApiKey: sk\n",
    }
    got = [r for r in marked(files) if r[1] == "src/Program.cs"]
    assert got == [("Stripe__ApiKey", "src/Program.cs", 2, False), ("Aws__Region", "src/Program.cs", 3, True)]


def test_dotnet_prefix_without_keys_stays_a_prefix() -> None:
    got = reads_from("csharp", {"src/Program.cs": 'builder.Configuration.AddEnvironmentVariables("SVC_");\n'})
    assert got == {("SVC_", "src/Program.cs", 1, True, True)}


# --- frameworks that read their own settings --------------------------------------------------------


def test_framework_settings_set_by_deployment_are_read_where_the_framework_starts() -> None:
    files = {
        "src/main/java/app/Application.java": """\
        package app;

        @SpringBootApplication
        public class Application {
            public static void main(String[] args) { SpringApplication.run(Application.class, args); }
        }
        """,
        "src/test/java/app/AppTest.java": "@SpringBootApplication class T {}\n",
        "Dockerfile": "FROM eclipse-temurin:21\nENV SPRING_CONFIG_LOCATION=/conf/ JAVA_HOME=/opt/java\n",
        ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: x\n    env:\n      SPRING_PROFILES_ACTIVE: test\n    steps: []\n",
        "src/Web/Program.cs": "var builder = WebApplication.CreateBuilder(args);\n",
        "deploy/compose.yaml": "services:\n  web:\n    image: web\n    environment:\n      ASPNETCORE_URLS: http://+:80\n",
        "config/application.rb": """\
        module Shop
          class Application < Rails::Application
          end
        end
        """,
        ".env.example": "RAILS_MASTER_KEY=\nSECRET_KEY_BASE=\nOTHER=\n",
        "src/main.rs": 'fn main() {\n    let r = rocket::custom(figment).mount("/", routes![]);\n}\n',
        "docker/Dockerfile.debian": "FROM debian\nENV ROCKET_ADDRESS=0.0.0.0 ROCKET_PORT=80\n",
    }
    got = {r for r in marked(files) if not r[1].startswith((".", "Dockerfile", "deploy/", "docker/"))}
    assert got == {
        ("SPRING_CONFIG_LOCATION", "src/main/java/app/Application.java", 3, False),
        ("ASPNETCORE_URLS", "src/Web/Program.cs", 1, False),
        ("RAILS_MASTER_KEY", "config/application.rb", 2, False),
        ("SECRET_KEY_BASE", "config/application.rb", 2, False),
        ("ROCKET_ADDRESS", "src/main.rs", 2, False),
        ("ROCKET_PORT", "src/main.rs", 2, False),
    }


def test_dotnet_options_classes_bind_their_properties_as_evidence() -> None:
    files = {
        "src/Core/Settings/GlobalSettings.cs": """\
        namespace Core.Settings;

        public class GlobalSettings : IGlobalSettings
        {
            public virtual string SiteName { get; set; }
            public virtual MailSettings Mail { get; set; } = new MailSettings();
            public string[] Hosts { get; set; }
            public LogLevel Level { get; set; }
            private string Hidden { get; set; }

            public class MailSettings
            {
                public string ReplyToEmail { get; set; }
                public SmtpSettings Smtp { get; set; } = new SmtpSettings();
                public void Validate() { var x = new { A = 1 }; }
            }

            public class SmtpSettings
            {
                public string Host { get; set; }
                public int Port { get; set; } = 25;
            }
        }
        """,
        "src/Core/Settings/LogLevel.cs": "public enum LogLevel { Info, Debug }\n",
        "src/Api/Startup.cs": """\
        public class Startup
        {
            public IConfiguration Configuration { get; }

            public void ConfigureServices(IServiceCollection services)
            {
                var globalSettings = new GlobalSettings();
                ConfigurationBinder.Bind(Configuration.GetSection("GlobalSettings"), globalSettings);
                services.Configure<JwtOptions>(Configuration.GetSection("Jwt"));
                var cache = Configuration.GetSection("Cache").Get<CacheOptions>();
                services.AddOptions<QueueOptions>().BindConfiguration("Queue");
            }
        }

        public class JwtOptions { public string Issuer { get; set; } }
        public record CacheOptions { public TimeSpan? Ttl { get; init; } }
        public class QueueOptions { public Uri Endpoint { get; set; } }
        """,
        "env/global.override.env": "globalSettings__mail__smtp__host=smtp.example.com\n",
        "docker/docker-compose.yml": "services:\n  api:\n    image: api\n    environment:\n      Jwt__Issuer: https://id\n",
    }
    got = {r for r in marked(files) if r[1] == "src/Api/Startup.cs"}
    startup = "src/Api/Startup.cs"
    assert got == {
        ("GlobalSettings__SiteName", startup, 8, True),
        ("GlobalSettings__Hosts__", startup, 8, True),
        ("GlobalSettings__Level", startup, 8, True),
        ("GlobalSettings__Mail__ReplyToEmail", startup, 8, True),
        # set by a deployment env file (keys match without regard to case): its spelling, a read
        ("globalSettings__mail__smtp__host", startup, 8, False),
        ("GlobalSettings__Mail__Smtp__Port", startup, 8, True),
        ("Jwt__Issuer", startup, 9, False),
        ("Cache__Ttl", startup, 10, True),
        ("Queue__Endpoint", startup, 11, True),
    }


# --- robustness --------------------------------------------------------------------------------------

_REPEAT = 3000
_ADVERSARIAL = {
    # unclosed calls and attributes, flags by the thousand, structs nested without end
    "cmd/flags.go": 'import "github.com/urfave/cli/v3"\nimport "kingpin"\n'
    + '&cli.StringFlag{Sources: cli.EnvVars("A_X"), Required: true,\n' * _REPEAT
    + 'x := kingpin.Flag("a").\n.Envar("KP").\n' * _REPEAT
    + "cli.EnvVars(" * _REPEAT,
    "cfg/nested.go": "package cfg\ntype S struct {\n"
    + "F struct {\n" * 500
    + 'X string `env:"X" envPrefix:"P_"`\n' * _REPEAT,
    "app/cli.py": "import click\n" + "@click.option('--a', envvar='A_B', required=True)\n" * _REPEAT,
    "src/cli.ts": "import { Command } from 'commander'\nimport { ConfigService } from 'x'\nconstructor(private c: ConfigService)\n"
    + "new Option('x').env('Y_Z').\n" * _REPEAT
    + "this.c.get('A_B', " * _REPEAT,
    "src/cli.rs": "use clap::Parser;\n"
    + '#[arg(long, env = "Q_R")]\n' * _REPEAT
    + "#[arg(env)]\n x: String,\n" * _REPEAT
    + '\nArg::new("a").env("B_C")' * _REPEAT
    + "#[arg(" * _REPEAT,
    "src/Startup.cs": 'IConfiguration config;\nbuilder.AddEnvironmentVariables("P_");\n'
    + 'config.GetSection("A").GetSection("B")[K];\n' * _REPEAT
    + 'services.Configure<T>(config.GetSection("X"));\n' * _REPEAT
    + "config.GetSection(" * _REPEAT,
    # generic wrappers, configurations built in place, section locals and joined constants by the thousand
    "src/Wrappers.cs": "IConfiguration c;\nc.GetSection(s).Get<T>();\n"
    + "static T Make<T>( " * _REPEAT
    + "var b = new ConfigurationBuilder(" * _REPEAT
    + 'var s = a.b.Configuration.GetSection("A");\nvar t = s.GetSection("B");\nt["C"];\n' * _REPEAT
    + "x.Make<Foo>(1, " * _REPEAT
    + 'const string K = K + "a" + ' * _REPEAT,
    "src/A.java": '@ConfigurationProperties(prefix="a") class A {\n' + "private B b;\n" * _REPEAT + "}\n",
    # enums nested without end, settings JSON nested without end, HOCON and Ktor YAML by the thousand
    "src/main/kotlin/E.kt": "enum class E(val k: String) {" * _REPEAT
    + "getenv(k)"
    + "enum E { A; " * _REPEAT,
    "src/Api/appsettings.json": '{"a":' * _REPEAT * 5 + '{"k": [' * _REPEAT + "/*" * _REPEAT,
    "src/main/resources/application.conf": "x = ${?HC_X}\n" * _REPEAT + "${" * _REPEAT,
    "src/main/resources/application.yaml": "ktor:\n" + '  port: "$KT_PORT:8080"\n' * _REPEAT + "$" * _REPEAT,
    "cmd/root.go": "package cmd\n"
    + 'rootCmd.Flags().String("port", "8080", "")\n' * _REPEAT
    + "cmd.Flags().IntP(" * _REPEAT,
    # macro tables: derived names by the thousand, nested invocations, unclosed definitions
    "src/macros.rs": "fn get_env(k: &str) -> Option<String> { std::env::var(k).ok() }\n"
    + "macro_rules! t { ($($n:ident : $t:ident,)*) => { $( get_env(stringify!($n)); )* }; }\n"
    + "t! { a_x: String, " * _REPEAT
    + "macro_rules! u { () => { get_env(stringify!($n)) " * _REPEAT,
    # viper key types: accessor methods never closed, typed constants by the thousand
    "internal/keys.go": 'package keys\nimport "viper"\n'
    + 'K%d Key = "a.b"\n' * _REPEAT
    + "func (k Key) Get() any { viper.Get(string(k))\n" * _REPEAT,
    # ff: parses and flags by the thousand, a flag definition never closed
    "cmd/ff/main.go": "package main\n"
    + 'ff.Parse(fs, args, ff.WithEnvVarPrefix("P"))\n' * _REPEAT
    + 'fs := flag.NewFlagSet("x", 0)\nfs.String("a-b", "", "")\n' * _REPEAT
    + "fs.String(" * _REPEAT,
    # koanf: providers naming a callback that is not there, keys and unclosed calls by the thousand
    "internal/k.go": 'ko := koanf.New(".")\n'
    + 'ko.Load(env.Provider("P_", ".", cb), nil)\n' * _REPEAT
    + 'ko.String("a.b")\n' * _REPEAT
    + "env.Provider(" * _REPEAT,
    # serde loaders: loaders, targets and fields by the thousand
    "src/serde.rs": "#[derive(Deserialize)]\nstruct C {\n"
    + "    a_f: Option<String>,\n    c: C,\n" * 200
    + "}\n"
    + 'Figment::new().merge(Env::prefixed("P_").split("__")).extract::<C>();\n' * _REPEAT
    + "let x: C = Env::raw(" * _REPEAT,
}


def test_adversarial_files_are_scanned_in_linear_time() -> None:
    import time

    from integrations_drift.scan.env.scanner import scan_env
    from integrations_drift.scan.types import SourceFile

    start = time.process_time()
    scan = scan_env(SourceFile(p, t.encode()) for p, t in _ADVERSARIAL.items())
    # Each file is a few hundred kilobytes: a detector that rescans the file per match takes minutes.
    assert time.process_time() - start < 30
    assert scan.warnings == []
    assert any(r.name == "A_X" for r in scan.refs)
    assert any(r.name == "a_x" for r in scan.refs)  # a macro table's row, as written
    assert any(r.name == "P_A_F" for r in scan.refs)  # a serde loader's field


_CONFIG_MACRO = """\
macro_rules! make_config {
    ( @getenv $name:expr, bool ) => { get_env_bool($name) };
    ( @getenv $name:expr, $ty:ident ) => { get_env($name) };
    ($(
        $group:ident $(: $group_enabled:ident)? {
        $(
            $(#[doc = $doc:literal])+
            $name:ident : $ty:ident, $editable:literal, $none_action:ident $(, $default:expr)?;
        )+},
    )+) => {
        const FIELDS: &[&str] = &[$($(stringify!($name),)+)+];
        fn load() -> Builder {
            let mut b = Builder::default();
            $($(
                b.$name = make_config! { @getenv paste::paste!(stringify!([<$name:upper>])), $ty };
            )+)+
            b
        }
        fn overridden(o: &mut Vec<&str>) { $($( o.push(paste::paste!(stringify!([<$name:upper>]))); )+)+ }
    };
}

make_config! {
    settings {
        /// Where data lives
        data_folder: String, false, def, "data".to_owned();
        signups_allowed: bool, true, def, true;
    },
    smtp: _enable_smtp {
        /// Internal toggle
        _enable_smtp: bool, true, def, true;
        smtp_host: String, true, option;
    },
}
"""

_UTIL = """\
pub fn get_env(key: &str) -> Option<String> {
    std::env::var(key).ok()
}
pub fn get_env_bool(key: &str) -> Option<bool> {
    get_env(key).map(|v| v == "true")
}
"""


def test_rust_macro_settings_table_through_a_wrapper_and_an_internal_rule() -> None:
    got = marked({"src/config.rs": _CONFIG_MACRO, "src/util.rs": _UTIL})
    assert got == [
        ("DATA_FOLDER", "src/config.rs", 26, False),
        ("SIGNUPS_ALLOWED", "src/config.rs", 27, False),
        ("_ENABLE_SMTP", "src/config.rs", 31, True),  # leading underscore: internal, evidence only
        ("SMTP_HOST", "src/config.rs", 32, False),
    ]
    # the wrapper returns an Option: every row may be absent
    optional = reads_from("rust", {"src/config.rs": _CONFIG_MACRO, "src/util.rs": _UTIL})
    assert {(name, has_default) for name, path, _, has_default, _ in optional if path == "src/config.rs"} == {
        ("DATA_FOLDER", True),
        ("SIGNUPS_ALLOWED", True),
        ("_ENABLE_SMTP", True),
        ("SMTP_HOST", True),
    }


def test_rust_macro_settings_with_a_literal_prefix_and_a_list_of_names() -> None:
    got = reads_from(
        "rust",
        {
            "src/env.rs": """\
            macro_rules! env_settings {
                ($($field:ident),* $(,)?) => {
                    $( let $field = std::env::var(concat!("APP_", stringify!($field)).to_uppercase()).ok(); )*
                };
            }
            macro_rules! pasted {
                ($($key:ident = $value:expr;)*) => {
                    $( let _ = std::env::var(paste::paste!(stringify!([<SVC_ $key:upper _URL>]))); )*
                };
            }
            macro_rules! only_names {
                ($($n:ident),*) => { const N: &[&str] = &[$(stringify!($n)),*]; };
            }
            fn load() {
                env_settings!(port, log_level);
                pasted! { billing = 1; search = 2; }
                only_names!(not_read, nor_this);
            }
            """,
        },
    )
    assert got == {
        ("APP_PORT", "src/env.rs", 15, True, False),  # `.ok()`: absence is a None
        ("APP_LOG_LEVEL", "src/env.rs", 15, True, False),
        ("SVC_BILLING_URL", "src/env.rs", 16, False, False),
        ("SVC_SEARCH_URL", "src/env.rs", 16, False, False),
    }


def test_rust_compile_time_reads_are_evidence_only() -> None:
    got = marked(
        {
            "src/main.rs": """\
            pub const VERSION: Option<&str> = option_env!("BUILD_VERSION");
            const REV: &str = env!("BUILD_REV");
            fn main() { let p = std::env::var("PORT"); }
            """,
        }
    )
    assert got == [
        ("BUILD_VERSION", "src/main.rs", 1, True),
        ("BUILD_REV", "src/main.rs", 2, True),
        ("PORT", "src/main.rs", 3, False),
    ]


def test_rust_serde_structs_filled_by_figment_envy_and_config_rs() -> None:
    got = reads_from(
        "rust",
        {
            "src/config.rs": """\
            use figment::{providers::Env, Figment};
            use serde::Deserialize;

            #[derive(Deserialize)]
            pub struct Config {
                pub secret: String,
                #[serde(rename = "listen_port")]
                pub port: Option<u16>,
                pub database: Database,
                #[serde(flatten)]
                pub mail: Mail,
                #[serde(skip)]
                pub cache: String,
                #[serde(flatten)]
                pub extra: std::collections::HashMap<String, String>,
                pub cache_dir: Option<Arc<String>>,
            }

            impl Config {
                pub fn load() -> Result<Self, figment::Error> {
                    Figment::new()
                        .merge(Env::prefixed("RUST_").split("_").only(&["log"]))
                        .merge(Env::prefixed("APP_").split("__"))
                        .extract()
                }
            }
            """,
            "src/sections.rs": """\
            #[derive(Deserialize)]
            #[serde(default)]
            pub struct Database {
                pub url: String,
                pub pool: u32,
            }
            #[derive(Deserialize)]
            pub struct Mail {
                pub smtp_host: String,
            }
            """,
            "src/worker.rs": """\
            #[derive(serde::Deserialize)]
            struct Worker { queue_url: String, #[builder(default = "4")] threads: u8 }
            fn load() {
                let w = envy::prefixed("WORKER_").from_env::<Worker>().unwrap();
                let plain = envy::from_env::<Plain>();
            }
            #[derive(serde::Deserialize)]
            struct Plain { home_dir: String }
            """,
            "src/settings.rs": """\
            #[derive(Deserialize)]
            struct Settings { bind: String, redis: Redis }
            #[derive(Deserialize)]
            struct Redis { host: String }
            fn load() -> Settings {
                let s: Settings = config::Config::builder()
                    .add_source(config::Environment::with_prefix("svc").separator("__"))
                    .build().unwrap().try_deserialize().unwrap();
                s
            }
            """,
            "src/unknown.rs": """\
            fn load<T>() -> T { Figment::from(Env::prefixed("OTHER_")).extract().unwrap() }
            """,
            "src/rocket.rs": """\
            #[derive(Deserialize, Default)]
            pub struct Bm { pub api_key: Option<String> }
            pub fn provider() -> Figment {
                Figment::from(rocket::Config::default())
                    .merge(Serialized::defaults(Bm::default()))
                    .merge(Env::prefixed("BM_").global())
            }
            """,
        },
    )
    assert got == {
        ("RUST_LOG", "src/config.rs", 22, True, False),
        ("APP_CACHE_DIR", "src/config.rs", 16, True, False),
        ("APP_SECRET", "src/config.rs", 6, False, False),
        ("APP_LISTEN_PORT", "src/config.rs", 8, True, False),
        ("APP_DATABASE__URL", "src/sections.rs", 4, True, False),
        ("APP_DATABASE__POOL", "src/sections.rs", 5, True, False),
        ("APP_SMTP_HOST", "src/sections.rs", 9, False, False),
        ("WORKER_QUEUE_URL", "src/worker.rs", 2, False, False),
        ("WORKER_THREADS", "src/worker.rs", 2, True, False),
        ("HOME_DIR", "src/worker.rs", 8, False, False),
        ("SVC__BIND", "src/settings.rs", 2, False, False),
        ("SVC__REDIS__HOST", "src/settings.rs", 4, False, False),
        ("OTHER_", "src/unknown.rs", 1, True, True),
        ("BM_API_KEY", "src/rocket.rs", 2, True, False),
    }


def test_rust_unprefixed_loaders_count_only_when_given_to_a_builder() -> None:
    got = reads_from(
        "rust",
        {
            "src/raw.rs": """\
            #[derive(Deserialize)]
            struct Raw { database_url: String }
            fn load() -> Raw { Figment::new().merge(figment::providers::Env::raw()).extract().unwrap() }
            """,
            "src/other.rs": """\
            #[derive(Deserialize)]
            struct Job { name: String }
            fn run() { let e = Environment::default(); let j = r.extract::<Job>(); }
            """,
        },
    )
    assert got == {("DATABASE_URL", "src/raw.rs", 2, False, False)}


def test_rust_envconfig_derive() -> None:
    got = reads_from(
        "rust",
        {
            "src/config.rs": """\
            use envconfig::Envconfig;

            #[derive(Envconfig)]
            pub struct Config {
                #[envconfig(from = "DB_HOST")]
                pub db_host: String,
                #[envconfig(from = "DB_PORT", default = "5432")]
                pub db_port: u16,
                #[envconfig(nested = true)]
                pub http: Http,
            }
            """,
        },
    )
    assert got == {
        ("DB_HOST", "src/config.rs", 5, False, False),
        ("DB_PORT", "src/config.rs", 7, True, False),
    }


def test_rust_serde_struct_is_the_return_type_of_the_function_around_the_call() -> None:
    got = reads_from(
        "rust",
        {
            "src/config.rs": """\
            #[derive(Deserialize)]
            pub struct Config { pub port: u16 }
            #[derive(Deserialize)]
            pub struct Other { pub unrelated: u16 }
            impl Config {
                pub fn from_env() -> Result<Self, envy::Error> { envy::prefixed("APP_").from_env() }
            }
            fn other() -> Other { Other { unrelated: 1 } }
            fn main() -> Result<(), String> { let c = Config::from_env(); Ok(()) }
            """,
        },
    )
    assert got == {("APP_PORT", "src/config.rs", 2, False, False)}


def test_rust_serde_alias_is_evidence_only() -> None:
    got = marked(
        {
            "src/config.rs": """\
            #[derive(Deserialize)]
            pub struct Config {
                #[serde(alias = "db_uri")]
                pub database_url: String,
            }
            fn load() -> Config { Figment::new().merge(Env::prefixed("APP_")).extract().unwrap() }
            """,
        }
    )
    assert got == [("APP_DATABASE_URL", "src/config.rs", 4, False), ("APP_DB_URI", "src/config.rs", 4, True)]


def test_rust_wrapper_macro_given_the_name_as_a_literal() -> None:
    got = reads_from(
        "rust",
        {
            "src/env.rs": """\
            macro_rules! env_or {
                ($key:expr, $default:expr) => { std::env::var($key).unwrap_or_else(|_| $default.to_string()) };
            }
            macro_rules! env_req {
                ($key:expr) => { std::env::var($key).expect($key) };
            }
            fn load() {
                let port = env_or!("PORT", 8080);
                let secret = env_req!("SECRET_KEY");
                let built = env_req!(format!("{}_URL", name));
            }
            """,
        },
    )
    assert got == {
        ("PORT", "src/env.rs", 8, True, False),
        ("SECRET_KEY", "src/env.rs", 9, False, False),
    }


def test_rust_serde_fields_of_a_layered_config_are_evidence_until_deployment_sets_them() -> None:
    files = {
        "src/config.rs": """\
        #[derive(Deserialize)]
        pub struct Config { pub port: u16, pub data_dir: String }
        pub fn load() -> Result<Config, figment::Error> {
            Figment::new().merge(Toml::file("app.toml")).merge(Env::prefixed("APP_")).extract()
        }
        """,
        "compose.yaml": "services:\n  app:\n    image: app\n    environment:\n      APP_PORT: '80'\n",
        "src/settings.rs": """\
        use config::{Config, ConfigError, Environment, File as ConfigFile, FileFormat};
        #[derive(Deserialize)]
        pub struct Settings { pub db_path: String }
        pub fn load(path: &str) -> Result<Settings, ConfigError> {
            Config::builder()
                .add_source(ConfigFile::new(path, FileFormat::Toml))
                .add_source(Environment::with_prefix("SVC").separator("__"))
                .build()?
                .try_deserialize()
        }
        """,
        "src/worker.rs": """\
        #[derive(Deserialize)]
        pub struct Worker { pub queue: String }
        pub fn load() -> Result<Worker, figment::Error> {
            Figment::new().merge(Toml::string(DEFAULTS)).merge(Env::prefixed("WK_")).extract()
        }
        """,
    }
    got = [r for r in marked(files) if r[1].startswith("src/")]
    assert got == [
        ("APP_DATA_DIR", "src/config.rs", 2, True),
        ("APP_PORT", "src/config.rs", 2, False),
        ("APP_", "src/config.rs", 4, False),  # a layered loader keeps its family
        ("SVC__DB_PATH", "src/settings.rs", 3, True),  # a file imported under another name is a file
        ("SVC_", "src/settings.rs", 7, False),
        ("WK_QUEUE", "src/worker.rs", 2, False),  # defaults embedded in the code are no file
    ]


def test_settings_a_readme_tells_operators_to_set_are_deployment_sets() -> None:
    files = {
        "config/application.rb": "module Shop\n  class Application < Rails::Application\n  end\nend\n",
        "README.md": "Environment:\n\n```\nRACK_ENV    production\nPORT        9000\nOTHER_NAME  x\n```\n",
        "docs/notes.md": "```\nDATABASE_URL=x\nSECRET_KEY_BASE=y\n```\n",
    }
    got = {r for r in marked(files) if r[1] != "README.md"}
    assert got == {
        ("PORT", "config/application.rb", 2, False),
        ("RACK_ENV", "config/application.rb", 2, False),
    }


# --- framework features that read fixed variables -------------------------------------------------


def test_rails_credentials_are_decrypted_with_the_master_key() -> None:
    files = {
        "extras/github.rb": "class Github\n  def self.key = Rails.application.credentials.github.client_id\nend\n",
        "lib/other.rb": "# Rails.application.credentials is not used here\nx = my.credentials.y\n",
    }
    assert reads_from("ruby", files) == {("RAILS_MASTER_KEY", "extras/github.rb", 2, True, False)}


def test_action_mailbox_relay_ingress_reads_its_password() -> None:
    files = {
        "script/mail-ingress": "#!/bin/bash\nset -e\nbundle exec rails action_mailbox:ingress:postfix URL=https://x/rails/action_mailbox/relay/inbound_emails\n",
        "bin/notes.sh": "#!/bin/sh\necho 'action_mailbox:ingress:exim'\n",
    }
    assert reads_from("shell", files) == {("INGRESS_PASSWORD", "script/mail-ingress", 3, False, False)}


def test_the_mail_relay_script_is_production_code_in_a_tooling_folder(tmp_path: Path) -> None:
    relay = "#!/bin/bash\nexec bin/rails action_mailbox:ingress:postfix URL=https://x/relay\n"
    for rel in ("script/mail-relay", "spec/support/mail-relay"):
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(relay)
    got = scan_env(FileIndex.build(tmp_path).source_files()).refs
    assert {(r.name, r.path, r.is_support) for r in got} == {
        ("INGRESS_PASSWORD", "script/mail-relay", False),
        # a test's copy stays test code
        ("INGRESS_PASSWORD", "spec/support/mail-relay", True),
    }


def test_dotnet_collection_properties_bind_one_key_per_element() -> None:
    files = {
        "src/Core/GlobalSettings.cs": """\
        public class GlobalSettings
        {
            public Dictionary<string, string> Headers { get; set; }
            public List<string> Hosts { get; set; }
            public string[] Names { get; set; }
            public List<MailSettings> Mails { get; set; }
        }
        """,
        "src/Api/Program.cs": """\
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOptions<GlobalSettings>().Bind(builder.Configuration.GetSection("GlobalSettings"));
        """,
        "docker/global.override.env": "globalSettings__hosts__0=a\nglobalSettings__hosts__1=b\nGLOBALSETTINGS__HEADERS__ACCEPT=c\n",
    }
    got = [(r[0], r[2], r[3]) for r in marked(files) if r[1] == "src/Api/Program.cs"]
    assert got == [
        ("GLOBALSETTINGS__HEADERS__ACCEPT", 2, False),
        ("GlobalSettings__Headers__", 2, True),
        ("GlobalSettings__Hosts__", 2, True),
        ("GlobalSettings__Mails__", 2, True),
        ("GlobalSettings__Names__", 2, True),
        ("globalSettings__hosts__0", 2, False),
        ("globalSettings__hosts__1", 2, False),
    ]


def test_dotnet_hosting_extension_getters_and_section_binding() -> None:
    files = {
        "src/Core/MyIdentityOptions.cs": "public sealed class MyIdentityOptions { public string AdminEmail { get; set; } }\n",
        "src/Api/IdentityServices.cs": """\
        public static class IdentityServices
        {
            public static void AddMyIdentity(this IServiceCollection services, IConfiguration config)
            {
                services.Configure<MyIdentityOptions>(config,
                    "identity");
                var db = config.GetRequiredValue("eventStore:mongoDb:database");
                var other = config.GetOptionalValue<string>("store:mongoDb:contentDatabase");
                services.Configure<MyIdentityOptions>("named", config);
            }
        }
        """,
        "deploy/squid.env": "IDENTITY__ADMINEMAIL=a\nEVENTSTORE__MONGODB__DATABASE=b\n",
    }
    got = {r for r in reads_from("csharp", files)}
    assert got == {
        ("IDENTITY__ADMINEMAIL", "src/Api/IdentityServices.cs", 5, True, False),
        ("EVENTSTORE__MONGODB__DATABASE", "src/Api/IdentityServices.cs", 7, False, False),
        ("store__mongoDb__contentDatabase", "src/Api/IdentityServices.cs", 8, True, False),
    }


def test_laravel_packages_read_their_own_settings_set_by_deployment() -> None:
    files = {
        "config/mail.php": """\
        <?php
        return [
            'default' => env('MAIL_MAILER', 'log'),
            'mailers' => [
                'mailersend' => [
                    'transport' => 'mailersend',
                ],
            ],
        ];
        """,
        ".env.example": "MAIL_MAILER=mailersend\nMAILERSEND_API_KEY=\n",
    }
    got = {r for r in marked(files) if r[1] == "config/mail.php"}
    assert got == {
        ("MAIL_MAILER", "config/mail.php", 3, False),
        ("MAILERSEND_API_KEY", "config/mail.php", 6, False),
    }


def test_dotnet_sections_named_by_qualified_constants_and_nameof() -> None:
    files = {
        "src/Core/Settings.cs": """\
        public class MailSettings { public const string SectionName = "Mail"; public string Host { get; set; } }
        public class JwtSettings { public const string SectionName = "Jwt"; public string Issuer { get; set; } }
        public class CacheSettings { public string Ttl { get; set; } }
        """,
        "src/Api/Program.cs": """\
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.Configure<MailSettings>(builder.Configuration.GetSection(MailSettings.SectionName));
        builder.Services.Configure<JwtSettings>(builder.Configuration.GetSection(JwtSettings.SectionName));
        builder.Services.Configure<CacheSettings>(builder.Configuration.GetSection(nameof(CacheSettings)));
        builder.Services.AddOptions<JwtSettings>().BindConfiguration(JwtSettings.SectionName).ValidateOnStart();
        """,
    }
    got = [r for r in marked(files) if r[1] == "src/Api/Program.cs"]
    assert got == [
        ("Mail__Host", "src/Api/Program.cs", 2, True),
        ("Jwt__Issuer", "src/Api/Program.cs", 3, True),
        ("CacheSettings__Ttl", "src/Api/Program.cs", 4, True),
        ("Jwt__Issuer", "src/Api/Program.cs", 5, True),
    ]


def test_dotnet_options_bound_to_the_whole_configuration_take_root_keys() -> None:
    files = {
        "src/Core/AppSettings.cs": """\
        public class AppSettings { public string BaseUrl { get; set; } public SmtpSettings Smtp { get; set; } }
        public class SmtpSettings { public string Host { get; set; } }
        """,
        "src/Api/Startup.cs": """\
        public class Startup {
            public IConfiguration Configuration { get; }
            public void ConfigureServices(IServiceCollection s) { s.Configure<AppSettings>(Configuration); }
        }
        """,
        ".env.example": "SMTP__HOST=y\n",
    }
    got = [r for r in marked(files) if r[1] == "src/Api/Startup.cs"]
    assert got == [("BaseUrl", "src/Api/Startup.cs", 3, True), ("SMTP__HOST", "src/Api/Startup.cs", 3, False)]


def test_dotnet_properties_renamed_by_configuration_key_name() -> None:
    files = {
        "src/Core/PaymentOptions.cs": """\
        public class PaymentOptions
        {
            [ConfigurationKeyName("api_key")]
            public string ApiKey { get; set; }
            [Required] [ConfigurationKeyName("webhook_secret")] public string WebhookSecret { get; set; }
            public string Currency { get; set; } = "EUR";
        }
        """,
        "src/Api/Program.cs": """\
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.Configure<PaymentOptions>(builder.Configuration.GetSection("Payments"));
        """,
        ".env.example": "PAYMENTS__API_KEY=\n",
    }
    got = [r for r in marked(files) if r[1] == "src/Api/Program.cs"]
    assert got == [
        ("PAYMENTS__API_KEY", "src/Api/Program.cs", 2, False),
        ("Payments__Currency", "src/Api/Program.cs", 2, True),
        ("Payments__webhook_secret", "src/Api/Program.cs", 2, True),
    ]


def test_dotnet_positional_records_and_keys_spelled_as_variables() -> None:
    files = {
        "src/Core/Options.cs": """\
        public record SearchOptions(string Endpoint, int Retries = 3);
        public sealed record BillingOptions([property: ConfigurationKeyName("api_key")] string ApiKey, Tier Tier)
        {
            public string Currency { get; init; } = "EUR";
        }
        public record Tier(Uri Url);
        """,
        "src/Api/Extensions.cs": """\
        public static class Extensions
        {
            public static void AddApp(this IServiceCollection services, IConfiguration config)
            {
                services.Configure<SearchOptions>(config.GetSection("Search"));
                services.Configure<BillingOptions>(config.GetSection("Billing"));
                var key = config["OPENAI_API_KEY"];
                var mode = config["Features:Mode"];
            }
        }
        """,
    }
    path = "src/Api/Extensions.cs"
    got = [r for r in marked(files) if r[1] == path]
    assert got == [
        ("Search__Endpoint", path, 5, True),
        ("Search__Retries", path, 5, True),
        ("Billing__Currency", path, 6, True),
        ("Billing__Tier__Url", path, 6, True),
        ("Billing__api_key", path, 6, True),
        # spelled as an environment variable: a read, as Spring's `${OPENAI_API_KEY}`
        ("OPENAI_API_KEY", path, 7, False),
        ("Features__Mode", path, 8, True),
    ]


def test_dotnetenv_getters() -> None:
    files = {
        "src/Api/Settings.cs": """\
        using DotNetEnv;

        public static class Settings
        {
            public static string Token => Env.GetString("BOT_TOKEN");
            public static int Port => DotNetEnv.Env.GetInt("BOT_PORT", 8080);
            public static bool Debug => Env.GetBool("BOT_DEBUG", false);
        }
        """,
        "src/Api/Other.cs": 'public class Other { string a = Env.GetString("NOT_DOTNETENV"); }\n',
    }
    path = "src/Api/Settings.cs"
    assert reads_from("csharp", files) == {
        ("BOT_TOKEN", path, 5, False, False),
        ("BOT_PORT", path, 6, True, False),
        ("BOT_DEBUG", path, 7, True, False),
    }


def test_dotnet_options_classes_inherit_their_base_class_properties() -> None:
    files = {
        "src/Core/Settings.cs": """\
        public abstract class ConnectionSettings { public string ConnectionString { get; set; } }
        public class SqlSettings : ConnectionSettings, IValidatableObject { public int Timeout { get; set; } }
        public class AppSettings { public SqlSettings Sql { get; set; } }
        """,
        "src/Api/Program.cs": """\
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.Configure<AppSettings>(builder.Configuration.GetSection("App"));
        """,
        "docker/app.env": "APP__SQL__CONNECTIONSTRING=Server=db\n",
    }
    got = [r for r in marked(files) if r[1] == "src/Api/Program.cs"]
    assert got == [
        ("APP__SQL__CONNECTIONSTRING", "src/Api/Program.cs", 2, False),
        ("App__Sql__Timeout", "src/Api/Program.cs", 2, True),
    ]


def test_dotnet_collections_of_sections_are_families() -> None:
    files = {
        "src/Core/Options.cs": """\
        public class RelayOptions
        {
            public List<RelayTarget> Targets { get; set; } = new();
            public Dictionary<string, RelayTarget> Named { get; set; }
        }
        public class RelayTarget { public Uri Url { get; set; } }
        """,
        "src/Api/Program.cs": """\
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.Configure<RelayOptions>(builder.Configuration.GetSection("Relay"));
        """,
        "compose.yaml": "services:\n  api:\n    image: api\n    environment:\n      Relay__Targets__0__Url: http://a\n",
    }
    got = [r for r in marked(files) if r[1] == "src/Api/Program.cs"]
    assert got == [
        ("Relay__Named__", "src/Api/Program.cs", 2, True),
        ("Relay__Targets__", "src/Api/Program.cs", 2, True),
        ("Relay__Targets__0__Url", "src/Api/Program.cs", 2, False),
    ]


def test_dotnet_appsettings_keys_are_evidence_until_deployment_sets_them() -> None:
    files = {
        "src/Api/appsettings.json": """\
        {
          // the reader accepts comments and trailing commas
          "ConnectionStrings": { "Default": "Host=db" },
          "Smtp": {
            "Host": "localhost",
            "Port": 25, /* a block comment */
            "Tls": { "Enabled": true, },
          },
          "AllowedOrigins": [ "https://a", { "NotAKey": 1 } ],
          "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" } },
          "BaseUrl": "http://localhost//x"
        }
        """,
        "docker-compose.yml": (
            "services:\n  api:\n    image: api\n    environment:\n"
            "      SMTP__HOST: mail\n      ConnectionStrings__Default: x\n      ALLOWEDORIGINS__0: y\n"
        ),
    }
    path = "src/Api/appsettings.json"
    got = [(r[0], r[2], r[3]) for r in marked(files) if r[1] == path]
    assert got == [
        ("ConnectionStrings__Default", 3, False),
        ("SMTP__HOST", 5, False),
        ("Smtp__Port", 6, True),
        ("Smtp__Tls__Enabled", 7, True),
        ("ALLOWEDORIGINS__0", 9, False),
        ("AllowedOrigins__", 9, True),
        ("Logging__LogLevel__Default", 10, True),
        ("BaseUrl", 11, True),
    ]


def test_dotnet_interface_typed_sections_take_the_class_they_are_initialised_with() -> None:
    files = {
        "src/Core/Settings.cs": """\
        public interface IStorageSettings { string Path { get; set; } }
        public class StorageSettings : IStorageSettings { public string Path { get; set; } }
        public class AppSettings
        {
            public virtual IStorageSettings Attachments { get; set; } = new StorageSettings();
            public virtual IStorageSettings Unset { get; set; }
        }
        """,
        "src/Api/Program.cs": """\
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.Configure<AppSettings>(builder.Configuration.GetSection("App"));
        """,
    }
    got = [r for r in marked(files) if r[1] == "src/Api/Program.cs"]
    assert got == [("App__Attachments__Path", "src/Api/Program.cs", 2, True)]


def test_dotnet_presence_tests_are_optional_reads() -> None:
    path = "src/Api/Program.cs"
    files = {
        path: """\
        var builder = WebApplication.CreateBuilder(args);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var debug = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("APP_DEBUG"));
        var token = Environment.GetEnvironmentVariable("APP_TOKEN");
        """
    }
    assert reads_from("csharp", files) == {
        ("OTEL_EXPORTER_OTLP_ENDPOINT", path, 2, True, False),
        ("APP_DEBUG", path, 3, True, False),
        ("APP_TOKEN", path, 4, False, False),
    }


def test_dotnet_nested_type_declarations_are_not_properties() -> None:
    files = {
        "src/Core/ShopConfiguration.cs": """\
        public partial class ShopConfiguration
        {
            public string Name { get; set; }
            public ProxySection Proxy { get; set; } = new();
            public sealed class ProxySection { public bool Enabled { get; set; } }
            public class UnusedSection { public string Host { get; set; } }
            public enum Mode { On, Off }
            public record Limits { public int Max { get; init; } }
            public static class Keys { public static string Root { get; } = "Shop"; }
        }
        """,
        "src/Core/Models/ModelBase.cs": """\
        public abstract class ModelBase { public IDictionary<string, object> Extra { get; set; } }
        public record class Paged<T>(T Item) : ModelBase { }
        """,
        "src/Api/Program.cs": """\
        var builder = WebApplication.CreateBuilder(args);
        var shop = new ShopConfiguration();
        builder.Configuration.Bind("Shop", shop);
        """,
    }
    got = [r[0] for r in marked(files) if r[1] == "src/Api/Program.cs"]
    assert got == ["Shop__Name", "Shop__Proxy__Enabled"]


def test_dotnet_configuration_built_in_place_or_returned_by_a_method() -> None:
    files = {
        "src/Core/DbOptions.cs": """\
        public class DbOptions
        {
            public string Host { get; set; }
            public static DbOptions Load()
            {
                var config = new ConfigurationBuilder()
                    .AddEnvironmentVariables()
                    .Build();
                var options = new DbOptions();
                config.GetSection("App:Db").Bind(options);
                return options;
            }
        }
        """,
        "src/Host/Bootstrap.cs": """\
        public static class Bootstrap
        {
            public static void Start(string[] args)
            {
                var cfg = LoadConfiguration(args);
                var port = cfg.GetValue<int>("App:Port");
                Host.CreateDefaultBuilder(args).ConfigureServices(s =>
                    s.Configure<LogOptions>(cfg.GetSection("App:Log")));
                var other = LoadSomethingElse(args);
                var ignored = other["NotConfiguration"];
            }

            private static IConfigurationRoot LoadConfiguration(string[] args) =>
                new ConfigurationBuilder().AddEnvironmentVariables().Build();

            private static Dictionary<string, string> LoadSomethingElse(string[] args) => new();
        }

        public class LogOptions { public string Level { get; set; } }
        """,
    }
    got = [(r[0], r[1], r[2]) for r in marked(files) if r[1].startswith("src/")]
    assert got == [
        ("App__Db__Host", "src/Core/DbOptions.cs", 10),
        ("App__Port", "src/Host/Bootstrap.cs", 6),
        ("App__Log__Level", "src/Host/Bootstrap.cs", 8),
    ]


def test_dotnet_the_whole_configuration_got_or_bound_into_an_instance() -> None:
    files = {
        "src/Core/Settings.cs": """\
        public class RootSettings { public string BaseUrl { get; set; } }
        public class PayOptions { public string Key { get; set; } }
        public class Unbound { public string Secret { get; set; } }
        """,
        "src/Api/Program.cs": """\
        var builder = WebApplication.CreateBuilder(args);
        var root = builder.Configuration.Get<RootSettings>();
        var pay = new PayOptions();
        builder.Configuration.Bind(pay);
        var unbound = new Unbound();
        """,
        "src/Api/Generic.cs": """\
        public static class Loader
        {
            public static T Load<T>(IConfiguration configuration) where T : new()
            {
                var settings = new T();
                configuration.Bind(settings);
                return configuration.Get<T>();
            }
        }
        """,
    }
    got = [(r[0], r[1], r[2]) for r in marked(files) if r[1].startswith("src/")]
    assert got == [("BaseUrl", "src/Api/Program.cs", 2), ("Key", "src/Api/Program.cs", 4)]


def test_dotnet_section_locals_of_members_sections_and_bindings() -> None:
    files = {
        "src/Core/Settings.cs": """\
        public class JwtOptions { public string Issuer { get; set; } }
        public class TokenOptions { public int Lifetime { get; set; } }
        public class SmtpOptions { public string Host { get; set; } }
        """,
        "src/Api/Program.cs": """\
        var builder = WebApplication.CreateBuilder(args);
        var jwtSection = builder.Configuration.GetSection("Jwt");
        builder.Services.Configure<JwtOptions>(jwtSection);
        var identity = builder.Configuration.GetSection("Identity");
        var tokens = identity.GetSection("Tokens");
        builder.Services.Configure<TokenOptions>(tokens);
        var limit = tokens.GetValue<int>("Max");
        IConfigurationSection smtp = builder.Configuration.GetSection("Smtp");
        builder.Services.AddOptions<SmtpOptions>().Bind(smtp);
        """,
        "src/Api/Modules.cs": """\
        public class Modules
        {
            public void Storage(IConfiguration config)
            {
                var section = config.GetSection("Storage");
                var path = section["Path"];
            }

            public void Cache(IConfiguration config)
            {
                var section = config.GetSection("Cache");
                var ttl = section["Ttl"];
            }
        }
        """,
    }
    got = [(r[0], r[1], r[2]) for r in marked(files) if r[1].startswith("src/")]
    assert got == [
        ("Storage__Path", "src/Api/Modules.cs", 6),
        ("Cache__Ttl", "src/Api/Modules.cs", 12),
        ("Jwt__Issuer", "src/Api/Program.cs", 3),
        ("Identity__Tokens__Lifetime", "src/Api/Program.cs", 6),
        ("Identity__Tokens__Max", "src/Api/Program.cs", 7),
        ("Smtp__Host", "src/Api/Program.cs", 9),
    ]


def test_dotnet_a_local_alias_of_the_configuration_member() -> None:
    path = "src/Api/Program.cs"
    files = {
        path: """\
        var builder = WebApplication.CreateBuilder(args);
        var configuration = builder.Configuration;
        var identity = configuration.GetSection("Identity");
        var enabled = identity.GetValue("Enabled", false);
        var host = configuration["Smtp:Host"];
        var other = builder.Environment;
        var name = other["NotAKey"];
        """
    }
    got = [(r[0], r[2]) for r in marked(files)]
    assert got == [("Identity__Enabled", 4), ("Smtp__Host", 5)]


def test_dotnet_generic_binding_wrappers_bind_the_type_each_call_names() -> None:
    files = {
        "src/Shared/Settings.cs": """\
        public class QueueSettings { public string Url { get; set; } }
        public class MailSettings { public string Sender { get; set; } }
        public class VaultSettings { public string Token { get; set; } }
        public class HostSettings { public int Port { get; set; } }
        public class Unused { public string Secret { get; set; } }
        """,
        "src/Shared/Binding.cs": """\
        public static class BindingExtensions
        {
            public static T Section<T>(this IConfiguration configuration, string key) where T : new()
                => configuration.GetSection(key).Get<T>();

            public static IServiceCollection AddSection<TOptions>(
                this IServiceCollection services, IConfiguration configuration, string key)
                where TOptions : class
            {
                services.Configure<TOptions>(configuration.GetSection(key));
                return services;
            }

            public static T Named<T>(this IConfiguration configuration) where T : new()
            {
                var settings = new T();
                configuration.GetSection(typeof(T).Name).Bind(settings);
                return settings;
            }

            public static T Whole<T>(this IConfiguration configuration) => configuration.Get<T>();
        }
        """,
        "src/Api/Program.cs": """\
        var builder = WebApplication.CreateBuilder(args);
        var queue = builder.Configuration.Section<QueueSettings>("Queue");
        builder.Services.AddSection<MailSettings>(builder.Configuration, "Mail");
        var vault = builder.Configuration.Named<VaultSettings>();
        var host = builder.Configuration.Whole<HostSettings>();
        var unused = builder.Services.BuildServiceProvider().GetRequiredService<Unused>();
        builder.Services.Configure<Unused>(builder.Configuration.GetSection(typeof(Unused).Name));
        """,
    }
    got = [(r[0], r[1], r[2]) for r in marked(files) if r[1].startswith("src/")]
    program = "src/Api/Program.cs"
    assert got == [
        ("Queue__Url", program, 2),
        ("Mail__Sender", program, 3),
        ("VaultSettings__Token", program, 4),
        ("Port", program, 5),
        ("Unused__Secret", program, 7),
    ]


def test_dotnet_options_properties_without_a_public_setter_are_not_bound() -> None:
    files = {
        "src/Core/StoreOptions.cs": """\
        public class StoreOptions
        {
            public string Root { get; set; }
            public string Bucket { get; init; }
            public int Retries { get => _retries; set => _retries = value; }
            public string Computed { get { return Root + "/x"; } }
            public string ReadOnly { get; }
            public string Internal { get; internal set; }
            public string Guarded { get; private set; }
            public List<string> Regions { get; } = new();
            public LimitOptions Limits { get; } = new();
            private int _retries;
        }
        public class LimitOptions { public int Max { get; set; } }
        """,
        "src/Api/Program.cs": """\
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.Configure<StoreOptions>(builder.Configuration.GetSection("Store"));
        """,
    }
    got = [r[0] for r in marked(files) if r[1] == "src/Api/Program.cs"]
    assert got == ["Store__Bucket", "Store__Limits__Max", "Store__Regions__", "Store__Retries", "Store__Root"]


def test_dotnet_options_classes_are_the_application_s_not_a_test_double_of_the_same_name() -> None:
    files = {
        "tests/Api.Tests/Fakes/MailOptions.cs": "public class MailOptions { public string FakeInbox { get; set; } }\n",
        "src/Core/Options.cs": "public class MailOptions { public string Host { get; set; } }\n",
        "src/Api/Program.cs": """\
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.Configure<MailOptions>(builder.Configuration.GetSection("Mail"));
        """,
    }
    got = [r[0] for r in marked(files) if r[1] == "src/Api/Program.cs"]
    assert got == ["Mail__Host"]


def test_dotnet_section_constants_joined_from_nameof_and_other_constants() -> None:
    files = {
        "src/Core/Keys.cs": """\
        public static class Keys
        {
            public const string Prefix = "Shop:";
            public static class Sections
            {
                public const string Payments = Prefix + "Payments";
                public const string Search = Keys.Prefix + "Search" + ":" + nameof(Search);
                public static readonly string Clock = DateTime.Now.ToString();
            }
        }
        """,
        "src/Core/Options.cs": """\
        public class PaymentOptions { public string Provider { get; set; } }
        public class SearchOptions { public string Url { get; set; } }
        public class ClockOptions { public string Zone { get; set; } }
        public class RelayOptions { public const string SectionName = nameof(RelayOptions); public int Port { get; set; } }
        """,
        "src/Api/Program.cs": """\
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.Configure<PaymentOptions>(builder.Configuration.GetSection(Keys.Sections.Payments));
        builder.Services.Configure<SearchOptions>(builder.Configuration.GetSection(Keys.Sections.Search));
        builder.Services.Configure<ClockOptions>(builder.Configuration.GetSection(Keys.Sections.Clock));
        builder.Services.Configure<RelayOptions>(builder.Configuration.GetSection(RelayOptions.SectionName));
        """,
    }
    got = [(r[0], r[2]) for r in marked(files) if r[1] == "src/Api/Program.cs"]
    assert got == [
        ("Shop__Payments__Provider", 2),
        ("Shop__Search__Search__Url", 3),
        ("RelayOptions__Port", 5),
    ]
