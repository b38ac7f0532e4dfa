"""undocumented-service: strong evidence of an external service the document does not list.

Passing (the Caching table has a Redis row)::

    "dependencies": { "ioredis": "^5.4.0" }

Failing (``stripe`` is a runtime dependency and no table or bullet names Stripe)::

    stripe==11.4.1            # requirements.txt

Also failing (an API the catalog does not know, called from application code; the service is
named by its domain, ``pushover.net``)::

    const url = "https://api.pushover.net/1/messages.json";   // server/notify/pushover.js

Fix: add the suggested row to the table of the service's category, with the file that creates the
client as its location. Strong evidence is a runtime dependency, a container image, a client
construction, a registered login provider or an API URL called in application code, or two weak
signals of different kinds in two files (a URL scheme, a host merely named, an env-var name); one weak signal
alone, test code and development dependencies never count. A row names a service by its canonical
name or an alias, by its vendor's name alone ("GitHub"), by a drop-in counterpart (MySQL for
MariaDB) or by a job framework running on it (Sidekiq for Redis); an uncatalogued domain by its
own label ("Pushover"), its spelling ("SMS.ir") or a URL in the row.
"""

from __future__ import annotations

from collections.abc import Iterator

from integrations_drift.doc.categories import category, table_for
from integrations_drift.doc.template import roles_of, service_row
from integrations_drift.findings import Finding, FindingKind, Location, Severity, Suggestion
from integrations_drift.rules.base import Rule, RuleContext
from integrations_drift.rules.services_doc import DocumentIndex
from integrations_drift.scan.services import Signal, reportable

MAX_LOCATIONS = 10


def _describe(s: Signal) -> str:
    where = f"{s.path}:{s.line}"
    return {
        "package": f"dependency {s.detail} ({s.ecosystem}) at {where}",
        "import": f"client code at {where}",
        "login": f"login provider {s.detail} at {where}",
        "module": f"provider module {s.detail} at {where}",
        "api": f"API call to {s.detail} at {where}",
        "image": f"image {s.detail} at {where}",
        "scheme": f"{s.detail} URL at {where}",
        "host": f"host {s.detail} at {where}",
        "env": f"variable {s.detail} at {where}",
    }[s.kind]


def check(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.catalog is None:
        return
    index = DocumentIndex(ctx.doc, ctx.catalog)
    for ev in reportable(ctx.services, ctx.catalog):
        if index.names_open(ev) if ev.open_world else index.names(ev.service):
            continue
        cat = category(ev.service.category)
        table = table_for(ctx.doc, cat.id)
        roles = table.roles if table is not None else roles_of(cat.header)
        cells = service_row(roles, ev.service.name, ev.service.kind, ev.client_location(), ev.package())
        app = [s for s in ev.ranked() if not s.context]
        what = ", ".join(dict.fromkeys(_describe(s) for s in app[:4]))
        yield RULE.finding(
            ev.service.name,
            f"{ev.service.name} is used but the document does not list it: {what}",
            locations=[Location(path=s.path, line=s.line) for s in app[:MAX_LOCATIONS]],
            identity=(ev.service.name,),
            suggestion=Suggestion(
                action="add-row",
                table=table.title if table is not None else cat.title,
                doc_line=table.end_line if table is not None else None,
                cells=cells,
            ),
            fix=(
                f'add a row for {ev.service.name} to the "{table.title}" table'
                if table is not None
                else f'add a "{cat.title}" section with a row for {ev.service.name}'
            ),
        )


RULE = Rule(
    FindingKind.UNDOCUMENTED_SERVICE,
    Severity.WARNING,
    check,
    __doc__ or "",
    actions=("add-row",),
    adds="service",
)
