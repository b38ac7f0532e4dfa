"""Hex (Elixir/Erlang): mix.exs deps and mix.lock."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from integrations_drift.catalog import load_catalog
from integrations_drift.scan.evidence import gather
from integrations_drift.scan.files import FileIndex, is_support_path
from integrations_drift.scan.manifests import manifest_paths, read_manifest
from integrations_drift.scan.services import ServiceDetector

Row = tuple[str, str, int, bool, str | None]


def rows(path: str, text: str) -> list[Row]:
    deps, warnings = read_manifest(path, dedent(text).encode())
    assert warnings == []
    return [(d.ecosystem, d.name, d.line, d.dev, d.version) for d in deps]


MIX_EXS = """\
defmodule Shop.MixProject do
  use Mix.Project

  def project do
    [
      app: :shop,
      deps: deps(),
      dialyzer: [plt_file: {:no_warn, "priv/plts/dialyzer.plt"}],
      releases: [shop: [applications: [runtime_tools: :permanent]]]
    ]
  end

  def application do
    [mod: {Shop.Application, []}, extra_applications: [:logger]]
  end

  defp deps do
    [
      {:phoenix, "~> 1.7"},
      {:postgrex, ">= 0.0.0"},
      # {:myxql, "~> 0.6"},
      {:redix, "~> 1.2", override: true},
      {:ex_aws_s3, github: "ex-aws/ex_aws_s3"},
      {:stripity_stripe,
       "~> 3.0"},
      {:credo, "~> 1.7", only: [:dev, :test], runtime: false},
      {:ex_machina, "~> 2.7", only: :test},
      {:sentry, "~> 10.0", only: [:prod]},
      {:tortoise311, "~> 0.12", only: [:dev, :prod]}
    ]
  end

  defp aliases do
    [setup: ["deps.get"], "assets.deploy": ["esbuild default --minify"]]
  end
end
"""


def test_mix_exs_deps() -> None:
    assert rows("mix.exs", MIX_EXS) == [
        ("hex", "phoenix", 19, False, "~> 1.7"),
        ("hex", "postgrex", 20, False, ">= 0.0.0"),
        ("hex", "redix", 22, False, "~> 1.2"),
        ("hex", "ex_aws_s3", 23, False, None),
        ("hex", "stripity_stripe", 24, False, "~> 3.0"),
        ("hex", "credo", 26, True, "~> 1.7"),
        ("hex", "ex_machina", 27, True, "~> 2.7"),
        ("hex", "sentry", 28, False, "~> 10.0"),
        ("hex", "tortoise311", 29, False, "~> 0.12"),
    ]


def test_mix_exs_one_line_deps_and_inline_list() -> None:
    one_line = """\
    defmodule Lib.MixProject do
      use Mix.Project
      def project, do: [app: :lib, deps: deps()]
      defp deps, do: [{:myxql, "~> 0.6"}, {:ex_doc, ">= 0.0.0", only: :dev}]
    end
    """
    assert rows("apps/lib/mix.exs", one_line) == [
        ("hex", "myxql", 4, False, "~> 0.6"),
        ("hex", "ex_doc", 4, True, ">= 0.0.0"),
    ]
    inline = """\
    defmodule Tool.MixProject do
      use Mix.Project
      def project do
        [app: :tool, deps: [{:gen_smtp, "~> 1.2"}]]
      end
    end
    """
    assert rows("mix.exs", inline) == [("hex", "gen_smtp", 4, False, "~> 1.2")]


def test_mix_lock_only_without_mix_exs() -> None:
    lock = """\
    %{
      "castore": {:hex, :castore, "1.0.5", "abc", [:mix], [], "hexpm", "def"},
      "tortoise": {:hex, :tortoise311, "0.12.0", "abc", [:mix], [], "hexpm", "def"},
      "mylib": {:git, "https://github.com/acme/mylib.git", "0123abc", []},
    }
    """
    assert rows("mix.lock", lock) == [
        ("hex", "castore", 2, False, "1.0.5"),
        ("hex", "tortoise311", 3, False, "0.12.0"),
        ("hex", "mylib", 4, False, None),
    ]
    # beside a manifest of its ecosystem anywhere in the repository a lock file is not read
    assert manifest_paths(["a/mix.exs", "a/mix.lock", "b/mix.lock"]) == ["a/mix.exs"]
    assert manifest_paths(["a/mix.lock", "b/mix.lock"]) == ["a/mix.lock", "b/mix.lock"]


def test_catalog_knows_hex_packages() -> None:
    catalog = load_catalog()
    assert [s.name for s in catalog.by_package("hex", "postgrex")] == ["PostgreSQL"]
    assert [s.name for s in catalog.by_package("hex", "tortoise311")] == ["MQTT Broker"]
    assert [s.name for s in catalog.by_package("hex", "ueberauth_github")] == ["GitHub OAuth"]
    # Libraries that serve several services are no signal.
    for generic in ("ecto_sql", "swoosh", "bamboo", "oban", "ex_aws", "req", "finch", "tesla", "ueberauth"):
        assert catalog.by_package("hex", generic) == [], generic


def test_build_files_read_build_variables_but_declare_app_dependencies() -> None:
    index = FileIndex(root=Path("/nonexistent"), all_paths=[])
    for path in ("mix.exs", "apps/web/mix.exs", "Gemfile", "shop.gemspec", "build.gradle.kts"):
        assert index.is_support(path), path  # their env reads are the build's
        assert not is_support_path(path), path  # their dependencies are the application's
    assert is_support_path("test/support/mix.exs")


def test_mix_exs_dependency_is_strong_evidence_and_its_env_reads_tooling(tmp_path: Path) -> None:
    root = tmp_path / "r"
    (root / "config").mkdir(parents=True)
    (root / "mix.exs").write_text(
        MIX_EXS.replace("  def project do\n", '  @target System.get_env("MIX_TARGET")\n  def project do\n')
    )
    (root / "config" / "runtime.exs").write_text(
        'import Config\nconfig :shop, url: System.get_env("SHOP_URL")\n'
    )
    ev = gather(root, FileIndex.build(root), "INTEGRATIONS.md", load_catalog())
    refs = {(r.name, r.is_support) for r in ev.env_refs}
    assert refs == {("MIX_TARGET", True), ("SHOP_URL", False)}
    pg = ev.services["PostgreSQL"].signals
    assert [(s.kind, s.path, s.context) for s in pg] == [("package", "mix.exs", False)]


def test_mailer_adapters_name_the_email_service() -> None:
    """Swoosh and Bamboo serve many providers: the configured adapter module says which one."""
    catalog = load_catalog()
    detector = ServiceDetector(catalog)
    sources = {
        "config/runtime.exs": "config :shop, Shop.Mailer,\n  adapter: Swoosh.Adapters.Sendgrid,\n  api_key: key\n",
        "config/prod.exs": "config :shop, Shop.Mailer, adapter: Bamboo.MailgunAdapter\n",
        "config/ses.exs": "config :shop, Shop.Mailer, adapter: Swoosh.Adapters.ExAwsAmazonSES\n",
        "config/relay.exs": "config :shop, Shop.Mailer, adapter: Swoosh.Adapters.SMTP, relay: host\n",
        "config/dev.exs": "config :shop, Shop.Mailer, adapter: Swoosh.Adapters.Local\n",
        "config/other.exs": "config :shop, Shop.Mailer, adapter: Swoosh.Adapters.SMTP2GO\n",
    }
    for path, text in sources.items():
        detector.add_source(path, text.encode(), False)
    found = {(name, s.path, s.line) for name, ev in detector.evidence.items() for s in ev.signals}
    assert found == {
        ("SendGrid", "config/runtime.exs", 2),
        ("Mailgun", "config/prod.exs", 1),
        ("Amazon SES", "config/ses.exs", 1),
        ("SMTP", "config/relay.exs", 1),
    }
