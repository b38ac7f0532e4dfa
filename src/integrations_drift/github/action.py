"""``integrations-drift action``: the Action's entrypoint, configured by the runner's environment.

Inputs come as ``INPUT_<NAME>`` exactly as the runner sets them (upper case, hyphens kept:
``INPUT_FAIL-ON``); the event, repository, workspace, server and API URLs, outputs and step summary
come from the ``GITHUB_*`` variables. One scan feeds everything: annotations (standard output), the
step summary, the report files and outputs, then the GitHub calls. The exit status is the verdict
(0 pass, 1 drift at or above ``fail-on``, 2 bad input); a failed GitHub call never changes it.

``mode: comment`` posts from a saved report instead of scanning (the second, trusted stage of the
fork-safe workflow): it never reads or runs the pull request's code.
"""

from __future__ import annotations

import secrets
import shlex
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, SecretStr, ValidationError, field_validator

from integrations_drift.config import load_settings
from integrations_drift.engine import CheckResult, KindFilter, Selection, run_check
from integrations_drift.errors import UsageError
from integrations_drift.findings import FAIL_LEVELS, Finding, JsonReport, Report
from integrations_drift.fix import FixOutcome, plan_fixes
from integrations_drift.git import GitRepo
from integrations_drift.github.bodies import Links, Verdict, comment_body, fixed_comment, issue_body
from integrations_drift.github.client import GitHubClient, Policy
from integrations_drift.github.models import Event, PullRequest
from integrations_drift.github.post import Poster
from integrations_drift.github.review import suggestions
from integrations_drift.pr import run_pr_check
from integrations_drift.report import github as workflow_commands
from integrations_drift.report import json_report, sarif
from integrations_drift.report.base import RenderOptions
from integrations_drift.report.markdown import render_markdown
from integrations_drift.report.safe import for_markdown, for_terminal, strip_controls
from integrations_drift.rules.kinds import parse_kinds
from integrations_drift.suppress import find_baseline

MAX_SUMMARY_BYTES = 1024 * 1024  # GitHub's limit for one step's summary
MAX_SAVED_REPORT = 50 * 1024 * 1024
MAX_SAVED_DIFF = 1024 * 1024
PR_EVENTS = frozenset({"pull_request", "pull_request_target"})
DEFAULT_LABEL = "integrations-drift"
REPORT_FILES = {"json": "report.json", "markdown": "report.md", "sarif": "report.sarif", "diff": "fix.diff"}


def _flag(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("true", "yes", "1", "on"):
        return True
    if lowered in ("false", "no", "0", "off", ""):
        return False
    raise UsageError(f"input {name}: {value!r} is not true or false")


class Inputs(BaseModel):
    """The action's inputs, as ``action.yml`` declares them."""

    doc: str | None = None
    config: str | None = None
    mode: Literal["pr", "report", "comment"] = "pr"
    base: str | None = None
    head: str | None = None
    fail_on: Literal["error", "warning", "notice", "never"] | None = None
    comment: bool = True
    suggest_inline: bool = True
    sarif: bool = True
    token: SecretStr = SecretStr("")
    report: str | None = None  # mode comment: the saved report.json
    pr_number: int | None = None  # mode comment: the pull request, when the event does not say
    output_dir: str = ".integrations-drift"
    label: str = DEFAULT_LABEL
    all_docs: bool = False  # every **/INTEGRATIONS.md, as check --all-docs
    cache: bool = False  # as check --cache: per-file records for actions/cache to keep
    select: frozenset[str] = frozenset()  # as check --select; empty: the config decides
    ignore: frozenset[str] = frozenset()  # as check --ignore

    def selection(self) -> Selection:
        if self.doc and self.all_docs:
            raise UsageError("inputs doc and all-docs: name one document or ask for all of them, not both")
        return Selection(self.doc, "", self.all_docs)

    def kinds(self) -> KindFilter:
        return KindFilter(select=self.select, ignore=self.ignore)

    @field_validator("doc", "config", "base", "head", "report", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value


def read_inputs(env: Mapping[str, str]) -> Inputs:
    def get(name: str) -> str:
        # The runner upper-cases the name and keeps hyphens: fail-on → INPUT_FAIL-ON.
        return env.get(f"INPUT_{name.upper().replace(' ', '_')}", "").strip()

    raw: dict[str, object] = {}
    for name in ("doc", "config", "mode", "base", "head", "fail-on", "report", "label", "output-dir"):
        value = get(name)
        if value:
            raw[name.replace("-", "_")] = value
    for name in ("comment", "suggest-inline", "sarif", "all-docs", "cache"):
        if get(name):
            raw[name.replace("-", "_")] = _flag(get(name), name)
    for name in ("select", "ignore"):
        raw[name] = parse_kinds([get(name)] if get(name) else None, f"input {name}") or frozenset()
    if get("pr-number"):
        if not get("pr-number").isdigit():
            raise UsageError(f"input pr-number: {for_terminal(get('pr-number'), 40)!r} is not a number")
        raw["pr_number"] = int(get("pr-number"))
    raw["token"] = SecretStr(get("token"))
    try:
        return Inputs.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = str(first["loc"][0]).replace("_", "-") if first["loc"] else "inputs"
        raise UsageError(f"input {where}: {first['msg']}") from None


@dataclass(frozen=True)
class Runner:
    workspace: Path
    event_name: str
    event_path: str
    repository: str
    server_url: str
    api_url: str
    sha: str
    output: str
    summary: str

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Runner:
        workspace = env.get("GITHUB_WORKSPACE") or "."
        return cls(
            workspace=Path(workspace).resolve(),
            event_name=env.get("GITHUB_EVENT_NAME", ""),
            event_path=env.get("GITHUB_EVENT_PATH", ""),
            repository=env.get("GITHUB_REPOSITORY", ""),
            server_url=env.get("GITHUB_SERVER_URL", "https://github.com"),
            api_url=env.get("GITHUB_API_URL", "https://api.github.com"),
            sha=env.get("GITHUB_SHA", ""),
            output=env.get("GITHUB_OUTPUT", ""),
            summary=env.get("GITHUB_STEP_SUMMARY", ""),
        )


def load_event(path: str) -> Event:
    if not path:
        return Event()
    try:
        return Event.model_validate_json(Path(path).read_bytes())
    except OSError as exc:
        raise UsageError(f"GITHUB_EVENT_PATH {path}: {exc.strerror or exc}") from None
    except ValidationError as exc:
        raise UsageError(
            f"GITHUB_EVENT_PATH {path}: not an event payload ({exc.error_count()} errors)"
        ) from None


def _log(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def _policy(env: Mapping[str, str]) -> Policy:
    """Time-outs and waits; the variables exist so that tests can shorten them."""

    def number(name: str, default: float) -> float:
        try:
            return float(env.get(name, default))
        except ValueError:
            return default

    return Policy(
        backoff=number("INTEGRATIONS_DRIFT_RETRY_BACKOFF", 1.0),
        max_wait=number("INTEGRATIONS_DRIFT_MAX_WAIT", 60.0),
        read_timeout=number("INTEGRATIONS_DRIFT_HTTP_TIMEOUT", 30.0),
        connect_timeout=number("INTEGRATIONS_DRIFT_HTTP_TIMEOUT", 10.0),
    )


def write_outputs(path: str, values: Mapping[str, str]) -> None:
    """``name<<DELIMITER`` blocks in ``$GITHUB_OUTPUT``: a value cannot end its block early."""
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        for name, value in values.items():
            delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
            out.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def write_summary(path: str, markdown: str, notes: list[str]) -> None:
    """The step summary, under GitHub's 1 MiB: the notes first, the report cut on purpose if needed."""
    if not path:
        return
    head = "".join(f"> [!WARNING]\n> {note}\n\n" for note in notes)
    tail = "\n*The report is cut here to fit GitHub's 1 MiB step-summary limit; report.md has it all.*\n"
    room = MAX_SUMMARY_BYTES - len(head.encode()) - len(tail.encode()) - 1024
    data = markdown.encode("utf-8")
    text = head + (markdown if len(data) <= room else data[:room].decode("utf-8", "ignore") + tail)
    with open(path, "a", encoding="utf-8") as out:
        out.write(text)


@dataclass
class Checked:
    result: CheckResult
    counted: list[Finding]
    fail_on: str  # the input, else the config's
    head_root: Path  # where the head's files are (the workspace, or an export of the head)
    fixes: list[FixOutcome]  # one per document checked that could be edited
    diff: str  # every document's diff, one after the other, each with its own file header


def _check(root: Path, inputs: Inputs, base: str | None, head: str | None, tmp: Path) -> Checked:
    settings = load_settings(root, inputs.config)
    baseline = find_baseline(root, None, settings.baseline)
    selection, kinds = inputs.selection(), inputs.kinds()
    head_root = root
    if base:
        result, counted = run_pr_check(
            root,
            settings,
            inputs.doc,
            base,
            head,
            "new",
            baseline=baseline,
            selection=selection,
            kinds=kinds,
            cache=inputs.cache,
        )
        if result.report.head:
            with GitRepo(root) as git:
                if not git.worktree_matches(result.report.head):
                    git.export(result.report.head, tmp)
                    head_root = tmp
    else:
        result = run_check(
            root,
            settings,
            inputs.doc,
            baseline=baseline,
            selection=selection,
            kinds=kinds,
            cache=inputs.cache,
        )
        counted = result.report.findings
    fixes, errors = plan_fixes(result, head_root)
    for error in errors:
        _log(f"integrations-drift: no fix diff: {for_terminal(error)}")
    fail_on = inputs.fail_on or settings.fail_on
    diff = "".join(outcome.diff() for outcome in fixes)
    return Checked(result, counted, fail_on, head_root, fixes, diff)


def _annotate_error(message: str) -> None:
    _log(workflow_commands.command("error", {"title": "integrations-drift"}, strip_controls(message)))


def run(env: Mapping[str, str]) -> int:
    try:
        inputs = read_inputs(env)
    except UsageError as exc:
        # An annotation for the run's page; the one line on stderr comes from the command line.
        _annotate_error(str(exc))
        raise
    runner = Runner.from_env(env)
    event = load_event(runner.event_path)
    root = runner.workspace
    out_dir = (root / inputs.output_dir).resolve()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        # The reports sit in the workspace for actions/upload-artifact; git (and so the scan) ignores them.
        (out_dir / ".gitignore").write_text("*\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"input output-dir {inputs.output_dir}: {exc.strerror or exc}") from None
    if inputs.mode == "comment":
        return _post_saved(inputs, runner, event, env)
    pr = event.pull_request if runner.event_name in PR_EVENTS or event.pull_request else None
    base = inputs.base or (pr.base.sha if pr is not None and inputs.mode == "pr" else None)
    head = inputs.head or (pr.head.sha if pr is not None and base else None)
    with tempfile.TemporaryDirectory(prefix="integrations-drift-head-") as tmp:
        try:
            checked = _check(root, inputs, base, head, Path(tmp))
        except UsageError as exc:
            # Said where the run is read too (the step's annotations and summary), then exit 2.
            message = str(exc)
            _annotate_error(message)
            write_summary(
                runner.summary, f"**integrations-drift could not check:** {for_markdown(message)}\n", []
            )
            raise
        return _finish(inputs, runner, pr, checked, out_dir, env)


def _finish(
    inputs: Inputs,
    runner: Runner,
    pr: PullRequest | None,
    checked: Checked,
    out_dir: Path,
    env: Mapping[str, str],
) -> int:
    result = checked.result
    report = result.report
    fail_on = checked.fail_on
    threshold = FAIL_LEVELS[fail_on]
    counted = [f for f in checked.counted if f.severity.rank >= threshold]
    failed = bool(counted)
    sys.stdout.write(workflow_commands.render(result, RenderOptions()))
    for warning in result.warnings[:20]:
        _log(f"integrations-drift: warning: {for_terminal(warning)}")
    markdown = render_markdown(report, unverified=result.unverified, limit=MAX_SUMMARY_BYTES)
    files = {
        "json": json_report.render(result, RenderOptions()),
        "markdown": render_markdown(report, unverified=result.unverified),
        "diff": checked.diff,
    }
    if inputs.sarif:
        files["sarif"] = sarif.render(result, RenderOptions())
    written: dict[str, str] = {}
    for key, content in files.items():
        target = out_dir / REPORT_FILES[key]
        target.write_text(content, encoding="utf-8")
        written[key] = _relative(target, runner.workspace)
    new = [f for f in report.findings if report.mode != "pr" or f.change == "new"]
    verdict = Verdict(failed, fail_on, len(counted), pr=report.mode == "pr")
    sha = report.head or runner.sha
    links = Links(runner.server_url, runner.repository, sha) if runner.repository and sha else None
    fix_command = _fix_command(report.doc, result.documents, inputs.all_docs)
    notes: list[str] = []
    token = inputs.token.get_secret_value()
    if token and runner.repository and inputs.comment:
        with GitHubClient(runner.api_url, token, policy=_policy(env), log=_log) as client:
            poster = Poster(client, runner.repository, _log)
            try:
                if inputs.mode == "pr" and pr is not None:
                    body = comment_body(
                        report,
                        verdict,
                        links=links,
                        diff=checked.diff,
                        fix_command=fix_command,
                        documents=result.documents,
                    )
                    poster.sticky_comment(pr.number, body, post_new=bool(new))
                    if inputs.suggest_inline and checked.diff and report.head:
                        for outcome in checked.fixes:
                            if outcome.changed:
                                _inline(poster, pr.number, report.head, outcome)
                elif inputs.mode == "report":
                    title = f"integrations-drift: drift in {_documents_title(report.doc, result.documents)}"
                    body_or_none = (
                        issue_body(
                            report,
                            links=links,
                            diff=checked.diff,
                            fix_command=fix_command,
                            documents=result.documents,
                        )
                        if report.findings
                        else None
                    )
                    poster.report_issue(
                        inputs.label, title, body_or_none, fixed_comment(report.doc, runner.sha)
                    )
            except Exception as exc:
                poster.notes.append(f"Posting stopped: {type(exc).__name__}.")
                stopped = f"posting stopped: {type(exc).__name__}"
                _log(workflow_commands.command("warning", {"title": "integrations-drift"}, stopped))
            notes = poster.notes
    elif inputs.comment and inputs.mode != "comment" and not token:
        _log("integrations-drift: no token: nothing posted")
    write_summary(runner.summary, markdown, notes)
    write_outputs(
        runner.output,
        {
            "new-findings": str(len(new)),
            "findings": str(len(report.findings)),
            "report-json": written["json"],
            "report-markdown": written["markdown"],
            "sarif-file": written.get("sarif", ""),
        },
    )
    s = report.summary
    checked_docs = _documents_title(report.doc, result.documents)
    _log(
        f"integrations-drift: {checked_docs}: {s.error} errors, {s.warning} warnings, {s.notice} notices; "
        f"{len(new)} new; {'fails' if failed else 'passes'} at fail-on {fail_on}"
    )
    return 1 if failed else 0


def _fix_command(doc: str, documents: list[str], all_docs: bool = False) -> str:
    """The command that makes the diff locally: the same documents as the run checked."""
    if all_docs:
        return "integrations-drift fix --all-docs"
    if documents:
        return "integrations-drift fix"  # the config's documents
    return f"integrations-drift fix --doc {shlex.quote(doc)}"


def _documents_title(doc: str, documents: list[str]) -> str:
    return f"{len(documents)} documents" if documents else doc


def _inline(poster: Poster, number: int, head: str, outcome: FixOutcome) -> None:
    doc = outcome.doc_path
    shown = poster.doc_patch_lines(number, doc)
    if shown is None:
        return
    wanted, outside = suggestions(doc, outcome.before, outcome.after, shown)
    posted = poster.review(number, head, wanted) if wanted else 0
    if posted or outside:
        _log(
            f"integrations-drift: {posted} inline suggestion(s) posted; {outside} edit(s) fall outside the "
            "pull request's diff (they are in the comment's diff)"
        )


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _post_saved(inputs: Inputs, runner: Runner, event: Event, env: Mapping[str, str]) -> int:
    """The trusted second stage: post the comment for a report the first stage saved."""
    if not inputs.report:
        raise UsageError("mode comment needs the input report (the saved report.json)")
    path = Path(inputs.report)
    path = path if path.is_absolute() else runner.workspace / path
    try:
        if path.stat().st_size > MAX_SAVED_REPORT:
            raise UsageError(f"input report {inputs.report}: larger than {MAX_SAVED_REPORT} bytes")
        saved = JsonReport.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise UsageError(f"input report {inputs.report}: {exc.strerror or exc}") from None
    except ValidationError as exc:
        raise UsageError(f"input report {inputs.report}: not a report ({exc.error_count()} errors)") from None
    report = Report.model_validate(saved.model_dump(include=set(Report.model_fields)))
    diff_path = path.with_name(REPORT_FILES["diff"])
    diff = ""
    if diff_path.is_file() and diff_path.stat().st_size <= MAX_SAVED_DIFF:
        diff = diff_path.read_text(encoding="utf-8", errors="replace")
    run = event.workflow_run
    number = inputs.pr_number
    if number is None and run is not None and run.pull_requests:
        raw = run.pull_requests[0].get("number")
        number = raw if isinstance(raw, int) else None
    fail_on = inputs.fail_on or "error"
    counted = [
        f
        for f in report.findings
        if (report.mode != "pr" or f.change == "new") and f.severity.rank >= FAIL_LEVELS[fail_on]
    ]
    new = [f for f in report.findings if report.mode != "pr" or f.change == "new"]
    markdown = render_markdown(report)
    notes: list[str] = []
    token = inputs.token.get_secret_value()
    if number is None:
        notes.append("No pull request number (input pr-number, or the workflow_run event): nothing posted.")
        _log("integrations-drift: " + notes[-1])
    elif token and runner.repository:
        sha = (run.head_sha if run is not None else "") or report.head or ""
        links = Links(runner.server_url, runner.repository, sha) if sha else None
        with GitHubClient(runner.api_url, token, policy=_policy(env), log=_log) as client:
            poster = Poster(client, runner.repository, _log)
            pull = poster.call(
                "read the pull request",
                lambda: PullRequest.model_validate(
                    client.request("GET", f"/repos/{runner.repository}/pulls/{number}")
                ),
            )
            if pull is not None and run is not None and run.head_sha and pull.head.sha != run.head_sha:
                poster.notes.append(
                    f"Pull request #{number} is at {pull.head.sha[:12]}, not at the checked "
                    f"{run.head_sha[:12]}: nothing posted."
                )
                _log("integrations-drift: " + poster.notes[-1])
            elif pull is not None:
                verdict = Verdict(bool(counted), fail_on, len(counted), pr=report.mode == "pr")
                body = comment_body(
                    report,
                    verdict,
                    links=links,
                    diff=diff,
                    fix_command=_fix_command(report.doc, saved.documents, inputs.all_docs),
                    documents=saved.documents,
                )
                poster.sticky_comment(number, body, post_new=bool(new))
            notes = poster.notes
    write_summary(runner.summary, markdown, notes)
    write_outputs(
        runner.output,
        {
            "new-findings": str(len(new)),
            "findings": str(len(report.findings)),
            "report-json": _relative(path, runner.workspace),
            "report-markdown": "",
            "sarif-file": "",
        },
    )
    return 0
