"""missing-config-location: a path in a location column does not exist.

Passing (the file exists)::

    | PostgreSQL | Primary data store | `src/db/client.ts` |

Failing (``src/db/config.ts`` was renamed to ``src/db/client.ts``)::

    | PostgreSQL | Primary data store | `src/db/config.ts` |

Fix: point the cell at the new path; the suggestion names it when git shows the rename or exactly one
file of the same name exists elsewhere. Paths are resolved inside the repository only: absolute
paths, ``..`` escapes and links that lead outside are reported and never followed.
"""

from __future__ import annotations

from collections.abc import Iterator

from integrations_drift.doc.model import Cell, Ref, RefKind, Role, Row, Table
from integrations_drift.findings import Finding, FindingKind, Location, Severity, Suggestion
from integrations_drift.paths import normalise
from integrations_drift.rules.base import Rule, RuleContext
from integrations_drift.rules.suggest import remove_row, shown_cell

PATH_KINDS = (RefKind.PATH, RefKind.DIRECTORY, RefKind.GLOB, RefKind.PATH_LINE)


def _location_cells(table: Table, row: Row) -> Iterator[Cell]:
    for i, cell in enumerate(row.cells):
        role = table.roles[i] if i < len(table.roles) else Role.OTHER
        if table.shape == "bullets" or role in (Role.LOCATION, Role.SDK):
            yield cell


def _problem(ctx: RuleContext, ref: Ref) -> tuple[str, str | None] | None:
    """Why ``ref`` does not hold (and the replacement path, when one is known); None when it holds."""
    if ref.kind is RefKind.GLOB:
        pattern = normalise(ref.value)
        if pattern is None:
            return ("the pattern leaves the repository", None)
        # Brackets are also literal in real names (Next.js route folders such as ``[slug]/``).
        if pattern in ctx.all_paths or pattern.rstrip("/") in ctx.all_dirs:
            return None
        return None if ctx.glob_matches(pattern) else ("no file matches this pattern", None)
    resolved = ctx.tree.resolve(ref.value)
    if resolved.escapes:
        return (resolved.escapes, None)
    path = resolved.path
    if ref.kind is RefKind.DIRECTORY and path.rstrip("/") in ctx.all_dirs:
        return None
    if resolved.exists:
        if ref.kind is RefKind.PATH_LINE and ref.line_no is not None and not resolved.is_dir:
            count = ctx.tree.line_count(path) or 0
            if ref.line_no > count:
                return (f"line {ref.line_no} is past the end of the file ({count} lines)", None)
        return None
    if "/" not in path and ctx.by_basename.get(path):
        return None  # a bare file name ("fly.toml") names the file wherever it lives
    return ("the path does not exist", _replacement(ctx, path))


def _replacement(ctx: RuleContext, path: str) -> str | None:
    """The path the row should name now, written as the document writes paths (a nested document's
    relative to its folder)."""
    prefix = f"{ctx.part}/" if ctx.part else ""
    for old in (prefix + path, path) if prefix else (path,):
        new = ctx.renames.get(old)
        if new is not None and new in ctx.all_paths:
            return new.removeprefix(prefix)
    candidates = ctx.by_basename.get(path.rsplit("/", 1)[-1], [])
    if prefix:
        candidates = [c for c in candidates if c.startswith(prefix)] or candidates
    if len(candidates) == 1:
        return candidates[0].removeprefix(prefix)
    return None


def _suggestion(
    ctx: RuleContext, value: str, new: str | None, table: Table, row: Row, cells: list[str], line: int
) -> Suggestion:
    if new is not None:
        return Suggestion(action="replace-row", table=table.title, doc_line=row.line, cells=cells)
    if normalise(value) in ctx.deleted:
        return remove_row(table, row)
    return Suggestion(action="edit-doc", table=table.title, doc_line=line)


def check(ctx: RuleContext) -> Iterator[Finding]:
    reported: set[tuple[int, str]] = set()
    for table in ctx.doc.tables:
        if table.kind == "other":
            continue
        for row in table.entries():
            name = row.cells[0].text if row.cells else ""
            for cell in _location_cells(table, row):
                for ref in cell.refs_of(*PATH_KINDS):
                    if (cell.line, ref.value) in reported:
                        continue
                    problem = _problem(ctx, ref)
                    if problem is None:
                        continue
                    reported.add((cell.line, ref.value))
                    reason, new = problem
                    shown = ref.value + (f":{ref.line_no}" if ref.line_no else "")
                    cells = [
                        shown_cell(table, k, c.text if new is None else c.text.replace(ref.value, new))
                        for k, c in enumerate(row.cells)
                    ]
                    if new is not None:
                        fix = f"replace `{shown}` with `{new}`" + (
                            " (git shows the rename)"
                            if ctx.renames.get(normalise(ref.value) or "") == new
                            else ""
                        )
                    elif normalise(ref.value) in ctx.deleted:
                        fix = (
                            f"`{shown}` is deleted by this change: remove the {name or 'row'} row, "
                            "or point it at the new location"
                        )
                    else:
                        fix = f"update or remove `{shown}` in the {name or 'row'} row"
                    yield RULE.finding(
                        shown,
                        f'{shown} ({name}, "{table.title}"): {reason}',
                        locations=[Location(path=ctx.doc.path, line=cell.line)],
                        identity=(ref.value, table.title, name),
                        doc_line=cell.line,
                        suggestion=_suggestion(ctx, ref.value, new, table, row, cells, cell.line),
                        fix=fix,
                    )


RULE = Rule(
    FindingKind.MISSING_CONFIG_LOCATION,
    Severity.ERROR,
    check,
    __doc__ or "",
    actions=("replace-row", "remove-row", "edit-doc"),
)
