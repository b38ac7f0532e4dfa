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

from integrations_drift.findings import Finding, Location, Severity, Suggestion, fingerprint
from integrations_drift.rules.base import RuleContext
from integrations_drift.rules.suggest import shown_cells

KIND = "placeholder-row"
DEFAULT_SEVERITY = Severity.NOTICE


def check(ctx: RuleContext) -> Iterator[Finding]:
    for table in ctx.doc.tables:
        if table.kind == "other":
            continue
        for row in table.rows:
            if row.status != "placeholder":
                continue
            name = row.cells[0].text if row.cells else ""
            yield Finding(
                kind=KIND,
                severity=DEFAULT_SEVERITY,
                subject=name,
                message=f'the "{table.title}" table still has the template placeholder row {name}',
                locations=[Location(path=ctx.doc.path, line=row.line)],
                doc_line=row.line,
                fingerprint=fingerprint(KIND, table.title, *(c.text for c in row.cells)),
                suggestion=Suggestion(
                    action="remove-row",
                    table=table.title,
                    doc_line=row.line,
                    cells=shown_cells(table, row),
                ),
                fix="replace the placeholder with the real entry, or delete the row",
            )
