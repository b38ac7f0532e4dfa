"""Argument parsing and exit codes only: 0 clean, 1 drift at or above --fail-on, 2 usage or input error."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from integrations_drift import __version__
from integrations_drift.config import load_settings
from integrations_drift.engine import run_baseline, run_check
from integrations_drift.errors import UsageError
from integrations_drift.files_io import check_writable, chosen_path, no_nul, write_file
from integrations_drift.findings import FAIL_LEVELS
from integrations_drift.fix import parse_kinds, run_fix
from integrations_drift.init_doc import run_init
from integrations_drift.pr import run_pr_check
from integrations_drift.report import BY_NAME, REPORTERS, RenderOptions, Reporter
from integrations_drift.report.safe import for_terminal
from integrations_drift.suppress import BASELINE_NAME, baseline_output, find_baseline, stale_warning

FORMATS = tuple(r.name for r in REPORTERS)
MAX_WARNINGS = 20
STDOUT = "-"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, no usage block: the message says what is wrong, --help says the rest.
        raise UsageError(
            f"{message} (see 'integrations-drift {self.prog.split()[-1]} --help')"
            if " " in self.prog
            else f"{message} (see 'integrations-drift --help')"
        )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="integrations-drift", description="Keeps INTEGRATIONS.md true to the code.")
    parser.add_argument("--version", action="version", version=f"integrations-drift {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    # Every command takes the repository and a settings file; all but init read the document.
    common = _Parser(add_help=False)
    common.add_argument("repo", nargs="?", default=".", metavar="REPO", help="repository root (default: .)")
    common.add_argument("--config", metavar="FILE", help="settings file (default: .integrations-drift.yml)")
    with_doc = _Parser(add_help=False, parents=[common])
    with_doc.add_argument("--doc", metavar="PATH", help="the document, relative to REPO")
    check = sub.add_parser(
        "check", parents=[with_doc], help="report drift between INTEGRATIONS.md and the code"
    )
    check.add_argument(
        "--format",
        action="append",
        metavar="FMT[=FILE]",
        help=f"report format: {', '.join(FORMATS)} (default: text); repeatable, one scan for all: "
        "FMT=FILE writes that format to FILE, a bare FMT goes to standard output (at most one)",
    )
    check.add_argument(
        "--output",
        metavar="FILE",
        help="write the report (one --format) to FILE instead of standard output; - is standard output",
    )
    check.add_argument(
        "--fail-on",
        choices=tuple(FAIL_LEVELS),
        default=None,
        help="lowest severity that fails the run (default: error, or the config's fail-on)",
    )
    check.add_argument("--base", metavar="REF", help="PR mode: fail only on drift introduced since REF")
    check.add_argument("--head", metavar="REF", help="PR mode: the commit under review (default: HEAD)")
    check.add_argument(
        "--scope",
        choices=("new", "all"),
        default="new",
        help="PR mode: which findings count for --fail-on (default: new)",
    )
    check.add_argument(
        "--baseline",
        metavar="FILE",
        help="accept the findings listed in FILE (as given, else relative to REPO; "
        "default: the config's baseline)",
    )
    init = sub.add_parser("init", parents=[common], help="write a first INTEGRATIONS.md from a scan")
    init.add_argument(
        "--output",
        metavar="PATH",
        default="INTEGRATIONS.md",
        help="where to write it, relative to REPO (default: INTEGRATIONS.md)",
    )
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    base = sub.add_parser(
        "baseline", parents=[with_doc], help="accept every current finding: write them to the baseline file"
    )
    base.add_argument(
        "--output",
        metavar="FILE",
        help=f"relative to REPO (default: the config's baseline, else {BASELINE_NAME})",
    )
    base.add_argument(
        "--reason", metavar="TEXT", help="reason for new entries (existing entries keep theirs)"
    )
    fix = sub.add_parser("fix", parents=[with_doc], help="apply the suggested edits to INTEGRATIONS.md")
    fix.add_argument(
        "--dry-run", action="store_true", help="print the unified diff of the edits and change nothing"
    )
    fix.add_argument(
        "--only",
        action="append",
        metavar="KIND",
        help="fix only findings of KIND (repeatable, or a comma-separated list)",
    )
    fix.add_argument(
        "--prune", action="store_true", help="remove stale rows instead of marking them as stale"
    )
    return parser


@dataclass(frozen=True)
class Output:
    reporter: Reporter
    path: str | None  # None: standard output
    option: str = "--output"  # how the command line named it, for messages


def parse_outputs(formats: list[str] | None, output: str | None) -> list[Output]:
    """The reports one ``check`` writes: ``--format FMT[=FILE]`` (repeatable) and ``--output FILE``
    for the single-format case; ``-`` is standard output. Usage errors are raised before anything
    is scanned."""
    outputs: list[Output] = []
    for value in formats or ["text"]:
        name, has_file, path = value.partition("=")
        reporter = BY_NAME.get(name)
        if reporter is None:
            raise UsageError(
                f"argument --format: invalid choice: {name!r} (choose from {', '.join(FORMATS)})"
            )
        if has_file and not path:
            raise UsageError(f"--format {value}: no file name (FMT=FILE, or FMT=- for standard output)")
        to_stdout = not has_file or path == STDOUT
        outputs.append(Output(reporter, None if to_stdout else path, f"--format {name}"))
    if output is not None:
        if len(outputs) > 1:
            raise UsageError("--output takes one --format; write several with --format FMT=FILE each")
        if outputs[0].path is not None:
            raise UsageError("--output and --format FMT=FILE both name a file; use one of them")
        outputs = [Output(outputs[0].reporter, None if output == STDOUT else output)]
    if sum(o.path is None for o in outputs) > 1:
        raise UsageError(
            "at most one --format can go to standard output; give the others a file (--format FMT=FILE)"
        )
    seen: set[Path] = set()
    for o in outputs:
        if o.path is not None:
            key = chosen_path(None, o.path, o.option)
            check_writable(key, o.path, o.option)
            if key in seen:
                raise UsageError(f"{o.option}: {o.path} is named twice; give each format its own file")
            seen.add(key)
    return outputs


def _write_output(root: Path, path: str, option: str, content: str) -> None:
    write_file(chosen_path(root, path, option), content, path, option)


def _cmd_check(args: argparse.Namespace) -> int:
    outputs = parse_outputs(args.format, args.output)
    root = _repo(args.repo)
    settings = load_settings(root, args.config)
    if args.head and not args.base:
        raise UsageError("--head needs --base")
    baseline = find_baseline(root.resolve(), args.baseline, settings.baseline)
    if args.base:
        result, counted = run_pr_check(
            root.resolve(), settings, args.doc, args.base, args.head, args.scope, baseline=baseline
        )
    else:
        result = run_check(root.resolve(), settings, args.doc, baseline=baseline)
        counted = result.report.findings
    report = result.report
    for warning in result.warnings[:MAX_WARNINGS]:
        print(f"integrations-drift: warning: {for_terminal(warning)}", file=sys.stderr)
    if len(result.warnings) > MAX_WARNINGS:
        print(
            f"integrations-drift: warning: … and {len(result.warnings) - MAX_WARNINGS} more", file=sys.stderr
        )
    if all(o.reporter.name != "text" for o in outputs):
        # Only the text report lists stale baseline entries where a person reads them: else stderr.
        for entry in result.suppressed.stale:
            warning = stale_warning(entry, result.suppressed.baseline_name or "the baseline")
            print(f"integrations-drift: warning: {for_terminal(warning)}", file=sys.stderr)
    stdout: str | None = None
    for o in outputs:
        colour = o.path is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        content = o.reporter.render(result, RenderOptions(colour=colour))
        if o.path is None:
            stdout = content
            continue
        _write_output(root, o.path, o.option, content)
        s = report.summary
        print(
            f"wrote {o.path}: {s.error} errors, {s.warning} warnings, {s.notice} notices",
            file=sys.stderr,
        )
    if stdout is not None:
        sys.stdout.write(stdout)
    fail_on = args.fail_on or settings.fail_on
    threshold = FAIL_LEVELS[fail_on]
    return 1 if any(f.severity.rank >= threshold for f in counted) else 0


def _repo(arg: str) -> Path:
    root = Path(no_nul(arg, "REPO"))
    if not root.exists():
        raise UsageError(f"repository not found: {arg}")
    if not root.is_dir():
        raise UsageError(f"not a directory: {arg}")
    return root


def _cmd_init(args: argparse.Namespace) -> int:
    root = _repo(args.repo)
    settings = load_settings(root, args.config)
    path, evidence = run_init(root.resolve(), settings, args.output, args.force)
    services = sum(1 for ev in evidence.services.values() if ev.strong)
    print(
        f"wrote {path}: {services} services, env vars from {evidence.files_scanned} files; "
        "fill in the TODO cells, then run 'integrations-drift check'",
        file=sys.stderr,
    )
    return 0


def _cmd_baseline(args: argparse.Namespace) -> int:
    root = _repo(args.repo)
    settings = load_settings(root, args.config)
    output = baseline_output(root.resolve(), args.output, settings.baseline)
    count = run_baseline(root.resolve(), settings, args.doc, output, args.reason)
    print(f"wrote {output.name}: {count} finding{'s' * (count != 1)} accepted", file=sys.stderr)
    return 0


def _cmd_fix(args: argparse.Namespace) -> int:
    root = _repo(args.repo)
    settings = load_settings(root, args.config)
    only = parse_kinds(args.only)
    outcome = run_fix(root.resolve(), settings, args.doc, only=only, prune=args.prune, dry_run=args.dry_run)
    for warning in outcome.warnings[:MAX_WARNINGS]:
        print(f"integrations-drift: warning: {for_terminal(warning)}", file=sys.stderr)
    if args.dry_run:
        sys.stdout.write(outcome.diff())
        sys.stdout.flush()
    doc = outcome.doc_path
    for finding, why in outcome.human:
        where = (
            f"{doc}:{finding.doc_line}"
            if finding.doc_line
            else (f"{finding.locations[0].path}:{finding.locations[0].line}" if finding.locations else doc)
        )
        what = finding.fix or why
        print(
            f"needs a human: {finding.kind} {for_terminal(finding.subject)} at {where}: {for_terminal(what)}",
            file=sys.stderr,
        )
    n, k = len(outcome.fixed), len(outcome.human)
    humans = f"{k} need{'s' * (k == 1)} a human"
    if not outcome.changed:
        print(f"nothing to change in {doc} ({humans})", file=sys.stderr)
    elif args.dry_run:
        print(f"would fix {n} finding{'s' * (n != 1)} in {doc} ({humans}); nothing written", file=sys.stderr)
    else:
        print(f"fixed {n} finding{'s' * (n != 1)} in {doc} ({humans})", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        for name, value in vars(args).items():
            # Only a test or a wrapper can pass one (the OS cannot), but it must not become a traceback.
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    no_nul(item, f"--{name.replace('_', '-')}")
        if args.command is None:
            parser.print_help(sys.stderr)
            return 2
        if args.command == "check":
            return _cmd_check(args)
        if args.command == "init":
            return _cmd_init(args)
        if args.command == "baseline":
            return _cmd_baseline(args)
        if args.command == "fix":
            return _cmd_fix(args)
        raise UsageError(f"unknown command {args.command!r}")
    except UsageError as exc:
        print(f"integrations-drift: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("integrations-drift: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
