"""The JSON report, version 1 of the contract."""

from __future__ import annotations

import json

from integrations_drift.engine import CheckResult
from integrations_drift.report.base import RenderOptions, Reporter
from integrations_drift.report.safe import valid_tree


def render(result: CheckResult, options: RenderOptions) -> str:
    return json.dumps(valid_tree(result.report.model_dump(mode="json")), indent=2, ensure_ascii=False) + "\n"


REPORTER = Reporter("json", "the stable machine-readable report (version 1)", render)
