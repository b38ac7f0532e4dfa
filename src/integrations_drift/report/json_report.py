"""The JSON report, version 1 of the contract."""

from __future__ import annotations

import json

from integrations_drift.findings import Report
from integrations_drift.report.safe import valid_tree


def render_json(report: Report) -> str:
    return json.dumps(valid_tree(report.model_dump(mode="json")), indent=2, ensure_ascii=False) + "\n"
