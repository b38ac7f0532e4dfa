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
    rows = patch.split("\n")
    if rows and rows[-1] == "":
        rows.pop()  # the split after a final newline
    for raw in rows:
        if raw.startswith("@@"):
            # @@ -a,b +c,d @@ heading
            fields = raw.split(" ", 3)
            plus = fields[2] if len(fields) > 2 else ""
            start = plus[1:].split(",", 1)[0]
            in_hunk = plus.startswith("+") and start.isdigit()
            new_line = int(start) if in_hunk else 0
            continue
        if not in_hunk or raw.startswith(("\\", "-")):
            continue
        # Added and context lines; a blank context line may have lost its leading space.
        lines.add(new_line)
        new_line += 1
    return lines
