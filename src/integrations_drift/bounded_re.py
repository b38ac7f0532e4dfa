"""Regexes that come from a repository (its config's catalog entries, its globs) run through RE2.

A pull request controls ``.integrations-drift.yml``: a pattern such as ``(a+)+$`` makes Python's
backtracking engine run for minutes on one line. RE2 matches in time linear in the input by
construction, and refuses the features (look-around, back-references) that would need backtracking.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import cast

import re2

# A pattern's compiled program may use this much memory; a larger one is refused, not run.
MAX_PROGRAM_BYTES = 8 * 1024 * 1024


class BoundedRegexError(ValueError):
    """The pattern is not valid RE2 syntax (or needs more memory than it may use)."""


def _options() -> re2.Options:
    options = re2.Options()
    options.max_mem = MAX_PROGRAM_BYTES
    # RE2 otherwise writes its own copy of every syntax error to stderr.
    options.log_errors = False
    return options


@lru_cache(maxsize=4096)
def compile_bounded(pattern: str, multiline: bool = False) -> re.Pattern[str]:
    """``pattern`` compiled by RE2. The object answers ``search``, ``match``, ``fullmatch`` and
    ``finditer`` as :class:`re.Pattern` does, which is all the scanners ask of it."""
    source = f"(?m){pattern}" if multiline else pattern
    try:
        compiled = re2.compile(source, _options())
    except re2.error as exc:
        raise BoundedRegexError(_reason(exc)) from None
    return cast("re.Pattern[str]", compiled)


def _reason(exc: Exception) -> str:
    text = exc.args[0] if exc.args else str(exc)
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return str(text)
