"""The concise report: one line per finding, for editors, grep and problem matchers.

    app/billing.py:6: undocumented-env-var (error) STRIPE_WEBHOOK_SECRET read at app/billing.py:6 is not …
    INTEGRATIONS.md:65: stale-env-var (warning, new) MEMCACHED_SERVERS is documented in …

``path:line: kind (severity[, new|existing]) message``, most severe first; the line is left out
(``path: kind …``) when the finding has none. ``LINE`` below is the regex the README documents.
"""

from __future__ import annotations

import re

from integrations_drift.engine import CheckResult
from integrations_drift.findings import Finding
from integrations_drift.report.base import RenderOptions, Reporter, most_severe_first, primary_location
from integrations_drift.report.safe import for_terminal, no_workflow_commands

LINE = re.compile(
    r"^(?P<path>.+?):(?:(?P<line>\d+):)? (?P<kind>[a-z]+(?:-[a-z]+)*) "
    r"\((?P<severity>error|warning|notice)(?:, (?P<change>new|existing))?\) (?P<message>.*)$"
)
MAX_MESSAGE = 1000


def line_of(finding: Finding, doc: str) -> str:
    where = primary_location(finding, doc)
    path = for_terminal(where.path, MAX_MESSAGE)
    if path.startswith(":"):
        path = "./" + path  # the same file, and no line of a job log starts with "::"
    at = f"{path}:{where.line}" if where.line else path
    label = finding.severity.value + (f", {finding.change}" if finding.change else "")
    return f"{at}: {finding.kind} ({label}) {for_terminal(finding.message, MAX_MESSAGE)}"


def render(result: CheckResult, options: RenderOptions) -> str:
    doc = result.report.doc
    lines = [line_of(f, doc) for f in most_severe_first(result.report.findings)]
    return no_workflow_commands("".join(f"{line}\n" for line in lines))


REPORTER = Reporter("concise", "one line per finding, path:line: kind (severity) message", render)
