"""Neutralising repository text before it is shown: a document or file name is untrusted input."""

from __future__ import annotations

import re

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: str, limit: int = 300) -> str:
    """No escape sequences, no control or bidi characters, one line, bounded length."""
    clean = _CONTROL.sub("", _ANSI.sub("", text)).replace("\n", " ")
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"
