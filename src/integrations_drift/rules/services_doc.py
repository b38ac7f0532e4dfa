"""What the document says about services: which catalog entries it names, and where."""

from __future__ import annotations

import re
from dataclasses import dataclass

from integrations_drift.catalog import ECOSYSTEMS, Catalog, Service, normalise_name
from integrations_drift.doc.model import Document, RefKind, Role, Row, Table


@dataclass(frozen=True)
class DocumentedService:
    service: Service | None  # None: the catalog does not know it (unverified)
    name: str  # as written
    table: Table
    row: Row


def documented_services(doc: Document, catalog: Catalog) -> list[DocumentedService]:
    out: list[DocumentedService] = []
    for table in doc.tables_of("service"):
        name_col = table.column(Role.NAME)
        for row in table.entries():
            cell = row.cell(name_col if name_col is not None else 0)
            if cell is None or not cell.text.strip():
                continue
            text = re.sub(r"[`*_]", "", cell.text).strip()
            out.append(DocumentedService(catalog.match_name(text), text, table, row))
    return out


def _doc_phrases(doc: Document, catalog: Catalog) -> tuple[str, set[str]]:
    """Every service-table and bullet cell (less env names, URLs and paths), normalised and joined,
    plus the services its SDK cells name by package."""
    texts: list[str] = []
    by_package: set[str] = set()
    for table in doc.tables_of("service"):
        for row in table.rows:
            if row.status != "entry":
                continue
            for cell in row.cells:
                text = cell.text
                # `STRIPE_SECRET_KEY` names a variable, not the service: it must not read as "stripe".
                for ref in cell.refs_of(RefKind.ENV, RefKind.URL, RefKind.PATH, RefKind.DIRECTORY):
                    text = text.replace(ref.value, " ")
                texts.append(normalise_name(re.sub(r"[`*_]", " ", text)))
                for ref in cell.refs_of(RefKind.PACKAGE):
                    for eco in ECOSYSTEMS:
                        by_package.update(s.name for s in catalog.by_package(eco, ref.value))
    return " | ".join(f" {t} " for t in texts), by_package


class DocumentIndex:
    """Answers "does the document name this service anywhere in a table or bullet?"."""

    def __init__(self, doc: Document, catalog: Catalog) -> None:
        self.catalog = catalog
        self.entries = documented_services(doc, catalog)
        self._text, self._packages = _doc_phrases(doc, catalog)
        self._named = {e.service.name for e in self.entries if e.service is not None}

    def names(self, service: Service) -> bool:
        if service.name in self._named or service.name in self._packages:
            return True
        for e in self.entries:
            if e.service is not None and self.catalog.accepts(e.service, service):
                return True
        return any(f" {key} " in self._text for key in service.name_keys() if len(key) >= 2)
