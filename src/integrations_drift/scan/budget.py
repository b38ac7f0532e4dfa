"""A time budget per file for the scanners.

The scanners are linear in a file's size, but a pull request controls the files: the budget is the
backstop that bounds any one file however its content defeats them. A file over budget loses its
evidence with a warning naming it, never silently.
"""

from __future__ import annotations

import time

FILE_SECONDS = 20.0  # several times the slowest file of the size limit seen so far
_CHECK_EVERY = 256  # clock reads are cheap, but not free inside per-character loops


class OverBudget(Exception):
    """The file being scanned used up its time."""


class _State:
    deadline = float("inf")
    ticks = 0


def start(seconds: float) -> None:
    """Give the file about to be scanned ``seconds``."""
    _State.deadline = time.monotonic() + seconds
    _State.ticks = 0


def stop() -> None:
    _State.deadline = float("inf")


def check() -> None:
    """Raise OverBudget when the current file's time is up (called from per-match loops)."""
    _State.ticks += 1
    if _State.ticks % _CHECK_EVERY == 1 and time.monotonic() > _State.deadline:
        raise OverBudget


def skipped(path: str, what: str, seconds: float) -> str:
    return f"{path}: {what} stopped after {seconds:g} s (the file's time budget); its evidence is left out"
