"""Go: ``os.Getenv`` / ``os.LookupEnv`` (and aliases), env/envconfig struct tags, Viper, koanf."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from integrations_drift.scan.env import (
    frameworks,
    fw_data,
    fw_gotags,
    fw_koanf,
    fw_viper,
    resolve,
    resolve_state,
)
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import GO_FUNCTIONS
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import BraceScanner
from integrations_drift.scan.env.syntax import GO
from integrations_drift.scan.types import EnvRef, SourceFile
from integrations_drift.scan.vocabulary import path_vocabulary

NAME = "go"
FAMILY: Family = "go"
PREFILTER = fw_data.with_prefilter(NAME, prefilter(NAME))

_OS_IMPORT_ALIAS = re.compile(r"""(?:^|[\s(])([A-Za-z_]\w*)\s+"os"\s*$""", re.M)
# `import . "os"` puts Getenv / LookupEnv in the file's scope: they are called bare.
_OS_DOT_IMPORT = re.compile(r"""(?:^|[\s(])\.\s+"os"\s*$""", re.M)
_FUNC_ALIAS = re.compile(r"\b([A-Za-z_]\w*)\s*(?::=|=)\s*(?:os|syscall)\s*\.\s*(Getenv|LookupEnv)\b(?!\s*\()")

_SCANNER = BraceScanner(NAME, GO, GO_FUNCTIONS)
syntax_for = _SCANNER.syntax_for
functions = _SCANNER.functions


def _aliases(code: str, extra: Mapping[str, list[str]] | None = None) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {k: list((extra or {}).get(k, [])) for k in ("getenv", "lookupenv")}
    for m in _OS_IMPORT_ALIAS.finditer(code):
        found["getenv"].append(f"{m.group(1)}.Getenv")
        found["lookupenv"].append(f"{m.group(1)}.LookupEnv")
    if _OS_DOT_IMPORT.search(code):
        found["getenv"].append("Getenv")
        found["lookupenv"].append("LookupEnv")
    for m in _FUNC_ALIAS.finditer(code):
        found["getenv" if m.group(2) == "Getenv" else "lookupenv"].append(m.group(1))
    return found


_BUILD_LINE = re.compile(rb"^//go:build[ \t]+([^\n]*)", re.M)
_TAG = re.compile(rb"(!?)\s*([A-Za-z0-9_.]+)")


def _built_apart(data: bytes) -> bool:
    """Whether the file's build constraint requires a tag that keeps it out of the application
    (`//go:build ignore`, `//go:build integration && linux`); `!integration` does not."""
    head = data[: data.find(b"\npackage ")] if b"\npackage " in data else data[:2048]
    m = _BUILD_LINE.search(head)
    if m is None:
        return False
    tags = path_vocabulary().go_support_tags
    return any(not neg and tag.decode() in tags for neg, tag in _TAG.findall(m.group(1)))


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    refs = _SCANNER.scan(sf, masked, ctx, _aliases(masked.code, ctx.extra_aliases.get(sf.path)))
    state = ctx.frameworks
    if b"viper" in sf.data:
        viper = frameworks.state_of(state, fw_viper.ViperState)
        refs.extend(fw_viper.collect(sf, masked, viper, NAME))
        fw_viper.collect_key_types(sf, masked, viper)
    if b"Flags()" in sf.data or b"flag" in sf.data:
        fw_viper.collect_flags(sf, masked, frameworks.state_of(state, fw_viper.ViperState))
    if b"koanf" in sf.data:
        fw_koanf.collect(sf, masked, frameworks.state_of(state, fw_koanf.KoanfState))
    if b"VisitAll" in sf.data:
        fw_viper.collect_flag_envs(sf, masked, frameworks.state_of(state, fw_viper.ViperState))
    file_state = resolve_state.FileState(NAME, GO, sf, masked, lambda: functions(masked.code, sf.path))
    constant = resolve.constant_resolver(ctx, file_state)
    refs.extend(frameworks.file_reads(NAME, GO, sf, masked, state, constant))
    if (
        b'env:"' in sf.data
        or b"env-namespace" in sf.data
        or b"env-prefix" in sf.data
        or b"nvPrefix" in sf.data
        or b"nvprefix" in sf.data
        or b"envconfig" in sf.data
        or b"ParseWithOptions" in sf.data
    ):
        fw_gotags.collect(sf, masked, frameworks.state_of(state, fw_gotags.GoTagState))
    if not sf.is_support and b"//go:build" in sf.data and _built_apart(sf.data):
        return [replace(r, is_support=True) for r in refs]
    return refs


def finish(ctx: ScanContext) -> Iterable[EnvRef]:
    state = ctx.frameworks
    viper = frameworks.state_of(state, fw_viper.ViperState)
    refs = fw_viper.derived_reads(viper, NAME)
    ff = fw_viper.ff_reads(viper, NAME)
    if ff:  # the flags replace the family the prefix stood for
        refs.extend(ff)
        state.superseded.update(
            (p, line, f"{prefix.upper()}_", True) for p, line, prefix, _ in viper.ff_prefixes
        )
    flag_envs = fw_viper.flag_env_reads(viper, NAME)
    if flag_envs:
        refs.extend(flag_envs)
        state.superseded.update((p, line, prefix, True) for p, line, prefix in viper.flag_env_reads)
    koanf = frameworks.state_of(state, fw_koanf.KoanfState)
    keyed, layered = fw_koanf.derived_reads(koanf, NAME)
    if layered:  # another source under the environment: the keys are evidence, the family stays
        refs.extend(frameworks.as_evidence(state, keyed, fold_case=True))
    elif keyed:
        refs.extend(keyed)
        state.superseded.update((p, line, prefix, True) for p, line, prefix in koanf.families)
    tagged, dropped = fw_gotags.derived_reads(frameworks.state_of(state, fw_gotags.GoTagState), NAME)
    state.superseded.update((p, line, n, False) for p, line, n in dropped)
    return [*refs, *tagged]
