"""The Markdown report: for a pull-request comment, a step summary or an issue.

Everything taken from the repository goes through ``for_markdown``/``code_span``. The body stays
under GitHub's 65,536-character limit for comments and issues: findings are listed most severe
first and the list is cut, with a line saying how many were left out.
"""

from __future__ import annotations

from itertools import groupby

from integrations_drift.engine import CheckResult
from integrations_drift.findings import Finding, Report, Severity
from integrations_drift.report.base import RenderOptions, Reporter
from integrations_drift.report.safe import code_span, for_markdown, no_workflow_commands

MAX_CHARS = 65_536
_RESERVE = 600  # room for the note that says the list was cut
_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟡", Severity.NOTICE: "🔵"}


def _where(f: Finding) -> str:
    shown = [code_span(f"{loc.path}:{loc.line}" if loc.line else loc.path) for loc in f.locations[:3]]
    more = len(f.locations) - 3
    return ", ".join(shown) + (f" (+{more} more)" if more > 0 else "")


def _item(f: Finding) -> str:
    change = f" *({f.change})*" if f.change else ""
    parts = [f"- {_ICON[f.severity]} **{for_markdown(f.subject, 120)}**{change} — {for_markdown(f.message)}"]
    if f.doc:
        parts.append(f"  - document: {code_span(f.doc)}")
    if f.locations:
        parts.append(f"  - at {_where(f)}")
    if f.fix:
        parts.append(f"  - fix: {for_markdown(f.fix)}")
    return "\n".join(parts)


def _after_findings(report: Report, unverified: list[tuple[str, int]] | None) -> list[str]:
    tail: list[str] = []
    if report.resolved:
        tail.append(f"\n{len(report.resolved)} finding(s) resolved by this change.")
    if unverified:
        names = ", ".join(f"{for_markdown(n, 60)} (line {line})" for n, line in unverified[:20])
        more = len(unverified) - 20
        tail.append(
            f"\n**Unverified** ({len(unverified)}): documented services the catalog does not know, so "
            f"they are not checked: {names}" + (f" (+{more} more)" if more > 0 else "")
        )
    return tail


def render_markdown(
    report: Report,
    unverified: list[tuple[str, int]] | None = None,
    limit: int = MAX_CHARS,
    documents: list[str] | None = None,
) -> str:
    s = report.summary
    head = [
        f"### integrations-drift: {', '.join(code_span(d) for d in documents or [report.doc])}",
        "",
        "| errors | warnings | notices |",
        "|---:|---:|---:|",
        f"| {s.error} | {s.warning} | {s.notice} |",
        "",
    ]
    if report.mode == "pr":
        new = sum(1 for f in report.findings if f.change == "new")
        head.insert(
            1,
            f"\nPull-request mode: {new} new, {len(report.findings) - new} already there at base, "
            f"{len(report.resolved)} resolved by this change.",
        )
    if not report.findings:
        head.append("No drift: the document matches the code.")
    after = _after_findings(report, unverified)
    body: list[str] = []
    # The lines after the findings are written whole: their room is kept before the list is cut.
    used = sum(len(x) + 1 for x in head) + sum(len(x) + 1 for x in after)
    ordered = sorted(report.findings, key=Finding.sort_key)
    shown = 0
    cut = False
    for (kind, severity), group in groupby(ordered, key=lambda f: (f.kind, f.severity)):
        items = list(group)
        title = f"\n#### `{kind}` ({severity.value}, {len(items)})\n"
        if used + len(title) > limit - _RESERVE:
            cut = True
            break
        body.append(title)
        used += len(title) + 1
        for f in items:
            text = _item(f)
            if used + len(text) + 1 > limit - _RESERVE:
                cut = True
                break
            body.append(text)
            used += len(text) + 1
            shown += 1
        if cut:
            break
    tail: list[str] = []
    if cut:
        tail.append(
            f"\n*{len(ordered) - shown} more findings are not shown (the list is cut to fit GitHub's "
            "limit, most severe first); run `integrations-drift check` for all of them.*"
        )
    tail.extend(after)
    return no_workflow_commands("\n".join([*head, *body, *tail]) + "\n")


def render(result: CheckResult, options: RenderOptions) -> str:
    return render_markdown(result.report, unverified=result.unverified, documents=result.documents)


REPORTER = Reporter(
    "markdown", "for a pull-request comment, a step summary or an issue, cut to GitHub's size limit", render
)
