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


def _env(path: str, data: bytes) -> Callable[[], object]:
    return lambda: scan_env([SourceFile(path, data)])


def js_minified(size: int) -> Callable[[], object]:
    parts, n = [], 0
    while n < size:
        part = f'var q{len(parts)}=process.env.VAR_{len(parts)}||"d";'
        parts.append(part)
        n += len(part)
    return _env("app/min.js", "".join(parts).encode())


def js_one_line(size: int) -> Callable[[], object]:
    return _env("app/reads.js", b"process.env.X;" * (size // 14))


def compose_dollars(size: int) -> Callable[[], object]:
    body = "services:\n  app:\n    image: x\n    environment:\n      A: " + "$" * size + "\n"
    return _env("docker-compose.yml", body.encode())


def python_open_calls(size: int) -> Callable[[], object]:
    unit = b'os.environ.get("X", '
    return _env("app/cfg.py", b"import os\n" + unit * (size // len(unit)) + b"\n")


def dotenv_open_calls(size: int) -> Callable[[], object]:
    unit = b'os.environ.get("X", '
    return _env(".env.example", unit * (size // len(unit)) + b"\n")


def escaped_quotes(size: int) -> Callable[[], object]:
    return _env("app/q.py", b'import os\nos.getenv("A")\n' + b'"\\' * (size // 2))


def pom_text(size: int) -> Callable[[], object]:
    data = b"<project><description>" + b"word &amp; " * (size // 11) + b"</description></project>"
    return lambda: read_manifest("pom.xml", data)


def _doc_with_cell(cell: str) -> bytes:
    return (
        "# External Integrations\n\n## Databases & Data Stores\n\n"
        "| Service | Type | Purpose | Configuration Location |\n|---|---|---|---|\n"
        f"| PostgreSQL | DB | store | {cell} |\n"
    ).encode()


def doc_brackets(size: int) -> Callable[[], object]:
    data = _doc_with_cell("[" * size)
    return lambda: parse_document(data)


def doc_link_openers(size: int) -> Callable[[], object]:
    data = _doc_with_cell("[a](" * (size // 4))
    return lambda: parse_document(data)


def fix_rows(size: int) -> Callable[[], object]:
    """``fix --dry-run`` on a table of ``size`` documented variables that no code reads."""
    from integrations_drift.cli import main

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.gitrepo import make_repo

    rows = "".join(f"| `STALE_{i}` | no | p | `x` |\n" for i in range(size))
    doc = (
        "# External Integrations\n\n## Environment Variables\n\n"
        "| Variable | Required | Purpose | Example |\n|---|---|---|---|\n" + rows
    )
    root = Path(tempfile.mkdtemp()) / "repo"
    make_repo(root, {"INTEGRATIONS.md": doc, "app.py": "print(1)\n"})
    return lambda: main(["fix", "--dry-run", str(root)])


CASES: dict[str, tuple[Callable[[int], Callable[[], object]], int, str]] = {
    "js-minified": (js_minified, 2_000_000, 'one-line .js of `var qN=process.env.VAR_N||"d";`'),
    "js-one-line": (js_one_line, 1_400_000, "`process.env.X;` x 100,000 on one line"),
    "compose-dollars": (compose_dollars, 2_000_000, "compose file full of `$`"),
    "python-open-calls": (python_open_calls, 1_000_000, '`os.environ.get("X", ` repeated, one line'),
    "dotenv-open-calls": (dotenv_open_calls, 1_000_000, "the same in `.env.example`"),
    "escaped-quotes": (escaped_quotes, 200_000, '`"\\` repeated on one line of a `.py` file'),
    "pom-text": (pom_text, 2_000_000, "`pom.xml`, text of one element"),
    "doc-brackets": (doc_brackets, 200_000, "document cell of `[`"),
    "doc-link-openers": (doc_link_openers, 800_000, "document cell of `[a](` repeated"),
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
