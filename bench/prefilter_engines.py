"""The byte-level prefilter's engines side by side: which of the gate literals (the catalog's
client-construction literals and the login markers) each file holds, over every file of a tree.

    python bench/prefilter_engines.py TREE

Engines that are not installed are skipped (``pip install ahocorasick-rs pyahocorasick
hyperscan``); ripgrep runs as ``rg -l -F -f LITERALS`` on both cores. CPU seconds in process;
ripgrep's wall time includes reading the files, the others' do not.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from integrations_drift.catalog import load_catalog
from integrations_drift.scan.logins import login_markers


def main() -> int:
    root = Path(sys.argv[1]).resolve()
    literals = sorted({r[1] for r in load_catalog().import_rules if r[1]} | set(login_markers()))
    names = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout
    datas = [(root / n.decode()).read_bytes() for n in names.split(b"\0") if n]
    print(f"{len(datas)} files, {sum(map(len, datas)) / 1e6:.0f} MB, {len(literals)} literals")

    def run(name: str, fn: Callable[[bytes], object]) -> None:
        start = time.process_time()
        hits = sum(1 for d in datas if fn(d))
        print(f"{name:30} CPU {time.process_time() - start:6.3f} s   files with a literal: {hits}")

    if importlib.util.find_spec("ahocorasick"):
        import ahocorasick

        a = ahocorasick.Automaton()
        for lit in literals:
            a.add_word(lit, lit)
        a.make_automaton()
        run("pyahocorasick (latin-1 str)", lambda d: {x for _, x in a.iter(d.decode("latin-1"))})
    if importlib.util.find_spec("ahocorasick_rs"):
        from ahocorasick_rs import BytesAhoCorasick

        b = BytesAhoCorasick([lit.encode() for lit in literals])
        run("ahocorasick-rs (bytes)", lambda d: set(b.find_matches_as_indexes(d, overlapping=True)))
    if importlib.util.find_spec("hyperscan"):
        import hyperscan

        db = hyperscan.Database()
        db.compile(
            expressions=[re.escape(lit.encode()) for lit in literals],
            ids=list(range(len(literals))),
            elements=len(literals),
            flags=[hyperscan.HS_FLAG_SINGLEMATCH] * len(literals),
        )
        scratch = hyperscan.Scratch(db)

        def hs(d: bytes) -> set[int]:
            got: set[int] = set()
            db.scan(d, match_event_handler=lambda i, *_: got.add(i), scratch=scratch)
            return got

        run("hyperscan", hs)
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as fh:
        fh.write("\n".join(literals) + "\n")
        fh.flush()
        start = time.perf_counter()
        out = subprocess.run(["rg", "-l", "-F", "-f", fh.name, str(root)], capture_output=True).stdout
        print(
            f"{'rg -l -F (wall, reads files)':30} wall {time.perf_counter() - start:5.3f} s   files: {len(out.splitlines())}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
