"""One module per finding kind; ``ALL_RULES`` lists them in report order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import ModuleType

from integrations_drift.findings import Finding, Severity
from integrations_drift.rules import (
    malformed_doc,
    missing_config_location,
    placeholder_row,
    stale_env_var,
    stale_service,
    undocumented_env_var,
    undocumented_service,
)
from integrations_drift.rules.base import RuleContext

ALL_RULES: tuple[ModuleType, ...] = (
    malformed_doc,
    undocumented_env_var,
    stale_env_var,
    missing_config_location,
    undocumented_service,
    stale_service,
    placeholder_row,
)


def default_severity(kind: str) -> Severity:
    for rule in ALL_RULES:
        if kind == rule.KIND:
            sev: Severity = rule.DEFAULT_SEVERITY
            return sev
    raise KeyError(kind)


def run_rules(ctx: RuleContext, rules: Iterable[ModuleType] = ALL_RULES) -> list[Finding]:
    out: list[Finding] = []
    for rule in rules:
        check: Callable[[RuleContext], Iterable[Finding]] = rule.check
        out.extend(check(ctx))
    return out
