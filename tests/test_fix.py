"""``integrations-drift fix`` end to end, on real git repositories in temporary folders."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrations_drift.cli import main
from integrations_drift.config import load_settings
from integrations_drift.engine import run_check
from integrations_drift.fix import run_fix
from tests.gitrepo import make_repo

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo"
FORMATS = ROOT / "tests" / "fixtures" / "formats"
FIXABLE = {
    "undocumented-env-var",
    "undocumented-service",
    "stale-env-var",
    "stale-service",
    "placeholder-row",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def findings(capsys: pytest.CaptureFixture[str], repo: Path) -> list[dict]:  # type: ignore[type-arg]
    main(["check", str(repo), "--format", "json"])
    out, _ = capsys.readouterr()
    return json.loads(out)["findings"]  # type: ignore[no-any-return]


def demo(tmp_path: Path) -> Path:
    repo = tmp_path / "demo"
    shutil.copytree(DEMO, repo)
    return make_repo(repo, {})


def test_fix_on_the_demo_leaves_only_what_needs_a_human(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = demo(tmp_path)
    before = {(f["kind"], f["subject"]) for f in findings(capsys, repo)}
    code, out, err = run(capsys, "fix", str(repo))
    assert code == 0 and out == ""
    assert "fixed 10 findings in INTEGRATIONS.md (1 needs a human)" in err
    assert "needs a human: missing-config-location worker/consumer.go at INTEGRATIONS.md:31" in err
    after = findings(capsys, repo)
    assert [(f["kind"], f["subject"]) for f in after] == [("missing-config-location", "worker/consumer.go")]
    assert ("missing-config-location", "app/mailer.py") in before
    text = (repo / "INTEGRATIONS.md").read_text(encoding="utf-8")
    assert "| Postmark | Receipts, password resets | `app/notify/mailer.py` |\n" in text
    assert "[e.g., SendGrid]" not in text
    assert "## File Storage\n\n| Service | Purpose | Configuration |\n" in text
    assert text.index("## File Storage") < text.index("## Email & Notifications")
    assert "| `STRIPE_WEBHOOK_SECRET` | Yes | TODO: what it configures | `<secret>` |\n" in text
    assert "| `MEMCACHED_SERVERS` | No | Old memcached pool ⚠️ stale" in text  # kept, marked
    # Idempotent: the second run changes nothing and says so.
    snapshot = (repo / "INTEGRATIONS.md").read_bytes()
    code, _, err = run(capsys, "fix", str(repo))
    assert code == 0 and "nothing to change in INTEGRATIONS.md (1 needs a human)" in err
    assert (repo / "INTEGRATIONS.md").read_bytes() == snapshot


def test_dry_run_prints_the_diff_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = demo(tmp_path)
    original = (repo / "INTEGRATIONS.md").read_bytes()
    mtime = (repo / "INTEGRATIONS.md").stat().st_mtime_ns
    code, out, err = run(capsys, "fix", str(repo), "--dry-run")
    assert code == 0
    assert out.startswith("--- a/INTEGRATIONS.md\n+++ b/INTEGRATIONS.md\n@@ ")
    assert "-| [e.g., SendGrid] |" in out and "+| `QUEUE_URL` | Yes |" in out
    assert "would fix 10 findings in INTEGRATIONS.md (1 needs a human); nothing written" in err
    assert (repo / "INTEGRATIONS.md").read_bytes() == original
    assert (repo / "INTEGRATIONS.md").stat().st_mtime_ns == mtime
    assert sorted(p.name for p in repo.iterdir() if p.name.startswith(".INTEGRATIONS")) == []


def test_only_limits_the_kinds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = demo(tmp_path)
    code, _, err = run(
        capsys, "fix", str(repo), "--only", "placeholder-row,stale-env-var", "--only", "stale-env-var"
    )
    assert code == 0 and "fixed 3 findings" in err
    kinds = {f["kind"] for f in findings(capsys, repo)}
    assert "placeholder-row" not in kinds and "stale-env-var" not in kinds
    assert {"undocumented-env-var", "missing-config-location", "undocumented-service"} <= kinds


@pytest.mark.parametrize("argv", [["--only", "no-such-kind"], ["--only", ","], ["--bogus"]])
def test_usage_errors_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    repo = demo(tmp_path)
    code, out, err = run(capsys, "fix", str(repo), *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("integrations-drift: error: ")
    assert "Traceback" not in err


def test_prune_removes_stale_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = demo(tmp_path)
    code, _, _ = run(capsys, "fix", str(repo), "--prune", "--only", "stale-env-var")
    assert code == 0
    text = (repo / "INTEGRATIONS.md").read_text(encoding="utf-8")
    assert "MEMCACHED_SERVERS" not in text and "LEGACY_CACHE_HOST" not in text
    assert "stale" not in text
    assert "| `VITE_API_URL` | No | Storefront's API base URL | `http://localhost:8000` |\n\n---\n" in text


def test_marked_rows_are_not_reported_as_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = demo(tmp_path)
    run(capsys, "fix", str(repo), "--only", "stale-env-var")
    kinds = {(f["kind"], f["subject"]) for f in findings(capsys, repo)}
    assert ("stale-env-var", "MEMCACHED_SERVERS") not in kinds
    # Removing the mark brings the finding back.
    doc = repo / "INTEGRATIONS.md"
    text = doc.read_text(encoding="utf-8")
    doc.write_text(
        text.replace(" ⚠️ stale — nothing in the code uses this (integrations-drift)", ""), encoding="utf-8"
    )
    kinds = {(f["kind"], f["subject"]) for f in findings(capsys, repo)}
    assert ("stale-env-var", "MEMCACHED_SERVERS") in kinds


def test_crlf_document_stays_crlf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "demo"
    shutil.copytree(DEMO, repo)
    doc = repo / "INTEGRATIONS.md"
    doc.write_bytes(b"\xef\xbb\xbf" + doc.read_bytes().replace(b"\n", b"\r\n"))
    make_repo(repo, {})
    code, _, _ = run(capsys, "fix", str(repo))
    assert code == 0
    data = doc.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# External Integrations\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"| `QUEUE_URL` | Yes | TODO: what it configures | `https://example.com` |\r\n" in data
    assert {f["kind"] for f in findings(capsys, repo)} == {"missing-config-location"}


def _fixture_repo(tmp_path: Path, name: str, code: dict[str, str | bytes]) -> Path:
    files: dict[str, str | bytes] = {"INTEGRATIONS.md": (FORMATS / name).read_bytes(), **code}
    return make_repo(tmp_path / "r", files)


BULLET_CODE: dict[str, str | bytes] = {
    "app/main.py": (
        "import os\nDB = os.environ['DATABASE_URL']\nR = os.getenv('REDIS_URL', 'x')\n"
        "S = os.environ['STRIPE_SECRET_KEY']\nA = os.environ['AUTH0_DOMAIN'], os.environ['AUTH0_CLIENT_ID']\n"
        "NEW = os.environ['NEW_REQUIRED']\nOPT = os.getenv('NEW_OPTIONAL', '1')\nD = os.getenv('SENTRY_DSN')\n"
    ),
    "requirements.txt": "stripe==11\nsentry-sdk==2\nresend==1\nredis==5\n",
}


@pytest.mark.parametrize("prune", [False, True])
def test_bullet_document(tmp_path: Path, capsys: pytest.CaptureFixture[str], prune: bool) -> None:
    repo = _fixture_repo(tmp_path, "INTEGRATIONS.bullets-example.md", BULLET_CODE)
    before = findings(capsys, repo)
    assert {f["kind"] for f in before} >= {"undocumented-env-var", "stale-env-var", "stale-service"}
    code, _, err = run(capsys, "fix", str(repo), *(["--prune"] if prune else []))
    assert code == 0, err
    after = findings(capsys, repo)
    assert not {f["kind"] for f in after} & FIXABLE
    text = (repo / "INTEGRATIONS.md").read_text(encoding="utf-8")
    assert "- `NEW_REQUIRED`\n" in text and "- `NEW_OPTIONAL`\n" in text
    assert "- Resend - TODO: what it is used for\n" in text
    assert ("Postmark" in text) is not prune
    snapshot = text
    run(capsys, "fix", str(repo), *(["--prune"] if prune else []))
    assert (repo / "INTEGRATIONS.md").read_text(encoding="utf-8") == snapshot


def test_template_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code_files: dict[str, str | bytes] = {
        "src/db.py": "import os\nimport psycopg\nURL = os.environ['DATABASE_URL']\nK = os.environ['OPENAI_API_KEY']\n",
        "requirements.txt": "psycopg==3.2\nopenai==1.0\n",
    }
    repo = _fixture_repo(tmp_path, "INTEGRATIONS.template.md", code_files)
    before = findings(capsys, repo)
    assert {f["kind"] for f in before} >= {"placeholder-row", "undocumented-env-var", "undocumented-service"}
    code, _, err = run(capsys, "fix", str(repo))
    assert code == 0, err
    assert not {f["kind"] for f in findings(capsys, repo)} & FIXABLE
    text = (repo / "INTEGRATIONS.md").read_text(encoding="utf-8")
    assert "| [e.g.," not in text  # placeholder rows are gone; the template's prose is not touched
    assert "> **Last Updated**: [DATE]\n" in text  # a placeholder, not a date: left alone
    assert "| `OPENAI_API_KEY` | Yes | TODO: what it configures | `<secret>` |\n" in text
    # Everything outside the edited rows is the template, byte for byte.
    template = (FORMATS / "INTEGRATIONS.template.md").read_text(encoding="utf-8")
    kept = [ln for ln in template.splitlines() if "| [e.g.," not in ln]
    lines = text.splitlines()
    it = iter(lines)
    assert all(any(ln == got for got in it) for ln in kept)


def _db_repo(tmp_path: Path, doc: str) -> Path:
    """A repository reading DATABASE_URL with a PostgreSQL driver, documented by ``doc``."""
    return make_repo(
        tmp_path / "r",
        {
            "INTEGRATIONS.md": doc,
            "app/db.py": "import os\nU = os.environ['DATABASE_URL']\n",
            "requirements.txt": "psycopg==3\n",
        },
    )


def test_missing_env_section_is_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = "# Integrations\n\n## Databases & Data Stores\n\n| Service | Purpose | Configuration Location |\n|---|---|---|\n| PostgreSQL | Store | `app/db.py` |\n\n---\n\n*footer*\n"
    repo = _db_repo(tmp_path, doc)
    code, _, _ = run(capsys, "fix", str(repo))
    assert code == 0
    text = (repo / "INTEGRATIONS.md").read_text(encoding="utf-8")
    assert text.endswith(
        "| PostgreSQL | Store | `app/db.py` |\n\n## Environment Variables\n\n| Variable | Required | Purpose | Example |\n"
        "|----------|----------|---------|---------|\n| `DATABASE_URL` | Yes | TODO: what it configures | `postgres://user:password@localhost:5432/app` |\n\n---\n\n*footer*\n"
    )
    assert findings(capsys, repo) == []


def test_clean_document_is_never_rewritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = "# I\n\n> **Last Updated**: 2020-01-01\n\n## Databases\n\n| Service | Purpose | Configuration Location |\n|---|---|---|\n| PostgreSQL | Store | `app/db.py` |\n\n## Environment Variables\n\n| Variable | Required | Purpose | Example |\n|---|---|---|---|\n| `DATABASE_URL` | Yes | x | y |\n"
    repo = _db_repo(tmp_path, doc)
    os.chmod(repo / "INTEGRATIONS.md", 0o600)
    inode = (repo / "INTEGRATIONS.md").stat().st_ino
    code, out, err = run(capsys, "fix", str(repo), "--dry-run")
    assert code == 0 and out == "" and "nothing to change" in err
    code, _, err = run(capsys, "fix", str(repo))
    assert "nothing to change in INTEGRATIONS.md (0 need a human)" in err
    assert (repo / "INTEGRATIONS.md").stat().st_ino == inode
    assert (repo / "INTEGRATIONS.md").read_text(encoding="utf-8") == doc


def test_written_atomically_keeping_the_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = demo(tmp_path)
    os.chmod(repo / "INTEGRATIONS.md", 0o640)
    inode = (repo / "INTEGRATIONS.md").stat().st_ino
    run(capsys, "fix", str(repo))
    st = (repo / "INTEGRATIONS.md").stat()
    assert st.st_ino != inode and st.st_mode & 0o777 == 0o640  # a new file renamed over the old one
    assert not [p for p in repo.iterdir() if p.name.endswith(".tmp")]


def test_a_symlinked_document_is_written_through_the_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "demo"
    shutil.copytree(DEMO, repo)
    real = repo / "docs" / "INTEGRATIONS.md"
    real.parent.mkdir()
    (repo / "INTEGRATIONS.md").rename(real)
    (repo / "INTEGRATIONS.md").symlink_to(Path("docs") / "INTEGRATIONS.md")
    make_repo(repo, {})
    code, _, err = run(capsys, "fix", str(repo))
    assert code == 0, err
    assert (repo / "INTEGRATIONS.md").is_symlink()
    assert "[e.g., SendGrid]" not in real.read_text(encoding="utf-8")


def test_run_fix_api_dry_run(tmp_path: Path) -> None:
    repo = demo(tmp_path)
    outcome = run_fix(repo, load_settings(repo, None), dry_run=True, only=frozenset({"placeholder-row"}))
    assert outcome.changed and not outcome.written
    assert [f.kind for f in outcome.fixed] == ["placeholder-row"]
    assert outcome.diff().count("\n-| [e.g., SendGrid]") == 1


HOSTILE = {
    "escaped pipes and tabs": "## Caching\n\n| Service\t| Purpose | Configuration |\n|---|---|---|\n| Redis | a \\| b\t| `app/x.py` \\| `y` |\n| Memcached | old | `gone.py` |\n",
    "no separator": "## Caching\n\n| Service | Purpose |\n| Redis | x |\n",
    "invalid utf-8": b"## Caching\n\n| Service | Purpose |\n|---|---|\n| Memcached \xff | x |\n",
    "ten thousand rows": "## Environment Variables\n\n| Variable | Required | Purpose | Example |\n|---|---|---|---|\n"
    + "".join(f"| `OLD_VAR_{i}` | No | p | x |\n" for i in range(10_000)),
    "nested quotes": "> " * 2000 + "x\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_documents_do_not_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    content = HOSTILE[name]
    repo = make_repo(
        tmp_path / "r",
        {
            "INTEGRATIONS.md": content,
            "app/x.py": "import os\nimport redis\nA = os.environ['NEW_VAR']\n",
            "requirements.txt": "redis==5\n",
        },
    )
    code, _, err = run(capsys, "fix", str(repo))
    assert code in (0, 2), err
    assert "Traceback" not in err
    if name == "invalid utf-8":
        assert code == 2 and "not valid UTF-8" in err and err.count("\n") == 1
        assert (repo / "INTEGRATIONS.md").read_bytes() == content
        return
    assert code == 0
    code, _, err = run(capsys, "fix", str(repo))
    assert code == 0, err
    snapshot = (repo / "INTEGRATIONS.md").read_bytes()
    code, _, err = run(capsys, "fix", str(repo))
    assert code == 0 and "nothing to change" in err
    assert (repo / "INTEGRATIONS.md").read_bytes() == snapshot


NAMES = [f"VAR_{c}" for c in "ABCDEFGH"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    read=st.sets(st.sampled_from(NAMES), max_size=6),
    documented=st.sets(st.sampled_from(NAMES), max_size=6),
    ending=st.sampled_from(["\n", "\r\n"]),
    aligned=st.booleans(),
    prune=st.booleans(),
)
def test_fix_is_idempotent_and_leaves_no_fixable_drift(
    read: set[str], documented: set[str], ending: str, aligned: bool, prune: bool
) -> None:
    rows = [f"`{n}`" for n in sorted(documented)]
    width = max([len(r) for r in rows] + [8])
    cell = (lambda t: t.ljust(width)) if aligned else (lambda t: t)
    lines = [
        "# Integrations",
        "",
        "> **Last Updated**: 2020-01-01",
        "",
        "## Environment Variables",
        "",
        f"| {cell('Variable')} | Required |",
        f"|{'-' * (width + 2)}|----------|",
        *(f"| {cell(r)} | Yes      |" for r in rows),
        "",
        "---",
        "",
        "*footer*",
    ]
    code = "import os\n" + "".join(f"{n.lower()} = os.environ['{n}']\n" for n in sorted(read))
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        (repo / "INTEGRATIONS.md").write_bytes(ending.join(lines).encode() + ending.encode())
        (repo / "app.py").write_text(code, encoding="utf-8")
        settings_ = load_settings(repo, None)
        first = run_fix(repo, settings_, prune=prune, today=date(2031, 1, 2))
        data = (repo / "INTEGRATIONS.md").read_bytes()
        assert first.changed == bool(read ^ documented)
        assert (b"2031-01-02" in data) == first.changed
        assert b"\n" not in data.replace(b"\r\n", b"") or ending == "\n"
        second = run_fix(repo, settings_, prune=prune, today=date(2032, 1, 2))
        assert not second.changed and (repo / "INTEGRATIONS.md").read_bytes() == data
        result = run_check(repo, settings_)
        assert not {f.kind for f in result.report.findings} & FIXABLE
        doc = result.doc.tables_of("env")[0]
        names = [r.cells[0].text for r in doc.rows]
        assert set(names) == {f"`{n}`" for n in (read if prune else read | documented)}
