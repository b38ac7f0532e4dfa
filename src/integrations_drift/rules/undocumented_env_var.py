"""undocumented-env-var: the code reads an environment variable the document never names.

Passing (the document names ``STRIPE_SECRET_KEY`` anywhere: a table, a bullet, prose)::

    stripe.api_key = os.environ["STRIPE_SECRET_KEY"]

Failing (``SENTRY_DSN`` appears nowhere in INTEGRATIONS.md)::

    sentry_sdk.init(dsn=os.getenv("SENTRY_DSN"))

A row that differs from the code only by case (``JELLYFIN_FFMPEG__PROBESIZE`` documented,
``JELLYFIN_FFmpeg__probesize`` read) does not cover the read: the message says the case differs,
and the fix rewrites that row's name as the code spells it (the row is not also reported stale).

Fix: add a row to the Environment Variables table (or correct the name's case in the document).
Reads in test and tooling code (scripts/, tools/, .github/, build and release scripts, build-tool
configurations), ``${X}`` interpolation in deployment files
(docker-compose, Procfile, serverless.yml), variables that are only set (compose, Kubernetes,
Dockerfile, .env.example) and the built-in ignore list never count.
A dynamically built name (``os.environ[f"FEATURE_{flag}"]``) is reported as its prefix, ``FEATURE_*``.
A Docker-secrets twin (``os.getenv(name + "_FILE")`` with ``name`` known to be ``DB_PASSWORD``) is
covered when the document names its base variable, ``DB_PASSWORD``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from integrations_drift.doc.model import RefKind, Role
from integrations_drift.doc.template import env_roles, env_row, env_table, required_cell
from integrations_drift.findings import Finding, FindingKind, Location, Severity, Suggestion
from integrations_drift.paths import glob_match_name
from integrations_drift.rules.base import Rule, RuleContext
from integrations_drift.rules.suggest import shown_cells
from integrations_drift.scan.env.operator import operator_reads
from integrations_drift.scan.types import EnvRef

MAX_LOCATIONS = 10


def _documented(name: str, documented: set[str], patterns: list[str]) -> bool:
    return name in documented or any(glob_match_name(p, name) for p in patterns)


def _by_folded_case(documented: set[str]) -> dict[str, list[str]]:
    by_case: dict[str, list[str]] = {}
    for name in sorted(documented):
        by_case.setdefault(name.casefold(), []).append(name)
    return by_case


def _case_twin(key: str, by_case: dict[str, list[str]]) -> str | None:
    """The documented name that differs from ``key`` only by case (``JELLYFIN_FFMPEG__PROBESIZE``
    for ``JELLYFIN_FFmpeg__probesize``): the process environment is case-sensitive, so the row
    does not cover the read, and saying so names the mistake."""
    twins = [n for n in by_case.get(key.casefold(), []) if n != key]
    return twins[0] if twins else None


def _twin_covered(refs: list[EnvRef], documented: set[str], patterns: list[str]) -> bool:
    """A Docker-secrets twin (``DB_PASSWORD_FILE`` read as ``name + "_FILE"``) is covered by its
    documented base variable (``DB_PASSWORD``)."""
    return any(r.twin_of and _documented(r.twin_of, documented, patterns) for r in refs)


def _renamed_row(ctx: RuleContext, twin: str, key: str) -> Suggestion | None:
    """The row that names ``twin``, with the code's spelling ``key`` in its Variable cell."""
    spelled = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(twin)}(?![A-Za-z0-9_])")
    for table in ctx.doc.tables_of("env"):
        col = table.column(Role.NAME)
        for row in table.entries():
            cell = row.cell(col)
            if cell is None or not any(ref.value == twin for ref in cell.refs_of(RefKind.ENV)):
                continue
            cells = shown_cells(table, row)
            if col is None or col >= len(cells):
                return None
            cells[col] = spelled.sub(key, cells[col], count=1)
            return Suggestion(action="replace-row", table=table.title, doc_line=row.line, cells=cells)
    return None


def check(ctx: RuleContext) -> Iterator[Finding]:
    documented = ctx.doc.mentioned_env_names()
    patterns = [n for n in documented if n.endswith("*")]
    table = env_table(ctx.doc)
    by_case = _by_folded_case(documented)
    for key, refs in operator_reads(ctx.env_refs, ctx.env_ignore).items():
        if key.endswith("*"):
            if any(n.startswith(key[:-1]) for n in documented):
                continue
        elif _documented(key, documented, patterns) or _twin_covered(refs, documented, patterns):
            continue
        required = required_cell(all(r.has_default for r in refs))
        first = refs[0]
        dynamic = key.endswith("*")
        what = f"variables named {key} (the name is built at run time)" if dynamic else key
        message = f"{what} read at {first.path}:{first.line}"
        if len(refs) > 1:
            message += f" and {len(refs) - 1} more place{'s' if len(refs) > 2 else ''}"
        twin = _case_twin(key, by_case)
        message += (
            " is not in the document"
            if twin is None
            else f": documented as {twin} but the code reads {key}; names are case-sensitive"
        )
        renamed = _renamed_row(ctx, twin, key) if twin is not None else None
        if renamed is not None:
            yield RULE.finding(
                key,
                message,
                locations=[Location(path=r.path, line=r.line) for r in refs[:MAX_LOCATIONS]],
                identity=(key,),
                suggestion=renamed,
                fix=f'write `{twin}` as the code spells it, `{key}`, in the "{renamed.table}" table',
            )
            continue
        table_title = table.title if table is not None else "Environment Variables"
        yield RULE.finding(
            key,
            message,
            locations=[Location(path=r.path, line=r.line) for r in refs[:MAX_LOCATIONS]],
            identity=(key,),
            suggestion=Suggestion(
                action="add-row",
                table=table_title,
                doc_line=table.end_line if table is not None else None,
                cells=env_row(table.roles if table is not None else env_roles(), key, required, first.path),
            ),
            fix=f'add `{key}` to the "{table_title}" table (Required: {required})',
        )


RULE = Rule(
    FindingKind.UNDOCUMENTED_ENV_VAR,
    Severity.ERROR,
    check,
    __doc__ or "",
    actions=("add-row", "replace-row"),
    adds="env",
)
