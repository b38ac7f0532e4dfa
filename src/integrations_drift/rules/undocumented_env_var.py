"""undocumented-env-var: the code reads an environment variable the document never names.

Passing (the document names ``STRIPE_SECRET_KEY`` anywhere: a table, a bullet, prose)::

    stripe.api_key = os.environ["STRIPE_SECRET_KEY"]

Failing (``SENTRY_DSN`` appears nowhere in INTEGRATIONS.md)::

    sentry_sdk.init(dsn=os.getenv("SENTRY_DSN"))

Fix: add a row to the Environment Variables table. Reads in test and tooling code (scripts/,
tools/, .github/, build and release scripts), ``${X}`` interpolation in deployment files
(docker-compose, Procfile, serverless.yml), variables that are only set (compose, Kubernetes,
Dockerfile, .env.example) and the built-in ignore list never count.
A dynamically built name (``os.environ[f"FEATURE_{flag}"]``) is reported as its prefix, ``FEATURE_*``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from integrations_drift.findings import Finding, FindingKind, Location, Severity, Suggestion
from integrations_drift.rules.base import Rule, RuleContext, glob_match_name
from integrations_drift.rules.suggest import env_row, env_table
from integrations_drift.scan.types import EnvRef

MAX_LOCATIONS = 10
MIN_PREFIX = 3  # shorter dynamic prefixes say nothing about which variables are meant
# ``${X}`` in these files is read by the deployment tool from the operator's shell, not by the
# application: evidence for stale checks, never on its own an undocumented variable.
DEPLOY_SOURCES = frozenset({"compose", "procfile", "serverless", "helm", "dockerfile"})
# Values the repository provides to itself (next.config ``env``): no operator sets them.
SELF_SET_SOURCES = frozenset({"nextjs"})


def _documented(name: str, documented: set[str], patterns: list[str]) -> bool:
    return name in documented or any(glob_match_name(p, name) for p in patterns)


def operator_reads(refs: list[EnvRef], env_ignore: list[str]) -> dict[str, list[EnvRef]]:
    """The variables whoever runs the application has to provide, by name (``X*`` for a name built
    at run time), each with its reads in path order: application reads only (not test or tooling
    code, not deployment-file interpolation, not values the repository sets for itself), less the
    ignored names and prefixes too short to mean anything."""
    self_set = {r.name for r in refs if r.use == "set" and r.source in SELF_SET_SOURCES}
    reads: dict[str, list[EnvRef]] = defaultdict(list)
    for r in refs:
        if r.use != "read" or r.is_test or r.source in DEPLOY_SOURCES or r.name in self_set:
            continue
        if r.is_prefix and len(r.name) < MIN_PREFIX:
            continue
        reads[f"{r.name}*" if r.is_prefix else r.name].append(r)
    return {
        key: sorted(found, key=lambda r: (r.path, r.line))
        for key, found in sorted(reads.items())
        if not any(glob_match_name(p, key) for p in env_ignore)
    }


def required_cell(refs: list[EnvRef]) -> str:
    """What the Required column should say: "No" when every read supplies a default."""
    return "No" if all(r.has_default for r in refs) else "Yes"


def check(ctx: RuleContext) -> Iterator[Finding]:
    documented = ctx.doc.mentioned_env_names()
    patterns = [n for n in documented if n.endswith("*")]
    table = env_table(ctx.doc)
    for key, refs in operator_reads(ctx.env_refs, ctx.env_ignore).items():
        if key.endswith("*"):
            if any(n.startswith(key[:-1]) for n in documented):
                continue
        elif _documented(key, documented, patterns):
            continue
        required = required_cell(refs)
        first = refs[0]
        dynamic = key.endswith("*")
        what = f"variables named {key} (the name is built at run time)" if dynamic else key
        message = f"{what} read at {first.path}:{first.line}"
        if len(refs) > 1:
            message += f" and {len(refs) - 1} more place{'s' if len(refs) > 2 else ''}"
        message += " is not in the document"
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
                cells=env_row(table, key, required, first.path),
            ),
            fix=f'add `{key}` to the "{table_title}" table (Required: {required})',
        )


RULE = Rule(
    FindingKind.UNDOCUMENTED_ENV_VAR, Severity.ERROR, check, __doc__ or "", actions=("add-row",), adds="env"
)
