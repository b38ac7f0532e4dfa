"""The words the ``stale-*`` rules look for in code (``named_in_code``), worked out from the
document and the catalog alone, so a scan can keep in memory only the files that name one of
them: a file naming none cannot change a rule's answer, and the tree's bytes need not stay
resident. The rules take their words from these same functions."""

from __future__ import annotations

from dataclasses import dataclass

from integrations_drift.catalog import Catalog, Service
from integrations_drift.doc.model import Document, RefKind, Role
from integrations_drift.rules.services_doc import DocumentedService, documented_services


def env_words(name: str) -> list[str]:
    """What a documented variable ``name`` is looked for as: a ``PREFIX_*`` family by its stem."""
    return [name[:-1].rstrip("_")] if name.endswith("*") else [name]


def related_services(entry: DocumentedService, s: Service, catalog: Catalog) -> list[Service]:
    """What a documented service is reached through, its drop-in counterparts, and a vendor's
    other entries when the row names only the vendor ("GitHub" is GitHub OAuth as much as GitHub
    API)."""
    return [s, *catalog.compatible(s), *catalog.vendor_services(entry.name)]


def service_words(related: list[Service]) -> list[str]:
    """Names and aliases long enough to mean the service, compared ignoring case."""
    return [w for r in related for w in (r.name, *r.aliases) if len(w) >= 4]


@dataclass(frozen=True)
class MentionWords:
    exact: frozenset[str]  # compared as written (variable names)
    folded: frozenset[str]  # compared ignoring ASCII case (service names)


def mention_words(doc: Document, catalog: Catalog) -> MentionWords:
    exact: set[str] = set()
    for table in doc.tables_of("env"):
        col = table.column(Role.NAME)
        for row in table.entries():
            cell = row.cell(col)
            if cell is not None:
                for ref in cell.refs_of(RefKind.ENV):
                    exact.update(env_words(ref.value))
    folded: set[str] = set()
    for entry in documented_services(doc, catalog):
        if entry.service is not None:
            folded.update(service_words(related_services(entry, entry.service, catalog)))
    return MentionWords(frozenset(exact), frozenset(folded))
