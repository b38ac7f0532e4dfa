"""Monorepos: REPO as a folder inside a work tree, the config found walking up, several documents
each checked against its own part of one scan; and the command-line conventions around them."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from integrations_drift import __version__
from integrations_drift.cli import colour_wanted, main
from integrations_drift.scan import files as files_module
from tests.gitrepo import commit, git, make_repo, write

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"

API_DOC = """# External Integrations

## Environment Variables

| Variable | Required | Purpose | Example |
|----------|----------|---------|---------|
| `API_TOKEN` | Yes | Auth | `tok` |
"""

ROOT_DOC = """# External Integrations

## Environment Variables

| Variable | Required | Purpose | Example |
|----------|----------|---------|---------|
| `ROOT_ONLY` | Yes | Root | `x` |
"""

MONO: dict[str, str | bytes] = {
    "INTEGRATIONS.md": ROOT_DOC,
    "tools/run.py": 'import os\nX = os.environ["ROOT_ONLY"]\n',
    "services/api/INTEGRATIONS.md": API_DOC,
    "services/api/src/app.py": 'import os\nT = os.environ["API_TOKEN"]\n',
    "services/web/main.py": 'import os\nW = os.environ["WEB_SECRET"]\n',
    ".gitignore": "generated/\n",
    "services/api/generated/out.py": 'import os\nG = os.environ["GENERATED_ONLY"]\n',
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def report_of(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code, out, _ = run(capsys, "check", *argv, "--format", "json")
    return code, json.loads(out)


def subjects(report: dict) -> set[tuple[str | None, str, str]]:  # type: ignore[type-arg]
    return {(f["doc"], f["kind"], f["subject"]) for f in report["findings"]}


def test_subfolder_is_its_part_with_git_ignore_and_root_relative_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(
        tmp_path / "r", {**MONO, "services/api/src/extra.py": 'import os\nos.getenv("NEW_ONE")\n'}
    )
    code, report = report_of(capsys, str(repo / "services" / "api"))
    assert code == 1
    assert report["doc"] == "services/api/INTEGRATIONS.md"
    assert subjects(report) == {(None, "undocumented-env-var", "NEW_ONE")}  # not the git-ignored file
    (finding,) = report["findings"]
    assert finding["locations"][0]["path"] == "services/api/src/extra.py"  # from the repository root
    # Only the part and the top-level files are read: services/web is not.
    assert report["files_scanned"] == 5  # both documents, .gitignore, app.py, extra.py


def test_subfolder_without_a_document_uses_the_nearest_one_above(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(tmp_path / "r", MONO)
    code, report = report_of(capsys, str(repo / "services" / "web"))
    assert report["doc"] == "INTEGRATIONS.md"
    assert ("undocumented-env-var", "WEB_SECRET") in {(k, s) for _, k, s in subjects(report)}
    assert code == 1


def test_pr_mode_from_a_subfolder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "r", MONO)
    base = git(repo, "rev-parse", "HEAD")
    write(repo, {"services/api/src/pay.py": 'import os\nK = os.environ["PAY_KEY"]\n'})
    commit(repo, "pay")
    code, report = report_of(capsys, str(repo / "services" / "api"), "--base", base)
    assert code == 1
    assert report["mode"] == "pr"
    assert [(f["subject"], f["change"]) for f in report["findings"]] == [("PAY_KEY", "new")]
    assert report["findings"][0]["locations"][0]["path"] == "services/api/src/pay.py"


def test_config_is_found_walking_up_from_the_subfolder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(
        tmp_path / "r",
        {
            **MONO,
            "services/api/src/extra.py": 'import os\nos.getenv("NEW_ONE")\n',
            ".integrations-drift.yml": "fail-on: never\n",
        },
    )
    code, _ = report_of(capsys, str(repo / "services" / "api"))
    assert code == 0  # the root's config applies
    write(repo, {"services/api/.integrations-drift.yml": "fail-on: error\n"})
    code, _ = report_of(capsys, str(repo / "services" / "api"))
    assert code == 1  # the nearest one wins
    cwd = os.getcwd()
    os.chdir(repo / "services" / "api" / "src")
    try:
        code, report = report_of(capsys)
    finally:
        os.chdir(cwd)
    assert code == 1 and report["doc"] == "services/api/INTEGRATIONS.md"


def test_several_documents_in_one_scan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(
        tmp_path / "r",
        {
            **MONO,
            ".integrations-drift.yml": (
                "docs:\n  - doc: INTEGRATIONS.md\n  - doc: services/api/INTEGRATIONS.md\n"
                "    root: services/api\n"
            ),
        },
    )
    builds: list[Path] = []
    original = files_module.FileIndex.build.__func__  # type: ignore[attr-defined]

    def counting(cls, root, *args, **kwargs):  # type: ignore[no-untyped-def]
        builds.append(root)
        return original(cls, root, *args, **kwargs)

    monkeypatch.setattr(files_module.FileIndex, "build", classmethod(counting))
    code, report = report_of(capsys, str(repo))
    assert len(builds) == 1  # one scan for both documents
    assert code == 1
    assert report["documents"] == ["INTEGRATIONS.md", "services/api/INTEGRATIONS.md"]
    # The root document covers the tree less services/api: WEB_SECRET is its drift, API_TOKEN is not.
    assert subjects(report) == {("INTEGRATIONS.md", "undocumented-env-var", "WEB_SECRET")}
    code, report = report_of(capsys, str(repo / "services" / "api"))
    assert (code, report["doc"], report["documents"]) == (0, "services/api/INTEGRATIONS.md", [])
    code, report = report_of(capsys, str(repo / "services" / "web"))  # the config's document holding it
    assert (code, report["doc"]) == (1, "INTEGRATIONS.md")
    assert run(capsys, "check", str(repo), "--doc", "INTEGRATIONS.md", "--all-docs")[0] == 2


def test_all_docs_and_text_report_grouped_by_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(
        tmp_path / "r",
        {**MONO, "services/api/src/more.py": 'import os\nos.getenv("API_EXTRA")\n', "services/web/x": ""},
    )
    code, report = report_of(capsys, str(repo), "--all-docs")
    assert code == 1
    assert subjects(report) == {
        ("INTEGRATIONS.md", "undocumented-env-var", "WEB_SECRET"),
        ("services/api/INTEGRATIONS.md", "undocumented-env-var", "API_EXTRA"),
    }
    code, out, _ = run(capsys, "check", str(repo), "--all-docs")
    assert "== INTEGRATIONS.md: 1 finding" in out
    assert "== services/api/INTEGRATIONS.md: 1 finding" in out
    assert out.rstrip().splitlines()[-1].startswith("2 documents: 2 errors")
    _, out, _ = run(capsys, "check", str(repo), "--all-docs", "--format", "markdown")
    assert out.startswith("### integrations-drift: `INTEGRATIONS.md`, `services/api/INTEGRATIONS.md`")
    assert "  - document: `services/api/INTEGRATIONS.md`" in out


def test_shared_root_manifest_counts_for_every_part(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = API_DOC + "\n## Databases & Data Stores\n\n| Service | Type | Purpose | Configuration Location |\n"
    doc += "|---|---|---|---|\n| PostgreSQL | Relational DB | Store | `src/app.py` |\n"
    repo = make_repo(
        tmp_path / "r",
        {**MONO, "services/api/INTEGRATIONS.md": doc, "requirements.txt": "psycopg==3.2.1\nstripe==8.0.0\n"},
    )
    code, report = report_of(capsys, str(repo / "services" / "api"))
    # PostgreSQL is backed by the root manifest; `src/app.py` is found relative to the part.
    assert not any(f["kind"] in ("stale-service", "missing-config-location") for f in report["findings"])
    # Stripe, declared at the root, is no reason for a row in every part's document.
    assert not any(f["kind"] == "undocumented-service" for f in report["findings"])
    assert code == 0


def test_demo_nested_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "demo"
    shutil.copytree(DEMO, repo)
    make_repo(repo, {})
    _, report = report_of(capsys, str(repo), "--all-docs")
    assert report["documents"] == ["INTEGRATIONS.md", "worker/INTEGRATIONS.md"]
    found = subjects(report)
    assert {(k, s) for d, k, s in found if d == "worker/INTEGRATIONS.md"} == {
        ("stale-env-var", "AMQP_PREFETCH")
    }
    root = {(k, s) for d, k, s in found if d == "INTEGRATIONS.md"}
    assert ("undocumented-env-var", "QUEUE_URL") not in root  # the worker's document has it
    assert ("stale-service", "RabbitMQ") in root  # the worker's part is no longer the root document's
    code, _ = report_of(capsys, str(repo / "worker"))
    assert code == 0  # a warning only


def test_fix_edits_each_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(
        tmp_path / "r", {**MONO, "services/api/src/more.py": 'import os\nos.getenv("API_EXTRA")\n'}
    )
    code, _, _ = run(capsys, "fix", str(repo), "--all-docs")
    assert code == 0
    assert "`WEB_SECRET`" in (repo / "INTEGRATIONS.md").read_text()
    api = (repo / "services/api/INTEGRATIONS.md").read_text()
    assert "`API_EXTRA`" in api and "WEB_SECRET" not in api
    code, _ = report_of(capsys, str(repo), "--all-docs")
    assert code == 0


def test_select_ignore_quiet_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(
        tmp_path / "r",
        {
            "INTEGRATIONS.md": API_DOC
            + "| `GONE_VAR` | Yes | Old | `x` |\n| `LEGACY_NAMED` | No | Old | `x` |\n",
            "app/a.py": 'import os\nos.environ["API_TOKEN"]\nos.getenv("NEW_VAR")\n',
            "tests/test_a.py": 'import os\nos.getenv("TEST_ONLY_VAR")\n',
            "app/names.py": 'KNOWN = ["LEGACY_NAMED"]\n',
        },
    )
    _, report = report_of(capsys, str(repo))
    assert {f["kind"] for f in report["findings"]} == {"undocumented-env-var", "stale-env-var"}
    code, report = report_of(capsys, str(repo), "--select", "stale-env-var")
    assert {f["kind"] for f in report["findings"]} == {"stale-env-var"} and code == 0
    code, report = report_of(capsys, str(repo), "--ignore", "undocumented-env-var,placeholder-row")
    assert {f["kind"] for f in report["findings"]} == {"stale-env-var"}
    assert run(capsys, "check", str(repo), "--select", "no-such-kind")[0] == 2
    code, out, _ = run(capsys, "check", str(repo), "-q")
    assert code == 1 and out.count("\n") == 1 and out.startswith("INTEGRATIONS.md: 1 error, 1 warning")
    code, _, err = run(capsys, "check", str(repo), "-v", "--ignore", "stale-env-var")
    assert "TEST_ONLY_VAR: read only in test or tooling code" in err
    assert "not reported: stale-env-var GONE_VAR" in err
    assert (
        "not reported: stale-env-var LEGACY_NAMED: still named in code at app/names.py:1 (safety net)" in err
    )
    write(
        repo, {".integrations-drift.yml": "ignore: [undocumented-env-var]\nselect: [undocumented-env-var]\n"}
    )
    code, report = report_of(capsys, str(repo))
    assert report["findings"] == [] and code == 0


def test_file_and_block_ignore_comments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(
        tmp_path / "r",
        {
            "INTEGRATIONS.md": API_DOC,
            "app/a.py": 'import os\nos.environ["API_TOKEN"]\n',
            "app/whole.py": '# integrations-drift: ignore-file[undocumented-env-var]\nimport os\nos.getenv("A1")\n',
            "app/block.py": (
                "import os\n# integrations-drift: disable[undocumented-env-var]\n"
                'os.getenv("B1")\n# integrations-drift: enable[undocumented-env-var]\nos.getenv("B2")\n'
            ),
            "app/other.py": '# integrations-drift: ignore-file[stale-env-var]\nimport os\nos.getenv("C1")\n',
        },
    )
    _, report = report_of(capsys, str(repo))
    assert {f["subject"] for f in report["findings"]} == {"B2", "C1"}
    assert report["suppressed"]["inline"] == 2


def test_version_colour_completion_and_init_outside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["-V"])
    assert capsys.readouterr().out.strip() == f"integrations-drift {__version__}"
    assert __version__ != "0+unknown"
    assert colour_wanted(True, {"NO_COLOR": ""}) is True  # empty: not set, per no-color.org
    assert colour_wanted(True, {"NO_COLOR": "1"}) is False
    assert colour_wanted(False, {"FORCE_COLOR": "1"}) is True
    assert colour_wanted(False, {}) is False
    with pytest.raises(SystemExit):
        main(["--print-completion", "bash"])
    assert "integrations-drift" in capsys.readouterr().out
    repo = make_repo(tmp_path / "r", {"app/a.py": 'import os\nos.getenv("SOME_VAR")\n'})
    outside = tmp_path / "drafts" / "draft.md"
    outside.parent.mkdir()
    code, _, _ = run(capsys, "init", str(repo), "--output", str(outside))
    assert code == 0 and "`SOME_VAR`" in outside.read_text()
    assert not (repo / "INTEGRATIONS.md").exists()


def test_part_under_an_examples_folder_is_application_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = API_DOC + "\n## Caching\n\n| Service | Purpose | Configuration |\n|---|---|---|\n"
    doc += "| Redis | Cache | `src/redis.py` |\n"
    repo = make_repo(
        tmp_path / "r",
        {
            "examples/shop/INTEGRATIONS.md": doc,
            "examples/shop/src/app.py": 'import os\nT = os.environ["API_TOKEN"]\nN = os.getenv("SHOP_NEW")\n',
            "examples/shop/src/cache/redis.py": "import redis\n",
        },
    )
    _, report = report_of(capsys, str(repo / "examples" / "shop"))
    found = {(f["kind"], f["subject"]): f for f in report["findings"]}
    assert ("undocumented-env-var", "SHOP_NEW") in found  # not example code inside its own part
    moved = found[("missing-config-location", "src/redis.py")]
    assert moved["suggestion"]["cells"][-1] == "`src/cache/redis.py`"  # written as the document writes paths
