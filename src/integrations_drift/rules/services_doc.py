"""What the document says about services: which catalog entries it names, and where.

A row names a catalog entry by canonical name or alias; a vendor's name alone ("GitHub", "Google")
stands for all of that vendor's entries; a name the catalog does not know is checked against the
open world the scan found (a domain called over HTTP, a login provider by its id): "Pushover" is
``pushover.net``, "SMS.ir" is ``sms.ir``, and a row whose location is the file that calls a domain
("WeCom | `notify/wecom.js`" for ``qq.com``) is that domain's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from integrations_drift.catalog import ECOSYSTEMS, Catalog, Service, normalise_host, normalise_name
from integrations_drift.doc.model import Document, RefKind, Role, Row, Table
from integrations_drift.scan.hosts import registrable_domain
from integrations_drift.scan.services import ServiceEvidence


@dataclass(frozen=True)
class DocumentedService:
    service: Service | None  # None: the catalog does not know it (unverified unless the open world does)
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


def names_open_service(name: str, service: Service) -> bool:
    """Whether a documented name the catalog does not know is an open-world service: the same
    words ("Kanidm" for a login provider ``Kanidm``), or the domain's own label among the name's
    words ("Pushover API" for ``pushover.net``), spelled out ("SMS.ir", "Whapi.Cloud") or shortened
    ("OMDb" for ``omdbapi.com``)."""
    key = normalise_name(name)
    if not key:
        return False
    tokens = key.split()
    if "." not in service.name or " " in service.name:
        # a login provider or a provider module by its name ("VK Teams" for ``vkteams.js``), or
        # the domain a module calls
        own = normalise_name(service.name)
        return (
            key == own
            or "".join(tokens) == own.replace(" ", "")
            or any(_names_domain(tokens, d) for d in service.aliases if "." in d and " " not in d)
        )
    return _names_domain(tokens, service.name)


def _names_domain(tokens: list[str], domain: str) -> bool:
    compact = "".join(tokens)
    owner = domain.split(".", 1)[0]
    owner_compact = owner.replace("-", "")
    return (
        owner in tokens
        or owner_compact in (compact, "".join(tokens[:2]))
        or compact == re.sub(r"[^a-z0-9]", "", domain)
        or (len(compact) >= 4 and owner_compact.startswith(compact))
    )


def _doc_phrases(doc: Document, catalog: Catalog) -> tuple[str, set[str], set[str], set[str]]:
    """Every service-table and bullet cell (less env names, URLs and paths), normalised and joined;
    the services its SDK cells name by package; the domains of the URLs in its cells; the files its
    cells name."""
    texts: list[str] = []
    by_package: set[str] = set()
    domains: set[str] = set()
    paths: set[str] = set()
    for table in doc.tables_of("service"):
        for row in table.rows:
            if row.status != "entry":
                continue
            domains |= _row_domains(row)
            paths |= _row_paths(row)
            for cell in row.cells:
                text = cell.text
                # `STRIPE_SECRET_KEY` names a variable, not the service: it must not read as "stripe".
                for ref in cell.refs_of(RefKind.ENV, RefKind.URL, RefKind.PATH, RefKind.DIRECTORY):
                    text = text.replace(ref.value, " ")
                texts.append(normalise_name(re.sub(r"[`*_]", " ", text)))
                for ref in cell.refs_of(RefKind.PACKAGE):
                    for eco in ECOSYSTEMS:
                        by_package.update(s.name for s in catalog.by_package(eco, ref.value))
    return " | ".join(f" {t} " for t in texts), by_package, domains, paths


class DocumentIndex:
    """Answers "does the document name this service anywhere in a table or bullet?"."""

    def __init__(self, doc: Document, catalog: Catalog) -> None:
        self.catalog = catalog
        self.entries = documented_services(doc, catalog)
        self._text, self._packages, self._domains, self._paths = _doc_phrases(doc, catalog)
        self._named = {e.service.name for e in self.entries if e.service is not None}
        vendor_named = {s.name for e in self.entries for s in catalog.vendor_services(e.name)}
        self._covered = self._named | self._packages | vendor_named
        self._unknown = [e.name for e in self.entries if e.service is None]

    def names(self, service: Service) -> bool:
        if service.name in self._covered:
            return True
        for e in self.entries:
            if e.service is not None and self.catalog.accepts(e.service, service):
                return True
        return any(f" {key} " in self._text for key in service.name_keys() if len(key) >= 2)

    def names_open(self, ev: ServiceEvidence) -> bool:
        """The same for an open-world service (a domain, a login provider's name): also a row whose
        location is a file that calls it."""
        service = ev.service
        if service.name in self._domains or any(names_open_service(n, service) for n in self._unknown):
            return True
        if any(s.path in self._paths for s in ev.app_signals()):
            return True
        if any(f" {key} " in self._text for key in service.name_keys() if len(key) >= 2):
            return True
        owner = service.name.split(".", 1)[0] if "." in service.name else ""
        return len(owner) >= 3 and f" {normalise_name(owner)} " in self._text


def unverified(
    doc: Document,
    catalog: Catalog,
    services: Mapping[str, ServiceEvidence],
    packages: Iterable[str] = (),
    env_names: Iterable[str] = (),
) -> list[DocumentedService]:
    """Documented services no check can verify: the catalog does not know them, they name no
    vendor of the catalog, and no open-world evidence (of any strength) answers to them: a domain
    or login provider by name, a URL or a calling file in the row, a dependency named after them
    (``socialiteproviders/kanidm`` for "Kanidm") or an env prefix (``LOCATION_IQ_*`` for "LocationIQ")."""
    open_world = [ev.service for ev in services.values() if ev.open_world]
    names = {s.name for s in open_world}
    open_paths = {s.path for ev in services.values() if ev.open_world for s in ev.signals}
    package_parts = {part for name in packages for part in _PACKAGE_PARTS.split(name.lower()) if part}
    env_compact = {n.replace("_", "").lower() for n in env_names}
    return [
        e
        for e in documented_services(doc, catalog)
        if e.service is None
        and not catalog.vendor_services(e.name)
        and not any(names_open_service(e.name, s) for s in open_world)
        and not _row_domains(e.row) & names
        and not _row_paths(e.row) & open_paths
        and not _named_by_code(e.name, package_parts, env_compact)
    ]


_PACKAGE_PARTS = re.compile(r"[/@.:_-]+")


def _named_by_code(name: str, package_parts: set[str], env_compact: set[str]) -> bool:
    """A dependency named after the service (one of its name's parts), or an env variable that
    starts with its name; only names of five characters or more (shorter ones are words)."""
    compact = normalise_name(name).replace(" ", "")
    if len(compact) < 5:
        return False
    return compact in package_parts or any(n.startswith(compact) for n in env_compact)


def _row_paths(row: Row) -> set[str]:
    """The files a row's cells name (``path:line`` as its path)."""
    out: set[str] = set()
    for cell in row.cells:
        for ref in cell.refs_of(RefKind.PATH):
            out.add(ref.value.strip("/"))
        for ref in cell.refs_of(RefKind.PATH_LINE):
            out.add(ref.value.rsplit(":", 1)[0].strip("/"))
    return out


def _row_domains(row: Row) -> set[str]:
    """The domains of the URLs a row's cells name."""
    out: set[str] = set()
    for cell in row.cells:
        for ref in cell.refs_of(RefKind.URL):
            host = normalise_host(ref.value)
            if "." in host:
                out.add(registrable_domain(host))
    return out
