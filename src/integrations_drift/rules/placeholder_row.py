"""placeholder-row: a template placeholder row is still in the document.

Passing::

    | Service    | Purpose          | Configuration Location |
    | PostgreSQL | Primary database | `src/db/client.ts`     |

Failing::

    | [e.g., PostgreSQL] | [e.g., Primary data store] | [e.g., `src/db/config.ts`] |

Fix: replace the row with the real entry, or delete it (write ``Not detected`` when there is none).
"""

from __future__ import annotations

from collections.abc import Iterator

from integrations_drift.findings import Finding, FindingKind, Location, Severity
from integrations_drift.rules.base import Rule, RuleContext
from integrations_drift.rules.suggest import remove_row


def check(ctx: RuleContext) -> Iterator[Finding]:
    for table in ctx.doc.tables:
        if table.kind == "other":
            continue
        for row in table.rows:
            if row.status != "placeholder":
                continue
            name = row.cells[0].text if row.cells else ""
            yield RULE.finding(
                name,
                f'the "{table.title}" table still has the template placeholder row {name}',
                locations=[Location(path=ctx.doc.path, line=row.line)],
                identity=(table.title, *(c.text for c in row.cells)),
                doc_line=row.line,
                suggestion=remove_row(table, row),
                fix="replace the placeholder with the real entry, or delete the row",
            )


RULE = Rule(FindingKind.PLACEHOLDER_ROW, Severity.NOTICE, check, __doc__ or "", actions=("remove-row",))
