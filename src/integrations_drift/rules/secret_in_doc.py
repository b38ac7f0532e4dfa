"""secret-in-doc: a cell holds what looks like a real credential.

Known key formats (AWS, Stripe live keys, GitHub, Slack and other tokens, private keys, JSON Web
Tokens, connection strings with a password; ``data/secrets.yml``) in any cell of any table or list,
and long random strings in Example cells. The finding shows the cell with the credential hidden:
the report may be posted where many can read it.

Passing::

    | `DATABASE_URL` | Yes | Main database | `postgres://user:password@localhost:5432/app` |

Failing::

    | `DATABASE_URL` | Yes | Main database | `postgres://app:Xk9vP2qLm@db.internal:5432/app` |

Fix: replace the value with a placeholder (``<secret>``), and revoke the credential: it stays in the
repository's history.
"""

from __future__ import annotations

from collections.abc import Iterator

from integrations_drift.doc.model import Role
from integrations_drift.findings import Finding, FindingKind, Location, Severity, Suggestion
from integrations_drift.rules.base import Rule, RuleContext
from integrations_drift.secrets import find_secrets, redact


def check(ctx: RuleContext) -> Iterator[Finding]:
    for table in ctx.doc.tables:
        for row in table.rows:
            name = redact(row.cells[0].text) if row.cells else ""
            for k, cell in enumerate(row.cells):
                example = k < len(table.roles) and table.roles[k] is Role.EXAMPLE
                hits = find_secrets(cell.text, entropy=example)
                if not hits:
                    continue
                column = table.header[k] if k < len(table.header) else f"column {k + 1}"
                what = ", ".join(dict.fromkeys(h.what for h in hits))
                shown = redact(cell.text, entropy=example)
                yield RULE.finding(
                    name or column,
                    f'{what} in the "{column}" cell of the {name or "unnamed"} row ("{table.title}"): '
                    f"{shown}",
                    locations=[Location(path=ctx.doc.path, line=cell.line)],
                    identity=(table.title, name, column, what),
                    doc_line=cell.line,
                    suggestion=Suggestion(action="edit-doc", table=table.title, doc_line=cell.line),
                    fix="replace the value with a placeholder such as `<secret>`, and revoke the "
                    "credential: it stays in the repository's history",
                )


RULE = Rule(FindingKind.SECRET_IN_DOC, Severity.ERROR, check, __doc__ or "", actions=("edit-doc",))
