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
) -> str:
    out: list[str] = []
    ordered = sorted(report.findings, key=Finding.sort_key)
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
    s = report.summary
    total = s.error + s.warning + s.notice
    scanned = f" ({files_scanned} files scanned)" if files_scanned is not None else ""
    scanned = _suppressed_counts(suppressed) + scanned
    if total == 0:
        out.append(f"{for_terminal(report.doc)}: no drift{scanned}")
    else:
        parts = [
            f"{s.error} error{'s' * (s.error != 1)}",
            f"{s.warning} warning{'s' * (s.warning != 1)}",
            f"{s.notice} notice{'s' * (s.notice != 1)}",
        ]
        out.append(f"{for_terminal(report.doc)}: {', '.join(parts)}{scanned}")
    return no_workflow_commands("\n".join(out) + "\n")


def render(result: CheckResult, options: RenderOptions) -> str:
    return render_text(
        result.report,
        colour=options.colour,
        files_scanned=result.files_scanned,
        unverified=result.unverified,
        suppressed=result.suppressed,
    )


REPORTER = Reporter("text", "findings grouped by kind, each with its evidence and fix (the default)", render)
