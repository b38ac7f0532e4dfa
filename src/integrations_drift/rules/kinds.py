"""Finding kinds named on the command line or in the config (``--only``, ``--select``,
``--ignore``), checked against the rule registry."""

from __future__ import annotations

from collections.abc import Iterable

from integrations_drift.errors import UsageError
from integrations_drift.rules import RULES


def all_kinds() -> list[str]:
    return [str(rule.kind) for rule in RULES]


def parse_kinds(values: Iterable[str] | None, option: str = "--only") -> frozenset[str] | None:
    """``--only`` (or ``option``) values (repeatable, comma-separated) → kinds; an unknown kind is a
    usage error."""
    if not values:
        return None
    known = all_kinds()
    kinds: set[str] = set()
    for value in values:
        for part in value.split(","):
            kind = part.strip()
            if not kind:
                continue
            if kind not in known:
                raise UsageError(f"{option} {kind}: unknown finding kind (one of {', '.join(known)})")
            kinds.add(kind)
    if not kinds:
        raise UsageError(f"{option} needs a finding kind")
    return frozenset(kinds)
