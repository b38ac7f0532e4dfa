"""Argument parsing and exit codes only: 0 clean, 1 drift at or above --fail-on, 2 usage or input error."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from integrations_drift import __version__
from integrations_drift.config import Settings, load_settings
from integrations_drift.documents import Workspace, locate
from integrations_drift.engine import KindFilter, Selection, run_baseline, run_check
from integrations_drift.errors import UsageError
from integrations_drift.explain import explain
from integrations_drift.files_io import check_writable, chosen_path, no_nul, write_file
from integrations_drift.findings import FAIL_LEVELS
from integrations_drift.report import BY_NAME, REPORTERS, RenderOptions, Reporter
from integrations_drift.report.safe import for_terminal, no_workflow_commands
from integrations_drift.report.text import summary_line
from integrations_drift.rules.kinds import parse_kinds
from integrations_drift.suppress import BASELINE_NAME, baseline_output, find_baseline, stale_warning

if TYPE_CHECKING:
    from integrations_drift.fix import FixOutcome

FORMATS = tuple(r.name for r in REPORTERS)
MAX_WARNINGS = 20
STDOUT = "-"


def _say(text: str) -> None:
    """One line on stderr: repository text in it (a path, a config key, a name) can neither break
    the line nor start a workflow command in a job log."""
    print(no_workflow_commands(for_terminal(text, 2000)), file=sys.stderr)


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
    parser.add_argument("-V", "--version", action="version", version=f"integrations-drift {__version__}")
    _completion(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    # Every command takes the repository and a settings file; all but init read the document.
    common = _Parser(add_help=False)
    common.add_argument(
        "repo",
        nargs="?",
        default=".",
        metavar="REPO",
        help="the repository, or any folder inside it: its part of the tree (default: .)",
    )
    common.add_argument(
        "--config",
        metavar="FILE",
        help="settings file (default: the nearest .integrations-drift.yml from REPO up to the repository "
        "root)",
    )
    with_doc = _Parser(add_help=False, parents=[common])
    with_doc.add_argument("--doc", metavar="PATH", help="the document, relative to REPO")
    with_doc.add_argument(
        "--all-docs",
        action="store_true",
        help="every INTEGRATIONS.md under REPO, each against its own folder (default: the config's docs)",
    )
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
        "--select", action="append", metavar="KIND,…", help="report only these finding kinds (repeatable)"
    )
    check.add_argument(
        "--ignore", action="append", metavar="KIND,…", help="do not report these finding kinds (repeatable)"
    )
    check.add_argument(
        "--cache",
        action="store_true",
        help="keep what the scan learns about unchanged files in .integrations-drift-cache/ "
        "(or $INTEGRATIONS_DRIFT_CACHE, which turns it on by itself): later runs skip them",
    )
    loud = check.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print only the summary line (text format)")
    loud.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also say on stderr why findings were not reported (ignore list, baseline, inline ignore)",
    )
    check.add_argument(
        "--baseline",
        metavar="FILE",
        help="accept the findings listed in FILE (as given, else relative to the repository root; "
        "default: the config's baseline)",
    )
    init = sub.add_parser("init", parents=[common], help="write a first INTEGRATIONS.md from a scan")
    init.add_argument(
        "--output",
        metavar="PATH",
        help="where to write it, relative to REPO (default: INTEGRATIONS.md); "
        "a path outside the repository is written only when named here",
    )
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    base = sub.add_parser(
        "baseline", parents=[with_doc], help="accept every current finding: write them to the baseline file"
    )
    base.add_argument(
        "--output",
        metavar="FILE",
        help=f"relative to the repository root (default: the config's baseline, else {BASELINE_NAME})",
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
    sub.add_parser(
        "action",
        help="the GitHub Action's entrypoint: reads INPUT_* and GITHUB_* as the Actions runner sets them",
    )
    return parser


def _completion(parser: argparse.ArgumentParser) -> None:
    """``--print-completion bash|zsh|tcsh``: a completion script for the shell, from the parser."""
    try:
        import shtab
    except ImportError:  # completion is a convenience: the tool runs without it
        return
    shtab.add_argument_to(parser, ["--print-completion"], help="print a shell completion script")


def colour_wanted(is_tty: bool, env: Mapping[str, str] | None = None) -> bool:
    """no-color.org: a non-empty NO_COLOR turns colour off; a non-empty FORCE_COLOR turns it on where
    standard output is not a terminal (CI logs render it); else colour on a terminal only."""
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return is_tty


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


def _workspace(args: argparse.Namespace) -> tuple[Workspace, Settings]:
    ws = locate(no_nul(args.repo, "REPO"))
    start = ws.root / ws.sub if ws.sub else ws.root
    return ws, load_settings(ws.root, args.config, start=start)


def _selection(args: argparse.Namespace, ws: Workspace) -> Selection:
    if args.doc and args.all_docs:
        raise UsageError("--doc and --all-docs: name one document or ask for all of them, not both")
    return Selection(args.doc, ws.sub, args.all_docs)


def _cmd_check(args: argparse.Namespace) -> int:
    outputs = parse_outputs(args.format, args.output)
    kinds = KindFilter(
        select=parse_kinds(args.select, "--select") or frozenset(),
        ignore=parse_kinds(args.ignore, "--ignore") or frozenset(),
    )
    ws, settings = _workspace(args)
    root = ws.root
    if args.head and not args.base:
        raise UsageError("--head needs --base")
    baseline = find_baseline(root, args.baseline, settings.baseline)
    selection = _selection(args, ws)
    if args.base:
        # Imported here, as fix and init below: a plain check loads none of their modules.
        from integrations_drift.pr import run_pr_check

        result, counted = run_pr_check(
            root,
            settings,
            args.doc,
            args.base,
            args.head,
            args.scope,
            baseline=baseline,
            selection=selection,
            kinds=kinds,
            cache=args.cache,
        )
    else:
        result = run_check(
            root, settings, args.doc, baseline=baseline, selection=selection, kinds=kinds, cache=args.cache
        )
        counted = result.report.findings
    report = result.report
    for warning in result.warnings[:MAX_WARNINGS]:
        _say(f"integrations-drift: warning: {for_terminal(warning)}")
    if len(result.warnings) > MAX_WARNINGS:
        _say(f"integrations-drift: warning: … and {len(result.warnings) - MAX_WARNINGS} more")
    if all(o.reporter.name != "text" for o in outputs):
        # Only the text report lists stale baseline entries where a person reads them: else stderr.
        for entry in result.suppressed.stale:
            warning = stale_warning(entry, result.suppressed.baseline_name or "the baseline")
            _say(f"integrations-drift: warning: {for_terminal(warning)}")
    if args.verbose:
        for line in explain(result, settings, kinds):
            _say(f"integrations-drift: {for_terminal(line)}")
    stdout: str | None = None
    for o in outputs:
        colour = o.path is None and colour_wanted(sys.stdout.isatty())
        if args.quiet and o.reporter.name == "text":
            content = summary_line(report, result.files_scanned, result.suppressed, result.documents) + "\n"
        else:
            content = o.reporter.render(result, RenderOptions(colour=colour))
        if o.path is None:
            stdout = content
            continue
        _write_output(root, o.path, o.option, content)
        s = report.summary
        _say(f"wrote {o.path}: {s.error} errors, {s.warning} warnings, {s.notice} notices")
    if stdout is not None:
        sys.stdout.write(stdout)
    fail_on = args.fail_on or settings.fail_on
    threshold = FAIL_LEVELS[fail_on]
    return 1 if any(f.severity.rank >= threshold for f in counted) else 0


def _cmd_init(args: argparse.Namespace) -> int:
    ws, settings = _workspace(args)
    from integrations_drift.init_doc import run_init

    path, evidence = run_init(ws.root, settings, args.output, args.force, ws.sub)
    services = sum(1 for ev in evidence.services.values() if ev.strong)
    _say(
        f"wrote {path}: {services} services, env vars from {evidence.files_scanned} files; "
        "fill in the TODO cells, then run 'integrations-drift check'"
    )
    return 0


def _cmd_baseline(args: argparse.Namespace) -> int:
    ws, settings = _workspace(args)
    output = baseline_output(ws.root, args.output, settings.baseline)
    count = run_baseline(ws.root, settings, args.doc, output, args.reason, _selection(args, ws))
    _say(f"wrote {output.name}: {count} finding{'s' * (count != 1)} accepted")
    return 0


def _cmd_fix(args: argparse.Namespace) -> int:
    ws, settings = _workspace(args)
    from integrations_drift.fix import run_fix_all

    only = parse_kinds(args.only)
    outcomes = run_fix_all(
        ws.root, settings, _selection(args, ws), only=only, prune=args.prune, dry_run=args.dry_run
    )
    for outcome in outcomes:
        _report_fix(outcome, args.dry_run)
    return 0


def _report_fix(outcome: FixOutcome, dry_run: bool) -> None:
    for warning in outcome.warnings[:MAX_WARNINGS]:
        _say(f"integrations-drift: warning: {for_terminal(warning)}")
    if dry_run:
        sys.stdout.write(no_workflow_commands(outcome.diff()))
        sys.stdout.flush()
    doc = outcome.doc_path
    for finding, why in outcome.human:
        where = (
            f"{doc}:{finding.doc_line}"
            if finding.doc_line
            else (f"{finding.locations[0].path}:{finding.locations[0].line}" if finding.locations else doc)
        )
        what = finding.fix or why
        _say(
            f"needs a human: {finding.kind} {for_terminal(finding.subject)} at {where}: {for_terminal(what)}"
        )
    n, k = len(outcome.fixed), len(outcome.human)
    humans = f"{k} need{'s' * (k == 1)} a human"
    if not outcome.changed:
        _say(f"nothing to change in {doc} ({humans})")
    elif dry_run:
        _say(f"would fix {n} finding{'s' * (n != 1)} in {doc} ({humans}); nothing written")
    else:
        _say(f"fixed {n} finding{'s' * (n != 1)} in {doc} ({humans})")


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
        if args.command == "action":
            from integrations_drift.github.action import run as run_action

            return run_action(os.environ)
        raise UsageError(f"unknown command {args.command!r}")
    except UsageError as exc:
        _say(f"integrations-drift: error: {exc}")
        return 2
    except KeyboardInterrupt:
        _say("integrations-drift: interrupted")
        return 130
    except BrokenPipeError:
        return 0
