"""GitHub workflow commands: one annotation per finding, on the file and line of its evidence.

    ::error file=app/billing.py,line=6,title=undocumented-env-var::STRIPE_WEBHOOK_SECRET read at …

Errors, then warnings, then notices (``::notice``); in PR mode new drift before existing drift.
Properties and message are escaped as GitHub's toolkit (``@actions/core``) escapes them, so no
text from the repository — a file name, a table cell — can end the command or start another one.

GitHub shows at most 10 error and 10 warning annotations of a step (and 50 of a job): at most
``PER_STEP`` findings of each severity are written (notices too, to stay on the safe side), the
most severe first, and when some are left out a notice that says how many comes first.
"""

from __future__ import annotations

from integrations_drift.engine import CheckResult
from integrations_drift.findings import Finding, Severity
from integrations_drift.report.base import RenderOptions, Reporter, most_severe_first, primary_location
from integrations_drift.report.safe import strip_controls, valid_text

MAX_ANNOTATIONS = 50  # of a job; one step writes at most 3 * PER_STEP
PER_STEP = 10
MAX_MESSAGE = 4000
_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "notice"}


def escape_data(text: str) -> str:
    """``escapeData`` of ``@actions/core``: the message of a command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """``escapeProperty`` of ``@actions/core``: a ``key=value`` of a command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str], message: str) -> str:
    """``::name key=value,…::message``, as ``@actions/core`` writes it (empty properties left out)."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items() if value)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def annotation(finding: Finding, doc: str) -> str:
    where = primary_location(finding, doc)
    title = finding.kind.value + (f" ({finding.change})" if finding.change else "")
    message = strip_controls(finding.message)
    if finding.fix:
        message += f"\nfix: {strip_controls(finding.fix)}"
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    properties = {
        # The path as the repository spells it: GitHub matches it against the files of the commit.
        "file": valid_text(where.path),
        "line": str(where.line) if where.line else "",
        "title": title,
    }
    return command(_COMMAND[finding.severity], properties, message)


def render(result: CheckResult, options: RenderOptions) -> str:
    ordered = most_severe_first(result.report.findings)
    written: dict[Severity, int] = dict.fromkeys(Severity, 0)
    lines: list[str] = []
    for f in ordered:
        if written[f.severity] < PER_STEP:
            written[f.severity] += 1
            lines.append(annotation(f, result.report.doc))
    left_out = len(ordered) - len(lines)
    if left_out > 0:
        lines.insert(
            0,
            command(
                "notice",
                {"title": "integrations-drift"},
                f"{left_out} more not shown: {len(ordered)} findings, {len(lines)} annotated (GitHub shows "
                f"at most {PER_STEP} errors and {PER_STEP} warnings of a step; these are the most severe). "
                "The text or JSON report lists them all.",
            ),
        )
    return "".join(f"{line}\n" for line in lines)


REPORTER = Reporter("github", "GitHub workflow commands: an annotation per finding", render)
