"""The JSON report, version 1 of the contract.

The keys of the first release come first, unchanged; then what the other formats show beside the
findings (files scanned, what the baseline and inline ignores took out, the unverified services,
the stale baseline entries), added to version 1 as keys a reader of the first release ignores.
Its JSON Schema is in :mod:`integrations_drift.report.schema`.
"""

from __future__ import annotations

from integrations_drift.engine import CheckResult
from integrations_drift.findings import (
    FindingKind,
    JsonReport,
    StaleBaselineEntry,
    SuppressedCounts,
    UnverifiedService,
)
from integrations_drift.report.base import RenderOptions, Reporter
from integrations_drift.report.safe import json_text


def json_report(result: CheckResult) -> JsonReport:
    suppressed = result.suppressed
    return JsonReport(
        **dict(result.report),
        files_scanned=result.files_scanned,
        suppressed=SuppressedCounts(
            baseline=suppressed.accepted,
            inline=suppressed.inline_total,
            baseline_file=suppressed.baseline_name,
        ),
        unverified=[UnverifiedService(name=name, doc_line=line) for name, line in result.unverified],
        stale_baseline=[
            StaleBaselineEntry(fingerprint=e.fingerprint, kind=FindingKind(e.kind), subject=e.subject)
            for e in suppressed.stale
        ],
        documents=result.documents,
    )


def render(result: CheckResult, options: RenderOptions) -> str:
    return json_text(json_report(result).model_dump(mode="json"))


REPORTER = Reporter("json", "the stable machine-readable report (version 1, with a JSON Schema)", render)
