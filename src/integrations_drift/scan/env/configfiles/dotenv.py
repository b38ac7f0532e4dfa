"""dotenv files (``.env``, ``.env.example``, ``app.env``, ``.envrc``): each ``NAME=`` line sets NAME.

A front-end bundler's variables (``VITE_*``, ``NEXT_PUBLIC_*``, …) in a committed build env file
(``.env``, ``.env.production``) are inlined into the package's bundle: those sets carry the source
``BUNDLED_SOURCE``, and reads of them below the file's folder are the repository's own.

Only names and lines are kept; values are skipped over (a multi-line quoted value is consumed so its
inner lines are not taken for assignments) and never stored.
"""

from __future__ import annotations

import re

from integrations_drift.scan.env.configfiles.common import RefList
from integrations_drift.scan.env.configfiles.kinds import bundled_names, is_example
from integrations_drift.scan.types import EnvRef, SourceFile

SOURCE = "dotenv"
EXAMPLE_SOURCE = "env-example"
BUNDLED_SOURCE = "dotenv-bundled"

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
    example = is_example(sf.path)
    out = RefList(sf, EXAMPLE_SOURCE if example else SOURCE)
    bundled = RefList(sf, BUNDLED_SOURCE)
    prefixes = () if example else bundled_names(sf.path)
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
        (bundled if m.group(1).startswith(prefixes) else out).set(m.group(1), number)
        value = m.group(2)
        if value[:1] in ("'", '"', "`") and not _closes(value[1:], value[0]):
            open_quote = value[0]
    return out.refs + bundled.refs
