"""The reporter registry: one module per output format, one signature, one check result.

Each module ends in ``REPORTER``, a :class:`~integrations_drift.report.base.Reporter` record (name,
summary, ``render(result, options) -> str``), collected in ``REPORTERS``; the command line's list
of formats derives from it.
"""

from __future__ import annotations

from integrations_drift.report import concise, github, json_report, markdown, sarif, text
from integrations_drift.report.base import RenderOptions, Reporter

REPORTERS: tuple[Reporter, ...] = (
    text.REPORTER,
    concise.REPORTER,
    json_report.REPORTER,
    markdown.REPORTER,
    github.REPORTER,
    sarif.REPORTER,
)
BY_NAME: dict[str, Reporter] = {r.name: r for r in REPORTERS}

__all__ = ["BY_NAME", "REPORTERS", "RenderOptions", "Reporter"]
