"""Argument parsing and exit codes only: 0 clean, 1 drift at or above --fail-on, 2 usage or input error."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from integrations_drift import __version__
from integrations_drift.config import load_settings
from integrations_drift.engine import run_check
from integrations_drift.errors import UsageError
from integrations_drift.findings import FAIL_LEVELS
from integrations_drift.report.json_report import render_json
from integrations_drift.report.text import render_text

FORMATS = ("text", "json")


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
    check = sub.add_parser("check", help="report drift between INTEGRATIONS.md and the code")
    check.add_argument("repo", nargs="?", default=".", metavar="REPO", help="repository root (default: .)")
    check.add_argument("--doc", metavar="PATH", help="the document, relative to REPO")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    check.add_argument(
        "--fail-on",
        choices=tuple(FAIL_LEVELS),
        default=None,
        help="lowest severity that fails the run (default: error, or the config's fail-on)",
    )
    check.add_argument("--config", metavar="FILE", help="settings file (default: .integrations-drift.yml)")
    return parser


def _write_output(path: str, content: str) -> None:
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"--output {path}: is a directory")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"--output {path}: directory {parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cmd_check(args: argparse.Namespace) -> int:
    root = Path(args.repo)
    if not root.exists():
        raise UsageError(f"repository not found: {args.repo}")
    if not root.is_dir():
        raise UsageError(f"not a directory: {args.repo}")
    settings = load_settings(root, args.config)
    result = run_check(root.resolve(), settings, args.doc)
    report = result.report
    if args.format == "json":
        content = render_json(report)
    else:
        colour = args.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        content = render_text(report, colour=colour, files_scanned=result.files_scanned)
    if args.output:
        _write_output(args.output, content)
        s = report.summary
        print(
            f"wrote {args.output}: {s.error} errors, {s.warning} warnings, {s.notice} notices",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(content)
    fail_on = args.fail_on or settings.fail_on
    threshold = FAIL_LEVELS[fail_on]
    return 1 if any(f.severity.rank >= threshold for f in report.findings) else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(sys.stderr)
            return 2
        if args.command == "check":
            return _cmd_check(args)
        raise UsageError(f"unknown command {args.command!r}")
    except UsageError as exc:
        print(f"integrations-drift: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("integrations-drift: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
