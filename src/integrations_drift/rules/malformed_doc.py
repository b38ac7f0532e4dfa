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

from integrations_drift.findings import Finding, FindingKind, Location, Severity, Suggestion
from integrations_drift.rules.base import Rule, RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    lines = ctx.doc_lines
    for p in ctx.doc.problems:
        source_line = lines[p.line - 1].strip() if 0 < p.line <= len(lines) else ""
        yield RULE.finding(
            ctx.doc.path,
            p.message,
            locations=[Location(path=ctx.doc.path, line=p.line)],
            identity=(p.message.split(" (")[0] if "lines " not in p.message else "table", source_line),
            doc_line=p.line,
            suggestion=Suggestion(action="edit-doc", doc_line=p.line),
            fix=p.fix,
        )


RULE = Rule(FindingKind.MALFORMED_DOC, Severity.ERROR, check, __doc__ or "", actions=("edit-doc",))
