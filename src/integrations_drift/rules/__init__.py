"""The rule registry: one record per checked finding kind, in report order.

Every other list of kinds (``fix --only``, what ``fix`` adds or marks, the SARIF rule table)
derives from ``RULES``; the contract's full list of kinds is
:class:`~integrations_drift.findings.FindingKind`.
"""

from __future__ import annotations

from collections.abc import Iterable

from integrations_drift.findings import Finding, FindingKind
from integrations_drift.rules import (
    malformed_doc,
    missing_config_location,
    placeholder_row,
    secret_in_doc,
    stale_env_var,
    stale_service,
    undocumented_env_var,
    undocumented_service,
)
from integrations_drift.rules.base import Rule, RuleContext
from integrations_drift.secrets import redact

RULES: tuple[Rule, ...] = (
    malformed_doc.RULE,
    secret_in_doc.RULE,
    undocumented_env_var.RULE,
    stale_env_var.RULE,
    missing_config_location.RULE,
    undocumented_service.RULE,
    stale_service.RULE,
    placeholder_row.RULE,
)
BY_KIND: dict[FindingKind, Rule] = {r.kind: r for r in RULES}


def run_rules(ctx: RuleContext, rules: Iterable[Rule] = RULES) -> list[Finding]:
    out: list[Finding] = []
    for rule in rules:
        out.extend(_hidden(f) for f in rule.check(ctx))
    return out


def _hidden(f: Finding) -> Finding:
    """The finding with every credential-looking value hidden: a rule may quote a row's name or a
    cell, and the report may be posted where many can read it."""
    s = f.suggestion
    return f.model_copy(
        update={
            "subject": redact(f.subject),
            "message": redact(f.message),
            "fix": redact(f.fix),
            "suggestion": s if s is None else s.model_copy(update={"cells": [redact(c) for c in s.cells]}),
        }
    )
