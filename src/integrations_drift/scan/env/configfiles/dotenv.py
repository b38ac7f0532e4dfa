"""dotenv files (``.env``, ``.env.example``, ``app.env``, ``.envrc``): each ``NAME=`` line sets NAME.

Only names and lines are kept; values are skipped over (a multi-line quoted value is consumed so its
inner lines are not taken for assignments) and never stored.
"""

from __future__ import annotations

import re

from integrations_drift.scan.env.configfiles.common import RefList
from integrations_drift.scan.env.configfiles.kinds import is_example
from integrations_drift.scan.types import EnvRef, SourceFile

SOURCE = "dotenv"
EXAMPLE_SOURCE = "env-example"

_ASSIGNMENT = re.compile(r"^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*)$")


def wants(data: bytes) -> bool:
    return b"=" in data


def _closes(rest: str, quote: str) -> bool:
    """Whether ``rest`` (the text after an opening quote) contains the closing quote."""
    i = 0
    while i < len(rest):
        if rest[i] == "\\" and quote == '"':
            i += 2
            continue
        if rest[i] == quote:
            return True
        i += 1
    return False


def scan(sf: SourceFile) -> list[EnvRef]:
    out = RefList(sf, EXAMPLE_SOURCE if is_example(sf.path) else SOURCE)
    open_quote = ""
    for number, raw in enumerate(sf.text().split("\n"), start=1):
        line = raw.rstrip("\r")
        if open_quote:
            if _closes(line, open_quote):
                open_quote = ""
            continue
        m = _ASSIGNMENT.match(line)
        if m is None:
            continue
        out.set(m.group(1), number)
        value = m.group(2)
        if value[:1] in ("'", '"', "`") and not _closes(value[1:], value[0]):
            open_quote = value[0]
    return out.refs
