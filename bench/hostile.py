"""Hostile inputs of the reliability section: each case built at a size and timed alone.

    python bench/hostile.py [CASE ...] [--scale 1.0] [--timeout 120]

Every case runs in a child process with a time limit, so a quadratic case reports "> limit"
instead of hanging. Sizes are those of the README's reliability table at --scale 1.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from integrations_drift.doc.parse import parse_document
from integrations_drift.scan.env.scanner import scan_env
from integrations_drift.scan.manifests import read_manifest
from integrations_drift.scan.types import SourceFile

# The inputs are the test suite's (tests/hostile/inputs.py): the times are of what the tests check.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.hostile import inputs


def _env(path: str, data: bytes) -> Callable[[], object]:
    return lambda: scan_env([SourceFile(path, data)])


def _doc(data: bytes) -> Callable[[], object]:
    return lambda: parse_document(data)


def pom(size: int) -> Callable[[], object]:
    data = inputs.pom_text(size)
    return lambda: read_manifest("pom.xml", data)


def fix_rows(size: int) -> Callable[[], object]:
    """``fix --dry-run`` on a table of ``size`` documented variables that no code reads."""
    from integrations_drift.cli import main
    from tests.gitrepo import make_repo

    root = Path(tempfile.mkdtemp()) / "repo"
    make_repo(root, {"INTEGRATIONS.md": inputs.stale_table(size), "app.py": "print(1)\n"})
    return lambda: main(["fix", "--dry-run", str(root)])


CASES: dict[str, tuple[Callable[[int], Callable[[], object]], int, str]] = {
    "js-minified": (
        lambda n: _env("app/min.js", inputs.minified_js(n)),
        2_000_000,
        'one-line .js of `var qN=process.env.VAR_N||"d";`',
    ),
    "js-one-line": (
        lambda n: _env("app/reads.js", inputs.one_line_reads(n)),
        1_400_000,
        "`process.env.X;` x 100,000 on one line",
    ),
    "compose-dollars": (
        lambda n: _env("docker-compose.yml", inputs.compose_dollars(n)),
        2_000_000,
        "compose file full of `$`",
    ),
    "python-open-calls": (
        lambda n: _env("app/cfg.py", b"import os\n" + inputs.open_calls(n) + b"\n"),
        1_000_000,
        '`os.environ.get("X", ` repeated, one line',
    ),
    "dotenv-open-calls": (
        lambda n: _env(".env.example", inputs.open_calls(n) + b"\n"),
        1_000_000,
        "the same in `.env.example`",
    ),
    "escaped-quotes": (
        lambda n: _env("app/q.py", b'import os\nos.getenv("A")\n' + inputs.escaped_quotes(n)),
        200_000,
        '`"\\` repeated on one line of a `.py` file',
    ),
    "pom-text": (pom, 2_000_000, "`pom.xml`, text of one element"),
    "doc-brackets": (lambda n: _doc(inputs.doc_with_cell("[" * n)), 200_000, "document cell of `[`"),
    "doc-link-openers": (
        lambda n: _doc(inputs.doc_with_cell("[a](" * (n // 4))),
        800_000,
        "document cell of `[a](` repeated",
    ),
    "fix-rows": (fix_rows, 20_000, "`fix --dry-run`, table rows"),
}


def _child(name: str, size: int, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    import contextlib
    import io

    run = CASES[name][0](size)
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        run()
    out.put(time.perf_counter() - start)


def timed(name: str, size: int, limit: float) -> float | None:
    queue: multiprocessing.Queue[float] = multiprocessing.Queue()
    proc = multiprocessing.Process(target=_child, args=(name, size, queue))
    proc.start()
    proc.join(limit)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None
    return queue.get() if not queue.empty() else None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("cases", nargs="*", default=list(CASES))
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    for name in args.cases:
        size = int(CASES[name][1] * args.scale)
        seconds = timed(name, size, args.timeout)
        shown = f"> {args.timeout:.0f} s" if seconds is None else f"{seconds:.2f} s"
        print(f"{name:20} {size:>10,}  {shown}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
