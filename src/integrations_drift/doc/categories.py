"""The template's service categories (and its env table), and finding the document's table for each."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, model_validator

from integrations_drift.datafiles import DataModel, load
from integrations_drift.doc.model import Document, Table

# The ids of the template's categories, which catalog entries name; data/categories.yml lists the
# same ids in the same order (checked when it loads).
CategoryId = Literal["databases", "auth", "apis", "queues", "caching", "monitoring", "storage", "email"]
CATEGORIES: tuple[str, ...] = get_args(CategoryId)


class Category(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str
    heading: str
    subheading: str | None = None
    match: tuple[str, ...]
    header: tuple[str, ...]

    @property
    def title(self) -> str:
        return self.subheading or self.heading


class EnvSection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    heading: str
    header: tuple[str, ...]


class CategoriesFile(DataModel):
    """``data/categories.yml``."""

    categories: tuple[Category, ...]
    env: EnvSection

    @model_validator(mode="after")
    def _ids_are_the_catalog_categories(self) -> CategoriesFile:
        ids = tuple(c.id for c in self.categories)
        if ids != CATEGORIES:
            raise ValueError(f"category ids {list(ids)} must be the catalog's, in order: {list(CATEGORIES)}")
        return self


def _load() -> CategoriesFile:
    return load("categories.yml", CategoriesFile)


def categories() -> tuple[Category, ...]:
    return _load().categories


def env_section() -> EnvSection:
    """The template's Environment Variables table: its heading and header."""
    return _load().env


def category(cid: str) -> Category:
    for c in categories():
        if c.id == cid:
            return c
    raise KeyError(cid)


def _score(table: Table, cat: Category) -> int:
    """How well a table's headings say it holds ``cat``: the innermost heading counts most."""
    titles = [t.lower() for t in [*table.section, table.group] if t]
    best = 0
    for depth, title in enumerate(titles, start=1):
        if title == cat.title.lower() or title == cat.heading.lower():
            best = max(best, 100 + depth)
        elif any(word in title for word in cat.match):
            best = max(best, depth)
    return best


def table_for(doc: Document, cid: str) -> Table | None:
    """The service table (or bullet group) of the document that holds category ``cid``."""
    cat = category(cid)
    scored = [(_score(t, cat), -i, t) for i, t in enumerate(doc.tables) if t.kind == "service"]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return None
    return max(scored, key=lambda s: (s[0], s[1]))[2]
