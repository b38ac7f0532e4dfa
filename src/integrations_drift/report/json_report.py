"""The JSON report, version 1 of the contract."""

from __future__ import annotations

import json

from integrations_drift.findings import Report


def render_json(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
