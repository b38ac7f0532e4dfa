"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run. ``tool.driver.rules`` is generated from the rules registry (each rule's kind, summary,
docstring and default severity); each finding is a result with its rule, level, message, locations
(paths relative to the repository root, as URI references under ``%SRCROOT%``) and
``partialFingerprints`` carrying the finding's fingerprint, so code scanning follows a finding
across line shifts as PR mode does. In PR mode ``baselineState`` says ``new`` or ``unchanged``.

At most ``MAX_RESULTS`` results, most severe first: when findings are left out, the run's
properties and a tool notification say how many. A location without a line points at line 1.
"""

from __future__ import annotations

import inspect
import re
from typing import Any
from urllib.parse import quote

from integrations_drift import PROJECT_URL, __version__
from integrations_drift.engine import CheckResult
from integrations_drift.findings import Finding, Location, Severity
from integrations_drift.report.base import RenderOptions, Reporter, most_severe_first
from integrations_drift.report.safe import json_text
from integrations_drift.rules import RULES
from integrations_drift.rules.base import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
MAX_RESULTS = 5000
MAX_NOTIFICATIONS = 20
FINGERPRINT_KEY = "integrationsDrift/v1"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}
_BASELINE_STATE = {"new": "new", "existing": "unchanged"}


def _camel(kind: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[-_]", kind))


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.kind.value,
        "name": _camel(rule.kind.value),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": inspect.cleandoc(rule.doc)},
        "defaultConfiguration": {"level": LEVEL[rule.default_severity]},
        "properties": {"tags": ["integrations-drift", "documentation"]},
    }


def artifact_uri(path: str) -> str:
    """A repository path as a relative URI reference: percent-encoded UTF-8 (a name that is not UTF-8
    keeps its bytes), ``/`` kept, so ``:`` in a first segment cannot read as a scheme."""
    return quote(path.encode("utf-8", "surrogateescape"), safe="/")


def _location(loc: Location) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(loc.path), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": loc.line or 1},
        }
    }


def _result(finding: Finding, doc: str, rule_index: dict[str, int]) -> dict[str, Any]:
    text = finding.message + (f"\nfix: {finding.fix}" if finding.fix else "")
    locations = finding.locations or [Location(path=finding.doc or doc, line=finding.doc_line)]
    out: dict[str, Any] = {"ruleId": finding.kind.value}
    if finding.kind.value in rule_index:
        out["ruleIndex"] = rule_index[finding.kind.value]
    out.update(
        {
            "level": LEVEL[finding.severity],
            "message": {"text": text},
            "locations": [_location(loc) for loc in locations],
            "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
            "properties": {"subject": finding.subject, "severity": finding.severity.value},
        }
    )
    if finding.change:
        out["baselineState"] = _BASELINE_STATE[finding.change]
    return out


def sarif_log(result: CheckResult, limit: int = MAX_RESULTS) -> dict[str, Any]:
    report = result.report
    rule_index = {rule.kind.value: i for i, rule in enumerate(RULES)}
    ordered = most_severe_first(report.findings)
    shown = ordered[:limit]
    left_out = len(ordered) - len(shown)
    notifications: list[dict[str, Any]] = [
        {"level": "warning", "message": {"text": warning}} for warning in result.warnings[:MAX_NOTIFICATIONS]
    ]
    if left_out:
        notifications.insert(
            0,
            {
                "level": "warning",
                "message": {
                    "text": f"{left_out} of {len(ordered)} findings are left out: a run carries at most "
                    f"{limit} results, the most severe first"
                },
            },
        )
    properties: dict[str, Any] = {
        "doc": report.doc,
        "mode": report.mode,
        "findings": len(ordered),
        "results": len(shown),
        "leftOut": left_out,
    }
    if report.mode == "pr":
        properties.update({"base": report.base, "head": report.head, "resolved": len(report.resolved)})
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "integrations-drift",
                        "version": __version__,
                        "informationUri": PROJECT_URL,
                        "rules": [rule_descriptor(rule) for rule in RULES],
                    }
                },
                "invocations": [invocation],
                "results": [_result(f, report.doc, rule_index) for f in shown],
                "properties": properties,
            }
        ],
    }


def render(result: CheckResult, options: RenderOptions) -> str:
    return json_text(sarif_log(result))


REPORTER = Reporter("sarif", "SARIF 2.1.0, for GitHub code scanning", render)
