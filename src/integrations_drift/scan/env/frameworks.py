"""Libraries and frameworks that read the environment for the application: the hooks the language
scanners call, and the state they share across files.

Two kinds of result:

- **reads**: the code names the variable (``cli.EnvVars("PORT")``, ``#[arg(env = "PORT")]``,
  ``configService.get("PORT")``) or opts into a prefix and reads keys under it
  (``AddEnvironmentVariables("APP_")`` + ``configuration["Db:Host"]`` -> ``APP_Db__Host``);
- **binder evidence**: a name derived from a configuration key that a framework would also accept
  from the environment (Spring relaxed binding, an unprefixed .NET key). Every key could be set so;
  an operator is told to set only some. Such a name is evidence (a documented variable is not
  stale) and counts as a read only where a deployment file of the repository sets it (Dockerfile,
  compose, Kubernetes, an ``.env`` example): that is where the project tells operators to.
  Likewise a framework's own settings (Spring Boot's ``SPRING_*``, ASP.NET Core's ``ASPNETCORE_*``,
  Rails' ``RAILS_ENV``) are read where the application starts it, when a deployment file sets them.

Names a framework shows to be read under a prefix replace the bare name the read patterns saw
(``superseded``): a go-flags option ``env:"HOST"`` in a group with ``env-namespace:"DB"`` is
``DB_HOST``, not ``HOST``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TypeVar, cast

from integrations_drift.paths import glob_match_name
from integrations_drift.scan.env import fw_cli
from integrations_drift.scan.env.fw_data import ImplicitReader, case_insensitive, implicit, prefilter, uses
from integrations_drift.scan.env.lexer import Masked
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.syntax import Syntax
from integrations_drift.scan.pathclass import is_test_path
from integrations_drift.scan.types import EnvRef, SourceFile

# Sets that do not tell an operator to provide a variable: CI jobs, values a build config gives itself.
_NOT_DEPLOYMENT = frozenset({"workflow", "nextjs", "child-env"})
# Configuration files whose reads are binder evidence (property keys in Spring placeholders, the
# keys of a JVM application's own configuration file and of .NET's appsettings).
_EVIDENCE_SOURCES = frozenset({"spring-key", "spring-value", "dotnet-key", "yaml-env"})
# ... and of those, placeholders that are reads wherever the application runs the framework that
# substitutes them (source -> the implicit reader's id): Dropwizard's `${X}` in its YAML configuration
_SUBSTITUTED = {"yaml-env": "dropwizard-substitution"}
# ... and of those, the ones that give every binding of their key a default: the application's own
# configuration file holds a value for it
_DEFAULTS_SOURCES = frozenset({"spring-value"})
# ... and of those, the ones whose keys match a variable without regard to case (.NET's)
_CASE_INSENSITIVE_SOURCES = frozenset({"dotnet-key"})

_Key = tuple[str, str, int, str]  # (source, path, line, name)
S = TypeVar("S")


@dataclass
class FrameworkState:
    # one state per framework module that keeps facts across files, made when first asked for:
    # the modules of languages a repository lacks are never imported
    states: dict[type, object] = field(default_factory=dict)
    evidence: dict[_Key, bool] = field(default_factory=dict)  # binder evidence -> is_support of its file
    folded: set[_Key] = field(default_factory=set)  # evidence matched without regard to case
    superseded: set[tuple[str, int, str, bool]] = field(default_factory=set)  # (path, line, name, is_prefix)
    sources: dict[str, list[SourceFile]] = field(default_factory=dict)  # language -> files, for finish
    runs: list[tuple[ImplicitReader, EnvRef]] = field(default_factory=list)  # framework, where it is started


def state_of(state: FrameworkState, kind: type[S]) -> S:
    """This run's ``kind`` (a framework's cross-file state class), made empty when first asked for."""
    found = state.states.get(kind)
    if found is None:
        found = state.states[kind] = kind()
    return cast(S, found)


def as_evidence(state: FrameworkState, refs: Iterable[EnvRef], fold_case: bool = False) -> list[EnvRef]:
    """``refs`` as binder evidence: support-only until ``settle`` finds them set by deployment
    (``fold_case``: in any case, when the framework lowers the names it reads)."""
    out: list[EnvRef] = []
    for r in refs:
        state.evidence.setdefault((r.source, r.path, r.line, r.name), r.is_support)
        if fold_case:
            state.folded.add((r.source, r.path, r.line, r.name))
        out.append(replace(r, is_support=True))
    return out


def file_reads(
    language: str,
    syn: Syntax,
    sf: SourceFile,
    masked: Masked,
    state: FrameworkState,
    constant: fw_cli.ConstantResolver | None = None,
) -> list[EnvRef]:
    """The framework reads of one file of ``language`` (its cross-file facts go to ``state``). The
    file passed the language's prefilter, which includes the framework one. ``constant`` resolves
    a constant that stands where a declaration names a variable."""
    if prefilter(language) is None:
        return []
    refs = fw_cli.cli_reads(language, sf, masked, syn, constant)
    for use, marker in uses(language):
        m = marker.search(masked.code)
        if m and not masked.in_string(m.start()):
            at = m.start()
            used = [make_ref(sf, masked, n, at, language, has_default=use.optional) for n in use.names]
            if use.production and sf.is_support and not is_test_path(sf.path):
                used = [replace(r, is_support=False) for r in used]
            refs.extend(used)
    for reader, marker in implicit(language):
        m = marker.search(masked.code)
        if m and not masked.in_string(m.start()):
            state.runs.append(
                (reader, make_ref(sf, masked, reader.id, m.start(), language, has_default=True))
            )
    return refs


def _implicit_reads(state: FrameworkState, deployed: set[str]) -> list[EnvRef]:
    """The variables deployment files set for a framework the application runs, read where it is
    started (the first place outside tests and tooling)."""
    out: list[EnvRef] = []
    done: set[str] = set()
    for reader, at in sorted(state.runs, key=lambda run: (run[1].is_support, run[1].path, run[1].line)):
        if reader.id in done or at.is_support:
            continue
        done.add(reader.id)
        for name in sorted(deployed):
            if any(glob_match_name(g, name) for g in reader.names):
                out.append(replace(at, name=name))
    return out


def _folds_case(source: str) -> bool:
    return case_insensitive(source) or source in _CASE_INSENSITIVE_SOURCES


def _members(family: EnvRef, folded: dict[str, str]) -> list[str]:
    """The deployed names (``folded``: lower-case -> spelling) in the family ``family.name`` starts."""
    if _folds_case(family.source):
        start = family.name.lower()
        return [spelled for low, spelled in folded.items() if low.startswith(start)]
    return [spelled for spelled in folded.values() if spelled.startswith(family.name)]


def settle(refs: list[EnvRef], state: FrameworkState) -> list[EnvRef]:
    """Drop superseded reads; binder evidence that a deployment file sets becomes a read, and so
    does a setting of a framework the application runs."""
    for r in refs:
        if r.source in _EVIDENCE_SOURCES and r.use == "read":
            state.evidence.setdefault((r.source, r.path, r.line, r.name), r.is_support)
    if not state.evidence and not state.superseded and not state.runs:
        return refs
    deployed = {
        r.name for r in refs if r.use == "set" and not r.is_support and r.source not in _NOT_DEPLOYMENT
    }
    folded = {name.lower(): name for name in sorted(deployed, reverse=True)}
    given = {
        r.name
        for r in refs
        if r.source in _DEFAULTS_SOURCES and r.use == "read" and r.has_default and not r.is_support
    }
    running = {reader.id for reader, at in state.runs if not at.is_support}
    substituted = {source for source, reader in _SUBSTITUTED.items() if reader in running}
    out: list[EnvRef] = _implicit_reads(state, deployed)
    for r in refs:
        if r.use != "read":
            out.append(r)
            continue
        if (r.path, r.line, r.name, r.is_prefix) in state.superseded:
            continue
        support = state.evidence.get((r.source, r.path, r.line, r.name))
        if support is not None and not r.has_default and r.name in given:
            r = replace(r, has_default=True)
        if support is not None and r.is_prefix:
            # a family (a collection's elements): the members deployment files set are read
            out.extend(replace(r, name=n, is_prefix=False, is_support=support) for n in _members(r, folded))
        spelled = r.name if r.name in deployed and not r.is_prefix else None
        folds = _folds_case(r.source) or (r.source, r.path, r.line, r.name) in state.folded
        if spelled is None and support is not None and folds:
            spelled = folded.get(r.name.lower())
        if support is not None and r.source in substituted:
            r = replace(r, is_support=support)
        elif support is not None and spelled is not None:
            r = replace(r, name=spelled, is_support=support)
        elif support is not None:
            r = replace(r, is_support=True)
        out.append(r)
    return out
