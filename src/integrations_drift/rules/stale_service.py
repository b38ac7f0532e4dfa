"""stale-service: a documented service with no evidence left in the code.

Passing (``pg`` is still a dependency, or ``postgres://`` is still in the code)::

    | PostgreSQL | Relational DB | Primary store | `src/db.ts` |

Failing (no dependency, image, client, URL, env var or mention of Memcached is left)::

    | Memcached | Cache | Sessions | `src/cache.ts` |

Fix: remove the row, or restore the integration. Documented services the catalog does not know
are never called stale: the text report lists them as unverified so the catalog's gaps show. A row
carrying the stale mark that ``fix`` writes (``… stale … (integrations-drift)``) has been seen and kept.
"""

from __future__ import annotations

from collections.abc import Iterator

from integrations_drift.findings import Finding, FindingKind, Location, Severity
from integrations_drift.rules.base import Rule, RuleContext
from integrations_drift.rules.mentions import related_services, service_words
from integrations_drift.rules.services_doc import documented_services
from integrations_drift.rules.suggest import remove_row


def check(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.catalog is None:
        return
    seen: set[str] = set()
    for entry in documented_services(ctx.doc, ctx.catalog):
        s = entry.service
        if s is None or s.name in seen or entry.row.marked_stale():
            continue
        seen.add(s.name)
        related = related_services(entry, s, ctx.catalog)
        if any(r.name in ctx.services for r in related):
            continue
        words = service_words(related)
        if ctx.spared_by_mention(RULE.kind, s.name, words, ignore_case=True, underscore_joins=False):
            continue
        yield RULE.finding(
            s.name,
            f'{entry.name} is listed in "{entry.table.title}" but nothing in the code uses it '
            "any more (no dependency, image, client, URL or env var)",
            locations=[Location(path=ctx.doc.path, line=entry.row.line)],
            identity=(s.name,),
            doc_line=entry.row.line,
            suggestion=remove_row(entry.table, entry.row),
            fix=f"remove the {entry.name} row, or restore the integration",
        )


RULE = Rule(
    FindingKind.STALE_SERVICE, Severity.WARNING, check, __doc__ or "", actions=("remove-row",), stale=True
)
