"""A plain check keeps in memory only the files that name a word the stale-* rules look for, and
answers as a scan that keeps every file's bytes does."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrations_drift.config import Settings
from integrations_drift.doc.parse import parse_document
from integrations_drift.engine import collect, run_check
from tests.gitrepo import make_repo

DOC = """# External Integrations

## Caching

| Service | Type | Purpose | Configuration Location |
|---------|------|---------|------------------------|
| Memcached | Cache | Pages | `src/c.py` |
| Mailgun | Email | Receipts | `src/c.py` |

## Environment Variables

| Variable | Required | Purpose | Example |
|---|---|---|---|
| `LEGACY_TOKEN` | No | old token | `x` |
| `GONE_VAR` | No | nothing | `x` |
| `FAMILY_*` | No | a family | `x` |
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    files: dict[str, str | bytes] = {
        "INTEGRATIONS.md": DOC,
        "src/a.py": 'registry = {}\nvalue = registry["LEGACY_TOKEN"]\n',
        "src/b.py": "FAMILY = 1\n",
        "src/c.py": "# mailgun was here\nclient = MEMCACHED_POOL.connect()\n",
    }
    for i in range(30):
        files[f"src/filler{i}.py"] = f"def f{i}(x):\n    return x + {i}\n"
    return make_repo(tmp_path / "repo", files)


def _kinds(root: Path) -> list[tuple[str, str]]:
    return [(f.kind, f.subject) for f in run_check(root, Settings()).report.findings]


def test_only_mentioning_files_stay_in_memory(repo: Path) -> None:
    doc = parse_document((repo / "INTEGRATIONS.md").read_bytes(), "INTEGRATIONS.md")
    kept = collect(repo, Settings(), "INTEGRATIONS.md", docs=[doc]).evidence.code_texts
    assert sorted(kept) == ["src/a.py", "src/b.py", "src/c.py"]
    assert len(collect(repo, Settings(), "INTEGRATIONS.md").evidence.code_texts) == 33


def test_same_findings_as_keeping_every_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _kinds(repo)
    stale = {s for k, s in fast if k.startswith("stale")}
    assert stale == {"GONE_VAR", "Mailgun"}
    monkeypatch.setenv("INTEGRATIONS_DRIFT_REFERENCE", "1")
    assert _kinds(repo) == fast
