"""Env reads in Ruby source."""

from __future__ import annotations

from tests.scan.envcase import Row, marked, reads_from


def reads(files: dict[str, str]) -> set[Row]:
    return reads_from("ruby", files)


def test_env_shapes() -> None:
    got = reads(
        {
            "config/app.rb": """\
        a = ENV["RB_A"]
        b = ENV.fetch("RB_B")
        c = ENV.fetch("RB_C", "d")
        d = ENV.fetch("RB_D") { "x" }
        e = ENV.key?("RB_E")
        f = ENV["RB_F"] || "d"
        g = ENV["SHARD_#{n}"]
        h = ENV.include?("RB_H")
        i = ENV.fetch "RB_I"
        # ENV["IN_COMMENT"]
        s = 'ENV["IN_STRING"]'
        t = MY_ENV["NOT_ENV"]
        """
        }
    )
    assert got == {
        ("RB_A", "config/app.rb", 1, False, False),
        ("RB_B", "config/app.rb", 2, False, False),
        ("RB_C", "config/app.rb", 3, True, False),
        ("RB_D", "config/app.rb", 4, True, False),
        ("RB_E", "config/app.rb", 5, True, False),
        ("RB_F", "config/app.rb", 6, True, False),
        ("SHARD_", "config/app.rb", 7, False, True),
        ("RB_H", "config/app.rb", 8, True, False),
        ("RB_I", "config/app.rb", 9, False, False),
    }


def test_cross_file_wrapper_and_walk() -> None:
    got = reads(
        {
            "lib/env_helper.rb": """\
            module EnvHelper
              def self.fetch_env(key) = ENV.fetch(key)

              def self.flag(name, default = false)
                ENV.fetch(name, default.to_s) == "true"
              end
            end
            """,
            "config/initializers/app.rb": """\
            URL = EnvHelper.fetch_env("SERVICE_URL")
            ON = EnvHelper.flag("FEATURE_ON")
            KNOWN = %w[WALK_A WALK_B].freeze
            ENV.each do |k, v|
              next unless KNOWN.include?(k)
            end
            """,
        }
    )
    assert got == {
        ("SERVICE_URL", "config/initializers/app.rb", 1, False, False),
        ("FEATURE_ON", "config/initializers/app.rb", 2, True, False),
        ("WALK_A", "config/initializers/app.rb", 3, False, False),
        ("WALK_B", "config/initializers/app.rb", 3, False, False),
    }


def test_spec_files_are_marked() -> None:
    got = marked({"spec/app_spec.rb": 'x = ENV["T_VAR"]\n', "app/models/user.rb": 'y = ENV["APP_VAR"]\n'})
    assert got == [("APP_VAR", "app/models/user.rb", 1, False), ("T_VAR", "spec/app_spec.rb", 1, True)]


def test_variables_that_are_the_fallback_of_rails_credentials_are_optional() -> None:
    got = reads(
        {
            "config/initializers/keys.rb": """\
            STRIPE = Rails.application.credentials.stripe_key || ENV["STRIPE_KEY"]
            GH = Rails.application.credentials.dig(:github, :secret) || ENV.fetch("GITHUB_SECRET")
            OLD = Rails.application.secrets.token or ENV["OLD_TOKEN"]
            OTHER = settings.x || ENV["OTHER_KEY"]
            PLAIN = ENV["PLAIN_KEY"]
            """,
        }
    )
    assert got == {
        ("RAILS_MASTER_KEY", "config/initializers/keys.rb", 1, True, False),
        ("STRIPE_KEY", "config/initializers/keys.rb", 1, True, False),
        ("GITHUB_SECRET", "config/initializers/keys.rb", 2, True, False),
        ("OLD_TOKEN", "config/initializers/keys.rb", 3, True, False),
        ("OTHER_KEY", "config/initializers/keys.rb", 4, False, False),
        ("PLAIN_KEY", "config/initializers/keys.rb", 5, False, False),
    }


def test_fallback_after_a_conversion_chain() -> None:
    got = reads(
        {
            "config/initializers/mail.rb": """\
        host = ENV["MAIL_HOST"].presence || "localhost"
        port = ENV["MAIL_PORT"]&.to_i || 587
        tls = ENV.fetch("MAIL_TLS", nil).to_s.downcase or "off"
        list = ENV.fetch("MAIL_LIST").split(",").map { |s| s.strip }
        user = ENV["MAIL_USER"].to_s
        key = ENV.fetch("MAIL_KEY") { raise KeyError, "MAIL_KEY is missing" }
        from = ENV["MAIL_FROM"] || abort("MAIL_FROM is missing")
        name = ENV.fetch("MAIL_NAME") { |k| "app-#{k}" }
        """
        }
    )
    assert got == {
        ("MAIL_HOST", "config/initializers/mail.rb", 1, True, False),
        ("MAIL_PORT", "config/initializers/mail.rb", 2, True, False),
        ("MAIL_TLS", "config/initializers/mail.rb", 3, True, False),
        # a block after the chain is the chain's, not a fallback of `fetch`
        ("MAIL_LIST", "config/initializers/mail.rb", 4, False, False),
        ("MAIL_USER", "config/initializers/mail.rb", 5, False, False),
        # a fallback that raises is none
        ("MAIL_KEY", "config/initializers/mail.rb", 6, False, False),
        ("MAIL_FROM", "config/initializers/mail.rb", 7, False, False),
        ("MAIL_NAME", "config/initializers/mail.rb", 8, True, False),
    }


def test_a_wrapper_whose_own_default_is_nil_gives_a_default_only_when_the_call_passes_one() -> None:
    got = reads(
        {
            "lib/settings.rb": """\
        module Settings
          def self.env_var(name, default = nil) = ENV.fetch(name, default)
          def self.env_flag(name, default = "false") = ENV.fetch(name, default) == "true"
        end
        """,
            "config/initializers/app.rb": """\
        URL = Settings.env_var("SETTINGS_URL")
        HOST = Settings.env_var("SETTINGS_HOST", "localhost")
        ON = Settings.env_flag("SETTINGS_ON")
        """,
        }
    )
    assert {(r[0], r[3]) for r in got if r[1] == "config/initializers/app.rb"} == {
        ("SETTINGS_URL", False),
        ("SETTINGS_HOST", True),
        ("SETTINGS_ON", True),
    }


def test_lambdas_that_read_the_environment_are_wrappers() -> None:
    got = reads(
        {
            "config/initializers/mailer.rb": """\
            fetch_env = ->(key) { ENV[key] }
            need = lambda { |name| ENV.fetch(name) }
            Mailer.host = fetch_env.call("SMTP_HOST")
            Mailer.port = fetch_env.("SMTP_PORT")
            Mailer.user = need.call("SMTP_USER")
            Mailer.mode = other.call("SMTP_MODE")
            """,
        }
    )
    path = "config/initializers/mailer.rb"
    assert got == {
        ("SMTP_HOST", path, 3, False, False),
        ("SMTP_PORT", path, 4, False, False),
        ("SMTP_USER", path, 5, False, False),
    }
