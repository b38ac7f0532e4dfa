"""The baseline file and inline ignore comments, end to end on real git repositories."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
import yaml

from integrations_drift.cli import main
from integrations_drift.suppress import ALL, MAX_IGNORE_FILE_BYTES, ignored_kinds, work_tree_line_reader
from tests.conftest import RepoFactory
from tests.gitrepo import commit, make_repo, write

DOC = """# External Integrations

## Environment Variables

| Variable | Required | Purpose | Example |
|----------|----------|---------|---------|
| `DATABASE_URL` | Yes | Database | `postgres://user:pass@localhost/db` |
| `OLD_HOST` | No | Legacy host | `old.example.com` |
"""

DRIFTING = {
    "INTEGRATIONS.md": DOC,
    "app/db.py": 'import os\n\nURL = os.environ["DATABASE_URL"]\nTOKEN = os.environ["LEGACY_TOKEN"]\n',
}

BASELINE = ".integrations-drift-baseline.yml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def subjects(out: str) -> set[tuple[str, str]]:
    return {(f["kind"], f["subject"]) for f in json.loads(out)["findings"]}


def read_baseline(repo: Path, name: str = BASELINE) -> list[dict[str, str]]:
    data = yaml.safe_load((repo / name).read_text(encoding="utf-8"))
    assert data["version"] == 1
    entries: list[dict[str, str]] = data["accepted"]
    return entries


# -- the baseline -------------------------------------------------------------------------------------


def test_baseline_accepts_every_current_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory(DRIFTING)
    code, out, _ = run(capsys, "check", str(repo), "--format", "json")
    assert code == 1
    assert subjects(out) == {("undocumented-env-var", "LEGACY_TOKEN"), ("stale-env-var", "OLD_HOST")}

    code, out, err = run(capsys, "baseline", str(repo))
    assert code == 0
    assert out == ""
    assert err.strip() == f"wrote {BASELINE}: 2 findings accepted"
    entries = read_baseline(repo)
    assert [(e["kind"], e["subject"]) for e in entries] == [
        ("stale-env-var", "OLD_HOST"),
        ("undocumented-env-var", "LEGACY_TOKEN"),
    ]
    assert {e["reason"] for e in entries} == {
        f"accepted when the baseline was written on {date.today().isoformat()}"
    }

    # --baseline is found relative to REPO when it does not exist as given (the cwd is elsewhere).
    code, out, err = run(capsys, "check", str(repo), "--baseline", BASELINE)
    assert code == 0, out
    assert "no drift (2 accepted by the baseline)" in out
    # The baseline names OLD_HOST, but it is not a mention in code: the stale finding stays accepted.
    assert "stale baseline entries" not in out
    assert err == ""


def test_a_new_finding_still_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory(DRIFTING)
    assert run(capsys, "baseline", str(repo))[0] == 0
    write(repo, {"app/pay.py": 'import os\n\nKEY = os.environ["PAYMENT_KEY"]\n'})
    commit(repo, "pay")
    code, out, _ = run(capsys, "check", str(repo), "--baseline", str(repo / BASELINE), "--format", "json")
    assert code == 1
    assert subjects(out) == {("undocumented-env-var", "PAYMENT_KEY")}
    code, out, _ = run(capsys, "check", str(repo), "--baseline", str(repo / BASELINE))
    assert code == 1
    assert "PAYMENT_KEY" in out and "LEGACY_TOKEN" not in out
    assert out.splitlines()[-1].startswith(
        "INTEGRATIONS.md: 1 error, 0 warnings, 0 notices (2 accepted by the baseline)"
    )


def test_stale_entries_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory(DRIFTING)
    assert run(capsys, "baseline", str(repo))[0] == 0
    # LEGACY_TOKEN gets documented: its entry now matches nothing.
    fixed = DOC + "| `LEGACY_TOKEN` | Yes | Legacy API | `<secret>` |\n"
    write(repo, {"INTEGRATIONS.md": fixed})
    commit(repo, "document it")

    code, out, err = run(capsys, "check", str(repo), "--baseline", BASELINE)
    assert code == 0
    assert "stale baseline entries (1)\n  undocumented-env-var LEGACY_TOKEN matches no finding\n" in out
    assert f"    fix remove them from {BASELINE}\n" in out
    assert "(1 accepted by the baseline)" in out
    assert err == ""

    code, out, err = run(capsys, "check", str(repo), "--baseline", BASELINE, "--format", "json")
    assert code == 0
    assert json.loads(out)["findings"] == []
    assert err.splitlines() == [
        "integrations-drift: warning: baseline entry undocumented-env-var LEGACY_TOKEN matches no finding; "
        f"remove it from {BASELINE}"
    ]


def test_json_keeps_the_contract_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory(DRIFTING)
    _, plain, _ = run(capsys, "check", str(repo), "--format", "json")
    assert run(capsys, "baseline", str(repo))[0] == 0
    write(repo, {"app/pay.py": 'import os\nKEY = os.environ["PAYMENT_KEY"]  # integrations-drift: ignore\n'})
    write(repo, {"app/mail.py": 'import os\nKEY = os.environ["MAIL_KEY"]\n'})
    _, suppressed, _ = run(capsys, "check", str(repo), "--format", "json", "--baseline", BASELINE)
    before, after = json.loads(plain), json.loads(suppressed)
    assert list(after) == list(before)
    assert after["summary"] == {"error": 1, "warning": 0, "notice": 0}
    assert list(after["findings"][0]) == list(before["findings"][0])


def test_rewriting_keeps_hand_written_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory(DRIFTING)
    assert run(capsys, "baseline", str(repo), "--reason", "first adoption")[0] == 0
    entries = read_baseline(repo)
    assert {e["reason"] for e in entries} == {"first adoption"}
    data = yaml.safe_load((repo / BASELINE).read_text(encoding="utf-8"))
    assert data["accepted"][1]["subject"] == "LEGACY_TOKEN"
    data["accepted"][1]["reason"] = "the legacy API goes away in Q3"
    (repo / BASELINE).write_text(yaml.safe_dump(data), encoding="utf-8")
    # One finding is fixed (OLD_HOST leaves the document), one is new.
    write(
        repo,
        {
            "INTEGRATIONS.md": DOC.replace("| `OLD_HOST` | No | Legacy host | `old.example.com` |\n", ""),
            "app/pay.py": 'import os\nKEY = os.environ["PAYMENT_KEY"]\n',
        },
    )
    code, _, err = run(capsys, "baseline", str(repo), "--reason", "second pass")
    assert code == 0
    assert err.strip() == f"wrote {BASELINE}: 2 findings accepted"
    by_subject = {e["subject"]: e for e in read_baseline(repo)}
    assert set(by_subject) == {"LEGACY_TOKEN", "PAYMENT_KEY"}
    assert by_subject["LEGACY_TOKEN"]["reason"] == "the legacy API goes away in Q3"
    assert by_subject["PAYMENT_KEY"]["reason"] == "second pass"


def test_hand_written_reason_of_each_entry_survives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory(DRIFTING)
    assert run(capsys, "baseline", str(repo))[0] == 0
    data = yaml.safe_load((repo / BASELINE).read_text(encoding="utf-8"))
    for entry in data["accepted"]:
        entry["reason"] = f"kept for {entry['subject']}"
    (repo / BASELINE).write_text(yaml.safe_dump(data), encoding="utf-8")
    assert run(capsys, "baseline", str(repo), "--reason", "ignored here")[0] == 0
    assert {e["subject"]: e["reason"] for e in read_baseline(repo)} == {
        "LEGACY_TOKEN": "kept for LEGACY_TOKEN",
        "OLD_HOST": "kept for OLD_HOST",
    }


def test_config_baseline_key_and_custom_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory({**DRIFTING, ".integrations-drift.yml": "baseline: ci/accepted.yml\n"})
    (repo / "ci").mkdir()
    code, _, err = run(capsys, "baseline", str(repo), "--reason", "adopted")
    assert code == 0
    assert err.strip() == "wrote ci/accepted.yml: 2 findings accepted"
    assert not (repo / BASELINE).exists()
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 0, out
    assert "no drift (2 accepted by the baseline)" in out
    assert "stale baseline entries" not in out  # the custom file is not scanned either

    code, _, err = run(capsys, "baseline", str(repo), "--output", "other.yml")
    assert code == 0 and err.strip() == "wrote other.yml: 2 findings accepted"
    assert len(read_baseline(repo, "other.yml")) == 2


GOOD_ENTRY = "  - fingerprint: abc\n    kind: stale-env-var\n    subject: X\n    reason: why\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline file not found: missing.yml"),
        ("version: 1\naccepted: [\n", "baseline error in missing.yml line"),
        ("- 1\n- 2\n", "baseline error in missing.yml: expected a mapping with 'version' and 'accepted'"),
        ("version: 2\naccepted: []\n", "baseline error in missing.yml: version: unsupported version 2"),
        (
            "version: 1\naccepted: {}\n",
            "baseline error in missing.yml: accepted: Input should be a valid list",
        ),
        (
            "version: 1\naccepted:\n  - fingerprint: abc\n    kind: stale-env-var\n    subject: X\n",
            "baseline error in missing.yml: accepted.0.reason: Field required",
        ),
        (
            "version: 1\naccepted:\n" + GOOD_ENTRY + GOOD_ENTRY.replace("reason: why", "reason: '  '"),
            "baseline error in missing.yml: accepted.1.reason: a reason is required",
        ),
        (
            "version: 1\naccepted:\n" + GOOD_ENTRY.replace("stale-env-var", "stale-thing"),
            "baseline error in missing.yml: accepted.0.kind: unknown finding kind 'stale-thing'",
        ),
        (
            "version: 1\naccepted:\n" + GOOD_ENTRY + "    reson: typo\n",
            "baseline error in missing.yml: accepted.0.reson: unknown key",
        ),
    ],
)
def test_malformed_baseline_is_one_line_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    message: str,
    repo_factory: RepoFactory,
) -> None:
    repo = repo_factory(DRIFTING)
    if content is not None:
        (repo / "missing.yml").write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "check", str(repo), "--baseline", "missing.yml")
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith(f"integrations-drift: error: {message}")


def test_missing_config_baseline_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory({**DRIFTING, ".integrations-drift.yml": "baseline: nowhere.yml\n"})
    code, _, err = run(capsys, "check", str(repo))
    assert code == 2
    assert err == "integrations-drift: error: baseline file not found: nowhere.yml\n"


# -- inline ignores -----------------------------------------------------------------------------------


def _read(comment: str) -> str:
    return f'import os\n\nURL = os.environ["DATABASE_URL"]\nTOKEN = os.environ["LEGACY_TOKEN"]  {comment}\n'


@pytest.mark.parametrize(
    ("files", "suppressed"),
    [
        ({"app/db.py": _read("# integrations-drift: ignore[undocumented-env-var]")}, True),
        ({"app/db.py": _read("# integrations-drift: ignore[stale-env-var, undocumented-env-var]")}, True),
        ({"app/db.py": _read("# integrations-drift: ignore")}, True),
        ({"app/db.py": _read("# integrations-drift: ignore[stale-env-var]")}, False),
        ({"app/db.py": _read("# integrations-drift: ignore[undocumented-env-var")}, False),
        ({"app/db.py": _read("# integrations-drift: ignored")}, False),
        (
            {
                "app/db.py": 'import os\n\nURL = os.environ["DATABASE_URL"]\n',
                "web/token.ts": "export const t = process.env.LEGACY_TOKEN; "
                "// integrations-drift: ignore[undocumented-env-var]\n",
            },
            True,
        ),
    ],
)
def test_inline_ignore_on_the_evidence_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str],
    suppressed: bool,
    repo_factory: RepoFactory,
) -> None:
    repo = repo_factory({**DRIFTING, **files})
    code, out, _ = run(capsys, "check", str(repo), "--format", "json")
    found = subjects(out)
    assert ("stale-env-var", "OLD_HOST") in found  # a comment names a kind, never another finding
    assert (("undocumented-env-var", "LEGACY_TOKEN") not in found) == suppressed
    assert code == (0 if suppressed else 1)


def test_a_finding_with_several_locations_needs_all_of_them_marked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marked = 'import os\nT = os.environ["LEGACY_TOKEN"]  # integrations-drift: ignore[undocumented-env-var]\n'
    repo = make_repo(
        tmp_path / "r", {**DRIFTING, "app/db.py": _read(""), "app/other.py": marked, "app/third.py": marked}
    )
    code, out, _ = run(capsys, "check", str(repo), "--format", "json")
    assert code == 1
    finding = next(f for f in json.loads(out)["findings"] if f["subject"] == "LEGACY_TOKEN")
    assert len(finding["locations"]) == 3

    write(repo, {"app/db.py": _read("# integrations-drift: ignore[undocumented-env-var]")})
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 0
    assert "LEGACY_TOKEN" not in out
    assert "(1 ignored inline)" in out


def test_ignore_comment_in_the_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    doc = DOC.replace(
        "| `old.example.com` |", "| `old.example.com` <!-- integrations-drift: ignore[stale-env-var] --> |"
    )
    repo = repo_factory({**DRIFTING, "INTEGRATIONS.md": doc})
    code, out, _ = run(capsys, "check", str(repo), "--format", "json")
    assert code == 1
    assert subjects(out) == {("undocumented-env-var", "LEGACY_TOKEN")}  # no malformed-doc either

    write(repo, {"INTEGRATIONS.md": doc.replace("ignore[stale-env-var]", "ignore[placeholder-row]")})
    _, out, _ = run(capsys, "check", str(repo), "--format", "json")
    assert ("stale-env-var", "OLD_HOST") in subjects(out)


def test_text_summary_counts_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory(DRIFTING)
    assert run(capsys, "baseline", str(repo))[0] == 0
    write(
        repo,
        {
            "app/a.py": 'import os\nA = os.environ["A_KEY"]  # integrations-drift: ignore\n',
            "app/b.py": 'import os\nB = os.environ["B_KEY"]  # integrations-drift: ignore[undocumented-env-var]\n',
        },
    )
    code, out, _ = run(capsys, "check", str(repo), "--baseline", BASELINE)
    assert code == 0
    assert out.splitlines()[-1].startswith(
        "INTEGRATIONS.md: no drift (2 accepted by the baseline, 2 ignored inline) ("
    )
    # Without the baseline only the inline count shows, and the accepted findings are back.
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 1
    assert "(2 ignored inline)" in out and "accepted" not in out


def test_ignores_apply_before_the_baseline_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory({**DRIFTING, "app/db.py": _read("# integrations-drift: ignore")})
    code, _, err = run(capsys, "baseline", str(repo))
    assert code == 0
    assert err.strip() == f"wrote {BASELINE}: 1 finding accepted"
    assert [e["subject"] for e in read_baseline(repo)] == ["OLD_HOST"]


def test_ignored_kinds_syntax() -> None:
    assert ignored_kinds("x  # integrations-drift: ignore[undocumented-env-var]") == {"undocumented-env-var"}
    assert ignored_kinds("// integrations-drift: ignore[a,  b ]") == {"a", "b"}
    assert ignored_kinds("<!-- integrations-drift: ignore -->") is ALL
    assert ignored_kinds("# Integrations-Drift: IGNORE[Stale-Env-Var]") == {"stale-env-var"}
    assert ignored_kinds("a  # integrations-drift: ignore[a] integrations-drift: ignore[b]") == {"a", "b"}
    assert ignored_kinds("integrations-drift: ignore[]") is None
    assert ignored_kinds("integrations-drift: ignore[stale-env-var") is None
    assert ignored_kinds("integrations-drift: ignore-me") is None
    assert ignored_kinds("x = 1") is None


def test_line_reader_stays_inside_the_repository(tmp_path: Path, repo_factory: RepoFactory) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("X = 1  # integrations-drift: ignore\n", encoding="utf-8")
    repo = repo_factory({"app/a.py": "first\nsecond\n"})
    os.symlink(outside, repo / "app" / "link.py")
    read = work_tree_line_reader(repo)
    assert read("app/a.py", 2) == "second"
    assert read("app/a.py", 3) is None
    assert read("app/a.py", 0) is None
    assert read("app/link.py", 1) is None
    assert read("../outside.py", 1) is None
    assert read(str(outside), 1) is None
    assert read("app", 1) is None


def test_line_reader_skips_huge_files(tmp_path: Path, repo_factory: RepoFactory) -> None:
    line = "X = 1  # integrations-drift: ignore\n"
    huge = line * (MAX_IGNORE_FILE_BYTES // len(line) + 1)
    repo = repo_factory({"app/small.py": line, "app/huge.py": huge})
    read = work_tree_line_reader(repo)
    assert read("app/small.py", 1) == line.rstrip("\n")
    assert read("app/huge.py", 1) is None


def test_rewrite_refuses_to_lose_an_unreadable_baseline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory(DRIFTING)
    (repo / BASELINE).write_text("version: 1\naccepted: [\n", encoding="utf-8")
    code, _, err = run(capsys, "baseline", str(repo))
    assert code == 2
    assert err.startswith(f"integrations-drift: error: baseline error in {BASELINE} line")
    assert (repo / BASELINE).read_text(encoding="utf-8") == "version: 1\naccepted: [\n"
