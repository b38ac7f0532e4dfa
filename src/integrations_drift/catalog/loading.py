"""The built-in catalog (``data/services.yml``) and a repository's own entries, merged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from pydantic import ValidationError

from integrations_drift.bounded_re import BoundedRegexError, compile_bounded
from integrations_drift.catalog.cached import compiled
from integrations_drift.catalog.index import Catalog
from integrations_drift.catalog.model import CatalogError, CatalogFile, Service, Vendor, VendorsFile
from integrations_drift.datafiles import load
from integrations_drift.validation import first_error

_DATA_FILE = "services.yml"


def _entry_label(raw: Any, index: int) -> str:
    if isinstance(raw, Mapping) and isinstance(raw.get("name"), str) and raw["name"].strip():
        return f"{raw['name']!r} (entry {index + 1})"
    return f"entry {index + 1}"


def _builtin_services() -> tuple[Service, ...]:
    return load(_DATA_FILE, CatalogFile).services


def _vendors() -> tuple[Vendor, ...]:
    return load("vendors.yml", VendorsFile).vendors


@cache
def _builtin_catalog() -> Catalog:
    def build() -> Catalog:
        return Catalog(_builtin_services(), vendors=_vendors())

    return compiled("catalog", (_DATA_FILE, "vendors.yml"), build, Catalog)


def validate_extra(extra: Sequence[Any]) -> tuple[Service, ...]:
    """Config-file entries validated like built-in ones; the error names the entry."""
    services: list[Service] = []
    seen: dict[str, str] = {}
    for i, raw in enumerate(extra):
        label = _entry_label(raw, i)
        if not isinstance(raw, Mapping):
            raise CatalogError(f"service catalog {label}: expected a mapping with name, category and signals")
        try:
            service = Service.model_validate(raw)
        except ValidationError as exc:
            raise CatalogError(f"service catalog {label}: {first_error(exc)}") from None
        for imp in service.signals.imports:
            try:
                compile_bounded(imp.regex, multiline=True)
            except BoundedRegexError as exc:
                raise CatalogError(
                    f"service catalog {label}: import regex {imp.regex!r} is not accepted by RE2 ({exc}); "
                    "patterns from a repository run in linear time, without look-around or back-references"
                ) from None
        if any(s.key == service.key for s in services):
            raise CatalogError(f"service catalog {label}: duplicate canonical name {service.name!r}")
        for k in service.name_keys():
            other = seen.setdefault(k, service.name)
            if other != service.name:
                raise CatalogError(f"service catalog {label}: shares the name or alias {k!r} with {other!r}")
        services.append(service)
    return tuple(services)


def load_catalog(extra: list[dict[str, Any]] | None = None) -> Catalog:
    """The built-in catalog (validated and indexed once), plus ``extra`` entries from a repository's
    config file. An extra entry with the same canonical name as a built-in one replaces it; extra
    aliases win over built-in aliases with the same key."""
    if not extra:
        return _builtin_catalog()
    added = validate_extra(extra)
    replaced = {s.key for s in added}
    merged = [s for s in _builtin_services() if s.key not in replaced] + list(added)
    return Catalog(merged, preferred=(s.name for s in added), vendors=_vendors())
