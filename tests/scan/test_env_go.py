"""Env reads in Go source."""

from __future__ import annotations

from tests.scan.envcase import Row, marked, reads_from


def reads(files: dict[str, str]) -> set[Row]:
    return reads_from("go", files)


def test_getenv_lookupenv_aliases_and_prefixes() -> None:
    got = reads(
        {
            "cmd/main.go": """\
        package main

        import "os"

        func main() {
            a := os.Getenv("GO_A")
            b, ok := os.LookupEnv("GO_B")
            c := os.Getenv("SHARD_" + id)
            e := os.Getenv
            e("GO_E")
            f := os.Getenv(name)
            // os.Getenv("IN_COMMENT")
            s := "os.Getenv(\\"IN_STRING\\")"
            g := cfg.Getenv("NOT_OS")
            if v, ok := os.LookupEnv("GO_OPT"); ok {
            }
            if os.Getenv("GO_FLAG") != "" {
            }
            h := cmp.Or(os.Getenv("GO_OR"), "x")
            if os.Getenv("GO_MUST") == "" {
            }
            if v := os.Getenv("GO_SET"); v != "" {
            }
            if v := os.Getenv("GO_CHECKED"); v == "" {
            }
        }
        """
        }
    )
    assert got == {
        ("GO_A", "cmd/main.go", 6, False, False),
        ("GO_B", "cmd/main.go", 7, False, False),
        ("SHARD_", "cmd/main.go", 8, False, True),
        ("GO_E", "cmd/main.go", 10, False, False),
        ("GO_OPT", "cmd/main.go", 15, True, False),
        ("GO_FLAG", "cmd/main.go", 17, True, False),
        ("GO_OR", "cmd/main.go", 19, True, False),
        ("GO_MUST", "cmd/main.go", 20, False, False),
        ("GO_SET", "cmd/main.go", 22, True, False),
        ("GO_CHECKED", "cmd/main.go", 24, False, False),
    }


def test_struct_tags() -> None:
    got = reads(
        {
            "internal/config/config.go": """\
        package config

        type Config struct {
            Port     int    `env:"PORT" envDefault:"8080"`
            Host     string `json:"host" env:"HOST,required"`
            Name     string `envDefault:"app" env:"APP_NAME"`
            Region   string `envconfig:"AWS_REGION" default:"eu-west-1"`
            Ignored  string `json:"ignored"`
            Skip     string `env:"-"`
            Level    string `env:"LOG_LEVEL, default=info"`
            Link     string `env:"APP_LINK_#_URL"`
        }
        """
        }
    )
    assert got == {
        ("PORT", "internal/config/config.go", 4, True, False),
        ("HOST", "internal/config/config.go", 5, False, False),
        ("APP_NAME", "internal/config/config.go", 6, True, False),
        ("AWS_REGION", "internal/config/config.go", 7, True, False),
        ("LOG_LEVEL", "internal/config/config.go", 10, True, False),
        ("APP_LINK_", "internal/config/config.go", 11, True, True),
    }


def test_viper_automatic_env_across_files() -> None:
    got = reads(
        {
            "cmd/root.go": """\
            package cmd

            func initConfig() {
                viper.SetEnvPrefix("APP")
                viper.SetEnvKeyReplacer(strings.NewReplacer(".", "_", "-", "_"))
                viper.AutomaticEnv()
                viper.SetDefault("db.port", 5432)
                viper.BindEnv("secret", "SECRET_KEY")
            }
            """,
            "internal/db/db.go": """\
            package db

            func dsn() string {
                host := viper.GetString("db.host")
                port := viper.GetInt("db.port")
                user := viper.GetString("db-user")
                return host
            }
            """,
        }
    )
    assert got == {
        ("SECRET_KEY", "cmd/root.go", 8, False, False),
        ("APP_DB_HOST", "internal/db/db.go", 4, False, False),
        ("APP_DB_PORT", "internal/db/db.go", 5, True, False),
        ("APP_DB_USER", "internal/db/db.go", 6, False, False),
    }


def test_viper_without_automatic_env_reads_only_bound_keys() -> None:
    got = reads(
        {
            "main.go": """\
        package main

        func main() {
            viper.BindEnv("token")
            viper.GetString("db.host")
        }
        """
        }
    )
    assert got == {("TOKEN", "main.go", 4, False, False)}


def test_cross_file_wrapper_and_env_walk() -> None:
    got = reads(
        {
            "pkg/envutil/env.go": """\
            package envutil

            import "os"

            func Str(key, fallback string) string {
                if v, ok := os.LookupEnv(key); ok {
                    return v
                }
                return fallback
            }

            func Must(key string) string {
                v := os.Getenv(key)
                if v == "" {
                    panic(key)
                }
                return v
            }
            """,
            "cmd/server/main.go": """\
            package main

            func main() {
                addr := envutil.Str("LISTEN_ADDR", ":8080")
                token := envutil.Must("API_TOKEN")
                for _, kv := range os.Environ() {
                    key := strings.SplitN(kv, "=", 2)[0]
                    switch key {
                    case "WALK_A", "WALK_B":
                    }
                }
            }
            """,
        }
    )
    assert got == {
        ("LISTEN_ADDR", "cmd/server/main.go", 4, True, False),
        ("API_TOKEN", "cmd/server/main.go", 5, False, False),
        ("WALK_A", "cmd/server/main.go", 9, False, False),
        ("WALK_B", "cmd/server/main.go", 9, False, False),
    }


def test_go_test_files_are_marked() -> None:
    got = marked(
        {
            "pkg/a_test.go": 'package a\nvar x = os.Getenv("T_VAR")\n',
            "pkg/a.go": 'package a\nvar y = os.Getenv("APP_VAR")\n',
        }
    )
    assert got == [("APP_VAR", "pkg/a.go", 2, False), ("T_VAR", "pkg/a_test.go", 2, True)]


def test_prefix_providers() -> None:
    got = reads(
        {
            "cmd/koanf.go": """\
            package main

            func load(ko *koanf.Koanf) {
                ko.Load(env.Provider("APPK_", ".", func(s string) string {
                    return strings.ToLower(s)
                }), nil)
                ko.Load(env.ProviderWithValue("APPV_", ".", cb), nil)
                ko.Load(env.Provider(".", env.Opt{
                    Prefix: "APPO_",
                }), nil)
                // env.Provider("IN_COMMENT_", ".", nil)
                s := `env.Provider("IN_STRING_", ".", nil)`
            }
            """,
            "cmd/envs.go": """\
            package main

            func parse() {
                envconfig.Process("myapp", &spec)
                envconfig.MustProcess("", &spec)
                env.ParseWithOptions(&cfg, env.Options{
                    RequiredIfNoDef: true,
                    Prefix:          "APPC_",
                })
            }
            """,
        }
    )
    assert got == {
        ("APPK_", "cmd/koanf.go", 4, True, True),
        ("APPV_", "cmd/koanf.go", 7, True, True),
        ("APPO_", "cmd/koanf.go", 9, True, True),
        ("MYAPP_", "cmd/envs.go", 4, True, True),
        ("APPC_", "cmd/envs.go", 8, True, True),
    }


def test_getenv_with_arguments_on_later_lines() -> None:
    got = reads(
        {
            "cmd/main.go": """\
            package main

            import "os"

            func main() {
                v := os.Getenv(
                    "GO_MULTI",
                )
                w, ok := os.LookupEnv(


                    "GO_FAR",
                )
            }
            """
        }
    )
    assert got == {("GO_MULTI", "cmd/main.go", 7, False, False), ("GO_FAR", "cmd/main.go", 12, False, False)}


def test_root_prefix_of_the_call_that_fills_the_struct() -> None:
    got = reads(
        {
            "internal/settings/settings.go": """\
        package settings

        type Store struct {
            Path string `env:"PATH_DIR"`
        }

        type Settings struct {
            Port  int    `env:"PORT,default=8080"`
            Token string `env:"TOKEN,required"`
            Store *Store
            Cache Cache `env:",prefix=CACHE_"`
        }

        type Cache struct {
            Size int `env:"SIZE"`
        }

        func Load(ctx context.Context) (*Settings, error) {
            var s Settings
            l := envconfig.PrefixLookuper("ACME_", envconfig.OsLookuper())
            err := envconfig.ProcessWith(ctx, &envconfig.Config{Target: &s, Lookuper: l})
            return &s, err
        }
        """,
            "internal/other/other.go": """\
        package other

        type Limits struct {
            Burst int `env:"BURST" envDefault:"5"`
        }

        type Unrelated struct {
            Mode string `env:"MODE"`
        }

        func load() Limits {
            l := Limits{}
            _ = env.ParseWithOptions(&l, env.Options{Prefix: "LIM_"})
            return l
        }
        """,
            "internal/legacy/legacy.go": """\
        package legacy

        type spec struct {
            Debug bool `envconfig:"DEBUG" default:"false"`
        }

        func read(s *spec) {
            envconfig.MustProcess("svc", s)
        }
        """,
        }
    )
    assert got == {
        ("ACME_PORT", "internal/settings/settings.go", 8, True, False),
        ("ACME_TOKEN", "internal/settings/settings.go", 9, False, False),
        ("ACME_PATH_DIR", "internal/settings/settings.go", 4, False, False),
        ("ACME_CACHE_SIZE", "internal/settings/settings.go", 15, False, False),
        ("LIM_BURST", "internal/other/other.go", 4, True, False),
        ("MODE", "internal/other/other.go", 8, False, False),
        ("SVC_DEBUG", "internal/legacy/legacy.go", 4, True, False),
        ("DEBUG", "internal/legacy/legacy.go", 4, True, False),
        ("SVC_", "internal/legacy/legacy.go", 8, True, True),
        ("LIM_", "internal/other/other.go", 13, True, True),
    }


def test_environment_handed_to_a_child_process_is_no_walk() -> None:
    got = reads(
        {
            "hooks/run.go": """\
            package hooks

            func run(path, event string, c *exec.Cmd) {
                lookup := func(key string) string {
                    switch key {
                    case "HOOK_PATH":
                        return path
                    case "HOOK_EVENT":
                        return event
                    default:
                        return os.Getenv(key)
                    }
                }
                c.Args = expand(c.Args, lookup)
                c.Env = append(os.Environ(), "HOOK_PATH="+path)
                other := exec.Cmd{Env: os.Environ()}
                c.Env = os.Environ()
            }
            """,
        }
    )
    assert got == set()


def test_kong_var_struct_and_urfave_constant_names() -> None:
    got = reads(
        {
            "cmd/tool/main.go": """\
        package main

        import (
            "github.com/urfave/cli/v2"
            "example.com/tool/cmd/tool/names"
        )

        const envWorkers = "TOOL_WORKERS"

        var CLI struct {
            Serve struct {
                Port int `env:"TOOL_PORT"`
            } `cmd:""`
            Log struct {
                Level string `env:"LEVEL" default:"info"`
            } `embed:"" envprefix:"TOOL_LOG_"`
        }

        func flags() []cli.Flag {
            return []cli.Flag{
                &cli.IntFlag{Name: "workers", EnvVars: []string{envWorkers}, Value: 4},
                &cli.StringFlag{Name: "queue", EnvVars: []string{names.Queue}},
            }
        }
        """,
            "cmd/tool/names/names.go": """\
        package names

        const Queue = "TOOL_QUEUE"
        """,
        }
    )
    assert got == {
        ("TOOL_PORT", "cmd/tool/main.go", 12, False, False),
        ("TOOL_LOG_LEVEL", "cmd/tool/main.go", 15, True, False),
        ("TOOL_WORKERS", "cmd/tool/main.go", 21, True, False),
        ("TOOL_QUEUE", "cmd/tool/main.go", 22, True, False),
    }


def test_files_built_apart_by_a_tag_are_support() -> None:
    got = marked(
        {
            "internal/gen/gen.go": '//go:build ignore\n\npackage main\n\nvar a = os.Getenv("GEN_OUT")\n',
            "internal/db/db_it.go": '//go:build integration && linux\n\npackage db\n\nvar b = os.Getenv("IT_DSN")\n',
            "internal/db/db.go": '//go:build !integration\n\npackage db\n\nvar c = os.Getenv("DB_DSN")\n',
            "internal/db/unix.go": '//go:build linux\n\npackage db\n\nvar d = os.Getenv("DB_SOCKET")\n',
        }
    )
    assert got == [
        ("DB_DSN", "internal/db/db.go", 5, False),
        ("IT_DSN", "internal/db/db_it.go", 5, True),
        ("DB_SOCKET", "internal/db/unix.go", 5, False),
        ("GEN_OUT", "internal/gen/gen.go", 5, True),
    ]


def test_envconfig_process_reads_untagged_fields_by_name() -> None:
    got = reads(
        {
            "settings/settings.go": """\
        package settings

        const appPrefix = "relay"

        type Limits struct {
            Burst int
        }

        type Settings struct {
            LogLevel    string `default:"info" split_words:"true"`
            TLSCertFile string `split_words:"true"`
            Secret      []byte
            Internal    string `ignored:"true"`
            Limits      Limits
            hidden      string
            Mode        string `envconfig:"RUN_MODE" required:"true"`
        }

        func Load() (Settings, error) {
            s := Settings{}
            err := envconfig.Process(appPrefix, &s)
            return s, err
        }
        """,
        }
    )
    assert got == {
        ("RELAY_LOG_LEVEL", "settings/settings.go", 10, True, False),
        ("RELAY_TLS_CERT_FILE", "settings/settings.go", 11, False, False),
        ("RELAY_SECRET", "settings/settings.go", 12, False, False),
        ("RELAY_RUN_MODE", "settings/settings.go", 16, False, False),
        ("RUN_MODE", "settings/settings.go", 16, False, False),
    }


def test_pflag_visit_all_maps_every_flag_to_a_variable() -> None:
    got = reads(
        {
            "cmd/flags.go": """\
            package cmd

            func addFlags(cmd *cobra.Command) {
                cmd.Flags().String("listen-addr", ":8080", "address to listen on")
                cmd.PersistentFlags().StringVarP(&dbURL, "db-url", "d", "", "database")
                cmd.Flags().Bool("verbose", false, "log more")
            }
            """,
            "cmd/root.go": """\
            package cmd

            import (
                "os"
                "strings"

                "github.com/spf13/pflag"
            )

            const envPrefix = "APP"

            func bindEnv(cmd *cobra.Command) {
                cmd.Flags().VisitAll(func(f *pflag.Flag) {
                    name := envPrefix + "_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
                    if v, ok := os.LookupEnv(name); ok && !f.Changed {
                        _ = f.Value.Set(v)
                    }
                })
            }
            """,
        }
    )
    assert got == {
        ("APP_LISTEN_ADDR", "cmd/flags.go", 4, True, False),
        ("APP_DB_URL", "cmd/flags.go", 5, True, False),
        ("APP_VERBOSE", "cmd/flags.go", 6, True, False),
    }


def test_pflag_visit_all_with_a_literal_prefix_and_one_that_reads_nothing() -> None:
    got = reads(
        {
            "main.go": """\
            package main

            func main() {
                fs := pflag.NewFlagSet("srv", pflag.ExitOnError)
                fs.Int("max-conns", 10, "")
                fs.VisitAll(func(fl *pflag.Flag) {
                    key := "SRV_" + strings.ToUpper(strings.Replace(fl.Name, "-", "_", -1))
                    if v := os.Getenv(key); v != "" {
                        fl.Value.Set(v)
                    }
                })
                fs.VisitAll(func(fl *pflag.Flag) {
                    fmt.Println(strings.ToUpper(fl.Name))
                })
            }
            """,
        }
    )
    assert got == {("SRV_MAX_CONNS", "main.go", 5, True, False)}
