"""Which lines of a file a pull request's diff shows: only those can carry a review comment.

GitHub rejects a whole review when one comment is on a line outside the diff, so inline
suggestions are placed only on the new-side lines of the file's patch (added or context lines).
"""

from __future__ import annotations


def right_side_lines(patch: str) -> set[int]:
    """New-file line numbers shown in a unified-diff ``patch`` (the ``patch`` of a PR file)."""
    lines: set[int] = set()
    new_line = 0
    in_hunk = False
    for raw in patch.split("\n"):
        if raw.startswith("@@"):
            # @@ -a,b +c,d @@ heading
            plus = raw.split(" ", 3)[2] if raw.count(" ") >= 2 else ""
            start = plus[1:].split(",", 1)[0]
            if not (plus.startswith("+") and start.isdigit()):
                in_hunk = False
                continue
            new_line = int(start)
            in_hunk = True
            continue
        if not in_hunk or raw.startswith("\\"):
            continue
        if raw.startswith("-"):
            continue
        if raw.startswith(("+", " ")) or raw == "":
            if raw == "":
                # A trailing empty string after the last newline is not a line of the diff.
                continue
            lines.add(new_line)
            new_line += 1
    return lines
