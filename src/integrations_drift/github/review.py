"""Inline ```suggestion comments for the document's edits, on lines the pull request's diff shows.

Only when the pull request itself changes the document, and only for edits whose every line is a
new-side line of the file's patch: one comment outside the diff makes GitHub reject the review.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from integrations_drift.doc.edit import split_lines

SUGGESTION_MARKER = "<!-- integrations-drift:suggestion -->"


@dataclass(frozen=True)
class InlineSuggestion:
    path: str
    start: int  # first line replaced (1-based, new side of the PR)
    end: int  # last line replaced
    text: str  # the replacement lines

    def body(self) -> str:
        longest = run = 0
        for ch in self.text:
            run = run + 1 if ch == "`" else 0
            longest = max(longest, run)
        fence = "`" * max(3, longest + 1)
        return (
            f"{SUGGESTION_MARKER}\nintegrations-drift: this edit makes the document match the code.\n"
            f"{fence}suggestion\n{self.text}{fence}"
        )

    def payload(self) -> dict[str, Any]:
        comment: dict[str, Any] = {"path": self.path, "body": self.body(), "line": self.end, "side": "RIGHT"}
        if self.start < self.end:
            comment["start_line"] = self.start
            comment["start_side"] = "RIGHT"
        return comment


def suggestions(path: str, before: str, after: str, shown: set[int]) -> tuple[list[InlineSuggestion], int]:
    """The edits from ``before`` to ``after`` that fall on ``shown`` lines; and how many did not."""
    old = split_lines(before)
    new = split_lines(after)
    out: list[InlineSuggestion] = []
    outside = 0
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        replacement = "".join(new[j1:j2])
        if i1 == i2:
            # An insertion replaces the line above it with itself plus the new lines.
            if i1 == 0:
                if not old:
                    outside += 1
                    continue
                start = end = 1
                replacement = replacement + old[0]
            else:
                start = end = i1
                replacement = old[i1 - 1] + replacement
        else:
            start, end = i1 + 1, i2
        if not all(n in shown for n in range(start, end + 1)):
            outside += 1
            continue
        if replacement and not replacement.endswith("\n"):
            replacement += "\n"
        out.append(InlineSuggestion(path, start, end, replacement))
    return out, outside
