"""The terminal report: findings grouped by kind, each with its evidence and its fix."""

from __future__ import annotations

from itertools import groupby

from integrations_drift.engine import CheckResult
from integrations_drift.findings import Finding, Report, Severity
from integrations_drift.report.base import RenderOptions, Reporter
from integrations_drift.report.safe import for_terminal, no_workflow_commands
from integrations_drift.suppress import Suppressed

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.NOTICE: "36"}
MAX_LOCATIONS_SHOWN = 3
MAX_UNVERIFIED_SHOWN = 10


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if colour else text


def _evidence(f: Finding) -> str:
    shown = [f"{loc.path}:{loc.line}" if loc.line else loc.path for loc in f.locations[:MAX_LOCATIONS_SHOWN]]
    more = len(f.locations) - len(shown)
    return ", ".join(for_terminal(s) for s in shown) + (f" (+{more} more)" if more > 0 else "")


def _stale_baseline(suppressed: Suppressed, colour: bool) -> list[str]:
    name = for_terminal(suppressed.baseline_name or "the baseline")
    lines = [_paint(f"stale baseline entries ({len(suppressed.stale)})", "1", colour)]
    for e in suppressed.stale:
        lines.append(f"  {for_terminal(e.kind)} {for_terminal(e.subject, 80)} matches no finding")
    lines.append(f"    fix remove them from {name}")
    lines.append("")
    return lines


def _suppressed_counts(suppressed: Suppressed | None) -> str:
    if suppressed is None:
        return ""
    parts = []
    if suppressed.accepted:
        parts.append(f"{suppressed.accepted} accepted by the baseline")
    if suppressed.inline_total:
        parts.append(f"{suppressed.inline_total} ignored inline")
    return f" ({', '.join(parts)})" if parts else ""


def render_text(
    report: Report,
    colour: bool = False,
    files_scanned: int | None = None,
    unverified: list[tuple[str, int]] | None = None,
    suppressed: Suppressed | None = None,
    documents: list[str] | None = None,
) -> str:
    out: list[str] = []
    if documents:
        for doc in documents:
            mine = [f for f in report.findings if f.doc == doc]
            count = f"{len(mine)} finding{'s' * (len(mine) != 1)}" if mine else "no drift"
            out.append(_paint(f"== {for_terminal(doc)}: {count}", "1", colour))
            out.append("")
            out.extend(_by_kind(mine, colour))
    else:
        out.extend(_by_kind(report.findings, colour))
    _tail(out, report, colour, files_scanned, unverified, suppressed, documents or [])
    return no_workflow_commands("\n".join(out) + "\n")


def summary_line(
    report: Report, files_scanned: int | None, suppressed: Suppressed | None, documents: list[str]
) -> str:
    """The last line of the text report: the document(s) and the counts."""
    s = report.summary
    total = s.error + s.warning + s.notice
    scanned = f" ({files_scanned} files scanned)" if files_scanned is not None else ""
    scanned = _suppressed_counts(suppressed) + scanned
    where = for_terminal(report.doc)
    if len(documents) > 1:
        where = f"{len(documents)} documents"
    if total == 0:
        return f"{where}: no drift{scanned}"
    parts = [
        f"{s.error} error{'s' * (s.error != 1)}",
        f"{s.warning} warning{'s' * (s.warning != 1)}",
        f"{s.notice} notice{'s' * (s.notice != 1)}",
    ]
    return f"{where}: {', '.join(parts)}{scanned}"


def _by_kind(findings: list[Finding], colour: bool) -> list[str]:
    out: list[str] = []
    ordered = sorted(findings, key=Finding.sort_key)
    for (kind, severity), group in groupby(ordered, key=lambda f: (f.kind, f.severity)):
        items = list(group)
        out.append(_paint(f"{kind} ({severity.value}, {len(items)})", "1;" + _COLOURS[severity], colour))
        for f in items:
            change = f" [{f.change}]" if f.change else ""
            message = for_terminal(f.message)
            subject = for_terminal(f.subject, 80)
            if message.startswith(subject):
                message = _paint(subject, "1", colour) + message[len(subject) :]
            out.append(f"  {message}{change}")
            if f.locations:
                out.append(f"    at  {_evidence(f)}")
            if f.fix:
                out.append(f"    fix {for_terminal(f.fix)}")
        out.append("")
    return out


def _tail(
    out: list[str],
    report: Report,
    colour: bool,
    files_scanned: int | None,
    unverified: list[tuple[str, int]] | None,
    suppressed: Suppressed | None,
    documents: list[str],
) -> None:
    if unverified:
        names = ", ".join(
            f"{for_terminal(n, 60)} (line {line})" for n, line in unverified[:MAX_UNVERIFIED_SHOWN]
        )
        more = len(unverified) - MAX_UNVERIFIED_SHOWN
        out.append(
            _paint(f"unverified ({len(unverified)})", "1", colour)
            + f"  documented services the catalog does not know, so not checked: {names}"
            + (f" (+{more} more)" if more > 0 else "")
        )
        out.append("")
    if suppressed is not None and suppressed.stale:
        out.extend(_stale_baseline(suppressed, colour))
    out.append(summary_line(report, files_scanned, suppressed, documents))


def render(result: CheckResult, options: RenderOptions) -> str:
    return render_text(
        result.report,
        colour=options.colour,
        files_scanned=result.files_scanned,
        unverified=result.unverified,
        suppressed=result.suppressed,
        documents=result.documents,
    )


REPORTER = Reporter("text", "findings grouped by kind, each with its evidence and fix (the default)", render)
