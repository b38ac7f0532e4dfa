"""stale-env-var: the Environment Variables table names a variable nothing reads or sets.

Passing (``REDIS_URL`` is read, or at least set in docker-compose or .env.example)::

    | `REDIS_URL` | Yes | Cache connection | `redis://localhost:6379` |

Failing (no code, test or configuration file names ``MEMCACHED_HOST`` any more)::

    | `MEMCACHED_HOST` | No | Old cache | `localhost` |

Fix: remove the row (or restore the code that used it). A variable still named in code in a
shape the scanner does not know is not reported: a stale finding must be certain. A row carrying
the stale mark that ``fix`` writes (``… stale … (integrations-drift)``) has been seen and kept.
"""

from __future__ import annotations

from collections.abc import Iterator

from integrations_drift.doc.model import RefKind, Role, Row, Table
from integrations_drift.findings import Finding, FindingKind, Location, Severity
from integrations_drift.rules.base import WORD, Rule, RuleContext, named_in_code, names_in_code
from integrations_drift.rules.mentions import env_words
from integrations_drift.rules.suggest import remove_row
from integrations_drift.scan.env.operator import operator_reads


def _case_twins(ctx: RuleContext) -> set[str]:
    """Case-folded names the code reads that the document has only in another case: the
    undocumented-env-var finding renames that row, so it is not also stale."""
    documented = ctx.doc.mentioned_env_names()
    return {key.casefold() for key in operator_reads(ctx.env_refs, ctx.env_ignore) if key not in documented}


def check(ctx: RuleContext) -> Iterator[Finding]:
    twins = _case_twins(ctx)
    names = {r.name for r in ctx.env_refs if not r.is_prefix}
    prefixes = tuple(r.name for r in ctx.env_refs if r.is_prefix and len(r.name) >= 3)
    seen: set[str] = set()
    # (name, word to look for in code, table, row): rows no scanner found, judged together below.
    unread: list[tuple[str, str, Table, Row]] = []
    for table in ctx.doc.tables_of("env"):
        col = table.column(Role.NAME)
        for row in table.entries():
            cell = row.cell(col)
            if cell is None or row.marked_stale():
                continue
            for ref in cell.refs_of(RefKind.ENV):
                name = ref.value
                if name in seen or ctx.env_ignored(name):
                    continue
                seen.add(name)
                if name.endswith("*"):
                    stem = name[:-1]
                    if any(n.startswith(stem) for n in names) or any(p.startswith(stem) for p in prefixes):
                        continue
                    unread.append((name, env_words(name)[0], table, row))
                elif name not in names and not name.startswith(prefixes) and name.casefold() not in twins:
                    unread.append((name, env_words(name)[0], table, row))
    named = names_in_code(ctx.code_texts, (word for _, word, _, _ in unread))
    for name, word, table, row in unread:
        where = named.get(word) or _named_otherwise(ctx, word)
        if where is not None:
            ctx.spare(RULE.kind, name, where)
            continue
        yield RULE.finding(
            name,
            f'{name} is documented in "{table.title}" but no code, test or configuration '
            "file reads or sets it",
            locations=[Location(path=ctx.doc.path, line=row.line)],
            identity=(name,),
            doc_line=row.line,
            suggestion=remove_row(table, row),
            fix=f"remove the {name} row, or restore the code that reads it",
        )


def _named_otherwise(ctx: RuleContext, word: str) -> str | None:
    """Where a word ``names_in_code`` cannot look for by word (it holds other characters) is named."""
    return None if WORD.fullmatch(word.encode()) else named_in_code(ctx.code_texts, [word])


RULE = Rule(
    FindingKind.STALE_ENV_VAR, Severity.WARNING, check, __doc__ or "", actions=("remove-row",), stale=True
)
