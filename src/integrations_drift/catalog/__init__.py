"""The service catalog (``data/services.yml``): what each external service is called and how code that
talks to it can be recognised, as data.

Every entry is validated by :class:`Service` when the catalog loads. A repository adds or replaces
entries through its config file (``load_catalog(extra)``); an extra entry whose canonical name equals a
built-in one (after :func:`normalise_name`) replaces it, and its aliases take precedence over built-in
aliases with the same key.

Lookups are built once per catalog:

- :meth:`Catalog.match_name` resolves a document's Service/Provider cell ("PostgreSQL 16",
  "Postgres (via Supabase)", "AWS S3") to an entry by canonical name or alias;
- :meth:`Catalog.by_package`, :meth:`Catalog.by_image`, :meth:`Catalog.by_scheme`,
  :meth:`Catalog.by_host` and :meth:`Catalog.by_env` map code signals to
  entries.
"""

from integrations_drift.catalog.index import Catalog, ImportPattern, ImportRule
from integrations_drift.catalog.loading import load_catalog, validate_extra
from integrations_drift.catalog.model import (
    ECOSYSTEMS,
    CatalogError,
    CatalogFile,
    Ecosystem,
    ImportSignal,
    Packages,
    Service,
    Signals,
    Vendor,
    VendorsFile,
)
from integrations_drift.catalog.names import (
    normalise_host,
    normalise_image,
    normalise_name,
    normalise_package,
)
from integrations_drift.doc.categories import CATEGORIES
from integrations_drift.doc.categories import CategoryId as Category

__all__ = [
    "CATEGORIES",
    "ECOSYSTEMS",
    "Catalog",
    "CatalogError",
    "CatalogFile",
    "Category",
    "Ecosystem",
    "ImportPattern",
    "ImportRule",
    "ImportSignal",
    "Packages",
    "Service",
    "Signals",
    "Vendor",
    "VendorsFile",
    "load_catalog",
    "normalise_host",
    "normalise_image",
    "normalise_name",
    "normalise_package",
    "validate_extra",
]
