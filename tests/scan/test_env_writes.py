"""Assigning a variable (``os.environ["X"] = …``) sets it for the process: not a read."""

from __future__ import annotations

from integrations_drift.scan.env.scanner import scan_env
from integrations_drift.scan.files import is_support_path
from integrations_drift.scan.types import SourceFile


def uses(path: str, text: str) -> dict[str, tuple[str, bool]]:
    """(use, has_default) per name; each name is referenced once, so an assignment is a set and
    nothing else (no leftover read beside it)."""
    refs = scan_env([SourceFile(path, text.encode())]).refs
    assert len({r.name for r in refs}) == len(refs), refs
    return {r.name: (r.use, r.has_default) for r in refs}


def test_python_assignment_is_a_set() -> None:
    got = uses(
        "a.py",
        'import os\nos.environ["W"] = "1"\nx = os.environ["R"]\nif os.environ["EQ"] == "1":\n    pass\n'
        'os.environ.setdefault("SD", "x")\n',
    )
    assert got == {"W": ("set", False), "R": ("read", False), "EQ": ("read", False), "SD": ("set", True)}


def test_javascript_assignment_is_a_set_but_logical_assignment_reads() -> None:
    got = uses(
        "a.ts",
        'process.env.W = "1";\nprocess.env["W2"] = "x";\nconst x = process.env.R;\n'
        'if (process.env.EQ === "1") {}\nconst { D = "d" } = process.env;\nprocess.env.OR ||= "x";\n',
    )
    assert got == {
        "W": ("set", False),
        "W2": ("set", False),
        "R": ("read", False),
        "EQ": ("read", False),
        "D": ("read", True),
        "OR": ("read", True),
    }


def test_ruby_assignment_is_a_set() -> None:
    got = uses("a.rb", 'ENV["W"] = "1"\nx = ENV["R"]\nENV["OR"] ||= "d"\n')
    assert got == {"W": ("set", False), "R": ("read", False), "OR": ("read", True)}


def test_rails_tooling_paths() -> None:
    assert is_support_path("lib/tasks/compact_index.rake")
    assert is_support_path("config/environments/development.rb")
    assert not is_support_path("config/environments/production.rb")
    assert not is_support_path("config/initializers/sendgrid.rb")
    assert is_support_path("mvnw") and is_support_path("service/gradlew.bat")


def test_settings_object_keyed_like_the_variable_reads_it() -> None:
    # Flask's `app.config["X"] = os.environ.get("X")` and Django dict settings fill a settings
    # object under the variable's own name: the target is not the environment.
    got = uses(
        "app.py",
        'import os\nimport environ\nenv = environ.Env()\napp.config["SECRET_KEY"] = os.environ.get("SECRET_KEY")\n'
        'WGER_SETTINGS["USE_CELERY"] = env.bool("USE_CELERY", False)\n'
        'os.environ["W"] = "1"\nos.environ["KEEP"] = os.environ.get("KEEP", "d")\n',
    )
    assert got == {
        "SECRET_KEY": ("read", False),
        "USE_CELERY": ("read", True),
        "W": ("set", False),
        "KEEP": ("read", True),
    }
    got = uses(
        "a.ts",
        'config.PORT = process.env.PORT;\nprocess.env.W = "1";\nsettings["HOST"] = process.env["HOST"] ?? "x";\n',
    )
    assert got == {"PORT": ("read", False), "W": ("set", False), "HOST": ("read", True)}
