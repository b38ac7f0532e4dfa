"""Names held in records: a class whose constructor stores the name that a method reads."""

from __future__ import annotations

from tests.scan.envcase import reads_from


def names(source: str, files: dict[str, str]) -> set[tuple[str, str, int]]:
    return {(n, p, line) for n, p, line, _, _ in reads_from(source, files)}


def test_python_setting_class_built_here_and_in_another_file() -> None:
    got = names(
        "python",
        {
            "app/setting.py": """\
            import os


            class Setting:
                def __init__(self, env_name, default=None):
                    self.env_name = env_name
                    self.default = default

                def value(self):
                    return os.environ.get(self.env_name, self.default)


            DB = Setting("DATABASE_URL")
            """,
            "app/config.py": """\
            from app.setting import Setting

            SETTINGS = [Setting("REDIS_URL", default="redis://localhost"), Setting(env_name="SECRET_KEY")]
            """,
        },
    )
    assert got == {
        ("DATABASE_URL", "app/setting.py", 13),
        ("REDIS_URL", "app/config.py", 3),
        ("SECRET_KEY", "app/config.py", 3),
    }


def test_js_class_with_constructor_and_getter() -> None:
    got = names(
        "js",
        {
            "src/env.js": """\
            class EnvVar {
              constructor(fallback, name) {
                this.fallback = fallback;
                this.name = name;
              }
              get value() {
                return process.env[this.name] ?? this.fallback;
              }
            }
            module.exports = { port: new EnvVar(3000, "APP_PORT"), host: new EnvVar("x", "APP_HOST") };
            """,
        },
    )
    assert got == {("APP_PORT", "src/env.js", 10), ("APP_HOST", "src/env.js", 10)}


def test_a_field_not_stored_by_a_constructor_is_no_wrapper() -> None:
    got = names(
        "python",
        {
            "app/holder.py": """\
            import os


            class Holder:
                def set(self, key):
                    self.key = key

                def value(self):
                    return os.getenv(self.key)


            Holder("NOT_A_READ")
            """,
        },
    )
    assert got == set()


def test_php_class_storing_the_name_in_its_constructor() -> None:
    got = names(
        "php",
        {
            "src/EnvVar.php": """\
            <?php
            class EnvVar
            {
                public function __construct(string $name, $default = null)
                {
                    $this->name = $name;
                    $this->default = $default;
                }

                public function value()
                {
                    return getenv($this->name) ?: $this->default;
                }
            }
            """,
            "src/config.php": """\
            <?php
            $db = new EnvVar('DB_HOST', 'localhost');
            """,
        },
    )
    assert got == {("DB_HOST", "src/config.php", 2)}
