"""Issue 8 "Variables" checklist, one realistic fixture per pattern and language (Go, Python, Ruby,
PHP, Elixir, Rust, C#): constants through helpers, tables read in loops, whole-environment walks,
names built with a ``_FILE`` suffix, bare imported read functions, CLI flags with an env fallback,
Viper ``BindEnv`` before and after ``SetEnvPrefix``, .NET ``IConfiguration`` with ``__``."""

from __future__ import annotations

import pytest

from tests.scan.envcase import marked

CASES: list[tuple[str, list[str], dict[str, str]]] = [
    (
        "go const block + helper depth",
        ["DATABASE_URL", "REDIS_ADDR"],
        {
            "internal/config/keys.go": "\n"
            "package config\n"
            "\n"
            "const (\n"
            '\tEnvDatabase = "DATABASE_URL"\n'
            '\tenvRedis    = "REDIS_ADDR"\n'
            ")\n",
            "internal/config/load.go": "\n"
            "package config\n"
            "\n"
            'import "os"\n'
            "\n"
            "func lookup(k string) string { return os.Getenv(k) }\n"
            'func str(k, d string) string { if v := lookup(k); v != "" { return v }; '
            "return d }\n"
            "\n"
            "func Load() {\n"
            '\t_ = str(EnvDatabase, "x")\n'
            '\t_ = str(envRedis, "y")\n'
            "}\n",
        },
    ),
    (
        "go imported const",
        ["SMTP_HOST"],
        {
            "cmd/app/main.go": "\n"
            "package main\n"
            "\n"
            "import (\n"
            '\t"os"\n'
            '\t"example.com/app/pkg/keys"\n'
            ")\n"
            "\n"
            "func main() { _ = os.Getenv(keys.SMTPHost) }\n",
            "pkg/keys/keys.go": '\npackage keys\n\nconst SMTPHost = "SMTP_HOST"\n',
        },
    ),
    (
        "go table loop",
        ["S3_BUCKET", "S3_REGION"],
        {
            "main.go": "\n"
            "package main\n"
            "\n"
            'import "os"\n'
            "\n"
            'var required = []string{"S3_BUCKET", "S3_REGION"}\n'
            "\n"
            "func main() {\n"
            "\tfor _, k := range required {\n"
            '\t\tif os.Getenv(k) == "" { panic(k) }\n'
            "\t}\n"
            "}\n"
        },
    ),
    (
        "go struct table loop",
        ["MAIL_FROM", "MAIL_HOST"],
        {
            "main.go": "\n"
            "package main\n"
            "\n"
            'import "os"\n'
            "\n"
            "type setting struct { env string; def string }\n"
            "\n"
            "var settings = []setting{\n"
            '\t{env: "MAIL_FROM", def: "a"},\n'
            '\t{env: "MAIL_HOST", def: "b"},\n'
            "}\n"
            "\n"
            "func main() {\n"
            "\tfor _, s := range settings {\n"
            "\t\t_ = os.Getenv(s.env)\n"
            "\t}\n"
            "}\n"
        },
    ),
    (
        "go environ walk switch",
        ["APP_HOST", "APP_PORT"],
        {
            "main.go": "\n"
            "package main\n"
            "\n"
            'import ("os"; "strings")\n'
            "\n"
            "func main() {\n"
            "\tfor _, kv := range os.Environ() {\n"
            '\t\tparts := strings.SplitN(kv, "=", 2)\n'
            "\t\tswitch parts[0] {\n"
            '\t\tcase "APP_PORT":\n'
            "\t\t\t_ = parts[1]\n"
            '\t\tcase "APP_HOST":\n'
            "\t\t\t_ = parts[1]\n"
            "\t\t}\n"
            "\t}\n"
            "}\n"
        },
    ),
    (
        "go _FILE twin",
        ["DB_PASSWORD", "DB_PASSWORD_FILE"],
        {
            "main.go": "\n"
            "package main\n"
            "\n"
            'import "os"\n'
            "\n"
            "func secret(name string) string {\n"
            '\tif f := os.Getenv(name + "_FILE"); f != "" { return f }\n'
            "\treturn os.Getenv(name)\n"
            "}\n"
            "\n"
            'func main() { _ = secret("DB_PASSWORD") }\n'
        },
    ),
    (
        "go dot import",
        ["DOT_VAR"],
        {"main.go": '\npackage main\n\nimport . "os"\n\nfunc main() { _ = Getenv("DOT_VAR") }\n'},
    ),
    (
        "go urfave v2",
        ["LISTEN_ADDR", "LOG_LEVEL"],
        {
            "main.go": "\n"
            "package main\n"
            "\n"
            'import "github.com/urfave/cli/v2"\n'
            "\n"
            "var flags = []cli.Flag{\n"
            '\t&cli.StringFlag{Name: "addr", EnvVars: []string{"LISTEN_ADDR"}},\n'
            '\t&cli.StringFlag{Name: "log", EnvVars: []string{"LOG_LEVEL", "OLD_LOG"}},\n'
            "}\n"
        },
    ),
    (
        "go kingpin",
        ["KP_PORT"],
        {
            "main.go": "\n"
            "package main\n"
            "\n"
            'import "github.com/alecthomas/kingpin/v2"\n'
            "\n"
            'var port = kingpin.Flag("port", "port").Envar("KP_PORT").Default("80").String()\n'
        },
    ),
    (
        "go viper bindenv 1 arg before prefix",
        ["ND_LOG_LEVEL", "ND_MUSICFOLDER", "ND_SCANNER_SCHEDULE", "PORT"],
        {
            "conf/configuration.go": "\n"
            "package conf\n"
            "\n"
            'import ("strings"; "github.com/spf13/viper")\n'
            "\n"
            "func init() {\n"
            '\tviper.BindEnv("port")\n'
            '\tviper.SetDefault("musicfolder", "/music")\n'
            "}\n"
            "\n"
            "func Load() {\n"
            '\tviper.SetEnvPrefix("ND")\n'
            '\tviper.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))\n'
            "\tviper.AutomaticEnv()\n"
            '\t_ = viper.GetString("log.level")\n'
            '\t_ = viper.GetString("scanner.schedule")\n'
            "\tviper.Unmarshal(&x)\n"
            "}\n"
        },
    ),
    (
        "go viper bindenv 2 args literal",
        ["PORT_LITERAL"],
        {
            "main.go": "\n"
            "package main\n"
            "\n"
            'import "github.com/spf13/viper"\n'
            "\n"
            "func main() {\n"
            '\tviper.SetEnvPrefix("APP")\n'
            '\tviper.BindEnv("port", "PORT_LITERAL")\n'
            '\t_ = viper.GetInt("port")\n'
            "}\n"
        },
    ),
    (
        "go viper bindenv after prefix",
        ["APP_TOKEN"],
        {
            "main.go": "\n"
            "package main\n"
            "\n"
            'import "github.com/spf13/viper"\n'
            "\n"
            "func main() {\n"
            "\tv := viper.New()\n"
            '\tv.SetEnvPrefix("app")\n'
            '\tv.BindEnv("token")\n'
            '\t_ = v.GetString("token")\n'
            "}\n"
        },
    ),
    (
        "py imported const via helper depth",
        ["DATABASE_URL"],
        {
            "app/env.py": "import os\n"
            "\n"
            "def raw(n):\n"
            "    return os.environ.get(n)\n"
            "\n"
            "def req(n):\n"
            "    v = raw(n)\n"
            "    return v\n",
            "app/keys.py": 'DB = "DATABASE_URL"\n',
            "app/settings.py": "from app.keys import DB\nfrom app.env import req\n\nurl = req(DB)\n",
        },
    ),
    (
        "py dict table loop",
        ["SMTP_HOST", "SMTP_PORT"],
        {
            "app/settings.py": "import os\n"
            "\n"
            'DEFAULTS = {"SMTP_HOST": "localhost", "SMTP_PORT": "25"}\n'
            "\n"
            "for key, default in DEFAULTS.items():\n"
            "    globals()[key] = os.getenv(key, default)\n"
        },
    ),
    (
        "py records table",
        ["S3_KEY", "S3_SECRET"],
        {
            "app/settings.py": "import os\n"
            "from dataclasses import dataclass\n"
            "\n"
            "@dataclass\n"
            "class Opt:\n"
            "    env: str\n"
            "    default: str\n"
            "\n"
            'OPTS = [Opt(env="S3_KEY", default=""), Opt(env="S3_SECRET", default="")]\n'
            "vals = {o.env: os.environ.get(o.env, o.default) for o in OPTS}\n"
        },
    ),
    (
        "py environ walk dict",
        ["APP_A", "APP_B"],
        {
            "app/settings.py": "import os\n"
            "\n"
            'MAP = {"APP_A": "a", "APP_B": "b"}\n'
            "for k, v in os.environ.items():\n"
            "    if k in MAP:\n"
            "        setattr(cfg, MAP[k], v)\n"
        },
    ),
    (
        "py _FILE twin fstring",
        ["DB_PASS", "DB_PASS_FILE"],
        {
            "app/settings.py": "import os\n"
            "\n"
            "def secret(name):\n"
            '    f = os.getenv(f"{name}_FILE")\n'
            "    if f:\n"
            "        return open(f).read()\n"
            "    return os.getenv(name)\n"
            "\n"
            'P = secret("DB_PASS")\n'
        },
    ),
    (
        "py from os import getenv",
        ["BARE_VAR", "ENV_VAR2"],
        {
            "app/settings.py": 'from os import getenv, environ\n\nX = getenv("BARE_VAR")\nY = environ["ENV_VAR2"]\n'
        },
    ),
    (
        "py click envvar",
        ["CLICK_PORT", "TYPER_TOKEN"],
        {
            "app/cli.py": "import click\n"
            "import typer\n"
            "\n"
            "@click.command()\n"
            '@click.option("--port", envvar="CLICK_PORT", default=80)\n'
            "def main(port):\n"
            "    pass\n"
            "\n"
            'def run(token: str = typer.Option(..., envvar="TYPER_TOKEN")):\n'
            "    pass\n"
        },
    ),
    (
        "py typer Annotated envvar list",
        ["T_A", "T_B"],
        {
            "app/cli.py": "import typer\n"
            "from typing import Annotated\n"
            "\n"
            'def run(x: Annotated[str, typer.Option(envvar=["T_A", "T_B"])] = "d"):\n'
            "    pass\n"
        },
    ),
    (
        "py prefix built name",
        ["FEATURE_"],
        {"app/settings.py": 'import os\n\ndef flag(n):\n    return os.getenv("FEATURE_" + n.upper())\n'},
    ),
    (
        "rb const + helper",
        ["REDIS_URL", "SMTP_ADDR"],
        {
            "app/lib/settings.rb": 'SMTP_KEY = "SMTP_ADDR"\n'
            "\n"
            "def env_str(name, default = nil)\n"
            "  ENV.fetch(name, default)\n"
            "end\n"
            "\n"
            "redis = env_str(EnvKeys::REDIS)\n"
            "smtp = ENV[SMTP_KEY]\n",
            "config/initializers/keys.rb": 'module EnvKeys\n  REDIS = "REDIS_URL"\nend\n',
        },
    ),
    (
        "rb table loop",
        ["AWS_KEY", "AWS_SECRET"],
        {
            "config/initializers/check.rb": "%w[AWS_KEY AWS_SECRET].each do |k|\n"
            '  raise "missing #{k}" if ENV[k].blank?\n'
            "end\n"
        },
    ),
    (
        "rb env walk case",
        ["OMNI_A", "OMNI_B"],
        {
            "config/initializers/w.rb": "ENV.each do |key, value|\n"
            "  case key\n"
            '  when "OMNI_A" then a = value\n'
            '  when "OMNI_B" then b = value\n'
            "  end\n"
            "end\n"
        },
    ),
    (
        "rb built _FILE",
        ["DB_PASSWORD", "DB_PASSWORD_FILE"],
        {
            "config/initializers/s.rb": "def secret(name)\n"
            '  file = ENV["#{name}_FILE"]\n'
            "  return File.read(file) if file\n"
            "  ENV[name]\n"
            "end\n"
            "\n"
            'secret("DB_PASSWORD")\n'
        },
    ),
    (
        "rb credentials fallback",
        ["STRIPE_KEY"],
        {
            "config/initializers/stripe.rb": "Stripe.api_key = Rails.application.credentials.stripe_key || "
            'ENV["STRIPE_KEY"]\n'
        },
    ),
    (
        "php const + helper",
        ["APP_SECRET", "MAIL_DSN"],
        {
            "src/Env.php": "<?php\n"
            "namespace App;\n"
            "function env_or(string $name, $d = null) { $v = getenv($name); return $v === false ? $d : "
            "$v; }\n"
            'define("MAIL_KEY", "MAIL_DSN");\n'
            "$s = env_or(Keys::SECRET);\n"
            "$m = env_or(MAIL_KEY);\n",
            "src/Keys.php": '<?php\nnamespace App;\nclass Keys {\n    public const SECRET = "APP_SECRET";\n}\n',
        },
    ),
    (
        "php table loop",
        ["DB_HOST", "DB_NAME"],
        {
            "src/boot.php": "<?php\n"
            '$defaults = ["DB_HOST" => "localhost", "DB_NAME" => "app"];\n'
            "foreach ($defaults as $k => $v) {\n"
            "    $cfg[$k] = getenv($k) ?: $v;\n"
            "}\n"
        },
    ),
    (
        "php list loop",
        ["R_A", "R_B"],
        {
            "src/boot.php": "<?php\n"
            'foreach (["R_A", "R_B"] as $name) {\n'
            "    if (!isset($_ENV[$name])) { throw new Exception($name); }\n"
            "}\n"
        },
    ),
    (
        "php env walk",
        ["PW_A", "PW_B"],
        {
            "src/boot.php": "<?php\n"
            "foreach (getenv() as $key => $value) {\n"
            "    switch ($key) {\n"
            '        case "PW_A": $a = $value; break;\n'
            '        case "PW_B": $b = $value; break;\n'
            "    }\n"
            "}\n"
        },
    ),
    (
        "php _FILE twin",
        ["DB_PASSWORD", "DB_PASSWORD_FILE"],
        {
            "src/secret.php": "<?php\n"
            "function secret(string $name) {\n"
            '    $f = getenv($name . "_FILE");\n'
            "    if ($f) { return file_get_contents($f); }\n"
            "    return getenv($name);\n"
            "}\n"
            '$p = secret("DB_PASSWORD");\n'
        },
    ),
    (
        "php laravel config",
        ["MAIL_MAILER"],
        {
            "app/Foo.php": "<?php\n$x = config('mail.default');\n",
            "config/mail.php": "<?php\nreturn ['default' => env('MAIL_MAILER', 'smtp')];\n",
        },
    ),
    (
        "ex module attr + helper",
        ["DATABASE_URL", "POOL_SIZE"],
        {
            "lib/app/config.ex": "defmodule App.Config do\n"
            '  @db "DATABASE_URL"\n'
            "  defp env(name, default \\\\ nil), do: System.get_env(name, default)\n"
            "  def db, do: env(@db)\n"
            '  def pool, do: env("POOL_SIZE", "10")\n'
            "end\n"
        },
    ),
    (
        "ex list loop",
        ["S3_A", "S3_B"],
        {
            "config/runtime.exs": 'import Config\nfor name <- ["S3_A", "S3_B"] do\n  System.fetch_env!(name)\nend\n'
        },
    ),
    (
        "ex env walk prefix",
        ["APP_"],
        {
            "config/runtime.exs": "import Config\n"
            'for {"APP_" <> key, value} <- System.get_env() do\n'
            "  config :app, String.to_atom(key), value\n"
            "end\n"
        },
    ),
    (
        "rs const + helper",
        ["BIND_ADDR", "DATABASE_URL"],
        {
            "src/config.rs": "use std::env;\n"
            "use crate::keys::DB;\n"
            'const BIND: &str = "BIND_ADDR";\n'
            "\n"
            "fn get(k: &str) -> Option<String> { env::var(k).ok() }\n"
            "fn get_or(k: &str, d: &str) -> String { get(k).unwrap_or_else(|| d.to_string()) }\n"
            "\n"
            "pub fn load() {\n"
            '    let _ = get_or(DB, "x");\n'
            '    let _ = get_or(BIND, "0.0.0.0");\n'
            "}\n",
            "src/keys.rs": 'pub const DB: &str = "DATABASE_URL";\n',
        },
    ),
    (
        "rs table loop iter",
        ["T_A", "T_B"],
        {
            "src/main.rs": "fn main() {\n"
            '    for name in ["T_A", "T_B"].iter() {\n'
            "        let _ = std::env::var(name);\n"
            "    }\n"
            "}\n"
        },
    ),
    (
        "rs env walk match",
        ["W_A", "W_B"],
        {
            "src/main.rs": "fn main() {\n"
            "    for (k, v) in std::env::vars() {\n"
            "        match k.as_str() {\n"
            '            "W_A" => a = v,\n'
            '            "W_B" => b = v,\n'
            "            _ => {}\n"
            "        }\n"
            "    }\n"
            "}\n"
        },
    ),
    (
        "rs _FILE twin",
        ["DB_PASS", "DB_PASS_FILE"],
        {
            "src/main.rs": "use std::env;\n"
            "fn secret(name: &str) -> Option<String> {\n"
            '    if let Ok(p) = env::var(format!("{name}_FILE")) { return '
            "std::fs::read_to_string(p).ok(); }\n"
            "    env::var(name).ok()\n"
            "}\n"
            'fn main() { secret("DB_PASS"); }\n'
        },
    ),
    (
        "rs use var",
        ["BARE_OS", "BARE_RS"],
        {
            "src/main.rs": "use std::env::{var, var_os};\n"
            'fn main() { let _ = var("BARE_RS"); let _ = var_os("BARE_OS"); }\n'
        },
    ),
    (
        "rs clap env",
        ["CLAP_PORT", "DATA_DIR"],
        {
            "src/main.rs": "use clap::Parser;\n"
            "#[derive(Parser)]\n"
            "struct Args {\n"
            '    #[arg(long, env = "CLAP_PORT", default_value_t = 80)]\n'
            "    port: u16,\n"
            "    #[arg(long, env)]\n"
            "    data_dir: String,\n"
            "}\n"
        },
    ),
    (
        "rs clap builder env",
        ["B_ENV"],
        {
            "src/main.rs": "use clap::{Arg, Command};\n"
            'fn main() { Command::new("x").arg(Arg::new("p").long("p").env("B_ENV")); }\n'
        },
    ),
    (
        "cs const + helper",
        ["API_KEY", "DB_CONN"],
        {
            "src/Env.cs": "using System;\n"
            "namespace App;\n"
            "public static class Env\n"
            "{\n"
            '    private const string Api = "API_KEY";\n'
            "    static string Get(string n) => Environment.GetEnvironmentVariable(n);\n"
            "    static string Req(string n) => Get(n) ?? throw new Exception(n);\n"
            "    public static void Load() { Req(Keys.Db); Req(Api); }\n"
            "}\n",
            "src/Keys.cs": "namespace App;\n"
            "public static class Keys\n"
            "{\n"
            '    public const string Db = "DB_CONN";\n'
            "}\n",
        },
    ),
    (
        "cs table loop",
        ["T_A", "T_B"],
        {
            "src/Check.cs": "using System;\n"
            "namespace App;\n"
            "public static class Check\n"
            "{\n"
            '    static readonly string[] Required = { "T_A", "T_B" };\n'
            "    public static void Run() { foreach (var n in Required) { if "
            "(Environment.GetEnvironmentVariable(n) is null) throw new Exception(n); } }\n"
            "}\n"
        },
    ),
    (
        "cs env walk switch",
        ["W_A", "W_B"],
        {
            "src/W.cs": "using System;\n"
            "using System.Collections;\n"
            "namespace App;\n"
            "public static class W\n"
            "{\n"
            "    public static void Run() {\n"
            "        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables()) {\n"
            "            switch ((string)e.Key) {\n"
            '                case "W_A": break;\n'
            '                case "W_B": break;\n'
            "            }\n"
            "        }\n"
            "    }\n"
            "}\n"
        },
    ),
    (
        "cs _FILE twin",
        ["DB_PASSWORD", "DB_PASSWORD_FILE"],
        {
            "src/S.cs": "using System;\n"
            "namespace App;\n"
            "public static class S\n"
            "{\n"
            "    static string Secret(string name) {\n"
            '        var f = Environment.GetEnvironmentVariable($"{name}_FILE");\n'
            "        return f != null ? System.IO.File.ReadAllText(f) : "
            "Environment.GetEnvironmentVariable(name);\n"
            "    }\n"
            '    public static void Run() { Secret("DB_PASSWORD"); }\n'
            "}\n"
        },
    ),
    (
        "cs using static",
        ["STATIC_V"],
        {
            "src/U.cs": "using static System.Environment;\n"
            "namespace App;\n"
            'public static class U { public static string X => GetEnvironmentVariable("STATIC_V"); }\n'
        },
    ),
    (
        "cs IConfiguration prefix",
        ["APP_Jwt__Key", "APP_Smtp__Host"],
        {
            "Dockerfile": "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nENV APP_Smtp__Host=x\n",
            "src/Program.cs": "var builder = WebApplication.CreateBuilder(args);\n"
            'builder.Configuration.AddEnvironmentVariables("APP_");\n'
            'var host = builder.Configuration["Smtp:Host"];\n'
            'var key = builder.Configuration.GetValue<string>("Jwt:Key");\n',
        },
    ),
    (
        "cs System.CommandLine env",
        ["SCL_PORT"],
        {
            "src/Program.cs": "using System.CommandLine;\n"
            'var port = new Option<int>("--port", getDefaultValue: () => '
            'int.Parse(Environment.GetEnvironmentVariable("SCL_PORT") ?? "80"));\n'
        },
    ),
    (
        "ex _FILE same file",
        ["SMTP_PASSWORD", "SMTP_PASSWORD_FILE"],
        {
            "lib/app/secrets.ex": "defmodule App.Secrets do\n"
            "  defp secret(name) do\n"
            '    case System.get_env("#{name}_FILE") do\n'
            "      nil -> System.get_env(name)\n"
            "      path -> File.read!(path)\n"
            "    end\n"
            "  end\n"
            '  def smtp, do: secret("SMTP_PASSWORD")\n'
            "end\n"
        },
    ),
    (
        "ex _FILE concat same file",
        ["SMTP_PASSWORD", "SMTP_PASSWORD_FILE"],
        {
            "lib/app/secrets.ex": "defmodule App.Secrets do\n"
            "  defp secret(name) do\n"
            '    case System.get_env(name <> "_FILE") do\n'
            "      nil -> System.get_env(name)\n"
            "      path -> File.read!(path)\n"
            "    end\n"
            "  end\n"
            '  def smtp, do: secret("SMTP_PASSWORD")\n'
            "end\n"
        },
    ),
    (
        "ex prefix built",
        ["FEATURE_"],
        {
            "lib/app/f.ex": 'defmodule App.F do\n  def on?(n), do: System.get_env("FEATURE_" <> n) == "1"\nend\n'
        },
    ),
    (
        "ex def wrapper other module non-generic",
        ["SMTP_PASSWORD"],
        {
            "config/runtime.exs": 'import Config\nconfig :app, smtp: App.Env.env_var("SMTP_PASSWORD")\n',
            "lib/app/env.ex": "defmodule App.Env do\n"
            "  def env_var(name, default \\\\ nil), do: System.get_env(name, default)\n"
            "end\n",
        },
    ),
    (
        "ex def wrapper from file fn",
        ["SMTP_PASSWORD"],
        {
            "config/runtime.exs": "import Config\n"
            "import App.ConfigHelpers\n"
            'config_dir = "/run/secrets"\n'
            'config :app, smtp: get_var_from_path_or_env(config_dir, "SMTP_PASSWORD")\n',
            "lib/app/config_helpers.ex": "defmodule App.ConfigHelpers do\n"
            "  def get_var_from_path_or_env(config_dir, var_name, default \\\\ nil) do\n"
            "    var_path = Path.join(config_dir, var_name)\n"
            "    if File.exists?(var_path) do\n"
            "      File.read!(var_path)\n"
            "    else\n"
            "      System.get_env(var_name, default)\n"
            "    end\n"
            "  end\n"
            "end\n",
        },
    ),
]


@pytest.mark.parametrize(("label", "expected", "files"), CASES, ids=[c[0] for c in CASES])
def test_pattern_is_read(label: str, expected: list[str], files: dict[str, str]) -> None:
    names = {name for name, _, _, _ in marked(files)}
    assert set(expected) <= names, label


def test_viper_one_argument_bindenv_before_the_prefix_is_unprefixed() -> None:
    files = {
        "conf/config.go": """\
        package conf

        import "github.com/spf13/viper"

        func Load() {
        \tviper.BindEnv("port")
        \tviper.SetEnvPrefix("ND")
        \tviper.BindEnv("token")
        \tviper.BindEnv("listen", "LISTEN_ADDR")
        }
        """
    }
    names = {name for name, _, _, _ in marked(files)}
    assert {"PORT", "ND_TOKEN", "LISTEN_ADDR"} <= names
    assert "ND_PORT" not in names
    assert "TOKEN" not in names


def test_go_dot_import_of_os_reads_bare_getenv() -> None:
    files = {
        "main.go": 'package main\n\nimport . "os"\n\nfunc main() { _, _ = LookupEnv("DOT_LOOKUP"); _ = Getenv("DOT_GET") }\n'
    }
    assert {"DOT_LOOKUP", "DOT_GET"} <= {name for name, _, _, _ in marked(files)}
