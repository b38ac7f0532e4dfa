"""Env reads in Python source."""

from __future__ import annotations

from pathlib import Path

from integrations_drift.scan.env.scanner import scan_env
from integrations_drift.scan.files import FileIndex
from tests.scan.envcase import Row, _refs, marked, reads_from


def reads(files: dict[str, str]) -> set[Row]:
    return reads_from("python", files)


def test_os_environ_and_getenv_shapes() -> None:
    got = reads(
        {
            "app/main.py": """\
        import os
        a = os.environ["A_VAR"]
        b = os.environ.get("B_VAR")
        c = os.environ.get("C_VAR", "x")
        d = os.getenv("D_VAR")
        e = os.getenv("E_VAR", default="1")
        if "F_VAR" in os.environ:
            pass
        os.environ.setdefault("G_VAR", "1")
        h = os.getenv("H_VAR") or "fallback"
        i = os.getenv(
            "I_VAR",
        )
        """
        }
    )
    assert got == {
        ("A_VAR", "app/main.py", 2, False, False),
        ("B_VAR", "app/main.py", 3, False, False),
        ("C_VAR", "app/main.py", 4, True, False),
        ("D_VAR", "app/main.py", 5, False, False),
        ("E_VAR", "app/main.py", 6, True, False),
        ("F_VAR", "app/main.py", 7, True, False),
        ("G_VAR", "app/main.py", 9, True, False),
        ("H_VAR", "app/main.py", 10, True, False),
        ("I_VAR", "app/main.py", 12, False, False),
    }


def test_aliases_of_environ_and_getenv() -> None:
    got = reads(
        {
            "app/a.py": """\
        from os import environ as E, getenv
        import os as operating
        from os import environ
        env = os.environ
        g = os.getenv
        E["ONE"]
        getenv("TWO")
        operating.environ["THREE"]
        environ.get("FOUR")
        env["FIVE"]
        g("SIX", "d")
        """
        }
    )
    assert got == {
        ("ONE", "app/a.py", 6, False, False),
        ("TWO", "app/a.py", 7, False, False),
        ("THREE", "app/a.py", 8, False, False),
        ("FOUR", "app/a.py", 9, False, False),
        ("FIVE", "app/a.py", 10, False, False),
        ("SIX", "app/a.py", 11, True, False),
    }


def test_a_bound_environ_get_is_an_alias_of_getenv() -> None:
    got = reads(
        {
            "app/settings.py": """\
        import os
        env = os.environ.get
        DB_URL = env("APP_DATABASE_URL", "sqlite://")
        REDIS_URL = env("APP_REDIS_URL")
        """,
            "app/other.py": """\
        from os import environ
        read = environ.get
        TOKEN = read("APP_TOKEN")
        """,
            "app/wsgi.py": """\
        def handler(request):
            get = request.environ.get
            return get("HTTP_X_FORWARDED_FOR")
        """,
        }
    )
    assert got == {
        ("APP_DATABASE_URL", "app/settings.py", 3, True, False),
        ("APP_REDIS_URL", "app/settings.py", 4, False, False),
        ("APP_TOKEN", "app/other.py", 3, False, False),
    }


def test_a_switch_tested_where_it_is_read_is_optional() -> None:
    got = reads(
        {
            "app/flags.py": """\
        import os
        if os.environ.get("USE_SENTRY"):
            pass
        debug = os.getenv("APP_DEBUG") == "1"
        proxy = os.getenv("HTTP_PROXY_URL") is not None
        mode = "x" if os.getenv("FAST_MODE") else "y"
        if not os.getenv("SECRET_KEY"):
            raise SystemExit("SECRET_KEY is required")
        if os.getenv("DATABASE_URL") is None:
            raise SystemExit("DATABASE_URL is required")
        token = os.environ["API_TOKEN"] or "unset"
        """
        }
    )
    assert {(name, default) for name, _, _, default, _ in got} == {
        ("USE_SENTRY", True),
        ("APP_DEBUG", True),
        ("HTTP_PROXY_URL", True),
        ("FAST_MODE", True),
        ("SECRET_KEY", False),
        ("DATABASE_URL", False),
        # a subscript raises when the variable is absent: the `or` never runs
        ("API_TOKEN", False),
    }


def test_dynamic_names_give_prefixes_and_fully_dynamic_gives_nothing() -> None:
    got = reads(
        {
            "app/d.py": """\
        import os
        a = os.environ[f"SHARD_{n}_URL"]
        b = os.getenv("REGION_" + region)
        c = os.getenv("X_%s" % k)
        d = os.getenv("Y_{}".format(k))
        e = os.getenv(name)
        f = os.environ[key.upper()]
        g = os.getenv(f"{n}_SUFFIX")
        """
        }
    )
    assert got == {
        ("SHARD_", "app/d.py", 2, False, True),
        ("REGION_", "app/d.py", 3, False, True),
        ("X_", "app/d.py", 4, False, True),
        ("Y_", "app/d.py", 5, False, True),
    }


def test_comments_strings_docstrings_and_lookalikes_are_not_reads() -> None:
    got = reads(
        {
            "app/n.py": '''\
        """Set os.environ["IN_DOCSTRING"] before starting."""
        import os
        # os.getenv("IN_COMMENT")
        msg = "call os.getenv('IN_STRING') first"
        config.get("CONFIG_GET")
        myenv.get("MYENV_GET")
        settings.environ_get("NOPE")
        os.environ2["NOPE2"]
        x = os.getenv("REAL")  # os.getenv("TRAILING_COMMENT")
        def f():
            """Returns whether ``"IN_DOC" in os.environ``."""
        '''
        }
    )
    assert got == {("REAL", "app/n.py", 9, False, False)}


def test_test_files_are_marked() -> None:
    got = marked(
        {
            "tests/test_app.py": 'import os\nos.getenv("T_VAR")\n',
            "app/main.py": 'import os\nos.getenv("APP_VAR")\n',
        }
    )
    assert got == [("APP_VAR", "app/main.py", 2, False), ("T_VAR", "tests/test_app.py", 2, True)]


def test_django_environ_only_with_environ_env() -> None:
    got = reads(
        {
            "proj/settings.py": """\
            import environ
            env = environ.Env(DEBUG=(bool, False))
            DEBUG = env("DEBUG")
            SECRET = env.str("SECRET_KEY", default="dev")
            DB = env.db("DATABASE_URL")
            HOSTS = env.list("ALLOWED_HOSTS", default=[])
            N = env.int("WORKERS", 4)
            """,
            "other/thing.py": """\
            env = load()
            x = env("NOT_DJANGO")
            import os
            """,
        }
    )
    assert got == {
        ("DEBUG", "proj/settings.py", 3, True, False),
        ("SECRET_KEY", "proj/settings.py", 4, True, False),
        ("DATABASE_URL", "proj/settings.py", 5, False, False),
        ("ALLOWED_HOSTS", "proj/settings.py", 6, True, False),
        ("WORKERS", "proj/settings.py", 7, True, False),
    }


def test_pydantic_settings_fields() -> None:
    got = reads(
        {
            "app/config.py": """\
        from pydantic import Field, AliasChoices
        from pydantic_settings import BaseSettings, SettingsConfigDict


        class Settings(BaseSettings):
            model_config = SettingsConfigDict(env_prefix="APP_", env_file=".env")

            database_url: str
            debug: bool = False
            api_key: str = Field(alias="EXTERNAL_API_KEY")
            timeout: int = Field(30, description="seconds")
            region: str = Field(validation_alias=AliasChoices("AWS_REGION", "REGION"))
            workers: int = Field(default=4)
            token: str = Field(..., description="required")


        class Legacy(BaseSettings):
            redis_url: str = "redis://"

            class Config:
                env_prefix = "OLD_"


        class Extended(Settings):
            extra_flag: bool


        class NotSettings(BaseModel):
            plain: str
        """
        }
    )
    assert got == {
        ("APP_DATABASE_URL", "app/config.py", 8, False, False),
        ("APP_DEBUG", "app/config.py", 9, True, False),
        ("EXTERNAL_API_KEY", "app/config.py", 10, False, False),
        ("APP_TIMEOUT", "app/config.py", 11, True, False),
        ("AWS_REGION", "app/config.py", 12, False, False),
        ("REGION", "app/config.py", 12, False, False),
        ("APP_WORKERS", "app/config.py", 13, True, False),
        ("APP_TOKEN", "app/config.py", 14, False, False),
        ("OLD_REDIS_URL", "app/config.py", 18, True, False),
        ("APP_EXTRA_FLAG", "app/config.py", 25, False, False),
    }


def test_wrapper_defined_in_one_file_called_in_another() -> None:
    got = reads(
        {
            "config/env.py": """\
            import os


            def env_bool(name, default=False):
                return os.getenv(name, str(default)).lower() in ("1", "true")


            def required(key: str) -> str:
                value = os.environ[key]
                return value


            def env_int(name):
                return int(required(name))
            """,
            "app/settings.py": """\
            from config.env import env_bool, required, env_int
            FEATURE = env_bool("FEATURE_X")
            SECRET = required("SECRET_TOKEN")
            SHARDS = env_int("SHARD_COUNT")
            other = required(variable)
            lower = required("not_a_var_name")
            """,
        }
    )
    assert got == {
        ("FEATURE_X", "app/settings.py", 2, True, False),
        ("SECRET_TOKEN", "app/settings.py", 3, False, False),
        ("SHARD_COUNT", "app/settings.py", 4, False, False),
    }


def test_generic_wrapper_names_stay_in_their_file() -> None:
    got = reads(
        {
            "app/cfg.py": """\
            import os
            def get(key):
                return os.environ.get(key)
            A = get("LOCAL_A")
            """,
            "app/other.py": 'import requests\nrequests.get("NOT_ENV")\nget("ALSO_NOT")\n',
        }
    )
    assert got == {("LOCAL_A", "app/cfg.py", 4, False, False)}


def test_environment_walk_with_known_table() -> None:
    got = reads(
        {
            "app/walk.py": """\
        import os

        KNOWN = {"WALK_A": int, "WALK_B": str}
        UNRELATED = {"NOT_READ": 1}


        def load():
            out = {}
            for key, value in os.environ.items():
                if key in KNOWN:
                    out[key] = value
                if key.startswith("PLUGIN_"):
                    pass
            return out
        """
        }
    )
    assert got == {
        ("WALK_A", "app/walk.py", 3, False, False),
        ("WALK_B", "app/walk.py", 3, False, False),
        ("PLUGIN_", "app/walk.py", 12, False, True),
    }


def test_real_files_through_the_file_index(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text('import os\n\nPORT = os.getenv("PORT", "80")\n')
    (tmp_path / "pkg" / "b.txt").write_text('os.getenv("NOT_SOURCE")\n')
    index = FileIndex.build(tmp_path)
    scan = scan_env(index.source_files())
    assert [(r.name, r.path, r.line, r.has_default) for r in scan.refs] == [("PORT", "pkg/a.py", 3, True)]


def test_calls_formatted_over_several_lines() -> None:
    got = reads(
        {
            "app/settings.py": """\
            import os

            value = os.environ.get(
                "SOME_VAR",
                "default",
            )
            timeout = int(
                os.getenv(


                    "FAR_TIMEOUT"
                )
            )
            if (
                "FLAG_ON"
                in os.environ
            ):
                pass
            """
        }
    )
    assert got == {
        ("SOME_VAR", "app/settings.py", 4, True, False),
        ("FAR_TIMEOUT", "app/settings.py", 11, False, False),
        ("FLAG_ON", "app/settings.py", 15, True, False),
    }


def test_generic_wrapper_followed_where_imported_from_its_module() -> None:
    got = reads(
        {
            "app/cfg.py": "import os\n\ndef get(key):\n    return os.environ.get(key)\n",
            "app/views.py": """\
            from app.cfg import (
                get,
            )
            A = get("IMPORTED_A")
            """,
            "app/client.py": 'from requests import get\nget("NOT_ENV")\n',
        }
    )
    assert got == {("IMPORTED_A", "app/views.py", 4, False, False)}


def test_dynaconf_envvar_prefix() -> None:
    got = reads(
        {
            "app/conf.py": """\
            from dynaconf import Dynaconf

            settings = Dynaconf(
                settings_files=["settings.toml", str(BASE / "x.toml")],
                envvar_prefix="MYAPP",
            )
            other = Dynaconf(envvar_prefix=False)
            # Dynaconf(envvar_prefix="IN_COMMENT")
            """
        }
    )
    assert got == {("MYAPP_", "app/conf.py", 5, True, True)}


def test_helper_named_like_the_library_read_does_not_capture_it() -> None:
    got = reads(
        {
            "app/settings.py": """\
            import os
            def getenv(name, default=""):
                return os.getenv(name, default)
            A = getenv("VIA_HELPER")
            B = os.getenv("DIRECT_READ")
            """,
        }
    )
    assert got == {
        ("VIA_HELPER", "app/settings.py", 4, True, False),
        ("DIRECT_READ", "app/settings.py", 5, False, False),
    }


def test_pydantic_sections_expand_with_the_nested_delimiter_across_files() -> None:
    got = reads(
        {
            "app/models.py": """\
        from enum import Enum
        from pydantic import BaseModel


        class Mode(str, Enum):
            FAST = "fast"


        class Pool(BaseModel):
            size: int = 5


        class Database(BaseModel):
            host: str
            pool: Pool = Pool()
        """,
            "app/settings.py": """\
        from pydantic_settings import BaseSettings, SettingsConfigDict

        from app.models import Database, Mode


        class Settings(BaseSettings):
            model_config = SettingsConfigDict(env_prefix="APP_", env_nested_delimiter="__")

            mode: Mode = Mode.FAST
            database: Database
            cache: "Unknown" = None
        """,
        }
    )
    # An enum is a value; a model is a section whose fields (nested ones too) are the variables.
    assert got == {
        ("APP_MODE", "app/settings.py", 9, True, False),
        ("APP_DATABASE__HOST", "app/settings.py", 10, False, False),
        ("APP_DATABASE__POOL__SIZE", "app/settings.py", 10, True, False),
        ("APP_CACHE", "app/settings.py", 11, True, False),
    }


def test_pydantic_sections_without_delimiter_and_fields_passed_by_the_code_are_not_variables() -> None:
    got = reads(
        {
            "app/providers.py": """\
        from abc import ABC


        class AbstractProvider(ABC):
            pass
        """,
            "app/settings.py": """\
        from pydantic_settings import BaseSettings

        from app.providers import AbstractProvider
        from app.theme import Theme


        class Base(BaseSettings):
            SECRET: str
            LEVEL: str = "info"


        class Settings(Base):
            theme: Theme = Theme()
            PROVIDER: AbstractProvider | None = None
            OTHER: Optional[Elsewhere] = None
            SESSION_SECRET: str


        def build() -> Settings:
            secrets = {"SESSION_SECRET": make()}
            return Settings(SECRET=make(), _env_file=".env", **secrets)
        """,
        }
    )
    # theme: constructed by its default, a section; PROVIDER: a class of the project, not a value;
    # OTHER: a class found nowhere, kept; SECRET and SESSION_SECRET: passed by the constructor call.
    assert got == {
        ("LEVEL", "app/settings.py", 9, True, False),
        ("OTHER", "app/settings.py", 15, True, False),
    }


def test_django_environ_scheme_gives_its_defaults_to_the_reads() -> None:
    got = reads(
        {
            "proj/settings.py": """\
        import environ

        env = environ.Env(
            DEBUG=(bool, False),
            ALLOWED_HOSTS=(list, []),
            TIMEOUT=int,
        )
        DEBUG = env("DEBUG")
        ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
        TIMEOUT = env("TIMEOUT")
        SECRET_KEY = env("SECRET_KEY")
        """,
        }
    )
    # A scheme of a type alone casts; a (type, default) pair also supplies the value.
    assert got == {
        ("DEBUG", "proj/settings.py", 8, True, False),
        ("ALLOWED_HOSTS", "proj/settings.py", 9, True, False),
        ("TIMEOUT", "proj/settings.py", 10, False, False),
        ("SECRET_KEY", "proj/settings.py", 11, False, False),
    }


def test_pydantic_subclass_inherits_the_prefix_and_may_override_it() -> None:
    got = reads(
        {
            "app/settings.py": """\
        from pydantic_settings import BaseSettings, SettingsConfigDict


        class Base(BaseSettings):
            model_config = SettingsConfigDict(env_prefix="MYAPP_")
            debug: bool = False


        class Database(Base):
            host: str


        class Mail(Base):
            model_config = SettingsConfigDict(env_prefix="MAIL_")
            server: str
        """,
        }
    )
    assert got == {
        ("MYAPP_DEBUG", "app/settings.py", 6, True, False),
        ("MYAPP_HOST", "app/settings.py", 10, False, False),
        ("MAIL_SERVER", "app/settings.py", 15, False, False),
    }


def test_development_test_and_ci_settings_modules_are_tooling() -> None:
    index = FileIndex(root=Path("/nonexistent"), all_paths=[])
    for path in (
        "shop/settings/dev.py",
        "shop/settings/development.py",
        "config/settings/local.py",
        "shop/settings/test.py",
        "shop/settings/testing.py",
        "shop/settings/ci.py",
        "shop/config/dev_sqlite.py",
        "shop/settings_dev.py",
        "shop/config-testing.py",
        "shop/dev_settings.py",
        "locustfile.py",
        "setup.py",
    ):
        assert index.is_support(path), path
    for path in (
        "shop/settings/production.py",
        "shop/settings/base.py",
        "shop/settings.py",
        "shop/config.py",
        "shop/development/views.py",
        "shop/settings/devices.py",
    ):
        assert not index.is_support(path), path


def test_environs_getters_and_prefixed_blocks() -> None:
    got = reads(
        {
            "shop/settings.py": """\
            from environs import Env
            env = Env()
            env.read_env()
            HOST = env("SHOP_HOST")
            NAME = env.str("SHOP_NAME", "shop")
            TTL = env.timedelta("SESSION_TTL", default=3600)
            DB = env.dj_db_url("SHOP_DB_URL")
            with env.prefixed("MAIL_"):
                MAIL_HOST = env("HOST")
                with env.prefixed("RELAY_"):
                    RELAY = env.int("PORT", 25)
            AFTER = env.bool("FEATURE_X", False)
            """,
            "shop/files.py": """\
            import environs
            from environs import FileAwareEnv
            first = environs.Env()
            files = FileAwareEnv()
            A = first("FIRST_VAR")
            B = files.list("SECRET_FILES", subcast=str)
            """,
        }
    )
    assert got == {
        ("SHOP_HOST", "shop/settings.py", 4, False, False),
        ("SHOP_NAME", "shop/settings.py", 5, True, False),
        ("SESSION_TTL", "shop/settings.py", 6, True, False),
        ("SHOP_DB_URL", "shop/settings.py", 7, False, False),
        ("MAIL_HOST", "shop/settings.py", 9, False, False),
        ("MAIL_RELAY_PORT", "shop/settings.py", 11, True, False),
        ("FEATURE_X", "shop/settings.py", 12, True, False),
        ("FIRST_VAR", "shop/files.py", 5, False, False),
        ("SECRET_FILES", "shop/files.py", 6, False, False),
    }


def test_python_decouple_config_and_its_instances() -> None:
    got = reads(
        {
            "shop/settings.py": """\
            from decouple import config, Csv
            DEBUG = config("SHOP_DEBUG", default=False, cast=bool)
            KEY = config("SHOP_SECRET")
            HOSTS = config("SHOP_HOSTS", cast=Csv())
            PORT = config("SHOP_PORT", "8000")
            """,
            "shop/other.py": """\
            import decouple
            from decouple import AutoConfig
            conf = AutoConfig(search_path="/etc/shop")
            A = decouple.config("OTHER_A")
            B = conf("OTHER_B", default="b")
            """,
            "shop/unrelated.py": """\
            from app.settings import config
            X = config("NOT_DECOUPLE")
            """,
        }
    )
    assert got == {
        ("SHOP_DEBUG", "shop/settings.py", 2, True, False),
        ("SHOP_SECRET", "shop/settings.py", 3, False, False),
        ("SHOP_HOSTS", "shop/settings.py", 4, False, False),
        ("SHOP_PORT", "shop/settings.py", 5, True, False),
        ("OTHER_A", "shop/other.py", 4, False, False),
        ("OTHER_B", "shop/other.py", 5, True, False),
    }


def test_django_environ_url_getters_without_a_name_read_their_default_variable() -> None:
    got = reads(
        {
            "proj/settings.py": """\
            import environ
            env = environ.Env()
            DATABASES = {"default": env.db()}
            CACHES = {"default": env.cache(default="locmem://")}
            EMAIL = env.email_url()
            SEARCH = env.search_url(engine="x")
            OTHER = env.db("REPLICA_DATABASE_URL")
            """,
        }
    )
    assert got == {
        ("DATABASE_URL", "proj/settings.py", 3, False, False),
        ("CACHE_URL", "proj/settings.py", 4, True, False),
        ("EMAIL_URL", "proj/settings.py", 5, False, False),
        ("SEARCH_URL", "proj/settings.py", 6, False, False),
        ("REPLICA_DATABASE_URL", "proj/settings.py", 7, False, False),
    }


def test_flask_and_celery_configuration_loaders() -> None:
    got = reads(
        {
            "shop/app.py": """\
            from flask import Flask
            def create_app():
                app = Flask(__name__)
                app.config.from_prefixed_env()
                app.config.from_envvar("SHOP_SETTINGS")
                app.config.from_envvar("SHOP_EXTRA_SETTINGS", silent=True)
                return app
            """,
            "shop/named.py": """\
            from flask import Flask
            app = Flask(__name__)
            app.config.from_prefixed_env(prefix="SHOP")
            app.config.from_prefixed_env("SHOP_ALT")
            app.config.from_object("shop.defaults")
            """,
            "shop/tasks.py": """\
            from celery import Celery
            worker = Celery("shop")
            worker.config_from_envvar("SHOP_CELERY_CONFIG")
            worker.config_from_object("django.conf:settings", namespace="CELERY")
            """,
        }
    )
    assert got == {
        ("FLASK_", "shop/app.py", 4, True, True),
        ("SHOP_SETTINGS", "shop/app.py", 5, False, False),
        ("SHOP_EXTRA_SETTINGS", "shop/app.py", 6, True, False),
        ("SHOP_", "shop/named.py", 3, True, True),
        ("SHOP_ALT_", "shop/named.py", 4, True, True),
        ("SHOP_CELERY_CONFIG", "shop/tasks.py", 3, False, False),
    }


def test_pydantic_settings_fields_of_plain_model_mixins() -> None:
    got = reads(
        {
            "shop/settings.py": """\
            from pydantic import BaseModel, Field
            from pydantic_settings import BaseSettings, SettingsConfigDict


            class Options(BaseModel):
                pass


            class MailOptions(Options):
                mail_host: str = Field(default="localhost")
                mail_port: int


            class Grouped(MailOptions):
                site_name: str = "shop"


            class Settings(Grouped, BaseSettings):
                model_config = SettingsConfigDict(env_prefix="SHOP_")
                debug: bool = False


            class Unrelated(BaseModel):
                not_a_variable: str = "x"
            """
        }
    )
    assert got == {
        ("SHOP_DEBUG", "shop/settings.py", 20, True, False),
        ("SHOP_SITE_NAME", "shop/settings.py", 15, True, False),
        ("SHOP_MAIL_HOST", "shop/settings.py", 10, True, False),
        ("SHOP_MAIL_PORT", "shop/settings.py", 11, False, False),
    }


def test_wsgi_environ_parameter_shadows_the_imported_environment() -> None:
    got = reads(
        {
            "shop/wsgi.py": """\
            import os
            from os import environ


            def application(environ, start_response):
                method = environ.get("REQUEST_METHOD")
                path = environ["PATH_INFO"]
                real = os.environ.get("SHOP_REAL_INSIDE")
                return [method, path, real]


            def settings():
                return environ.get("SHOP_REAL_OUTSIDE")
            """
        }
    )
    assert got == {
        ("SHOP_REAL_INSIDE", "shop/wsgi.py", 8, False, False),
        ("SHOP_REAL_OUTSIDE", "shop/wsgi.py", 13, False, False),
    }


def test_pydantic_settings_subclasses_in_other_files() -> None:
    got = reads(
        {
            "shop/config/base.py": """\
            from pydantic_settings import BaseSettings, SettingsConfigDict


            class ShopSettings(BaseSettings):
                model_config = SettingsConfigDict(env_prefix="SHOP_")
                debug: bool = False
            """,
            "shop/config/mail.py": """\
            from shop.config.base import ShopSettings


            class MailSettings(ShopSettings):
                mail_host: str
                mail_port: int = 25
            """,
            "shop/config/relay.py": """\
            from shop.config.mail import MailSettings


            class RelaySettings(MailSettings):
                relay_url: str
            """,
            "shop/models.py": """\
            class Order(Model):
                order_total: int
            """,
        }
    )
    assert got == {
        ("SHOP_DEBUG", "shop/config/base.py", 6, True, False),
        ("SHOP_MAIL_HOST", "shop/config/mail.py", 5, False, False),
        ("SHOP_MAIL_PORT", "shop/config/mail.py", 6, True, False),
        ("SHOP_RELAY_URL", "shop/config/relay.py", 5, False, False),
    }


def test_starlette_config_instances() -> None:
    got = reads(
        {
            "shop/core/config.py": """\
            from starlette.config import Config
            from starlette.datastructures import Secret
            config = Config(".env")
            DEBUG = config("SHOP_DEBUG", cast=bool, default=False)
            KEY = config("SHOP_SECRET", cast=Secret)
            PORT = config("SHOP_PORT", int, 8000)
            """,
            "shop/other.py": """\
            from shop.conf import Config
            config = Config()
            X = config("NOT_STARLETTE")
            """,
        }
    )
    assert got == {
        ("SHOP_DEBUG", "shop/core/config.py", 4, True, False),
        ("SHOP_SECRET", "shop/core/config.py", 5, False, False),
        ("SHOP_PORT", "shop/core/config.py", 6, True, False),
    }


def test_development_and_test_configuration_classes_are_tooling() -> None:
    files = {
        "shop/config.py": """\
        import os


        class Config:
            SECRET_KEY = os.environ.get("SHOP_SECRET_KEY")


        class DevelopmentConfig(Config):
            DATABASE = os.environ.get("SHOP_DEV_DATABASE_URL")

            # a comment
            MAIL = os.getenv("SHOP_DEV_MAIL")


        class TestingConfig(Config):
            DATABASE = os.environ.get("SHOP_TEST_DATABASE_URL")


        class ProductionConfig(Config):
            DATABASE = os.environ.get("SHOP_DATABASE_URL")


        class DevToolsConfig:
            PANEL = os.environ.get("SHOP_PANEL")
        """
    }
    assert marked(files) == [
        ("SHOP_SECRET_KEY", "shop/config.py", 5, False),
        ("SHOP_DEV_DATABASE_URL", "shop/config.py", 9, True),
        ("SHOP_DEV_MAIL", "shop/config.py", 12, True),
        ("SHOP_TEST_DATABASE_URL", "shop/config.py", 16, True),
        ("SHOP_DATABASE_URL", "shop/config.py", 20, False),
        ("SHOP_PANEL", "shop/config.py", 24, False),
    ]


def test_a_class_named_like_a_settings_class_of_another_file_but_not_imported_is_not_one() -> None:
    got = reads(
        {
            "shop/config.py": """\
            from pydantic_settings import BaseSettings


            class Settings(BaseSettings):
                debug: bool = False
            """,
            "plugins/themes.py": """\
            from plugins.base import Settings


            class ThemeSettings(Settings):
                theme_name: str
            """,
            "plugins/editor.py": """\
            class EditorSettings(Settings):
                font_size: int
            """,
            "shop/mail.py": """\
            from shop import config


            class MailSettings(config.Settings):
                mail_host: str
            """,
        }
    )
    # plugins/editor.py imports no `Settings`: its base is not the settings class of shop/config.py
    assert ("FONT_SIZE", "plugins/editor.py", 2, False, False) not in got
    assert ("MAIL_HOST", "shop/mail.py", 5, False, False) in got


def test_a_wrapper_whose_own_default_is_none_gives_a_default_only_when_the_call_passes_one() -> None:
    got = reads(
        {
            "app/settings.py": """\
        import os

        def env(name, default=None):
            return os.getenv(name, default)

        def env_int(name, default=8):
            return int(os.environ.get(name, default))

        API_URL = env("SETTINGS_API_URL")
        REGION = env("SETTINGS_REGION", "eu")
        WORKERS = env_int("SETTINGS_WORKERS")
        """
        }
    )
    assert {(r[0], r[3]) for r in got if r[0].startswith("SETTINGS_")} == {
        ("SETTINGS_API_URL", False),
        ("SETTINGS_REGION", True),
        ("SETTINGS_WORKERS", True),
    }


def test_dynaconf_prefixes_and_environs_instance_prefix() -> None:
    got = {
        (r.name, r.line, r.is_prefix)
        for r in _refs(
            {
                "app/config.py": """\
                from dynaconf import Dynaconf

                settings = Dynaconf(settings_files=["settings.toml"])
                other = Dynaconf(envvar_prefix="SHOP", environments=True)
                """,
                "app/env.py": """\
                from environs import Env

                env = Env(prefix="SHOP_")
                env.read_env()
                port = env.int("PORT", 8000)
                secret = env.str("SECRET_KEY")
                """,
            }
        )
        if r.use == "read"
    }
    assert got == {
        ("DYNACONF_", 3, True),
        ("SHOP_", 4, True),
        ("SHOP_PORT", 5, False),
        ("SHOP_SECRET_KEY", 6, False),
    }


def test_a_wrapper_call_with_a_fallback_of_its_own_has_a_default() -> None:
    got = reads_from(
        "python",
        {
            "app/vars.py": """\
            import os


            def setting(key):
                return os.environ.get(key)


            WORKERS = int(setting("WORKER_COUNT") or 4)
            SECRET = setting("SIGNING_SECRET")
            """
        },
    )
    assert got == {
        ("WORKER_COUNT", "app/vars.py", 8, True, False),
        ("SIGNING_SECRET", "app/vars.py", 9, False, False),
    }
