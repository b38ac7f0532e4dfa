"""The Markdown report: repository text made inert, GitHub's size limit kept, unverified listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrations_drift.cli import main
from integrations_drift.findings import Finding, Location, Report, Severity, Summary, ToolInfo
from integrations_drift.report.markdown import render_markdown
from tests.conftest import RepoFactory

DOC = """# External Integrations

## Caching

| Service | Purpose | TTL Defaults | Configuration |
|---------|---------|--------------|---------------|
| Acme <script>alert(1)</script> @octocat | cache | 1h | `app/gone.py` |

## Environment Variables

| Variable | Required | Purpose | Example |
|----------|----------|---------|---------|
"""


def test_repository_text_is_inert_and_unverified_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory({"INTEGRATIONS.md": DOC, "app/x.py": "print(1)\n"})
    assert main(["check", str(repo), "--format", "markdown"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("### integrations-drift: `INTEGRATIONS.md`")
    assert "<script>" not in out and "\\<script\\>" in out
    assert "@octocat" not in out and "@\u200bocto" in out
    assert "**Unverified** (1)" in out
    assert "`INTEGRATIONS.md:7`" in out  # the evidence of the missing location


def _finding(i: int, severity: Severity) -> Finding:
    return Finding(
        kind="undocumented-env-var",
        severity=severity,
        subject=f"VAR_{i:05d}",
        message=f"VAR_{i:05d} read at app/m{i}.py:1 is not in the document " + "x" * 200,
        locations=[Location(path=f"app/m{i}.py", line=1)],
        fingerprint=str(i),
        fix=f"add `VAR_{i:05d}`",
    )


def test_long_reports_are_cut_most_severe_first_and_say_so() -> None:
    findings = [_finding(i, Severity.WARNING) for i in range(400)] + [
        _finding(i, Severity.ERROR) for i in range(400, 800)
    ]
    report = Report(
        tool=ToolInfo(version="0"),
        doc="INTEGRATIONS.md",
        findings=findings,
        summary=Summary(error=400, warning=400),
    )
    text = render_markdown(report, limit=20_000)
    assert len(text) <= 20_000
    assert "VAR\\_00400" in text and "VAR\\_00000" not in text  # errors first (underscores escaped)
    assert "more findings are not shown" in text
    full = render_markdown(report)
    assert len(full) <= 65_536


def test_the_limit_holds_with_many_unverified_services_and_resolved_findings() -> None:
    findings = [_finding(i, Severity.ERROR) for i in range(3000)]
    report = Report(
        tool=ToolInfo(version="0"),
        doc="docs/" + "|" * 400 + "/INTEGRATIONS.md",
        mode="pr",
        findings=findings,
        resolved=findings[:50],
        summary=Summary(error=3000),
    )
    unverified = [("<b>|*_`[x](y)" * 20 + str(i), i) for i in range(5000)]
    text = render_markdown(report, unverified=unverified)
    assert len(text) <= 65_536
    assert "more findings are not shown" in text and "(+4980 more)" in text
