"""PR mode keeps in memory only the files its rules read (as a plain check does) and reads the
others again when the base's rebase needs them. Its answer must equal the reference pass's, which
keeps every file's bytes: compared finding by finding, resolved ones included, over changes of
several kinds on real git repositories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from integrations_drift.cli import main
from tests.gitrepo import CLEAN, DOC, commit, git, make_repo, write

Files = dict[str, str | bytes]

BASE: Files = {
    **CLEAN,
    "INTEGRATIONS.md": DOC + "| `OLD_FLAG` | No | x | `1` |\n",
    "app/legacy.py": 'import os\n\nOLD = os.getenv("LEGACY_UNDOCUMENTED")\n',
    "app/flags.py": 'KNOWN = ["OLD_FLAG"]\n',
    "app/envutil.py": "def env_flag(name):\n    return False\n",
    "app/settings.py": "from app.envutil import env_flag\n\nX = env_flag('FLAG_X')\n",
    "app/names.py": 'TOKEN_VAR = "API_TOKEN"\n',
    "app/cache.py": "import redis\n\nclient = redis.Redis()\n",
    "requirements.txt": "psycopg==3.2.1\nredis==5.0.0\n",
}

CHANGES: dict[str, Files] = {
    "env reads added and removed": {
        "app/legacy.py": "OLD = None\n",
        "app/pay.py": 'import os\nKEY = os.environ["STRIPE_SECRET_KEY"]\n',
    },
    "wrapper definition changed": {
        "app/envutil.py": "import os\n\n\ndef env_flag(name):\n    return os.getenv(name) == '1'\n",
    },
    "constant defined in an unchanged file": {
        "app/token.py": "import os\nfrom app.names import TOKEN_VAR\n\nTOKEN = os.environ[TOKEN_VAR]\n",
    },
    "manifest changed": {
        "requirements.txt": "psycopg==3.2.1\nstripe==7.0.0\n",
        "app/pay.py": "import stripe\n\nstripe.api_key = 'x'\n",
    },
    # The head document no longer names OLD_FLAG, so the head scan does not keep app/flags.py;
    # the base's stale-env-var rule must still find the name there.
    "document row removed": {"INTEGRATIONS.md": DOC},
}


def report(repo: Path, base: str, capsys: pytest.CaptureFixture[str]) -> tuple[list[str], list[str]]:
    main(["check", str(repo), "--base", base, "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    lines = [json.dumps(f, sort_keys=True) for f in out["findings"]]
    return lines, [json.dumps(f, sort_keys=True) for f in out["resolved"]]


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_pr_mode_equals_the_reference_pass(
    change: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "r", BASE)
    base = git(repo, "rev-parse", "HEAD")
    write(repo, CHANGES[change])
    commit(repo, change)
    fast = report(repo, base, capsys)
    monkeypatch.setenv("INTEGRATIONS_DRIFT_REFERENCE", "1")
    assert report(repo, base, capsys) == fast


def test_base_document_words_reach_files_the_head_did_not_keep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(tmp_path / "r", BASE)
    base = git(repo, "rev-parse", "HEAD")
    write(repo, CHANGES["document row removed"])
    commit(repo, "drop the row")
    _, resolved = report(repo, base, capsys)
    # OLD_FLAG is named in app/flags.py at both commits: not stale at base, so nothing resolved.
    assert not [r for r in resolved if "OLD_FLAG" in r]


def test_wrapper_callers_read_again_at_base(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "r", BASE)
    base = git(repo, "rev-parse", "HEAD")
    write(repo, CHANGES["wrapper definition changed"])
    commit(repo, "flags from the environment")
    findings, _ = report(repo, base, capsys)
    new = [json.loads(f) for f in findings if json.loads(f)["change"] == "new"]
    assert [(f["kind"], f["subject"], f["locations"][0]["path"]) for f in new] == [
        ("undocumented-env-var", "FLAG_X", "app/settings.py")
    ]
