"""Benchmark on a large generated monorepo: the full check against ripgrep, PR mode (cold and warm
evidence cache), the demo check; wall time, CPU time (user+sys, the process and its workers) and
peak RSS (the process tree, sampled), medians of --runs.

    python bench/large_tree.py                    # 40,000 files, ~300 MB, 3 runs
    python bench/large_tree.py --files 5000 --runs 1
    python bench/large_tree.py --verify           # fast paths against the reference pass
    python bench/large_tree.py --scaling          # 5,000 / 20,000 / 40,000 / 80,000 files

The tree is made by a seeded generator (Python, TypeScript, Go, Ruby, Java; manifests, compose
files, vendored folders, binaries) and committed to a git repository under .cache/bench/, reused
while the generator's version, size and seed are the same. CPU time is reported beside wall time
because a shared machine's wall time says little on its own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

GENERATOR_VERSION = 1
BYTES_PER_FILE = 7_600  # 40,000 files come to ~300 MB
HERE = Path(__file__).resolve().parent
CACHE = HERE.parent / ".cache" / "bench"
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
}
# What a person would grep for to find env reads (as in bench/scan_speed.py).
RG_PATTERN = (
    r"os\.environ|getenv|process\.env|import\.meta\.env|os\.Getenv|os\.LookupEnv|"
    r"ENV\[|ENV\.fetch|System\.getenv|std::env::var|env::var|GetEnvironmentVariable|"
    r"env\(|\$\{[A-Z_][A-Z0-9_]*"
)

# Filler: ordinary code that names no service and reads no variable.
FILLER = {
    ".py": (
        "\n\ndef compute_{n}(items, factor={n}):\n"
        '    """Fold the items of batch {n} into a total."""\n'
        "    total = 0\n    for index, item in enumerate(items):\n"
        "        if index % 3 == 0:\n            total += item.weight * factor\n"
        "        else:\n            total -= item.offset or 0\n"
        "    config = dict(name='batch-{n}', size=len(items))\n"
        "    return total, config\n"
    ),
    ".ts": (
        "\nexport function compute{n}(items: Item[], factor = {n}): number {{\n"
        "  // fold the items of batch {n}\n  let total = 0;\n"
        "  for (const [index, item] of items.entries()) {{\n"
        "    total += index % 3 === 0 ? item.weight * factor : -(item.offset ?? 0);\n  }}\n"
        "  const config = {{ name: 'batch-{n}', size: items.length }};\n"
        "  return total + config.size;\n}}\n"
    ),
    ".go": (
        "\n// Compute{n} folds the items of batch {n}.\n"
        "func Compute{n}(items []Item, factor int) int {{\n\ttotal := 0\n"
        "\tfor i, it := range items {{\n\t\tif i%3 == 0 {{\n\t\t\ttotal += it.Weight * factor\n"
        "\t\t}} else {{\n\t\t\ttotal -= it.Offset\n\t\t}}\n\t}}\n\treturn total + {n}\n}}\n"
    ),
    ".rb": (
        "\n  # Folds the items of batch {n}.\n  def compute_{n}(items, factor = {n})\n"
        "    total = 0\n    items.each_with_index do |item, index|\n"
        "      total += index % 3 == 0 ? item.weight * factor : -(item.offset || 0)\n"
        "    end\n    config = {{ name: 'batch-{n}', size: items.size }}\n    total + config[:size]\n  end\n"
    ),
    ".java": (
        "\n    /** Folds the items of batch {n}. */\n"
        "    public static int compute{n}(java.util.List<Item> items, int factor) {{\n"
        "        int total = 0;\n        for (int i = 0; i < items.size(); i++) {{\n"
        "            Item it = items.get(i);\n"
        "            total += i % 3 == 0 ? it.weight * factor : -it.offset;\n        }}\n"
        "        return total + {n};\n    }}\n"
    ),
}
HEAD = {
    ".py": "import json\nimport logging\n\nlog = logging.getLogger(__name__)\n",
    ".ts": "import {{ Item }} from './types';\n",
    ".go": 'package pkg{d}\n\nimport "fmt"\n\nvar _ = fmt.Sprintf\n',
    ".rb": "module Pkg{d}\n",
    ".java": "package com.example.pkg{d};\n\npublic final class File{i} {{\n",
}
TAIL = {".py": "", ".ts": "", ".go": "", ".rb": "end\n", ".java": "}\n"}
# Env reads (one file in 40), each service's client (one file in 400), URLs (one file in 100).
READS = {
    ".py": 'import os\n\nSETTING_{k} = os.environ.get("APP_SETTING_{k}", "on")\n',
    ".ts": "export const setting{k} = process.env.APP_SETTING_{k} ?? 'on';\n",
    ".go": 'import "os"\n\nvar Setting{k} = os.Getenv("APP_SETTING_{k}")\n',
    ".rb": '  SETTING_{k} = ENV.fetch("APP_SETTING_{k}", "on")\n',
    ".java": '    static final String SETTING_{k} = System.getenv("APP_SETTING_{k}");\n',
}
CLIENTS = {
    ".py": "import stripe\nimport redis\n\nclient = redis.Redis.from_url(REDIS_URL)\n",
    ".ts": "import { Pool } from 'pg';\nconst pool = new Pool({ connectionString: DATABASE_URL });\n",
    ".go": 'import "github.com/redis/go-redis/v9"\n',
    ".rb": "  require 'sidekiq'\n",
    ".java": "    // uses the payments API\n",
}
URLS = {
    ".py": 'HOOK = "https://hooks.slack.com/services/T000/B000/XXXX"\n',
    ".ts": "const API = 'https://api.stripe.com/v1/charges';\n",
    ".go": 'const Docs = "https://example.com/docs"\n',
    ".rb": '  API = "https://api.github.com/repos"\n',
    ".java": '    static final String API = "https://api.sendgrid.com/v3/mail/send";\n',
}
EXTS = (".py", ".py", ".ts", ".ts", ".go", ".rb", ".java")


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "gc.auto=0", *args], cwd=root, env=ENV, check=True, capture_output=True, text=True
    ).stdout


def source_body(rng: random.Random, ext: str, i: int, d: int) -> str:
    parts = [HEAD[ext].format(i=i, d=d)]
    if i % 40 == 0:
        parts.append(READS[ext].format(k=i // 40))
    if i % 400 == 7:
        parts.append(CLIENTS[ext])
    if i % 100 == 3:
        parts.append(URLS[ext])
    size = sum(map(len, parts))
    target = int(BYTES_PER_FILE * rng.uniform(0.5, 1.5))
    n = i * 100
    while size < target:
        chunk = FILLER[ext].format(n=n)
        parts.append(chunk)
        size += len(chunk)
        n += 1
    parts.append(TAIL[ext])
    return "".join(parts)


def manifests(app: int) -> dict[str, str]:
    return {
        f"apps/app{app}/requirements.txt": "stripe==11.4.1\nredis==5.0.0\npsycopg2-binary==2.9.9\nrequests==2.32.3\n",
        f"apps/app{app}/package.json": json.dumps(
            {"name": f"app{app}", "dependencies": {"pg": "^8.11.0", "@sendgrid/mail": "^8.0.0"}}, indent=2
        )
        + "\n",
        f"apps/app{app}/go.mod": f"module example.com/app{app}\n\ngo 1.22\n\nrequire github.com/redis/go-redis/v9 v9.5.1\n",
        f"apps/app{app}/Gemfile": "source 'https://rubygems.org'\n\ngem 'sidekiq', '~> 7.2'\n",
        f"apps/app{app}/docker-compose.yml": (
            "services:\n  api:\n    build: .\n    environment:\n"
            "      DATABASE_URL: postgres://app:app@db:5432/app\n      REDIS_URL: redis://cache:6379/0\n"
            "  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n"
        ),
    }


DOC = """# External Integrations

## Databases & Data Stores

| Service | Type | Purpose | Configuration Location |
|---------|------|---------|------------------------|
| PostgreSQL | Relational DB | Records | `DATABASE_URL` |
| Redis | Cache | Queues | `REDIS_URL` |

## Environment Variables

| Variable | Required | Purpose | Example |
|---|---|---|---|
| `DATABASE_URL` | Yes | database | `postgres://` |
| `REDIS_URL` | Yes | cache | `redis://` |
"""


def generate(root: Path, files: int, seed: int) -> list[str]:
    """``files`` tracked files; about one in 25 is a manifest, compose file, vendored file or
    binary, the rest source in five languages."""
    rng = random.Random(seed)
    root.mkdir(parents=True)
    written: list[str] = []

    def put(path: str, data: str | bytes) -> None:
        full = root / path
        full.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            full.write_text(data)
        else:
            full.write_bytes(data)
        written.append(path)

    put("INTEGRATIONS.md", DOC)
    i = 0
    while len(written) < files:
        app, d = i // 2000, i // 100
        if i % 2000 == 0:
            for path, text in manifests(app).items():
                put(path, text)
        kind = i % 25
        if kind == 11:
            put(f"apps/app{app}/node_modules/lib{d}/index{i}.js", FILLER[".ts"].format(n=i) * 20)
        elif kind == 12:
            put(f"apps/app{app}/vendor/gems/g{d}/lib{i}.rb", FILLER[".rb"].format(n=i) * 20)
        elif kind == 13:
            put(f"apps/app{app}/assets/img{i}.png", rng.randbytes(rng.randint(2_000, 30_000)))
        else:
            ext = EXTS[rng.randrange(len(EXTS))]
            put(f"apps/app{app}/src/pkg{d}/file{i}{ext}", source_body(rng, ext, i, d))
        i += 1
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return sorted(written)


def change(root: Path, paths: list[str], count: int = 10) -> None:
    """A ``count``-file change: edits, two new files with env reads, a deletion, a rename."""
    sources = [p for p in paths if "/src/" in p]
    step = max(1, len(sources) // count)
    picked = sources[::step][: count - 3]
    for p in picked[:-2]:
        with open(root / p, "a") as fh:
            fh.write("\n# touched\n" if p.endswith((".py", ".rb")) else "\n// touched\n")
    (root / "apps/new").mkdir(parents=True, exist_ok=True)
    (root / "apps/new/billing.py").write_text('import os\n\nKEY = os.environ["BILLING_API_KEY"]\n')
    (root / "apps/new/queue.ts").write_text("export const q = process.env.QUEUE_URL;\n")
    (root / picked[-1]).unlink()
    git(root, "mv", picked[-2], picked[-2].replace("file", "renamed"))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change")


def tree(files: int, seed: int) -> tuple[Path, str]:
    """The generated repository (built once per size and seed) and the base commit of its change."""
    where = CACHE / f"large-v{GENERATOR_VERSION}-{files}-{seed}"
    repo = where / "repo"
    done = where / "base"
    if not done.exists():
        shutil.rmtree(where, ignore_errors=True)
        started = time.perf_counter()
        paths = generate(repo, files, seed)
        base = git(repo, "rev-parse", "HEAD").strip()
        change(repo, paths)
        done.write_text(base)
        size = sum(f.stat().st_size for f in repo.rglob("*") if f.is_file() and ".git" not in f.parts)
        print(f"generated {files} files, {size / 1e6:.0f} MB in {time.perf_counter() - started:.0f} s")
    return repo, done.read_text().strip()


def base_tree(repo: Path, base: str) -> Path:
    """A second work tree of the repository at the base commit (made once)."""
    where = repo.parent / "base-tree"
    if not where.exists():
        git(repo, "worktree", "add", "-q", "--detach", str(where), base)
    return where


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    code: int
    out: bytes


def _tree_rss(pid: int) -> int:
    """The resident set of a process and its descendants, in kB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next((int(x.split()[1]) for x in fh if x.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def measure(argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
        peak = [0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], _tree_rss(proc.pid))
                stop.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        stop.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        # Sampled, not ru_maxrss: on Linux a child's ru_maxrss starts from the parent's resident
        # set when it was forked (the benchmark's own, large after generating a tree).
        rss = peak[0] or usage.ru_maxrss
        return Run(wall, usage.ru_utime + usage.ru_stime, rss / 1024, proc.returncode, out.read())


def median_of(runs: int, argv: list[str], before: object = None, **kw: object) -> Run:
    got = []
    for _ in range(runs):
        if callable(before):
            before()
        got.append(measure(argv, **kw))  # type: ignore[arg-type]
    return Run(
        statistics.median(r.wall for r in got),
        statistics.median(r.cpu for r in got),
        statistics.median(r.rss_mb for r in got),
        got[-1].code,
        got[-1].out,
    )


TOOL = [sys.executable, "-m", "integrations_drift", "check"]


def findings(out: bytes) -> list[str]:
    """One line per finding (PR mode's resolved ones too), to compare two answers finding by finding."""
    report = json.loads(out)
    resolved = [json.dumps({"resolved": f}, sort_keys=True) for f in report.get("resolved") or []]
    return [json.dumps(f, sort_keys=True) for f in report["findings"]] + resolved


def bench(files: int, seed: int, runs: int, cache_dir: Path) -> dict[str, Run]:
    repo, base = tree(files, seed)
    env = {**os.environ, "INTEGRATIONS_DRIFT_CACHE": str(cache_dir)}
    clear = lambda: shutil.rmtree(cache_dir, ignore_errors=True)  # noqa: E731
    res: dict[str, Run] = {}
    full = [*TOOL, str(repo), "--format", "json"]
    res["full check"] = median_of(runs, full, before=clear, env=env)
    measure(full, env=env)  # fills the cache
    res["full check, warm cache"] = median_of(runs, full, env=env)
    rg = shutil.which("rg")
    if rg:
        res["rg (env-read patterns)"] = median_of(
            runs, [rg, "-n", "--no-messages", "-e", RG_PATTERN, str(repo)]
        )
    pr = [*TOOL, str(repo), "--base", base, "--format", "json"]
    res["PR mode, cold cache"] = median_of(runs, pr, before=clear, env=env)
    # What a pull request's run finds when the cache comes from the base branch's last run: the
    # records of the base's tree (the changed files have none).
    at_base = [*TOOL, str(base_tree(repo, base)), "--format", "json"]
    res["PR mode, cache from base"] = median_of(
        runs, pr, before=lambda: (clear(), measure(at_base, env=env)), env=env
    )
    measure(pr, env=env)  # fills the cache
    res["PR mode, warm cache"] = median_of(runs, pr, env=env)
    demo = HERE.parent / "examples" / "demo"
    res["demo check"] = median_of(runs, [*TOOL, str(demo), "--format", "json"], before=clear, env=env)
    return res


def show(files: int, res: dict[str, Run]) -> None:
    print(f"\n{files} files; medians; CPU = user+sys of the process and its workers")
    print(f"{'':26} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12} {'exit':>5}")
    for name, r in res.items():
        print(f"{name:26} {r.wall:8.2f} {r.cpu:8.2f} {r.rss_mb:12.0f} {r.code:5}")
    full = res["full check"]
    rg = res.get("rg (env-read patterns)")
    if rg is not None:
        print(f"full / rg:       wall {full.wall / rg.wall:.2f}   CPU {full.cpu / max(rg.cpu, 1e-3):.2f}")
    for name in (
        "full check, warm cache",
        "PR mode, cold cache",
        "PR mode, cache from base",
        "PR mode, warm cache",
    ):
        r = res[name]
        print(f"{name} / full: wall {r.wall / full.wall:.2f}   CPU {r.cpu / max(full.cpu, 1e-3):.2f}")


def verify(files: int, seed: int, cache_dir: Path) -> bool:
    """The fast paths (prefilter, processes, cache) against the reference pass, finding by finding."""
    repo, base = tree(files, seed)
    ref_env = {**os.environ, "INTEGRATIONS_DRIFT_REFERENCE": "1"}
    env = {**os.environ, "INTEGRATIONS_DRIFT_CACHE": str(cache_dir)}
    ok = True
    for label, args in (("full check", []), ("PR mode", ["--base", base])):
        argv = [*TOOL, str(repo), *args, "--format", "json"]
        want = findings(measure(argv, env=ref_env).out)
        shutil.rmtree(cache_dir, ignore_errors=True)
        for temp in ("cold", "warm"):
            got = findings(measure(argv, env=env).out)
            same = got == want
            ok &= same
            print(
                f"{label} ({temp} cache): {len(got)} findings, reference {len(want)}: "
                f"{'identical' if same else 'DIFFERENT'}"
            )
            if not same:
                for line in sorted(set(got) ^ set(want))[:10]:
                    print("   ", "fast only:" if line in got else "reference only:", line[:200])
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=40_000)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--verify", action="store_true", help="compare fast paths with the reference pass")
    ap.add_argument("--scaling", action="store_true", help="5,000 / 20,000 / 40,000 / 80,000 files")
    ap.add_argument("--sizes", default="5000,20000,40000,80000", help="sizes for --scaling")
    args = ap.parse_args()
    cache_dir = Path(tempfile.mkdtemp(prefix="idrift-cache-"))
    try:
        if args.verify:
            return 0 if verify(args.files, args.seed, cache_dir) else 1
        if args.scaling:
            rows = []
            for n in (int(x) for x in args.sizes.split(",")):
                res = bench(n, args.seed, args.runs, cache_dir)
                show(n, res)
                rows.append((n, res))
            print(
                f"\n{'files':>8} {'full wall':>10} {'full CPU':>9} {'PR cold CPU':>12} {'PR warm CPU':>12} "
                f"{'PR warm wall':>13} {'RSS MB':>7}"
            )
            for n, res in rows:
                f, c, p = res["full check"], res["PR mode, cold cache"], res["PR mode, warm cache"]
                print(
                    f"{n:8} {f.wall:10.2f} {f.cpu:9.2f} {c.cpu:12.2f} {p.cpu:12.2f} {p.wall:13.2f} {f.rss_mb:7.0f}"
                )
            return 0
        show(args.files, bench(args.files, args.seed, args.runs, cache_dir))
        return 0
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
