"""PR mode on real git repositories: new, existing and resolved drift between two commits."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from integrations_drift.cli import main
from tests.gitrepo import CLEAN, DOC, commit, git, make_repo, write

BASE_FILES = {**CLEAN, "app/legacy.py": 'import os\n\nOLD = os.getenv("LEGACY_UNDOCUMENTED")\n'}


def pr(capsys: pytest.CaptureFixture[str], repo: Path, base: str, *extra: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["check", str(repo), "--base", base, "--format", "json", *extra])
    out, err = capsys.readouterr()
    assert out, err
    return code, json.loads(out)


def labelled(report: dict) -> set[tuple[str, str, str]]:  # type: ignore[type-arg]
    return {(f["kind"], f["subject"], f["change"]) for f in report["findings"]}


def resolved(report: dict) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(f["kind"], f["subject"]) for f in report["resolved"]}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "r", BASE_FILES)


def test_added_read_is_new_and_old_drift_is_existing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    write(repo, {"app/pay.py": 'import os\nKEY = os.environ["STRIPE_SECRET_KEY"]\n'})
    head = commit(repo, "payments")
    code, report = pr(capsys, repo, base)
    assert (report["mode"], report["base"], report["head"]) == ("pr", base, head)
    assert labelled(report) == {
        ("undocumented-env-var", "STRIPE_SECRET_KEY", "new"),
        ("undocumented-env-var", "LEGACY_UNDOCUMENTED", "existing"),
    }
    assert code == 1


def test_only_existing_drift_passes_unless_scope_all(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    write(repo, {"README.md": "unrelated\n"})
    commit(repo, "docs")
    code, report = pr(capsys, repo, base)
    assert labelled(report) == {("undocumented-env-var", "LEGACY_UNDOCUMENTED", "existing")}
    assert code == 0
    code, _ = pr(capsys, repo, base, "--scope", "all")
    assert code == 1


def test_removed_read_makes_a_documented_variable_stale(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        repo,
        {
            "INTEGRATIONS.md": DOC + "| `CACHE_URL` | No | cache | `redis://localhost` |\n",
            "app/cache.py": 'import os\nC = os.getenv("CACHE_URL", "")\n',
        },
    )
    base = commit(repo, "cache")
    (repo / "app" / "cache.py").unlink()
    commit(repo, "drop cache")
    _, report = pr(capsys, repo, base)
    assert ("stale-env-var", "CACHE_URL", "new") in labelled(report)


def test_document_edits_resolve_drift_and_removed_rows_are_new_drift(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = git(repo, "rev-parse", "HEAD")
    fixed = DOC + "| `LEGACY_UNDOCUMENTED` | No | old flag | `1` |\n"
    write(
        repo,
        {
            "INTEGRATIONS.md": "<!-- reviewed -->\n\n"
            + fixed.replace("| `DATABASE_URL` | Yes | Database | `postgres://user:pass@localhost/db` |\n", "")
        },
    )
    commit(repo, "doc")
    code, report = pr(capsys, repo, base)
    assert resolved(report) == {("undocumented-env-var", "LEGACY_UNDOCUMENTED")}
    assert labelled(report) == {("undocumented-env-var", "DATABASE_URL", "new")}
    assert code == 1


def test_line_shifts_keep_existing_drift_existing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    write(
        repo,
        {
            "INTEGRATIONS.md": "# Notes\n\nLots of new prose.\n\n" + DOC,
            "app/legacy.py": '"""Moved down."""\nimport os\n\n\nOLD = os.getenv("LEGACY_UNDOCUMENTED")\n',
        },
    )
    commit(repo, "shift")
    code, report = pr(capsys, repo, base)
    assert labelled(report) == {("undocumented-env-var", "LEGACY_UNDOCUMENTED", "existing")}
    assert code == 0


def test_dependencies_added_and_removed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    write(repo, {"requirements.txt": "stripe==11.4.1\n"})
    commit(repo, "swap deps")
    _, report = pr(capsys, repo, base)
    got = labelled(report)
    assert ("undocumented-service", "Stripe", "new") in got
    # The driver was the last evidence of PostgreSQL (the document's own example does not count).
    assert ("stale-service", "PostgreSQL", "new") in got


def test_renamed_moved_and_deleted_config_files(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = (
        DOC.replace("`app/db.py`", "`app/db.py`, `config/database.yml`")
        + "\n## Caching\n\n| Service | Purpose | TTL Defaults | Configuration |\n|---|---|---|---|\n| Redis | cache | 1h | `app/cache_config.py` |\n"
    )
    write(
        repo,
        {
            "INTEGRATIONS.md": doc,
            "config/database.yml": "default: {adapter: postgresql}\n" * 3,
            "app/cache_config.py": "REDIS = 'redis://localhost:6379/0'\n",
        },
    )
    base = commit(repo, "config")
    (repo / "app" / "database").mkdir()
    git(repo, "mv", "app/db.py", "app/database/connection.py")
    (repo / "config" / "database.yml").unlink()
    git(repo, "mv", "app/cache_config.py", "settings_cache.py")
    commit(repo, "restructure")
    _, report = pr(capsys, repo, base)
    found = {f["subject"]: f for f in report["findings"] if f["kind"] == "missing-config-location"}
    assert set(found) == {"app/db.py", "config/database.yml", "app/cache_config.py"}
    assert all(f["change"] == "new" for f in found.values())
    assert "`app/database/connection.py`" in found["app/db.py"]["suggestion"]["cells"][3]
    assert found["app/cache_config.py"]["suggestion"]["cells"][3] == "`settings_cache.py`"
    deleted = found["config/database.yml"]
    assert deleted["suggestion"]["action"] == "remove-row"


def test_merge_commit_as_head_and_base_not_an_ancestor(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, {"app/feature.py": 'import os\nF = os.getenv("FEATURE_TOKEN")\n'})
    commit(repo, "feature")
    git(repo, "checkout", "-q", "main")
    write(repo, {"app/other.py": 'import os\nO = os.getenv("OTHER_TOKEN")\n'})
    commit(repo, "main moves on")
    git(repo, "merge", "-q", "--no-edit", "feature")
    _, report = pr(capsys, repo, base)
    assert {s for k, s, c in labelled(report) if c == "new"} == {"FEATURE_TOKEN", "OTHER_TOKEN"}
    # A force-pushed branch: the old base is not an ancestor of head any more.
    git(repo, "checkout", "-q", "--orphan", "rewritten")
    write(repo, {"app/feature.py": 'import os\nF = os.getenv("FEATURE_TOKEN")\n'})
    commit(repo, "rewritten history")
    _, report = pr(capsys, repo, base)
    assert ("undocumented-env-var", "FEATURE_TOKEN", "new") in labelled(report)
    assert ("undocumented-env-var", "LEGACY_UNDOCUMENTED", "existing") in labelled(report)


def test_wrapper_change_reaches_unchanged_callers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(
        tmp_path / "w",
        {
            **BASE_FILES,
            "INTEGRATIONS.md": DOC + "| `LEGACY_UNDOCUMENTED` | No | x | `1` |\n",
            "app/envutil.py": "def env_flag(name):\n    return False\n",
            "app/settings.py": "from app.envutil import env_flag\n\nX = env_flag('FLAG_X')\n",
        },
    )
    base = git(repo, "rev-parse", "HEAD")
    # Only envutil.py changes, yet settings.py (unchanged) now reads FLAG_X through it.
    write(repo, {"app/envutil.py": "import os\n\n\ndef env_flag(name):\n    return os.getenv(name) == '1'\n"})
    commit(repo, "flags from the environment")
    _, report = pr(capsys, repo, base)
    assert labelled(report) == {("undocumented-env-var", "FLAG_X", "new")}
    (f,) = report["findings"]
    assert f["locations"] == [{"path": "app/settings.py", "line": 3}]


def test_shallow_clone_fetches_the_base_or_says_how(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    origin = make_repo(tmp_path / "origin", BASE_FILES)
    base = git(origin, "rev-parse", "HEAD")
    write(origin, {"app/pay.py": 'import os\nKEY = os.environ["STRIPE_SECRET_KEY"]\n'})
    commit(origin, "payments")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth=1", f"file://{origin}", str(clone)], check=True)
    with pytest.raises(subprocess.CalledProcessError):
        git(clone, "cat-file", "-e", base)
    _, report = pr(capsys, clone, base)
    assert labelled(report) == {
        ("undocumented-env-var", "STRIPE_SECRET_KEY", "new"),
        ("undocumented-env-var", "LEGACY_UNDOCUMENTED", "existing"),
    }
    lonely = tmp_path / "lonely"
    subprocess.run(["git", "clone", "-q", "--depth=1", f"file://{origin}", str(lonely)], check=True)
    git(lonely, "remote", "remove", "origin")
    code = main(["check", str(lonely), "--base", base])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1
    assert "fetch-depth: 0" in err and "shallow" in err


def test_repository_owned_by_another_user(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to give the repository to another uid")
    base = git(repo, "rev-parse", "HEAD")
    write(repo, {"app/pay.py": 'import os\nKEY = os.environ["STRIPE_SECRET_KEY"]\n'})
    commit(repo, "payments")
    for path in [repo, *repo.rglob("*")]:
        os.lchown(path, 4242, 4242)
    env_home = repo.parent / "home"
    env_home.mkdir()
    old_home = os.environ.get("HOME")
    os.environ["HOME"] = str(env_home)  # no global safe.directory to lean on
    try:
        with pytest.raises(subprocess.CalledProcessError):
            subprocess.run(["git", "-C", str(repo), "status"], check=True, capture_output=True)
        code, report = pr(capsys, repo, base)
    finally:
        if old_home is not None:
            os.environ["HOME"] = old_home
    assert ("undocumented-env-var", "STRIPE_SECRET_KEY", "new") in labelled(report)
    assert code == 1


def test_usage_errors(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(repo), "--head", "HEAD"]) == 2
    assert "--head needs --base" in capsys.readouterr().err
    assert main(["check", str(repo), "--base", "no-such-ref"]) == 2
    err = capsys.readouterr().err
    assert "no-such-ref" in err and err.count("\n") == 1
    plain = repo.parent / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    assert main(["check", str(plain), "--base", "HEAD~1"]) == 2
    assert "git repository" in capsys.readouterr().err


def test_baseline_and_inline_ignores_apply_in_pr_mode(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    write(
        repo,
        {
            "app/pay.py": 'import os\nKEY = os.environ["STRIPE_SECRET_KEY"]\nHOOK = os.environ["HOOK_SECRET"]  # integrations-drift: ignore[undocumented-env-var]\n',
        },
    )
    commit(repo, "payments")
    assert main(["baseline", str(repo)]) == 0
    capsys.readouterr()
    code, report = pr(capsys, repo, base, "--baseline", ".integrations-drift-baseline.yml")
    assert (code, report["findings"]) == (0, [])
    write(repo, {"app/more.py": 'import os\nX = os.environ["BRAND_NEW"]\n'})
    commit(repo, "more")
    code, report = pr(capsys, repo, base, "--baseline", ".integrations-drift-baseline.yml")
    assert (code, labelled(report)) == (1, {("undocumented-env-var", "BRAND_NEW", "new")})


def test_document_moved_in_the_change(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    (repo / "docs").mkdir()
    git(repo, "mv", "INTEGRATIONS.md", "docs/INTEGRATIONS.md")
    commit(repo, "move the document")
    code, report = pr(capsys, repo, base)
    assert report["doc"] == "docs/INTEGRATIONS.md"
    assert labelled(report) == {("undocumented-env-var", "LEGACY_UNDOCUMENTED", "existing")}
    assert code == 0


def test_head_other_than_the_checkout(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, {"app/pay.py": 'import os\nKEY = os.environ["STRIPE_SECRET_KEY"]\n'})
    head = commit(repo, "payments")
    git(repo, "checkout", "-q", "main")
    assert not (repo / "app" / "pay.py").exists()
    code, report = pr(capsys, repo, base, "--head", head)
    assert report["head"] == head
    assert ("undocumented-env-var", "STRIPE_SECRET_KEY", "new") in labelled(report)
    assert code == 1
    # A dirty working tree is never mistaken for the head commit.
    write(repo, {"app/local.py": 'import os\nos.environ["LOCAL_ONLY"]\n'})
    git(repo, "add", "app/local.py")
    _, report = pr(capsys, repo, base, "--head", "main")
    assert not any(s == "LOCAL_ONLY" for _, s, _ in labelled(report))
