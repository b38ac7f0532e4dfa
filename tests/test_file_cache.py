"""The per-file cache (scan/filecache.py): a warm run reads only the files no record vouches for,
and answers exactly as a run without a cache, for changes of every kind; a corrupt or hostile cache
folder is ignored."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from integrations_drift.cli import main
from integrations_drift.config import load_settings
from integrations_drift.engine import run_check
from integrations_drift.pr import run_pr_check
from integrations_drift.scan.filecache import DEFAULT_DIR, ENV_VAR
from tests.gitrepo import CLEAN, DOC, commit, git, make_repo, write

Files = dict[str, str | bytes]

# Many files every gate rejects, beside the ones that matter.
FILLER: Files = {
    f"app/util{i}.py": f"def helper_{i}(items):\n    return sorted(items)[:{i}]\n" for i in range(12)
}
BASE: Files = {
    **CLEAN,
    **FILLER,
    "INTEGRATIONS.md": DOC + "| `OLD_FLAG` | No | x | `1` |\n",
    "app/legacy.py": 'import os\n\nOLD = os.getenv("LEGACY_UNDOCUMENTED")\n',
    "app/flags.py": 'KNOWN = ["OLD_FLAG"]\n',
    "app/quiet_flag.py": 'LABEL = "HELPER_FLAG"\n',
    "app/ledger.py": "def book(entry):\n    return LedgerClient(entry)\n",
    "app/envutil.py": "def env_flag(name):\n    return False\n",
    "app/settings.py": "from app.envutil import env_flag\n\nX = env_flag('FLAG_X')\n",
    "app/names.py": 'TOKEN_VAR = "API_TOKEN"\n',
    "app/pay.py": "import stripe\n\nstripe.api_key = 'x'\n",
    "scripts/helper": "#!/bin/sh\necho hello\n",
    # Tooling by its path: its vendor classes count only once something runs it.
    "scripts/notify.py": "class Transport:\n    pass\n\n\nclass Slack(Transport):\n    pass\n\n\n"
    "class Pushover(Transport):\n    pass\n",
    "tools/gen.py": "def gen():\n    return 1\n",
    "web/index.ts": "export const x = 1;\n",
    # JS module resolution: web/lib/env.ts is quiet, yet the alias must find it (not web/env.ts)
    "tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@lib/*": ["web/lib/*"]}}}',
    "web/lib/env.ts": "export default { name: 'not the environment' };\n",
    "web/env.ts": "export default process.env;\n",
    "web/b.ts": 'import env from "@lib/env";\nexport const b = env.NOT_ENV;\n',
    "requirements.txt": "psycopg==3.2.1\n",
}

CHANGES: dict[str, Files] = {
    "env reads added and removed": {
        "app/legacy.py": "OLD = None\n",
        "app/util3.py": 'import os\nKEY = os.environ["STRIPE_SECRET_KEY"]\n',
        "web/index.ts": "export const x = process.env.WEB_TOKEN;\n",
    },
    "wrapper definition changed": {
        "app/envutil.py": "import os\n\n\ndef env_flag(name):\n    return os.getenv(name) == '1'\n",
    },
    "constant defined in an unchanged file": {
        "app/token.py": "import os\nfrom app.names import TOKEN_VAR\n\nTOKEN = os.environ[TOKEN_VAR]\n",
    },
    "manifest changed": {"requirements.txt": "psycopg==3.2.1\nstripe==7.0.0\n"},
    # The document names a word a quiet file holds: that file is kept for the mention checks.
    "document changed": {"INTEGRATIONS.md": DOC + "| `HELPER_FLAG` | No | x | `1` |\n"},
    # A service of the repository's own, whose client a quiet file constructs.
    "config changed": {
        ".integrations-drift.yml": "support_code: ['tools/**']\nexclude: ['app/util1*']\nservices:\n"
        "  - name: Acme Ledger\n    category: apis\n    kind: Accounting API\n    signals:\n"
        "      imports:\n        - regex: 'LedgerClient\\('\n          literal: LedgerClient\n"
    },
    "roles changed": {
        "Dockerfile": 'FROM python:3.12\nCOPY app app\nCMD ["python", "-m", "app"]\n',
        "Procfile": "worker: python scripts/notify.py\n",
    },
    "URL added to a quiet file": {"app/util5.py": 'URL = "https://api.stripe.com/v1/charges"\n'},
}
RENAME = "file renamed"


def _apply(repo: Path, change: str) -> None:
    if change == RENAME:
        git(repo, "mv", "app/util4.py", "app/moved4.py")
        git(repo, "mv", "app/settings.py", "app/config_settings.py")
    else:
        write(repo, CHANGES[change])
    commit(repo, change)


def _lines(out: str) -> list[str]:
    report = json.loads(out)
    return [json.dumps(f, sort_keys=True) for f in [*report["findings"], *(report.get("resolved") or [])]]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    main(["check", *args, "--format", "json"])
    return _lines(capsys.readouterr().out)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(ENV_VAR, str(folder))
    return folder


def _without_cache(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    with monkeypatch.context() as m:
        m.delenv(ENV_VAR)
        return _run(args, capsys)


@pytest.mark.parametrize("change", [*sorted(CHANGES), RENAME])
def test_warm_cache_answers_as_no_cache(
    change: str,
    tmp_path: Path,
    cache_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo = make_repo(tmp_path / "r", BASE)
    base = git(repo, "rev-parse", "HEAD")
    _run([str(repo)], capsys)  # fills the cache at base
    assert list(cache_dir.glob("files-*.json"))
    _apply(repo, change)
    for args in ([str(repo), "--base", base], [str(repo)]):
        warm = _run(args, capsys)
        assert warm == _without_cache(args, capsys, monkeypatch), (change, args)
        assert _run(args, capsys) == warm  # and again, from what this run wrote


def test_warm_run_does_not_read_quiet_files(tmp_path: Path, cache_dir: Path) -> None:
    repo = make_repo(tmp_path / "r", BASE)
    settings = load_settings(repo)
    cold = run_check(repo, settings)
    assert cold.index is not None and cold.index.cache is not None and cold.index.cache.hits == 0
    warm = run_check(repo, settings)
    assert warm.index is not None and warm.index.cache is not None
    # every filler file, the shell script, the tool and the TypeScript file at least
    assert warm.index.cache.hits >= len(FILLER) + 3
    assert warm.report.findings == cold.report.findings
    _apply(repo, "env reads added and removed")
    base = git(repo, "rev-parse", "HEAD~1")
    result, _ = run_pr_check(repo, settings, None, base, None, "new")
    assert result.index is not None and result.index.cache is not None
    assert result.index.cache.hits >= len(FILLER) + 1


def test_uncommitted_edit_of_a_quiet_file_is_read(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(tmp_path / "r", BASE)
    _run([str(repo)], capsys)
    write(repo, {"app/util7.py": 'import os\nSECRET = os.environ["UNCOMMITTED_READ"]\n'})
    found = _run([str(repo)], capsys)
    assert any("UNCOMMITTED_READ" in line for line in found)


def test_cache_is_off_unless_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "r", BASE)
    assert ENV_VAR not in os.environ
    plain = _run([str(repo)], capsys)
    assert not (repo / DEFAULT_DIR).exists()
    assert _run([str(repo), "--cache"], capsys) == plain
    assert list((repo / DEFAULT_DIR).glob("files-*.json"))
    # the folder ignores itself: git does not list it, so the scan does not see it
    assert git(repo, "status", "--porcelain") == ""
    assert _run([str(repo), "--cache"], capsys) == plain


def _record_file(folder: Path) -> Path:
    (found,) = folder.glob("files-*.json")
    return found


HOSTILE: dict[str, bytes] = {
    "not JSON": b"{not json",
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "wrong top level": b"[1, 2, 3]",
}


@pytest.mark.parametrize("kind", [*HOSTILE, "wrong types", "huge values", "wrong stamp"])
def test_hostile_records_are_ignored(
    kind: str,
    tmp_path: Path,
    cache_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo = make_repo(tmp_path / "r", {**BASE, "app/util2.py": 'import os\nA = os.environ["READ_IN_UTIL2"]\n'})
    want = _without_cache([str(repo)], capsys, monkeypatch)
    _run([str(repo)], capsys)
    target = _record_file(cache_dir)
    content = json.loads(target.read_text())
    blob = git(repo, "rev-parse", "HEAD:app/util2.py")
    if kind in HOSTILE:
        target.write_bytes(HOSTILE[kind])
    else:
        # Records that would hide the file with the env read, each odd in one way.
        odd: list[list[object]] = {
            "wrong types": [
                ["1", "python", False, False],
                [1, "python", 0, False],
                [1, "cobol", False, False],
            ],
            "huge values": [[1, "python" * 1_000_000, False, False], [10**30, "python", False, False]],
            "wrong stamp": [[1, "python", False, False]],
        }[kind]
        for i, value in enumerate(odd):
            content["files"][blob] = {"app/util2.py": value, "x" * 5000: [1, "", False, False]}
            if kind == "wrong stamp":
                content["stamp"] = "0" * 64
            target.write_text(json.dumps(content))
            assert _run([str(repo)], capsys) == want, (kind, i)
        return
    assert _run([str(repo)], capsys) == want
    assert _run([str(repo)], capsys) == want  # the rewritten file is sound


def test_a_lying_record_with_the_right_stamp_is_trusted(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The test above would pass with no cache at all: this one shows the records are used (and why
    the folder must come from a trusted source: see the README)."""
    repo = make_repo(tmp_path / "r", {**BASE, "app/util2.py": 'import os\nA = os.environ["READ_IN_UTIL2"]\n'})
    _run([str(repo)], capsys)
    target = _record_file(cache_dir)
    content = json.loads(target.read_text())
    blob = git(repo, "rev-parse", "HEAD:app/util2.py")
    content["files"][blob] = {"app/util2.py": [1, "python", False, False]}
    target.write_text(json.dumps(content))
    assert not any("READ_IN_UTIL2" in line for line in _run([str(repo)], capsys))


def test_symlinked_cache_folder_is_not_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    repo = make_repo(tmp_path / "r", BASE)
    want = _run([str(repo)], capsys)
    (repo / DEFAULT_DIR).symlink_to(outside, target_is_directory=True)
    assert _run([str(repo), "--cache"], capsys) == want
    assert list(outside.iterdir()) == []
    link = tmp_path / "link"
    link.symlink_to(outside, target_is_directory=True)
    monkeypatch.setenv(ENV_VAR, str(link))
    assert _run([str(repo)], capsys) == want
    assert list(outside.iterdir()) == []


def test_symlinked_record_file_is_not_read(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(tmp_path / "r", {**BASE, "app/util2.py": 'import os\nA = os.environ["READ_IN_UTIL2"]\n'})
    want = _run([str(repo)], capsys)
    target = _record_file(cache_dir)
    content = json.loads(target.read_text())
    blob = git(repo, "rev-parse", "HEAD:app/util2.py")
    content["files"][blob] = {"app/util2.py": [1, "python", False, False]}
    lie = tmp_path / "lie.json"
    lie.write_text(json.dumps(content))
    target.unlink()
    target.symlink_to(lie)
    assert _run([str(repo)], capsys) == want


def test_committed_cache_folder_is_not_trusted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A change cannot bring its own records: a cache folder holding tracked files is ignored."""
    repo = make_repo(tmp_path / "r", {**BASE, "app/util2.py": 'import os\nA = os.environ["READ_IN_UTIL2"]\n'})
    want = _run([str(repo), "--cache"], capsys)
    target = _record_file(repo / DEFAULT_DIR)
    content = json.loads(target.read_text())
    blob = git(repo, "rev-parse", "HEAD:app/util2.py")
    content["files"][blob] = {"app/util2.py": [1, "python", False, False]}
    target.write_text(json.dumps(content))
    git(repo, "add", "-f", DEFAULT_DIR)
    commit(repo, "bring records")
    assert any("READ_IN_UTIL2" in line for line in want)
    assert any("READ_IN_UTIL2" in line for line in _run([str(repo), "--cache"], capsys))


def test_records_of_other_trees_are_pruned(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(tmp_path / "r", BASE)
    _run([str(repo)], capsys)
    old = git(repo, "rev-parse", "HEAD:app/util0.py")
    assert old in _record_file(cache_dir).read_text()
    write(repo, {"app/util0.py": "def helper_0():\n    return 0\n"})
    commit(repo, "edit")
    _run([str(repo)], capsys)
    text = _record_file(cache_dir).read_text()
    assert old not in text
    assert git(repo, "rev-parse", "HEAD:app/util0.py") in text


def test_a_fifo_in_place_of_the_record_file_is_not_waited_on(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(tmp_path / "r", BASE)
    want = _run([str(repo)], capsys)
    target = _record_file(cache_dir)
    target.unlink()
    os.mkfifo(target)
    assert _run([str(repo)], capsys) == want
