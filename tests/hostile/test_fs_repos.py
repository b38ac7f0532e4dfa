"""Hostile repositories and documents: a result or a clear finding, in bounded time, and nothing
read from outside the repository."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.gitrepo import CLEAN, DOC, make_repo, write
from tests.hostile.helpers import cli, no_traceback


def check_json(repo: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    run = no_traceback(cli("check", str(repo), "--format", "json", *extra))
    return json.loads(run.out)  # type: ignore[no-any-return]


def kinds(report: dict) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(f["kind"], f["subject"]) for f in report["findings"]}


def test_binary_files_with_source_extensions(tmp_path: Path) -> None:
    blob = bytes(range(256)) * 64 + b'os.getenv("BINARY_SECRET_NAME")'
    repo = make_repo(tmp_path / "r", {**CLEAN, "app/blob.py": blob, "lib/x.js": b"\0\xff" * 5000})
    report = check_json(repo)
    assert not any("BINARY_SECRET_NAME" in s for _, s in kinds(report))


def test_invalid_utf8_and_nul_in_source(tmp_path: Path) -> None:
    bad = b'import os\nA = os.getenv("LATIN_\xe9_X")\nB = os.getenv("AFTER_BAD_BYTES")\n'
    repo = make_repo(tmp_path / "r", {**CLEAN, "app/bad.py": bad, "app/nul.py": b"x = 1\0\n"})
    assert ("undocumented-env-var", "AFTER_BAD_BYTES") in kinds(check_json(repo))


def test_a_million_line_file(tmp_path: Path) -> None:
    # 1,000,000 lines in 1.9 MB (under the per-file limit), the read on the last one.
    text = "import os\n" + "\n" * 999_998 + 'Z = os.getenv("DEEP_IN_A_LONG_FILE")\n'
    assert text.count("\n") == 1_000_000
    repo = make_repo(tmp_path / "r", {**CLEAN, "app/long.py": text})
    report = check_json(repo)
    found = [f for f in report["findings"] if f["subject"] == "DEEP_IN_A_LONG_FILE"]
    assert found and found[0]["locations"][0]["line"] == 1_000_000


def test_symlink_loops_and_links_out_of_the_repository(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.py").write_text('import os\nos.getenv("OUTSIDE_ONLY_VAR")\n')
    repo = make_repo(tmp_path / "r", CLEAN)
    (repo / "loop_a").symlink_to("loop_b")
    (repo / "loop_b").symlink_to("loop_a")
    (repo / "self").symlink_to(".")
    (repo / "etc").symlink_to("/etc")
    (repo / "passwd.py").symlink_to("/etc/passwd")
    (repo / "out").symlink_to(outside)
    report = check_json(repo)
    assert not any("OUTSIDE_ONLY_VAR" in s for _, s in kinds(report))
    assert not any("root:" in f["message"] for f in report["findings"])


@pytest.mark.parametrize(
    "cell",
    [
        "`../../etc/passwd`",
        "`/etc/passwd`",
        "https://example.com/x.py",
        "`~/secrets.py`",
        "`app\\db.py`",
        "`C:\\x.py`",
    ],
)
def test_location_cells_that_point_away(tmp_path: Path, cell: str) -> None:
    doc = DOC.replace("`app/db.py`", cell)
    repo = make_repo(tmp_path / "r", {**CLEAN, "INTEGRATIONS.md": doc})
    report = check_json(repo)
    # Never followed out of the repository; a backslash path inside it is read as a posix one.
    assert not any("root:x" in f["message"] for f in report["findings"])


def test_location_cell_with_dotdot_is_reported(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "r", {**CLEAN, "INTEGRATIONS.md": DOC.replace("`app/db.py`", "`../../etc/passwd`")}
    )
    assert any(k == "missing-config-location" for k, _ in kinds(check_json(repo)))


WEIRD_NAMES = [
    "with space.py",
    "new\nline.py",
    "-leading-dash.py",
    "$(touch pwned).py",
    "::set-output name=x::y.py",
]


def test_weird_file_names(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = dict(CLEAN)
    for i, name in enumerate(WEIRD_NAMES):
        files[f"app/{name}"] = f'import os\nos.getenv("WEIRD_NAME_VAR_{i}")\n'
    repo = make_repo(tmp_path / "r", files)
    report = check_json(repo)
    found = {s for k, s in kinds(report) if k == "undocumented-env-var"}
    assert {f"WEIRD_NAME_VAR_{i}" for i in range(len(WEIRD_NAMES))} <= found
    assert not (repo / "pwned").exists() and not (Path.cwd() / "pwned").exists()
    text = no_traceback(cli("check", str(repo), "--format", "github"))
    assert "\n::set-output" not in text.out


def test_a_document_above_1_mb_is_one_finding(tmp_path: Path) -> None:
    doc = DOC + ("Some prose that goes on. " * 40 + "\n") * 6000
    repo = make_repo(tmp_path / "r", {**CLEAN, "INTEGRATIONS.md": doc})
    assert len(doc) > 5 * 1024 * 1024
    report = check_json(repo)
    assert [f["message"] for f in report["findings"] if f["kind"] == "malformed-doc"] == [
        "the document is larger than 1 MB and was not read"
    ]
    assert "larger than 1 MB" in cli("fix", str(repo)).one_line_error()


def test_a_table_just_under_the_bound_is_checked(tmp_path: Path) -> None:
    rows = "".join(f"| `STALE_{i}` | No | p | `x` |\n" for i in range(24_000))
    doc = (
        DOC + "\n## More variables\n\n| Variable | Required | Purpose | Example |\n|---|---|---|---|\n" + rows
    )
    assert len(doc) < 1024 * 1024
    repo = make_repo(tmp_path / "r", {**CLEAN, "INTEGRATIONS.md": doc})
    report = check_json(repo)
    stale = {f["subject"] for f in report["findings"] if f["kind"] == "stale-env-var"}
    assert {"STALE_0", "STALE_23999"} <= stale
    assert not [f for f in report["findings"] if f["kind"] == "malformed-doc"]


def test_a_table_of_200_columns(tmp_path: Path) -> None:
    head = "| Service | Purpose | Configuration Location |" + "".join(f" C{i} |" for i in range(197))
    sep = "|" + "---|" * 200
    row = "| PostgreSQL | db | `app/db.py` |" + " x |" * 197
    doc = DOC.replace(
        "| Service | Type | Purpose | Configuration Location |\n|---------|------|---------|------------------------|\n"
        "| PostgreSQL | Relational DB | Primary store | `app/db.py` |",
        f"{head}\n{sep}\n{row}",
    )
    repo = make_repo(tmp_path / "r", {**CLEAN, "INTEGRATIONS.md": doc})
    check_json(repo)
    no_traceback(cli("fix", str(repo)))


def test_a_document_that_is_only_a_fence(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {**CLEAN, "INTEGRATIONS.md": "```\n" + DOC})
    report = check_json(repo)
    assert any(k == "malformed-doc" for k, _ in kinds(report))
    no_traceback(cli("fix", str(repo)))
    once = (repo / "INTEGRATIONS.md").read_text()
    no_traceback(cli("fix", str(repo)))
    assert (repo / "INTEGRATIONS.md").read_text() == once  # idempotent after an unclosed fence


def test_env_names_of_1000_characters(tmp_path: Path) -> None:
    name = "A" + "B_" * 499 + "C"
    repo = make_repo(
        tmp_path / "r", {**CLEAN, "app/long.py": f'import os\nos.getenv("{name}")\n', "INTEGRATIONS.md": DOC}
    )
    report = check_json(repo)
    assert ("undocumented-env-var", name) in kinds(report)
    no_traceback(cli("fix", str(repo)))
    assert name in (repo / "INTEGRATIONS.md").read_text()


def test_empty_repository(tmp_path: Path) -> None:
    repo = tmp_path / "empty"
    repo.mkdir()
    os.system(f"git init -q {repo}")
    assert "no INTEGRATIONS.md" in cli("check", str(repo)).one_line_error()
    write(repo, {"INTEGRATIONS.md": DOC})
    check_json(repo)
