"""Assigning a variable (``os.environ["X"] = …``) sets it for the process: not a read."""

from __future__ import annotations

from pathlib import Path

from integrations_drift.catalog import load_catalog
from integrations_drift.scan.env.operator import operator_reads
from integrations_drift.scan.env.scanner import scan_env
from integrations_drift.scan.evidence import gather
from integrations_drift.scan.files import FileIndex, is_support_path
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


def test_variables_handed_to_a_child_process_are_the_programs_own(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "internal/hooks").mkdir(parents=True)
    (repo / "internal/hooks/run.go").write_text(
        "package hooks\n\n"
        "func start(id int, dir string) error {\n"
        '\tcmd := exec.Command("git", "receive-pack", dir)\n'
        '\tcmd.Env = append(os.Environ(), "HOOK_GIST_ID="+strconv.Itoa(id))\n'
        '\tcmd.Env = append(cmd.Env, fmt.Sprintf("HOOK_DIR=%s", dir))\n'
        "\treturn cmd.Run()\n"
        "}\n"
    )
    (repo / "internal/hooks/post_receive.go").write_text(
        "package hooks\n\n"
        "func PostReceive() {\n"
        '\tid := os.Getenv("HOOK_GIST_ID")\n'
        '\tdir := os.Getenv("HOOK_DIR")\n'
        '\ttoken := os.Getenv("HOOK_API_TOKEN")\n'
        "\t_, _, _ = id, dir, token\n"
        "}\n"
    )
    index = FileIndex.build(repo)
    evidence = gather(repo, index, "INTEGRATIONS.md", load_catalog())
    assert list(operator_reads(evidence.env_refs, [])) == ["HOOK_API_TOKEN"]


def test_rust_command_env_is_the_programs_own(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    (repo / "src/spawn.rs").write_text(
        "pub fn spawn(port: u16) -> std::io::Result<()> {\n"
        '    Command::new("worker").env("WORKER_PORT", port.to_string()).spawn()?;\n'
        "    Ok(())\n"
        "}\n"
    )
    (repo / "tests").mkdir()
    (repo / "tests/cli.rs").write_text(
        '#[test]\nfn starts() {\n    Command::new("worker").env("WORKER_SECRET", "x").status().unwrap();\n}\n'
    )
    (repo / "src/worker.rs").write_text(
        "pub fn port() -> String {\n"
        '    let _ = std::env::var("WORKER_SECRET");\n'
        '    std::env::var("WORKER_PORT").unwrap()\n'
        "}\n"
    )
    index = FileIndex.build(repo)
    evidence = gather(repo, index, "INTEGRATIONS.md", load_catalog())
    assert list(operator_reads(evidence.env_refs, [])) == ["WORKER_SECRET"]
