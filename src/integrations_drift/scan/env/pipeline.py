"""The steps most languages share: fused read patterns, wrapper candidates, environment walks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from integrations_drift.scan.env import exports, resolve, resolve_state, walks
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import BraceLanguage, FuncDef, brace_functions
from integrations_drift.scan.env.lexer import Masked
from integrations_drift.scan.env.patterns import alias_set, child_env, compiled, prefix_providers, windows
from integrations_drift.scan.env.reads import find_reads, make_ref, to_ref
from integrations_drift.scan.env.syntax import NAME, Syntax
from integrations_drift.scan.types import EnvRef, SourceFile

FunctionFinder = Callable[[str, str], list[FuncDef]]


def standard_scan(
    language: str,
    syn: Syntax,
    functions: FunctionFinder,
    sf: SourceFile,
    masked: Masked,
    ctx: ScanContext,
    aliases: Mapping[str, list[str]] | None = None,
) -> list[EnvRef]:
    spelled = alias_set(language, aliases)
    reads = compiled(language, spelled)
    spans = windows(masked.code, reads.trigger)
    hits = find_reads(masked, reads, syn, spans)
    refs = [to_ref(sf, masked, h, language) for h in hits if not h.dynamic and h.kind in ("name", "prefix")]
    funcs: list[FuncDef] | None = None

    def file_functions() -> list[FuncDef]:
        nonlocal funcs
        if funcs is None:
            funcs = functions(masked.code, sf.path)
        return funcs

    state = resolve_state.FileState(language, syn, sf, masked, file_functions)
    for h in hits:
        if h.dynamic:
            refs.extend(resolve.at_read(ctx, state, h, language))
    env_spellings = exports.spellings_of(language, spelled)
    exports.record_passed(ctx, state, spans, exports.found_spellings(language, aliases))
    exports.record(ctx, language, sf, masked, env_spellings, spans)
    if reads.walk is not None:
        walk = reads.walk
        starts = [
            m.start()
            for s, e in spans
            for m in walk.finditer(masked.code, s, e)
            if not masked.in_string(m.start())
        ]
        if starts:
            refs.extend(walks.table_reads(ctx, state, starts, language))
    refs.extend(prefix_reads(language, sf, masked, spans))
    refs.extend(child_sets(language, sf, masked))
    return refs


CHILD_ENV_SOURCE = "child-env"


def child_sets(language: str, sf: SourceFile, masked: Masked) -> list[EnvRef]:
    """Variables the program puts into the environment of a child process it starts (``cmd.Env =
    append(cmd.Env, "HOOK_ID="+id)``, ``Command::new(…).env("HOOK_ID", id)``): the program gives
    them their value, so its own reads of them (in the hook it runs) ask nothing of an operator."""
    refs: list[EnvRef] = []
    for regex in child_env(language):
        for m in regex.finditer(masked.code):
            pos = m.start("name")
            if masked.in_string(pos) and not masked.in_string(m.start()):
                ref = make_ref(sf, masked, m.group("name"), pos, CHILD_ENV_SOURCE)
                refs.append(replace(ref, use="set"))
    return refs


@dataclass(frozen=True, slots=True)
class BraceScanner:
    """``syntax_for`` / ``functions`` / ``scan`` of a language with one syntax and brace-style
    functions; its module exports the bound methods (``scan = _SCANNER.scan``)."""

    language: str
    syntax: Syntax
    funcs: BraceLanguage
    aliases: Callable[[str], Mapping[str, list[str]]] | None = None  # spellings found in a file

    def syntax_for(self, path: str) -> Syntax:
        return self.syntax

    def functions(self, code: str, path: str) -> list[FuncDef]:
        return brace_functions(code, self.funcs, self.syntax)

    def scan(
        self, sf: SourceFile, masked: Masked, ctx: ScanContext, aliases: Mapping[str, list[str]] | None = None
    ) -> list[EnvRef]:
        if aliases is None and self.aliases is not None:
            aliases = self.aliases(masked.code)
        return standard_scan(self.language, self.syntax, self.functions, sf, masked, ctx, aliases)


def no_finish(ctx: ScanContext) -> Iterable[EnvRef]:
    """``finish`` of a language without cross-file results."""
    return ()


def prefix_reads(language: str, sf: SourceFile, masked: Masked, spans: list[tuple[int, int]]) -> list[EnvRef]:
    """Loaders that take every variable with a prefix: one prefix ref each. Nothing in particular
    is required of the environment, so the ref has a default."""
    refs: list[EnvRef] = []
    for provider, regex in prefix_providers(language):
        for s, e in spans:
            for m in regex.finditer(masked.code, s, e):
                if masked.in_string(m.start()):
                    continue
                prefix = provider.prefix_of(m.group("prefix"))
                if NAME.fullmatch(prefix):
                    refs.append(
                        make_ref(
                            sf,
                            masked,
                            prefix,
                            max(m.start("prefix"), m.start()),
                            language,
                            has_default=True,
                            is_prefix=True,
                        )
                    )
    return refs
