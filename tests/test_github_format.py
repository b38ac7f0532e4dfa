"""``--format github``: workflow commands escaped as GitHub's toolkit escapes them, most severe first,
and no way for repository text to write a command of its own into a job log."""

from __future__ import annotations

import json
import re

import pytest

from integrations_drift.cli import main
from integrations_drift.report.github import PER_STEP, command, escape_data, escape_property
from tests.conftest import RepoFactory
from tests.gitrepo import CLEAN, DOC, commit, git, write
from tests.report_repos import FILES

LEVELS = {"error": 3, "warning": 2, "notice": 1}
SEPARATORS = re.compile(r"\r\n|\r|\n")  # where the runner splits its output into lines


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command read the way the runner reads one (``ActionCommand.TryParseV2``)."""

    def unescape(s: str, prop: bool) -> str:
        s = s.replace("%0D", "\r").replace("%0A", "\n")
        if prop:
            s = s.replace("%3A", ":").replace("%2C", ",")
        return s.replace("%25", "%")

    body = line.lstrip()
    assert body.startswith("::"), line
    head, sep, data = body[2:].partition("::")
    assert sep, line
    name, _, props = head.partition(" ")
    properties = {}
    for pair in filter(None, props.split(",")):
        key, _, value = pair.partition("=")
        properties[key] = unescape(value, prop=True)
    return name, properties, unescape(data, prop=False)


def run_github(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = main(["check", *argv, "--format", "github"])
    out = capsys.readouterr().out
    return code, SEPARATORS.split(out.removesuffix("\n")) if out else []


def test_escaping_is_the_toolkits() -> None:
    raw = "50% done\r\nat a:b, c %0A"
    assert escape_data(raw) == "50%25 done%0D%0Aat a:b, c %250A"
    assert escape_property(raw) == "50%25 done%0D%0Aat a%3Ab%2C c %250A"
    assert command("warning", {"file": "a,b:c.py", "line": "3", "title": ""}, "x::y") == (
        "::warning file=a%2Cb%3Ac.py,line=3::x::y"
    )
    assert command("notice", {}, "m") == "::notice::m"


def test_annotations_most_severe_first(capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory) -> None:
    repo = repo_factory(FILES)
    code, lines = run_github(capsys, str(repo))
    assert code == 1
    parsed = [parse_command(line) for line in lines]
    levels = [name for name, _, _ in parsed]
    assert set(levels) == {"error", "warning", "notice"}
    assert [LEVELS[n] for n in levels] == sorted((LEVELS[n] for n in levels), reverse=True)
    assert (
        "::error file=app/pay.py,line=4,title=undocumented-env-var::STRIPE_SECRET_KEY read at app/pay.py:4 "
        'is not in the document%0Afix: add `STRIPE_SECRET_KEY` to the "Environment Variables" table '
        "(Required: Yes)"
    ) in lines
    placeholder = next(p for p in parsed if p[1]["title"] == "placeholder-row")
    assert placeholder[0] == "notice"
    assert placeholder[1]["file"] == "INTEGRATIONS.md" and placeholder[1]["line"] == "19"
    stale = next(p for p in parsed if p[1]["title"] == "stale-env-var")
    assert stale[0] == "warning" and stale[2].startswith("OLD_HOST is documented")


def test_repository_text_cannot_inject_a_workflow_command(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    evil_file = "app/x\n::set-output name=pwned::1\r::add-mask::y,z.py"
    evil_cell = "app/%0A::set-output::1##[add-mask]x.py"
    doc = DOC.replace("`app/db.py`", f"`app/db.py`, `{evil_cell}`")
    repo = repo_factory(
        {**CLEAN, "INTEGRATIONS.md": doc, evil_file: 'import os\nK = os.environ["EVIL_KEY"]\n'}
    )
    code, lines = run_github(capsys, str(repo))
    assert code == 1
    commands = [parse_command(line) for line in lines]  # every line is one of ours
    assert [name for name, _, _ in commands] == ["error", "error"]
    by_title = {props["title"]: (props, data) for _, props, data in commands}
    props, data = by_title["undocumented-env-var"]
    assert props["file"] == evil_file  # GitHub gets the real path back
    assert props["line"] == "2"
    assert data.startswith("EVIL_KEY read at app/x\n::set-output name=pwned::1")
    props, data = by_title["missing-config-location"]
    assert data.startswith(evil_cell)  # "%0A" stays four characters

    # The other formats, printed to a job log, are no way in either.
    for fmt in ("text", "markdown", "json"):
        main(["check", str(repo), "--format", fmt])
        out = capsys.readouterr().out
        for line in SEPARATORS.split(out):
            assert not line.lstrip().startswith("::"), (fmt, line)
        assert "##[" not in out, fmt
    main(["check", str(repo), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert any(evil_cell == f["subject"] for f in report["findings"])  # the JSON still says it as it is


def test_annotations_are_capped_and_the_cut_said_first(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    reads = "".join(f'V{i} = os.environ["UNDOC_{i:02d}"]\n' for i in range(PER_STEP + 5))
    stale = "".join(f"| `STALE_{i}` | No | gone | x |\n" for i in range(3))
    repo = repo_factory({**CLEAN, "INTEGRATIONS.md": DOC + stale, "app/many.py": "import os\n" + reads})
    _, lines = run_github(capsys, str(repo))
    # GitHub's per-step limit: 10 errors (of 15) and the 3 warnings.
    assert len(lines) == PER_STEP + 3 + 1
    name, props, data = parse_command(lines[0])
    assert (name, props) == ("notice", {"title": "integrations-drift"})
    assert data.startswith(f"5 more not shown: {PER_STEP + 8} findings, {PER_STEP + 3} annotated")
    assert [line.split(" ", 1)[0] for line in lines[1:]] == ["::error"] * PER_STEP + ["::warning"] * 3


def test_pr_mode_puts_new_drift_first(capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory) -> None:
    repo = repo_factory({**CLEAN, "app/a.py": 'import os\nA = os.environ["AAA_OLD"]\n'})
    base = git(repo, "rev-parse", "HEAD")
    write(repo, {"app/z.py": 'import os\nZ = os.environ["ZZZ_NEW"]\n'})
    commit(repo, "change")
    _, lines = run_github(capsys, str(repo), "--base", base)
    titles = [(parse_command(line)[1]["title"], parse_command(line)[2].split()[0]) for line in lines]
    assert titles == [
        ("undocumented-env-var (new)", "ZZZ_NEW"),
        ("undocumented-env-var (existing)", "AAA_OLD"),
    ]


def test_no_drift_writes_nothing(capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory) -> None:
    repo = repo_factory(CLEAN)
    assert run_github(capsys, str(repo)) == (0, [])


def test_doc_path_is_never_a_command_in_text(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory({**CLEAN, "::warning::fake.md": DOC + "| `OLD_VAR` | No | gone | x |\n"})
    main(["check", str(repo), "--doc", "::warning::fake.md"])
    out = capsys.readouterr().out
    assert "fake.md: 0 errors, 1 warning, 0 notices" in out.splitlines()[-1]
    assert not any(line.lstrip().startswith("::") for line in out.splitlines())
