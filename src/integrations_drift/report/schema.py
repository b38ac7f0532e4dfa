"""The JSON Schema of the JSON report, generated from its pydantic models.

The repository keeps it in ``schema/report-v1.schema.json`` (a test checks the two are equal);
regenerate it with ``python -m integrations_drift.report.schema > schema/report-v1.schema.json``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from integrations_drift.findings import JsonReport

SCHEMA_PATH = "schema/report-v1.schema.json"


def report_schema() -> dict[str, Any]:
    """What the report writes (serialization mode): every key of the first release required, the keys
    added to version 1 since optional."""
    schema = JsonReport.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "integrations-drift report, version 1",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text() -> str:
    return json.dumps(report_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(schema_text())
