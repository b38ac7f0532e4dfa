"""Detection accuracy on the corpus: per repository and per half (tune / holdout).

For each repository whose snapshot is present (see ``snapshot.py``) it runs, with the installed CLI:
- ``init``: env recall and service recall against the truth file, and the false rows it writes
  (variables and services the truth does not list at all — tooling-only names included);
- ``check`` on an accurate document built from the truth file: every error-severity finding is false;
- ``check`` on that document with drift injected (runtime rows removed, a fake variable added, a
  service row removed, a location path broken): how much of the injected drift is reported.

    python bench/accuracy/run.py [--half tune|holdout|all] [--repo NAME ...] [--show-misses]

Absent snapshots are skipped, so the command runs anywhere; the numbers need the corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from snapshot import materialise

from integrations_drift.catalog import load_catalog
from integrations_drift.doc.categories import categories
from integrations_drift.doc.parse import parse_document

HERE = Path(__file__).resolve().parent
# One name per run, so two runs over the shared snapshots never read each other's document.
DOC = f".integrations-drift-accuracy-{os.getpid()}.md"
FAKE_VAR = "INJECTED_NEVER_READ_VARIABLE"
BROKEN_PATH = "config/injected-missing-file.yml"
REMOVED_ENV = 5
CATEGORY_HEADINGS = {c.id: c.heading for c in categories()}


def norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass
class Truth:
    env_runtime: dict[str, str]
    env_optional: set[str]
    env_tooling: set[str]
    services: list[dict[str, object]]  # runtime
    services_optional: list[dict[str, object]]


def load_truth(name: str) -> Truth | None:
    path = HERE / "truth" / f"{name}.yml"
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    env = data.get("env") or {}
    svc = data.get("services") or {}
    return Truth(
        env_runtime={e["name"]: str(e.get("at", "")) for e in env.get("runtime") or []},
        env_optional={e["name"] for e in env.get("optional") or []},
        env_tooling={e["name"] for e in env.get("tooling") or []},
        services=list(svc.get("runtime") or []),
        services_optional=list(svc.get("optional") or []),
    )


def service_keys(entry: dict[str, object]) -> set[str]:
    names = [str(entry["name"]), *[str(a) for a in entry.get("aliases") or []]]  # type: ignore[attr-defined]
    return {norm(n) for n in names}


def catalog_keys(name: str) -> set[str]:
    """A catalog service's canonical name and aliases, as comparable keys; a service the catalog
    does not know is named by its domain (``api.pushover.net``), which also stands for the name
    of its labels below the top-level one (``pushover``)."""
    catalog = load_catalog()
    found = catalog.match_name(name)
    if found is not None:
        return {norm(found.name), *(norm(a) for a in found.aliases)}
    keys = {norm(name)}
    if "." in name and " " not in name.strip():
        labels = [label for label in name.strip().lower().split(".") if label]
        keys.update(norm(label) for label in labels[:-1] if label not in ("api", "www"))
    return keys


def covers(row_name: str, var: str) -> bool:
    """A documented row covers a variable: the same name, a ``PREFIX*`` family, or the base name of
    a Docker-secrets ``_FILE`` twin."""
    if row_name.endswith("*"):
        return var.startswith(row_name[:-1])
    return row_name == var or (var.endswith("_FILE") and row_name == var[: -len("_FILE")])


def run(cli: list[str], repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*cli, *args], cwd=repo, capture_output=True, text=True, check=False)


def doc_rows(text: str) -> tuple[list[str], list[str]]:
    """(env names, service names) of a document's tables."""
    doc = parse_document(text.encode(), DOC)
    env: list[str] = []
    services: list[str] = []
    for table in doc.tables:
        for row in table.entries():
            if not row.cells:
                continue
            if table.kind == "env":
                env.extend(ref.value for c in row.cells[:1] for ref in c.refs)
            elif table.kind == "service":
                services.append(row.cells[0].text)
    return env, services


def accurate_doc(
    truth: Truth, *, drop_env: set[str], drop_service: str | None, fake: bool, broken: bool
) -> str:
    by_cat: dict[str, list[str]] = {}
    first_path: str | None = None
    for entry in [*truth.services, *truth.services_optional]:
        if entry["name"] == drop_service:
            continue
        at = str(entry.get("at", "")).rsplit(":", 1)[0]
        loc = f"`{at}`" if at and "://" not in at and not at.startswith("/") else ""
        if broken and first_path is None and loc:
            first_path = at
            loc = f"`{BROKEN_PATH}`"
        aliases = ", ".join(str(a) for a in entry.get("aliases") or [])  # type: ignore[attr-defined]
        purpose = f"also known as {aliases}" if aliases else "integration"
        cat = str(entry.get("category", "apis"))
        by_cat.setdefault(cat, []).append(f"| {entry['name']} | {purpose.replace('|', '/')} | {loc} |")
    out = ["# External Integrations", ""]
    for cid, rows in by_cat.items():
        out += [
            f"## {CATEGORY_HEADINGS.get(cid, 'External APIs')}",
            "",
            "| Service | Purpose | Configuration Location |",
            "|---|---|---|",
            *rows,
            "",
        ]
    out += [
        "## Environment Variables",
        "",
        "| Variable | Required | Purpose | Example |",
        "|---|---|---|---|",
    ]
    names = [*truth.env_runtime, *sorted(truth.env_optional - set(truth.env_runtime))]
    for name in names:
        if name not in drop_env:
            out.append(f"| `{name}` | Yes | configuration | `x` |")
    if fake:
        out.append(f"| `{FAKE_VAR}` | Yes | injected | `x` |")
    return "\n".join(out) + "\n"


@dataclass
class Result:
    name: str
    half: str
    stack: str
    env_found: int = 0
    env_total: int = 0
    svc_found: int = 0
    svc_total: int = 0
    init_rows: int = 0
    false_rows: list[str] = field(default_factory=list)
    false_errors: list[str] = field(default_factory=list)
    other_findings: int = 0
    injected_found: int = 0
    injected_total: int = 0
    missed_env: list[str] = field(default_factory=list)
    missed_svc: list[str] = field(default_factory=list)
    missed_injected: list[str] = field(default_factory=list)
    seconds: float = 0.0


def findings(cli: list[str], repo: Path) -> list[dict[str, object]]:
    proc = run(cli, repo, "check", "--doc", DOC, "--format", "json", "--fail-on", "never")
    if proc.returncode != 0:
        raise RuntimeError(f"check failed in {repo}: {proc.stderr.strip()[:300]}")
    found: list[dict[str, object]] = json.loads(proc.stdout)["findings"]
    return found


def measure(cli: list[str], entry: dict[str, str], repo: Path, truth: Truth) -> Result:
    res = Result(entry["name"], entry["half"], entry["stack"])
    start = time.perf_counter()
    target = repo / DOC
    try:
        proc = run(cli, repo, "init", "--output", DOC, "--force")
        if proc.returncode != 0:
            raise RuntimeError(f"init failed in {repo}: {proc.stderr.strip()[:300]}")
        env_rows, svc_rows = doc_rows(target.read_text(encoding="utf-8"))
        res.init_rows = len(env_rows) + len(svc_rows)
        res.env_total = len(truth.env_runtime)
        for var in truth.env_runtime:
            if any(covers(r, var) for r in env_rows):
                res.env_found += 1
            else:
                res.missed_env.append(var)
        known_env = set(truth.env_runtime) | truth.env_optional
        res.false_rows += [
            f"env {r}" for r in env_rows if not any(covers(r, v) or covers(v, r) for v in known_env)
        ]
        row_keys = [catalog_keys(s) for s in svc_rows]
        res.svc_total = len(truth.services)
        for svc in truth.services:
            keys = service_keys(svc)
            if any(keys & rk for rk in row_keys):
                res.svc_found += 1
            else:
                res.missed_svc.append(str(svc["name"]))
        all_truth_keys = [service_keys(s) for s in [*truth.services, *truth.services_optional]]
        res.false_rows += [
            f"service {s}"
            for s, rk in zip(svc_rows, row_keys, strict=True)
            if not any(rk & tk for tk in all_truth_keys)
        ]

        target.write_text(accurate_doc(truth, drop_env=set(), drop_service=None, fake=False, broken=False))
        for f in findings(cli, repo):
            if f["severity"] == "error":
                res.false_errors.append(f"{f['kind']} {f['subject']}")
            else:
                res.other_findings += 1

        dropped = sorted(truth.env_runtime)[:: max(1, len(truth.env_runtime) // REMOVED_ENV)][:REMOVED_ENV]
        dropped_svc = str(truth.services[0]["name"]) if truth.services else None
        target.write_text(
            accurate_doc(truth, drop_env=set(dropped), drop_service=dropped_svc, fake=True, broken=True)
        )
        got = findings(cli, repo)
        subjects = {(str(f["kind"]), str(f["subject"])) for f in got}
        # A dropped Docker-secrets twin (``DB_PASSWORD_FILE``) whose base row stays is still covered
        # (the convention ``covers`` counts for recall too): no finding is due for it.
        kept = [*truth.env_runtime, *truth.env_optional]
        owed = [v for v in dropped if not any(covers(r, v) for r in kept if r not in dropped)]
        expected = [("undocumented-env-var", v) for v in owed] + [("stale-env-var", FAKE_VAR)]
        expected.append(("missing-config-location", BROKEN_PATH))
        res.injected_total = len(expected) + (1 if dropped_svc else 0)
        for kind, subject in expected:
            if (kind, subject) in subjects or any(
                k == kind and s.endswith("*") and subject.startswith(s[:-1]) for k, s in subjects
            ):
                res.injected_found += 1
            else:
                res.missed_injected.append(f"{kind} {subject}")
        if dropped_svc:
            want = service_keys(truth.services[0])
            if any(
                f["kind"] == "undocumented-service" and catalog_keys(str(f["subject"])) & want for f in got
            ):
                res.injected_found += 1
            else:
                res.missed_injected.append(f"undocumented-service {dropped_svc}")
    finally:
        target.unlink(missing_ok=True)
    res.seconds = time.perf_counter() - start
    return res


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "   - "


def report(results: list[Result], show_misses: bool) -> None:
    print(
        f"{'repository':18} {'half':8} {'stack':15} {'env recall':>16} {'svc recall':>14} {'false rows':>12} "
        f"{'false err':>9} {'injected':>9} {'s':>5}"
    )
    for r in results:
        print(
            f"{r.name:18} {r.half:8} {r.stack:15} {r.env_found:4}/{r.env_total:<4} {pct(r.env_found, r.env_total)} "
            f"{r.svc_found:3}/{r.svc_total:<3} {pct(r.svc_found, r.svc_total)} "
            f"{len(r.false_rows):3}/{r.init_rows:<4} {len(r.false_errors):9} {r.injected_found:4}/{r.injected_total:<4} "
            f"{r.seconds:5.1f}"
        )
        if show_misses:
            for label, items in (
                ("missed env", r.missed_env),
                ("missed services", r.missed_svc),
                ("false rows", r.false_rows),
                ("false errors", r.false_errors),
                ("missed injected", r.missed_injected),
            ):
                if items:
                    print(f"    {label}: {', '.join(items[:60])}{' …' if len(items) > 60 else ''}")
    print()
    for half in ("tune", "holdout"):
        rs = [r for r in results if r.half == half]
        if not rs:
            continue
        env = (sum(r.env_found for r in rs), sum(r.env_total for r in rs))
        svc = (sum(r.svc_found for r in rs), sum(r.svc_total for r in rs))
        rows = (sum(len(r.false_rows) for r in rs), sum(r.init_rows for r in rs))
        inj = (sum(r.injected_found for r in rs), sum(r.injected_total for r in rs))
        print(
            f"{half:8} ({len(rs):2} repositories): env recall {pct(*env)} ({env[0]}/{env[1]}), "
            f"service recall {pct(*svc)} ({svc[0]}/{svc[1]}), false init rows {pct(*rows)} ({rows[0]}/{rows[1]}), "
            f"false errors {sum(len(r.false_errors) for r in rs)}, injected drift found {pct(*inj)} ({inj[0]}/{inj[1]})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--half", choices=("tune", "holdout", "all"), default="all")
    parser.add_argument("--repo", action="append", default=[], help="only these repositories")
    parser.add_argument(
        "--show-misses", action="store_true", help="list what was missed or false (tune half only)"
    )
    parser.add_argument(
        "--cli", default=f"{sys.executable} -m integrations_drift", help="the command to measure"
    )
    args = parser.parse_args()
    corpus = yaml.safe_load((HERE / "corpus.yml").read_text(encoding="utf-8"))["repos"]
    cli = args.cli.split()
    results: list[Result] = []
    skipped: list[str] = []
    for entry in corpus:
        if args.half != "all" and entry["half"] != args.half:
            continue
        if args.repo and entry["name"] not in args.repo:
            continue
        truth = load_truth(entry["name"])
        repo = materialise(entry["name"], entry["repo"], entry["commit"])
        if truth is None or repo is None:
            skipped.append(entry["name"])
            continue
        results.append(measure(cli, entry, repo, truth))
        print(f"measured {entry['name']}", file=sys.stderr)
    # Misses name what to look at: shown for the tuning half only, so the held-out half stays unseen.
    report(results, args.show_misses and args.half == "tune")
    if skipped:
        print(f"skipped (no snapshot or truth file): {', '.join(skipped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
