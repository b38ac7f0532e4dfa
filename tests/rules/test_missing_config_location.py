"""missing-config-location beyond its docstring examples."""

from __future__ import annotations

from integrations_drift.rules import BY_KIND
from tests.rules.memory import rule_context

DOC = "# I\n\n## Databases\n\n| Service | Purpose | Configuration Location |\n|---|---|---|\n| PostgreSQL | Store | {cell} |\n"


def subjects(cell: str, files: dict[str, str]) -> list[str]:
    ctx = rule_context(DOC.format(cell=cell), files)
    return [f.subject for f in BY_KIND["missing-config-location"].check(ctx)]


def test_brackets_in_an_existing_path_are_literal() -> None:
    files = {"app/api/[workspaceId]/db.ts": "export {}\n"}
    assert subjects("`app/api/[workspaceId]/db.ts`", files) == []
    assert subjects("`app/api/[workspaceId]/`", files) == []
    assert subjects("`app/api/[teamId]/db.ts`", files) == ["app/api/[teamId]/db.ts"]


def test_a_glob_still_has_to_match_something() -> None:
    files = {"app/db/client.ts": "export {}\n"}
    assert subjects("`app/db/*.ts`", files) == []
    assert subjects("`app/cache/*.ts`", files) == ["app/cache/*.ts"]
