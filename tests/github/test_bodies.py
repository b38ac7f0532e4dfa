"""Comment bodies, diff lines and inline suggestions: pure functions, real inputs."""

from __future__ import annotations

from integrations_drift.findings import Finding, FindingKind, Location, Report, Severity, ToolInfo
from integrations_drift.github.bodies import COMMENT_MARKER, MAX_BODY, Links, Verdict, comment_body
from integrations_drift.github.diffmap import right_side_lines
from integrations_drift.github.review import suggestions

PATCH = """@@ -1,4 +1,5 @@
 # Title
-old line
+new line
+added line

 keep
@@ -20,2 +21,3 @@ ## Section
 x
+y
 z
\\ No newline at end of file"""


def test_right_side_lines_are_added_and_context_lines_of_every_hunk() -> None:
    assert right_side_lines(PATCH) == {1, 2, 3, 4, 5, 21, 22, 23}


def test_suggestions_only_inside_the_diff() -> None:
    before = "".join(f"line {i}\n" for i in range(1, 11))
    after = before.replace("line 3\n", "LINE 3\n").replace("line 9\n", "LINE 9\n")
    inside, outside = suggestions("D.md", before, after, {2, 3, 4})
    assert [(s.start, s.end, s.text) for s in inside] == [(3, 3, "LINE 3\n")]
    assert outside == 1
    added, _ = suggestions("D.md", before, before.replace("line 4\n", "line 4\nnew\n"), {4})
    assert [(s.start, s.text) for s in added] == [(4, "line 4\nnew\n")]
    assert added[0].payload() == {"path": "D.md", "body": added[0].body(), "line": 4, "side": "RIGHT"}


def test_suggestion_fence_outlasts_backticks_in_the_text() -> None:
    [s], _ = suggestions("D.md", "a\n", "```` x\n", {1})
    assert "`````suggestion\n```` x\n`````" in s.body()


def _finding(i: int, severity: Severity, change: str) -> Finding:
    return Finding(
        kind=FindingKind.UNDOCUMENTED_ENV_VAR,
        severity=severity,
        subject=f"VAR_{i:05d}",
        message=f"VAR_{i:05d} read at app/x.py:{i} is not in the document " + "padding " * 20,
        locations=[Location(path="app/x.py", line=i)],
        change=change,  # type: ignore[arg-type]
    )


def test_a_huge_report_is_cut_on_purpose_under_the_limit_most_severe_first() -> None:
    findings = [_finding(i, Severity.NOTICE, "new") for i in range(2000)]
    findings += [_finding(i, Severity.ERROR, "new") for i in range(2000, 2100)]
    findings += [_finding(i, Severity.WARNING, "existing") for i in range(3000, 5000)]
    report = Report(
        tool=ToolInfo(version="0"),
        doc="INTEGRATIONS.md",
        mode="pr",
        base="b" * 40,
        head="a" * 40,
        findings=findings,
    )
    body = comment_body(
        report,
        Verdict(True, "error", 100, pr=True),
        links=Links("https://ghe.example", "o/r", "a" * 40),
        diff="+x\n" * 50_000,
        fix_command="integrations-drift fix --doc INTEGRATIONS.md",
    )
    assert len(body) < MAX_BODY
    assert body.startswith(COMMENT_MARKER + "\n**integrations-drift: ❌ 100 new findings")
    assert "more not shown" in body
    new_drift = body.split("<details>")[0]
    # Errors first, in order, as many as fit; the notices are what the cut takes.
    shown = new_drift.count("🔴")
    assert shown > 50 and "🔵" not in new_drift
    assert all(f"VAR\\_{i:05d}" in new_drift for i in range(2000, 2000 + shown))
    assert "too long for a comment" in body and "`integrations-drift fix --doc INTEGRATIONS.md`" in body
    assert "<details>" in body and body.rstrip().endswith("</sub>")
    assert "https://ghe.example/o/r/blob/" + "a" * 40 + "/app/x.py#L2000" in body


def test_several_documents_grouped_most_severe_first_within_each_and_cut_under_the_limit() -> None:
    docs = ["INTEGRATIONS.md", "services/api/INTEGRATIONS.md"]
    findings = [
        _finding(i, Severity.NOTICE if i % 2 else Severity.ERROR, "new").model_copy(update={"doc": doc})
        for doc in docs
        for i in range(1000)
    ]
    report = Report(tool=ToolInfo(version="0"), doc=docs[0], mode="pr", findings=findings)
    body = comment_body(
        report,
        Verdict(True, "error", 1000, pr=True),
        links=None,
        diff="",
        fix_command="integrations-drift fix --all-docs",
        documents=docs,
        limit=20_000,
    )
    assert len(body) <= 20_000 and "more not shown" in body
    assert "in `INTEGRATIONS.md`, `services/api/INTEGRATIONS.md`**" in body.split("\n")[1]
    # The first document's errors come first, under its name; the cut takes the rest.
    lines = body.split("\n")
    first = lines.index("- **`INTEGRATIONS.md`**")
    assert lines[first + 1].startswith("  - 🔴 ") and "VAR\\_00000" in lines[first + 1]
    small = comment_body(
        report.model_copy(update={"findings": [findings[0], findings[1000]]}),
        Verdict(True, "error", 2, pr=True),
        links=None,
        diff="",
        fix_command="integrations-drift fix --all-docs",
        documents=docs,
    )
    assert small.index("- **`INTEGRATIONS.md`**") < small.index("- **`services/api/INTEGRATIONS.md`**")
    assert small.count("**VAR\\_00000**") == 2
