"""What every reporter is: a name, a one-line summary and ``render(result, options) -> str``.

A reporter is a pure function of the one check result (:class:`~integrations_drift.engine.CheckResult`):
the report, the unverified services, what the baseline and inline ignores took out, the scan's
warnings. Where its text goes (standard output, a file) is the command line's business.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from integrations_drift.engine import CheckResult
from integrations_drift.findings import Finding, Location


@dataclass(frozen=True)
class RenderOptions:
    colour: bool = False  # ANSI colours (only the text report has any)


@dataclass(frozen=True)
class Reporter:
    """One output format, as the registry in :mod:`integrations_drift.report` collects it."""

    name: str
    summary: str
    render: Callable[[CheckResult, RenderOptions], str]


def most_severe_first(findings: Iterable[Finding]) -> list[Finding]:
    """Errors, then warnings, then notices; in PR mode new drift before drift already there at base;
    then the report's own order (kind, subject, location). The order every capped format cuts in."""
    return sorted(findings, key=lambda f: (-f.severity.rank, f.change == "existing", f.sort_key()))


def primary_location(finding: Finding, doc: str) -> Location:
    """Where a finding is shown when only one place can be: its first evidence, else its line in the
    document (its own, when the run checks several), else the document."""
    if finding.locations:
        return finding.locations[0]
    return Location(path=finding.doc or doc, line=finding.doc_line)
