"""Neutralising repository text before it is shown: a document or file name is untrusted input."""

from __future__ import annotations

import json
import re
from typing import Any

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def valid_text(text: str) -> str:
    """Text that encodes as UTF-8: a file name that is not UTF-8 reaches us with surrogate escapes
    (``caf\\udce9.py``); it is shown with its bytes escaped (``caf\\xe9.py``) instead."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def valid_tree(value: Any) -> Any:
    """``valid_text`` over every string of a JSON-like structure."""
    if isinstance(value, str):
        return valid_text(value)
    if isinstance(value, list):
        return [valid_tree(v) for v in value]
    if isinstance(value, dict):
        return {k: valid_tree(v) for k, v in value.items()}
    return value


def strip_controls(text: str) -> str:
    """No escape sequences, no control or bidi characters; line breaks (``\\n``) and tabs kept."""
    return _CONTROL.sub("", _ANSI.sub("", valid_text(text)))


def for_terminal(text: str, limit: int = 300) -> str:
    """No escape sequences, no control or bidi characters, one line, bounded length."""
    clean = strip_controls(text).replace("\n", " ")
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~<>&])")
MENTION = re.compile(r"@(?=[A-Za-z0-9-])")


def for_markdown(text: str, limit: int = 300) -> str:
    """Repository text made inert in Markdown: no HTML, links, emphasis, tables broken or people
    pinged (``@name`` gets a zero-width space), one line, bounded length."""
    clean = for_terminal(text, limit)
    clean = _MD_SPECIAL.sub(r"\\\1", clean)
    return MENTION.sub("@\u200b", clean)


def code_span(text: str, limit: int = 200) -> str:
    """Text as an inline code span that no backtick inside can close early."""
    clean = for_terminal(text, limit).replace("`", "'")
    return f"`{clean}`" if clean else ""


def no_workflow_commands(text: str) -> str:
    """Text that GitHub's runner reads no workflow command from, when it lands in a job log.

    The runner takes a line whose first non-blank characters are ``::`` for a command
    (``::add-mask::…``, ``::error file=…::…``), and ``##[name …]`` anywhere on a line for one in the
    older syntax. A zero-width space before the ``::`` or inside ``##[`` changes nothing a reader
    sees and everything the runner does. Every separator Python splits lines on counts as one, more
    than the runner's ``\\r`` and ``\\n``."""
    if "::" not in text and "##[" not in text:
        return text
    out = []
    for line in text.replace("##[", "##\u200b[").splitlines(keepends=True):
        body = line.lstrip()
        if body.startswith("::"):
            line = line[: len(line) - len(body)] + "\u200b" + body
        out.append(line)
    return "".join(out)


def json_text(value: Any) -> str:
    """A JSON document (indented, UTF-8) that a job log cannot take a workflow command from: lines
    start with JSON's own punctuation, and ``##[`` inside a string is written ``#\\u0023[`` (the same
    string once parsed)."""
    text = json.dumps(valid_tree(value), indent=2, ensure_ascii=False) + "\n"
    return text.replace("##[", "#\\u0023[")
