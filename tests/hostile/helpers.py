"""Running the command line in a child process, as a workflow would, and reading what it said."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def one_line_error(self) -> str:
        """The single error line of an exit-2 run; fails the test on anything else."""
        assert self.code == 2, (self.code, self.err)
        lines = [ln for ln in self.err.splitlines() if ln.startswith("integrations-drift: error:")]
        assert len(lines) == 1, self.err
        assert "Traceback" not in self.err, self.err
        return lines[0]


def cli(
    *args: str, cwd: Path | None = None, preexec: Callable[[], None] | None = None, timeout: float = 300
) -> Run:
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "integrations_drift", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        errors="replace",
        preexec_fn=preexec,
        timeout=timeout,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def no_traceback(run: Run) -> Run:
    assert run.code in (0, 1), (run.code, run.err)
    assert "Traceback" not in run.err, run.err
    return run
