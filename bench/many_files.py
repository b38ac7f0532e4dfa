"""A repository of many small files (200,000 by default): time and peak memory of one check.

    python bench/many_files.py [--files N] [--keep DIR]

The files are made by this script (a few bytes each, one env read in every hundredth), committed
in one go, then ``integrations-drift check`` runs once in a child process; its wall time and peak
resident memory (from the kernel's accounting of the child) are printed.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DOC = """# External Integrations

## Environment Variables

| Variable | Required | Purpose | Example |
|----------|----------|---------|---------|
| `VAR_0` | Yes | one | `x` |
"""


def make(root: Path, files: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "INTEGRATIONS.md").write_text(DOC)
    for i in range(files):
        folder = root / "src" / f"d{i // 1000}"
        if i % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        body = f'import os\nV = os.getenv("VAR_{i // 100}")\n' if i % 100 == 0 else f"x = {i}\n"
        (folder / f"m{i}.py").write_text(body)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "b",
        "GIT_AUTHOR_EMAIL": "b@x",
        "GIT_COMMITTER_NAME": "b",
        "GIT_COMMITTER_EMAIL": "b@x",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "many"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=200_000)
    parser.add_argument("--keep", type=Path, help="make the repository here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "many"
        if not (root / ".git").exists():
            make(root, args.files)
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "integrations_drift", "check", str(root), "--format", "concise"],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"{args.files} files: exit {proc.returncode}, {seconds:.1f} s, peak RSS {peak_mb:.0f} MB")
        print(proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr.strip()[-300:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
