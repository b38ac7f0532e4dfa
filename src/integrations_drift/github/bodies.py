"""The bodies the action posts: the sticky pull-request comment and the nightly report issue.

A hidden marker finds them again. The verdict is the first visible line; new drift follows with
links to its evidence at the commit checked; then the ready-to-apply diff of the document and the
command that makes it; drift already there at base is folded away. When the run checks several
documents, the findings are grouped under each document's name and the diff has one file header
per document. Bodies stay under GitHub's
65,536-character limit: sections are cut on purpose, most severe first, and the cut is said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from integrations_drift.findings import Finding, Location, Report, Severity
from integrations_drift.report.base import most_severe_first
from integrations_drift.report.safe import code_span, for_markdown

COMMENT_MARKER = "<!-- integrations-drift:sticky-comment -->"
ISSUE_MARKER = "<!-- integrations-drift:drift-report -->"
MAX_BODY = 65_536
_ROOM = 400  # kept free for the closing lines of a cut body
_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟡", Severity.NOTICE: "🔵"}
MAX_LOCATIONS = 3
MAX_NAMED_DOCS = 3  # more documents than this are counted in the verdict line, not named


def documents_label(doc: str, documents: Sequence[str] = ()) -> str:
    """The document (or documents) a body speaks of, as markdown."""
    if len(documents) > MAX_NAMED_DOCS:
        return f"{len(documents)} documents"
    return ", ".join(code_span(d) for d in documents) if documents else code_span(doc)


@dataclass(frozen=True)
class Links:
    """``$GITHUB_SERVER_URL/<owner>/<repo>/blob/<sha>/<path>#L<n>``: works on GitHub Enterprise Server."""

    server: str
    repository: str
    sha: str

    def to(self, location: Location) -> str:
        url = f"{self.server.rstrip('/')}/{self.repository}/blob/{self.sha}/{quote(location.path)}"
        return url + (f"#L{location.line}" if location.line else "")


@dataclass(frozen=True)
class Verdict:
    failed: bool
    fail_on: str
    counted: int  # findings at or above fail_on that count (new ones in PR mode)
    pr: bool = False

    def line(self, doc: str, total: int, documents: Sequence[str] = ()) -> str:
        where = documents_label(doc, documents)
        new = "new " if self.pr else ""
        if self.failed:
            return (
                f"**integrations-drift: ❌ {self.counted} {new}finding{'s' * (self.counted != 1)} at or "
                f"above `{self.fail_on}` in {where}**"
            )
        if total and self.fail_on == "never":
            return (
                f"**integrations-drift: ⚠️ {total} finding{'s' * (total != 1)} in {where} (fail-on `never`)**"
            )
        if total:
            return f"**integrations-drift: ✅ no {new}drift at or above `{self.fail_on}` in {where}**"
        return f"**integrations-drift: ✅ no drift: {where} matches the code**"


def _item(f: Finding, links: Links | None) -> str:
    where = []
    for loc in f.locations[:MAX_LOCATIONS]:
        text = code_span(f"{loc.path}:{loc.line}" if loc.line else loc.path)
        where.append(f"[{text}]({links.to(loc)})" if links else text)
    more = len(f.locations) - MAX_LOCATIONS
    at = f" — at {', '.join(where)}" + (f" (+{more} more)" if more > 0 else "") if where else ""
    return (
        f"- {_ICON[f.severity]} `{f.kind}` **{for_markdown(f.subject, 120)}**: "
        f"{for_markdown(f.message, 600)}{at}"
    )


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks in ``text``, so the text cannot close it."""
    longest = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    return "`" * max(3, longest + 1)


def _list(findings: Sequence[Finding], links: Links | None, budget: int) -> tuple[list[str], int]:
    """As many items as fit in ``budget`` characters, most severe first (within each document, under
    its name, when the findings name their documents); and how many were left out."""
    out: list[str] = []
    used = 0
    ordered = most_severe_first(findings)
    order: dict[str, int] = {}
    for f in findings:
        if f.doc is not None:
            order.setdefault(f.doc, len(order))
    if order:
        ordered.sort(key=lambda f: order.get(f.doc or "", -1))  # stable: severity order kept inside
    shown_doc: str | None = None
    for f in ordered:
        heading = f"- **{code_span(f.doc)}**" if f.doc is not None and f.doc != shown_doc else ""
        item = _item(f, links)
        if order:
            item = "  " + item
        size = len(item) + 1 + (len(heading) + 1 if heading else 0)
        if used + size > budget:
            break
        if heading:
            out.append(heading)
            shown_doc = f.doc
        out.append(item)
        used += size
    left = len(ordered) - len(out)
    if left:
        out.append(f"- *… {left} more not shown (cut to fit GitHub's size limit, most severe first).*")
    return out, left


def _diff_section(
    doc: str, diff: str, fix_command: str, budget: int, documents: Sequence[str] = ()
) -> list[str]:
    edits = "edits" if documents else "edit"
    out = ["", f"#### Suggested {edits} of {documents_label(doc, documents)}", ""]
    if diff:
        fence = _fence(diff)
        if len(diff) + 2 * len(fence) + 20 <= budget:
            out += [f"{fence}diff", diff.rstrip("\n"), fence]
        else:
            lines = diff.count("\n")
            out.append(f"*The diff ({lines} lines) is too long for a comment; the command below makes it.*")
    out += ["", f"Apply it locally: `{fix_command}`"]
    return out


def comment_body(
    report: Report,
    verdict: Verdict,
    *,
    links: Links | None,
    diff: str,
    fix_command: str,
    note: str = "",
    limit: int = MAX_BODY,
    documents: Sequence[str] = (),
) -> str:
    """The sticky comment: verdict, new drift, the diff, the fix command, existing drift folded.
    ``documents``: every document checked, when the run checks several."""
    pr = report.mode == "pr"
    new = [f for f in report.findings if not pr or f.change == "new"]
    existing = [f for f in report.findings if pr and f.change == "existing"]
    head = [COMMENT_MARKER, verdict.line(report.doc, len(report.findings), documents), ""]
    if pr and report.resolved and not new:
        head.append(f"✅ drift fixed: {len(report.resolved)} finding(s) resolved by this change.")
    if note:
        head.append(note)
    budget = limit - _ROOM - sum(len(x) + 1 for x in head)
    body: list[str] = []
    if new:
        title = "New drift" if pr else "Drift"
        body.append(f"#### {title} ({len(new)})")
        # The list may use half of what is left: the diff and the folded list share the rest.
        items, _ = _list(new, links, budget // 2)
        body += items
    elif pr and not existing:
        body.append("The document matches the code.")
    budget -= sum(len(x) + 1 for x in body)
    if new and (diff or fix_command):
        room = budget - 2000 if existing else budget
        section = _diff_section(report.doc, diff, fix_command, room, documents)
        body += section
        budget -= sum(len(x) + 1 for x in section)
    if existing:
        items, _ = _list(existing, links, max(0, budget - 200))
        body += [
            "",
            "<details>",
            f"<summary>Drift already there at base ({len(existing)}): not from this change</summary>",
            "",
            *items,
            "",
            "</details>",
        ]
    text = "\n".join([*head, *body]) + "\n"
    if report.head:
        text += f"\n<sub>Checked at {report.head[:12]}.</sub>\n"
    return text[:limit]


def issue_body(
    report: Report,
    *,
    links: Links | None,
    diff: str,
    fix_command: str,
    limit: int = MAX_BODY,
    documents: Sequence[str] = (),
) -> str:
    """The nightly report issue: the full list while drift lasts."""
    total = len(report.findings)
    s = report.summary
    head = [
        ISSUE_MARKER,
        f"**integrations-drift: {total} finding{'s' * (total != 1)} in "
        f"{documents_label(report.doc, documents)}** "
        f"({s.error} errors, {s.warning} warnings, {s.notice} notices)",
        "",
        "This issue is kept up to date by the scheduled check and closed when the drift is gone.",
        "",
    ]
    budget = limit - _ROOM - sum(len(x) + 1 for x in head)
    items, _ = _list(report.findings, links, budget // 2)
    budget -= sum(len(x) + 1 for x in items)
    body = [*items, *_diff_section(report.doc, diff, fix_command, budget, documents)]
    text = "\n".join([*head, *body]) + "\n"
    if report.head:
        text += f"\n<sub>Checked at {report.head[:12]}.</sub>\n"
    return text[:limit]


def fixed_comment(doc: str, sha: str | None) -> str:
    at = f" at {sha[:12]}" if sha else ""
    return f"✅ integrations-drift: no drift left in {code_span(doc)}{at}; closing this report."
