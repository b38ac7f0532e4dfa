"""The one way the config-file scanners build an EnvRef: a name that is not an identifier is dropped."""

from __future__ import annotations

import re

from yaml.nodes import Node

from integrations_drift.scan.env.configfiles import yamltree as yt
from integrations_drift.scan.types import EnvRef, EnvUse, SourceFile

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class RefList:
    """Collects refs, silently skipping names that cannot be environment variables."""

    def __init__(self, sf: SourceFile, source: str) -> None:
        self.sf = sf
        self.source = source
        self.refs: list[EnvRef] = []

    def set(self, name: str, line: int, has_default: bool = False) -> None:
        self._add(name, line, "set", has_default)

    def read(self, name: str, line: int, has_default: bool = False) -> None:
        self._add(name, line, "read", has_default)

    def set_keys(self, mapping: Node | None) -> None:
        """Every key of a YAML ``env:``-style mapping sets that variable, at the key's line."""
        for name, key in yt.keyed(mapping):
            self.set(name, yt.line_of(key))

    def _add(self, name: str, line: int, use: EnvUse, has_default: bool) -> None:
        if NAME.fullmatch(name) is None:
            return
        self.refs.append(
            EnvRef(
                name=name,
                path=self.sf.path,
                line=line,
                use=use,
                has_default=has_default,
                is_support=self.sf.is_support,
                source=self.source,
            )
        )
