"""Benchmark: PR mode against full scans, on a generated repository of 40,000 files with a
10-file change.

    python bench/pr_speed.py [--files 40000] [--changed 10] [--runs 3] [--keep DIR]

Prints seconds (best of --runs) for: a full check of the head; PR mode (--base); and the naive
PR mode that scans both trees in full (a full check of the base's tree plus the head's). The
ratio that matters is PR mode over the naive two-tree scan, and the marginal cost of the base
(PR mode minus the head's full check), which grows with the change, not the repository.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}
TEMPLATES = {
    ".py": 'import os\n\n\ndef handler_{i}(event):\n    """Handle event {i}."""\n    value = event.get("v", {i})\n    return value * 2\n',
    ".ts": "export function handler{i}(input: number): number {{\n  const doubled = input * 2;\n  return doubled + {i};\n}}\n",
    ".go": "package pkg{d}\n\nfunc Handler{i}(x int) int {{\n\treturn x*2 + {i}\n}}\n",
}
READS = {
    ".py": 'import os\n\nVALUE_{i} = os.getenv("SERVICE_{k}_URL", "http://localhost")\n',
    ".ts": "export const value{i} = process.env.SERVICE_{k}_URL ?? 'http://localhost';\n",
    ".go": 'package pkg{d}\n\nimport "os"\n\nvar Value{i} = os.Getenv("SERVICE_{k}_URL")\n',
}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env=ENV, check=True, capture_output=True)


def generate(root: Path, files: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    root.mkdir(parents=True)
    paths: list[str] = []
    names = set()
    for i in range(files):
        ext = rng.choice(list(TEMPLATES))
        d = i // 200
        path = f"services/svc{d // 10}/pkg{d}/file{i}{ext}"
        reads = i % 50 == 0
        k = i // 50
        body = (READS if reads else TEMPLATES)[ext].format(i=i, d=d, k=k)
        if reads:
            names.add(f"SERVICE_{k}_URL")
        full = root / path
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_text(body)
        paths.append(path)
    rows = "".join(f"| `{n}` | No | endpoint | `http://localhost` |\n" for n in sorted(names))
    (root / "INTEGRATIONS.md").write_text(
        "# External Integrations\n\n## Environment Variables\n\n"
        "| Variable | Required | Purpose | Example |\n|---|---|---|---|\n" + rows
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return paths


def change(root: Path, paths: list[str], count: int) -> None:
    """``count`` changed files: edits, additions, a deletion and a rename; two new env reads."""
    edits = paths[1 : count - 3]
    for p in edits:
        with open(root / p, "a") as fh:
            fh.write("\n# touched\n" if p.endswith(".py") else "\n// touched\n")
    (root / "services/new").mkdir(parents=True, exist_ok=True)
    (root / "services/new/billing.py").write_text('import os\n\nKEY = os.environ["BILLING_API_KEY"]\n')
    (root / "services/new/queue.ts").write_text("export const q = process.env.QUEUE_URL;\n")
    (root / paths[-1]).unlink()
    git(root, "mv", paths[-2], paths[-2].replace("file", "renamed"))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change")


def best(runs: int, argv: list[str]) -> tuple[float, int]:
    times = []
    code = 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        code = proc.returncode
        if code == 2:
            sys.stderr.write(proc.stderr.decode())
    return min(times), code


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=40_000)
    ap.add_argument("--changed", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", help="generate into DIR and keep it")
    args = ap.parse_args()
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="idrift-bench-"))
    repo = tmp / "repo"
    try:
        started = time.perf_counter()
        paths = generate(repo, args.files)
        base = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True
        ).stdout.strip()
        change(repo, paths, args.changed)
        print(
            f"generated {args.files} files and a {args.changed}-file change in {time.perf_counter() - started:.1f} s"
        )
        tool = [sys.executable, "-m", "integrations_drift", "check"]
        base_tree = tmp / "base-tree"
        git(repo, "worktree", "add", "-q", "--detach", str(base_tree), base)
        t_head, _ = best(args.runs, [*tool, str(repo), "--format", "json"])
        t_base, _ = best(args.runs, [*tool, str(base_tree), "--format", "json"])
        t_pr, code = best(args.runs, [*tool, str(repo), "--base", base, "--format", "json"])
        naive = t_head + t_base
        print(f"full check of head:                 {t_head:.2f} s")
        print(f"full check of base:                 {t_base:.2f} s")
        print(f"naive PR mode (both trees in full): {naive:.2f} s")
        print(f"PR mode (--base):                   {t_pr:.2f} s   (exit {code})")
        print(f"ratio PR mode / naive two-tree scan: {t_pr / naive:.2f}")
        print(
            f"marginal cost of the base in PR mode: {max(t_pr - t_head, 0):.2f} s "
            f"({max(t_pr - t_head, 0) / t_base * 100:.0f}% of a full base scan)"
        )
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
