"""Environment blocks of a README's deployment instructions: a fenced code block whose every line
sets one variable (``NAME=value``, ``export NAME=value``, or a ``NAME   value`` table as hosting
panels show it) is where the project tells operators what to set, like an ``.env`` example.

Such a set never makes a row: it only promotes what a framework reads on the application's behalf
(binder evidence, ``SECRET_KEY_BASE`` for Rails) to a read, as a deployment file's set does. A block
with any other line (a command, prose, YAML) is not one: ``RAILS_ENV=production bin/rails db:setup``
runs a command.
"""

from __future__ import annotations

import re

from integrations_drift.scan.env.configfiles.common import RefList
from integrations_drift.scan.types import EnvRef, SourceFile

SOURCE = "readme"

_FENCE = re.compile(r"^[ \t]*(```|~~~)")
# ``NAME=value`` takes one shell word (quoted or not), so a command line is no match; a table row
# ``NAME   value`` takes the rest of the line (``[random generated key]``).
_SETTING = re.compile(
    r"""^[ \t]*(?:export[ \t]+)?([A-Z][A-Z0-9_]*)"""
    r"""(?:=(?:"[^"]*"|'[^']*'|[^ \t"']*)|[ \t]+[^ \t=][^\n]*)?[ \t]*$"""
)
_MIN_LINES = 2


def wants(data: bytes) -> bool:
    return b"```" in data or b"~~~" in data


def scan(sf: SourceFile) -> list[EnvRef]:
    out = RefList(sf, SOURCE)
    block: list[tuple[str, int]] = []
    fence = ""  # the open fence's marker, "" outside a block
    spoiled = False  # the open block has a line that sets nothing
    for number, line in enumerate(sf.text().splitlines(), start=1):
        m = _FENCE.match(line)
        if m is not None and (not fence or m.group(1) == fence):
            if fence and not spoiled and len(block) >= _MIN_LINES:
                for name, at in block:
                    out.set(name, at)
            fence = "" if fence else m.group(1)
            block, spoiled = [], False
            continue
        if not fence or spoiled or not line.strip():
            continue
        setting = _SETTING.match(line)
        if setting is None:
            spoiled = True
        else:
            block.append((setting.group(1), number))
    return out.refs
