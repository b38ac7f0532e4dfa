"""Fuzzing the edit engine's round trip: on a generated document beside generated code, ``fix``'s
edits applied once leave no drift that ``fix`` would edit again, and a second run changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrations_drift.doc.edit import Edit, apply_edits
from integrations_drift.doc.parse import parse_document
from integrations_drift.findings import Finding
from integrations_drift.fix import edit_for
from integrations_drift.rules import run_rules
from tests.fuzz.strategies import DOC_FRAGMENTS, FUZZ, built
from tests.rules.memory import rule_context

NAMES = ["API_KEY", "DATABASE_URL", "REDIS_URL", "SENTRY_DSN", "PORT", "LOG_LEVEL"]
CODE = st.lists(
    st.tuples(st.sampled_from(NAMES), st.booleans()),
    max_size=5,
).map(
    lambda reads: (
        "import os\nimport stripe\n"
        + "".join(f'{n} = os.getenv("{n}"{", 1" if default else ""})\n' for n, default in reads)
    )
)
FILES = st.fixed_dictionaries(
    {"app/billing.py": CODE},
    optional={"requirements.txt": st.just("stripe==9.0.0\nredis==5.0.0\n"), "app/db.py": CODE},
)
TODAY = date(2026, 1, 1)


def _edits(findings: list[Finding]) -> list[Edit]:
    out: list[Edit] = []
    for f in findings:
        edit = edit_for(f, prune=False)
        if not isinstance(edit, str):
            out.append(edit)
    return out


def _fix(text: str, files: dict[str, str]) -> tuple[str, list[Edit]]:
    ctx = rule_context(text, files)
    edits = _edits(run_rules(ctx))
    result = apply_edits(text, ctx.doc, edits, today=TODAY)
    applied = [e for e, err in zip(edits, result.errors, strict=True) if err is None]
    return result.text, applied


@FUZZ
@given(built(DOC_FRAGMENTS, 50), FILES)
def test_fix_then_check_leaves_nothing_to_fix(text: str, files: dict[str, str]) -> None:
    once, _ = _fix(text, files)
    twice, applied = _fix(once, files)
    assert twice == once, applied
    parse_document(once.encode("utf-8", "surrogatepass"))


# Found by the long run: a section appended after a code fence or HTML block left open at the end
# landed inside it, so every fix appended the same sections again.
@pytest.mark.parametrize(
    "text",
    [
        "```\n",
        "````py\nx = 1\n```",
        "~~~",
        "<!--\nnote\n",
        "<pre>\nx\n",
        "a\n\n```\n",
        "```\n    ",
        "```\n\n---\n",
    ],
)
def test_fix_after_a_block_left_open_is_idempotent(text: str) -> None:
    files = {
        "app/billing.py": 'import os\nimport stripe\nK = os.getenv("API_KEY")\n',
        "requirements.txt": "stripe==9.0.0\n",
    }
    once, applied = _fix(text, files)
    assert applied and once.startswith(text)
    twice, again = _fix(once, files)
    assert twice == once, again
    doc = parse_document(once.encode())
    assert doc.tables_of("env") and doc.tables_of("service")
