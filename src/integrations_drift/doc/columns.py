"""What a table's columns hold, read from their headers (knowledge in data/doc_columns.yml)."""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel, ConfigDict

from integrations_drift.datafiles import DataModel, load
from integrations_drift.doc.model import Role


class _Phrases(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    role: Role
    words: tuple[str, ...]


class ColumnWords(DataModel):
    """``data/doc_columns.yml``."""

    exact: dict[str, Role]
    phrases: tuple[_Phrases, ...]
    env_name_headers: tuple[str, ...]
    other_table_headers: tuple[str, ...]


def column_words() -> ColumnWords:
    return load("doc_columns.yml", ColumnWords)


@cache
def _phrase_patterns() -> tuple[tuple[Role, re.Pattern[str]], ...]:
    return tuple(
        (p.role, re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w) for w in p.words) + r")(?![a-z])"))
        for p in column_words().phrases
    )


def role_for(header: str) -> Role:
    h = re.sub(r"[^a-z0-9/ ]+", " ", header.lower()).strip()
    if not h:
        return Role.OTHER
    exact = column_words().exact.get(h)
    if exact is not None:
        return exact
    for role, pattern in _phrase_patterns():
        if pattern.search(h):
            return role
    return Role.OTHER
