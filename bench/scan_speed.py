"""Benchmark: `integrations-drift check` on a tree against ripgrep running an equivalent env-read
pattern on the same tree, and (optionally) tree-sitter parsing the same prefiltered files.

    python bench/scan_speed.py PATH [--runs 3] [--tree-sitter]

Prints wall-clock seconds (best of --runs) and ratios. Numbers, not assertions: run it on a quiet
machine and compare against the baseline it prints.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from integrations_drift.config import Settings
from integrations_drift.engine import run_check
from integrations_drift.scan.files import FileIndex

# One alternation covering the plain read calls of the supported languages: what a person would
# grep for. ripgrep does no comment/string telling, aliasing or wrapper following.
RG_PATTERN = (
    r"os\.environ|getenv|process\.env|import\.meta\.env|Deno\.env|Bun\.env|os\.Getenv|os\.LookupEnv|"
    r"ENV\[|ENV\.fetch|System\.getenv|std::env::var|env::var|GetEnvironmentVariable|\$_ENV|\$_SERVER|"
    r"env\(|\$\{[A-Z_][A-Z0-9_]*"
)


def best_of(runs: int, fn: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--tree-sitter", action="store_true", help="also time tree-sitter parsing (needs the grammars)"
    )
    args = ap.parse_args()
    root = Path(args.path).resolve()
    index = FileIndex.build(root)
    print(f"tree: {root}  files: {len(index.all_paths)}")

    result_holder: list[object] = []

    def ours() -> None:
        try:
            result_holder.append(run_check(root, Settings()))
        except Exception as exc:  # a tree without INTEGRATIONS.md: time the scan alone
            from integrations_drift.scan.env.scanner import scan_env

            result_holder.append(scan_env(FileIndex.build(root).source_files()))
            if not result_holder:
                raise exc

    t_ours = best_of(args.runs, ours)
    print(f"integrations-drift check: {t_ours:.3f} s")

    rg = shutil.which("rg")
    if rg:

        def grep() -> None:
            subprocess.run(
                [rg, "-n", "--no-messages", "-e", RG_PATTERN, str(root)],
                stdout=subprocess.DEVNULL,
                check=False,
            )

        t_rg = best_of(args.runs, grep)
        print(f"ripgrep (same pattern, 1 alternation): {t_rg:.3f} s")
        print(f"ratio check / ripgrep: {t_ours / t_rg:.1f}x")
    else:
        print("ripgrep not found: apt-get install ripgrep for the baseline")

    if args.tree_sitter:
        time_tree_sitter(index)
    return 0


def time_tree_sitter(index: FileIndex) -> None:
    """Parse-only time for the Python/JS/TS files our prefilter keeps: the floor of a tree-sitter design."""
    try:
        import tree_sitter
        import tree_sitter_javascript
        import tree_sitter_python
        import tree_sitter_typescript
    except ImportError:
        print(
            "tree-sitter grammars not installed: pip install tree-sitter tree-sitter-python "
            "tree-sitter-javascript tree-sitter-typescript"
        )
        return
    langs = {
        ".py": tree_sitter.Language(tree_sitter_python.language()),
        ".js": tree_sitter.Language(tree_sitter_javascript.language()),
        ".ts": tree_sitter.Language(tree_sitter_typescript.language_typescript()),
        ".tsx": tree_sitter.Language(tree_sitter_typescript.language_tsx()),
    }
    files = []
    kept = []
    for sf in index.source_files():
        ext = os.path.splitext(sf.path)[1]
        if ext in langs and (b"env" in sf.data or b"ENV" in sf.data):
            files.append((ext, sf.data))
            kept.append(sf)
    parsers = {ext: tree_sitter.Parser(lang) for ext, lang in langs.items()}

    def parse_all() -> None:
        for ext, data in files:
            tree = parsers[ext].parse(data)
            # Walking the tree is what a detector would do next; count nodes to include that cost.
            cursor = tree.walk()
            stack = 0
            visited = True
            while True:
                if visited and cursor.goto_first_child():
                    continue
                stack += 1
                if cursor.goto_next_sibling():
                    visited = True
                    continue
                if not cursor.goto_parent():
                    break
                visited = False

    from integrations_drift.scan.env.scanner import scan_env

    t = best_of(3, parse_all)
    total = sum(len(d) for _, d in files)
    print(
        f"tree-sitter parse+walk of {len(files)} prefiltered .py/.js/.ts files ({total / 1e6:.1f} MB): {t:.3f} s"
    )
    t_lex = best_of(3, lambda: scan_env(iter(kept)))
    print(f"integrations-drift env scan (lexer + patterns, all detectors) of the same files: {t_lex:.3f} s")
    print(f"ratio tree-sitter parse+walk alone / our whole detection: {t / t_lex:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
