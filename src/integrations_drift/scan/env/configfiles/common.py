"""The one way the config-file scanners build an EnvRef: a name that is not an identifier is dropped."""

from __future__ import annotations

import re

from integrations_drift.scan.types import EnvRef, EnvUse, SourceFile

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def make_ref(
    sf: SourceFile, name: str, line: int, use: EnvUse, source: str, has_default: bool = False
) -> EnvRef | None:
    if NAME.fullmatch(name) is None:
        return None
    return EnvRef(
        name=name,
        path=sf.path,
        line=line,
        use=use,
        has_default=has_default,
        is_test=sf.is_test,
        source=source,
    )


class RefList:
    """Collects refs, silently skipping names that cannot be environment variables."""

    def __init__(self, sf: SourceFile, source: str) -> None:
        self.sf = sf
        self.source = source
        self.refs: list[EnvRef] = []

    def set(self, name: str, line: int, has_default: bool = False) -> None:
        self._add(make_ref(self.sf, name, line, "set", self.source, has_default))

    def read(self, name: str, line: int, has_default: bool = False) -> None:
        self._add(make_ref(self.sf, name, line, "read", self.source, has_default))

    def _add(self, ref: EnvRef | None) -> None:
        if ref is not None:
            self.refs.append(ref)
