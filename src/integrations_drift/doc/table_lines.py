"""The cells of one raw table line, read the way GFM splits it (an escaped ``\\|`` is no separator).
The parser counts cells with it; the editor rewrites cells in place with it."""

from __future__ import annotations

import re

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def table_pipes(body: str) -> tuple[list[int], bool, bool]:
    """Offsets of a table line's unescaped pipes, and whether it has a leading and a trailing one."""
    pipes = [m.start() for m in UNESCAPED_PIPE.finditer(body)]
    first = len(body) - len(body.lstrip())
    end = len(body.rstrip())
    lead = bool(pipes) and pipes[0] == first
    trail = bool(pipes) and pipes[-1] == end - 1 and (not lead or len(pipes) > 1)
    return pipes, lead, trail


def cell_spans(body: str) -> list[tuple[int, int]]:
    """Start and end offsets of each cell's raw text (padding included) in a table line."""
    pipes, lead, trail = table_pipes(body)
    inner = pipes[1 if lead else 0 : len(pipes) - 1 if trail else len(pipes)]
    starts = [pipes[0] + 1 if lead else 0] + [p + 1 for p in inner]
    ends = [*inner, pipes[-1] if trail else len(body)]
    return list(zip(starts, ends, strict=True))
