"""Env reads in Elixir source."""

from __future__ import annotations

from pathlib import Path

from integrations_drift.scan.env.lexer import mask
from integrations_drift.scan.env.scanner import scan_env
from integrations_drift.scan.files import FileIndex
from integrations_drift.scan.types import SourceFile
from tests.scan.envcase import Row, marked, reads_from


def reads(files: dict[str, str]) -> set[Row]:
    return reads_from("elixir", files)


def test_direct_reads_and_defaults() -> None:
    got = reads(
        {
            "lib/app/settings.ex": """\
        defmodule App.Settings do
          def a, do: System.get_env("EX_A")
          def b, do: System.get_env("EX_B", "d")
          def c, do: System.fetch_env!("EX_C")
          def d, do: System.fetch_env("EX_D")
          def e, do: System.get_env("EX_E") || "fallback"
          def f, do: System.get_env("EX_F") || raise("EX_F is missing")
          def g, do: System.get_env("SHARD_" <> shard())
          def h, do: System.get_env("SHARD_#{n}_URL")
          def i, do: System.get_env(
            "EX_I",
            "d"
          )
          def j, do: Application.get_env(:app, :not_env)
          def k, do: MySystem.get_env("NOT_SYSTEM")
          def l, do: :os.getenv('EX_L')
          def m, do: :os.getenv('EX_M', 'd')
          def n, do: "https://#{System.get_env("EX_INTERPOLATED")}/path"
        end
        """,
            "config/prod.exs": """\
        import Config
        config :app, App.Endpoint, http: [port: {:system, "SYS_PORT"}], url: [host: {:system, "SYS_HOST", "localhost"}]
        config :app, App.Repo, pool_size: {:system, :integer, "SYS_POOL", 10}
        """,
        }
    )
    assert got == {
        ("EX_A", "lib/app/settings.ex", 2, False, False),
        ("EX_B", "lib/app/settings.ex", 3, True, False),
        ("EX_C", "lib/app/settings.ex", 4, False, False),
        ("EX_D", "lib/app/settings.ex", 5, False, False),
        ("EX_E", "lib/app/settings.ex", 6, True, False),
        ("EX_F", "lib/app/settings.ex", 7, False, False),
        ("SHARD_", "lib/app/settings.ex", 8, False, True),
        ("SHARD_", "lib/app/settings.ex", 9, False, True),
        ("EX_I", "lib/app/settings.ex", 11, True, False),
        ("EX_L", "lib/app/settings.ex", 16, False, False),
        ("EX_M", "lib/app/settings.ex", 17, True, False),
        ("EX_INTERPOLATED", "lib/app/settings.ex", 18, False, False),
        ("SYS_PORT", "config/prod.exs", 2, False, False),
        ("SYS_HOST", "config/prod.exs", 2, True, False),
        ("SYS_POOL", "config/prod.exs", 3, True, False),
    }


def test_piped_reads() -> None:
    got = reads(
        {
            "config/runtime.exs": """\
        import Config
        port = "PIPE_PORT" |> System.get_env("4000") |> String.to_integer()
        host = "PIPE_HOST" |> System.get_env()
        key = "PIPE_KEY" |> System.fetch_env!()
        """
        }
    )
    assert got == {
        ("PIPE_PORT", "config/runtime.exs", 2, True, False),
        ("PIPE_HOST", "config/runtime.exs", 3, False, False),
        ("PIPE_KEY", "config/runtime.exs", 4, False, False),
    }


def test_comments_docs_strings_and_sigils_are_not_reads() -> None:
    got = reads(
        {
            "lib/app/doc.ex": '''\
        defmodule App.Doc do
          @moduledoc """
          Reads System.get_env("IN_HEREDOC") at boot.
          """
          # System.get_env("IN_COMMENT")
          @hint "call System.get_env(\\"IN_STRING\\") first"
          @re ~r/System.get_env\\("IN_SIGIL"\\)/
          @words ~w(System.get_env("IN_WORDS"))
          @hash ?#
          def real, do: System.get_env("EX_REAL") # System.get_env("TRAILING")
        end
        ''',
        }
    )
    assert got == {("EX_REAL", "lib/app/doc.ex", 10, False, False)}


def test_lexer_records_elixir_literals() -> None:
    text = "a = ~s(x # y) <> \"#{b} # c\" <> '#d' # real\n"
    masked = mask(text, "elixir")
    assert masked.code.rstrip().endswith("<> '#d'")
    assert [text[s:e] for s, e in masked.string_spans] == ["~s(x # y)", "'#d'"]


def test_wrapper_helpers_across_files() -> None:
    got = reads(
        {
            "config/runtime.exs": """\
        import Config

        defmodule Env do
          def fetch!(name, defaults \\\\ []) do
            case config_env() do
              :prod -> System.fetch_env!(name)
              env -> System.get_env(name, defaults[env])
            end
          end

          def get_env(name, default \\\\ nil), do: System.get_env(name, default)
        end

        config :app, App.Repo,
          username: Env.fetch!("WRAP_DB_USER", dev: "postgres"),
          database: Env.fetch!("WRAP_DB_NAME"),
          url: System.get_env("DIRECT_URL")
        """,
            "lib/app/poller.ex": """\
        defmodule App.Poller do
          defp env(name, default), do: System.get_env(name, default)

          def interval, do: env("WRAP_INTERVAL", "60")
          def other, do: Env.get_env("WRAP_OTHER")
        end
        """,
            # defp env/2 above is private to App.Poller: this env/1 is another module's own function.
            "lib/app/report.ex": """\
        defmodule App.Report do
          import App.Formatting
          def title, do: env("NOT_THE_PRIVATE_HELPER")
        end
        """,
        }
    )
    assert got == {
        ("WRAP_DB_USER", "config/runtime.exs", 15, True, False),
        ("WRAP_DB_NAME", "config/runtime.exs", 16, False, False),
        # System.get_env is the library's read, not a call of the Env.get_env helper.
        ("DIRECT_URL", "config/runtime.exs", 17, False, False),
        ("WRAP_INTERVAL", "lib/app/poller.ex", 4, True, False),
        # the helper's own default is nil: a call that passes none gives the variable none
        ("WRAP_OTHER", "lib/app/poller.ex", 5, False, False),
    }


def test_environment_walks_and_prefixes() -> None:
    got = reads(
        {
            "lib/app/features.ex": """\
        defmodule App.Features do
          def flags do
            System.get_env()
            |> Enum.filter(fn {k, _v} -> String.starts_with?(k, "FEATURE_") end)
            |> Map.new()
          end

          def mode do
            Enum.find_value(System.get_env(), fn
              {"APP_MODE", v} -> v
              _ -> nil
            end)
          end

          def piped do
            case "PIPED_ONLY" |> System.get_env() do
              "LOUD" -> :loud
              _ -> :quiet
            end
          end

          def plugins do
            for {"PLUGIN_" <> name, value} <- System.get_env(), into: %{}, do: {name, value}
          end
        end
        """,
        }
    )
    assert got == {
        ("FEATURE_", "lib/app/features.ex", 4, False, True),
        ("APP_MODE", "lib/app/features.ex", 10, False, False),
        ("PIPED_ONLY", "lib/app/features.ex", 16, False, False),
        ("PLUGIN_", "lib/app/features.ex", 23, False, True),
    }


def test_dotenvy() -> None:
    got = reads(
        {
            "config/runtime.exs": """\
        import Config
        import Dotenvy

        source!([".env", System.get_env()])
        config :app, port: env!("DOTENVY_PORT", :integer, 4000)
        config :app, key: env!("DOTENVY_KEY", :string!)
        config :app, url: Dotenvy.env!("DOTENVY_URL", :string)
        """,
            "lib/app/plain.ex": """\
        defmodule App.Plain do
          def x, do: env!("NOT_DOTENVY", :string)
        end
        """,
        }
    )
    assert got == {
        ("DOTENVY_PORT", "config/runtime.exs", 5, True, False),
        ("DOTENVY_KEY", "config/runtime.exs", 6, False, False),
        ("DOTENVY_URL", "config/runtime.exs", 7, False, False),
    }


def test_tooling_and_test_paths() -> None:
    index = FileIndex(root=Path("/nonexistent"), all_paths=[])
    for path in (
        "config/dev.exs",
        "config/test.exs",
        "apps/web/config/dev.exs",
        "mix.exs",
        "apps/web/mix.exs",
        "priv/repo/seeds.exs",
        "test/test_helper.exs",
        "test/app/settings_test.exs",
        ".formatter.exs",
        ".credo.exs",
    ):
        assert index.is_support(path), path
    for path in ("config/runtime.exs", "config/prod.exs", "config/config.exs", "lib/app/repo.ex"):
        assert not index.is_support(path), path


def test_test_files_are_support() -> None:
    files = {
        "test/app_test.exs": 'System.get_env("T_VAR")\n',
        "lib/app.ex": 'System.get_env("APP_VAR")\n',
        "mix.exs": 'System.get_env("MIX_TARGET")\n',
    }
    index = FileIndex(root=Path("/nonexistent"), all_paths=sorted(files))
    refs = scan_env(SourceFile(p, t.encode(), index.is_support(p)) for p, t in files.items()).refs
    assert [(r.name, r.is_support) for r in refs] == [
        ("APP_VAR", False),
        ("MIX_TARGET", True),
        ("T_VAR", True),
    ]


def test_module_body_reads_run_at_compile_time() -> None:
    files = {
        "lib/app_web/cldr.ex": """\
        defmodule AppWeb.Cldr do
          @data System.get_env("EX_COMPILE_ATTR")
          use Cldr,
            otp_app: :app,
            data_dir: System.get_env("EX_COMPILE_USE")

          def locale_dir, do: System.get_env("EX_RUNTIME_ONE_LINE")

          def start(opts) when is_list(opts) do
            port = System.get_env("EX_RUNTIME_BLOCK")
            {port, @data}
          end
        end
        """,
        # a script is run, not compiled: its top level is its run time
        "config/runtime.exs": 'import Config\nconfig :app, url: System.get_env("EX_RUNTIME_CONFIG")\n',
    }
    assert [(name, line, support) for name, _, line, support in marked(files)] == [
        ("EX_RUNTIME_CONFIG", 2, False),
        ("EX_COMPILE_ATTR", 2, True),
        ("EX_COMPILE_USE", 5, True),
        ("EX_RUNTIME_ONE_LINE", 7, False),
        ("EX_RUNTIME_BLOCK", 10, False),
    ]


def test_module_attributes_and_tables_of_names() -> None:
    got = reads(
        {
            "lib/shop/config.ex": """\
            defmodule Shop.Config do
              @db_var "SHOP_DB_URL"
              @names ["SHOP_A", "SHOP_B"]
              @words ~w(SHOP_W1 SHOP_W2)

              def db, do: System.get_env(@db_var)

              def each do
                for n <- @names do
                  System.fetch_env!(n)
                end
              end

              def mapped do
                Enum.map(["SHOP_C", "SHOP_D"], fn k -> System.get_env(k, "x") end)
              end

              def words do
                Enum.each(@words, fn w -> System.get_env(w) end)
              end
            end
            """,
        }
    )
    path = "lib/shop/config.ex"
    assert got == {
        ("SHOP_DB_URL", path, 6, False, False),
        ("SHOP_A", path, 10, False, False),
        ("SHOP_B", path, 10, False, False),
        ("SHOP_C", path, 15, True, False),
        ("SHOP_D", path, 15, True, False),
        ("SHOP_W1", path, 19, False, False),
        ("SHOP_W2", path, 19, False, False),
    }


def test_vapor_environment_bindings() -> None:
    got = reads(
        {
            "lib/app/config.ex": """\
        defmodule App.Config do
          alias Vapor.Provider.{Dotenv, Env}

          def load! do
            Vapor.load!([
              %Dotenv{},
              %Env{
                bindings: [
                  {:db_url, "VAPOR_DATABASE_URL"},
                  {:port, "VAPOR_PORT", default: 4000, map: &String.to_integer/1},
                  {:ssl, "VAPOR_SSL", required: false},
                  {:pool, "VAPOR_POOL",
                   default: 10}
                ]
              }
            ])
          end

          def fail, do: {:error, "not a binding"}
        end
        """,
            # the same tuple shape without Vapor is no read
            "lib/app/codes.ex": 'defmodule App.Codes do\n  def all, do: [{:missing, "NOT_FOUND"}]\nend\n',
        }
    )
    assert got == {
        ("VAPOR_DATABASE_URL", "lib/app/config.ex", 9, False, False),
        ("VAPOR_PORT", "lib/app/config.ex", 10, True, False),
        ("VAPOR_SSL", "lib/app/config.ex", 11, True, False),
        ("VAPOR_POOL", "lib/app/config.ex", 12, True, False),
    }


def test_anonymous_functions_that_read_the_environment_are_wrappers() -> None:
    got = reads_from(
        "elixir",
        {
            "config/runtime.exs": """\
            import Config

            get = fn key -> System.get_env(key) end
            need = fn name ->
              System.fetch_env!(name)
            end

            config :app, host: get.("APP_HOST"), secret: need.("APP_SECRET")
            config :app, mode: other.("APP_MODE")
            """,
        },
    )
    path = "config/runtime.exs"
    assert got == {("APP_HOST", path, 8, False, False), ("APP_SECRET", path, 8, False, False)}
