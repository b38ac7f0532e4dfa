"""malformed-doc: a table or list the checker cannot read reliably.

Passing::

    | Variable | Required |
    |----------|----------|
    | `PORT`   | No       |

Failing (no separator row, so Markdown does not render a table and nothing in it is checked)::

    | Variable | Required |
    | `PORT`   | No       |

Fix: add the ``|---|---|`` separator row under the header.
"""

from __future__ import annotations

from collections.abc import Iterator

from integrations_drift.findings import Finding, Location, Severity, Suggestion, fingerprint
from integrations_drift.rules.base import RuleContext

KIND = "malformed-doc"
DEFAULT_SEVERITY = Severity.ERROR


def check(ctx: RuleContext) -> Iterator[Finding]:
    lines = ctx.doc_lines
    for p in ctx.doc.problems:
        source_line = lines[p.line - 1].strip() if 0 < p.line <= len(lines) else ""
        yield Finding(
            kind=KIND,
            severity=DEFAULT_SEVERITY,
            subject=ctx.doc.path,
            message=p.message,
            locations=[Location(path=ctx.doc.path, line=p.line)],
            doc_line=p.line,
            fingerprint=fingerprint(
                KIND, p.message.split(" (")[0] if "lines " not in p.message else "table", source_line
            ),
            suggestion=Suggestion(action="edit-doc", doc_line=p.line),
            fix=p.fix,
        )
