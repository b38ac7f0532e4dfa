"""Java and Kotlin source: ``System.getenv``, Spring ``@Value`` and ``@ConfigurationProperties``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from integrations_drift.scan.env import frameworks, fw_data, fw_jvm_enums, fw_keytables, fw_spring
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import JVM_FUNCTIONS, FuncDef, brace_functions
from integrations_drift.scan.env.fw_jvm_enums import enum_reads
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import standard_scan
from integrations_drift.scan.env.syntax import JAVA, KOTLIN, Syntax
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "jvm"
FAMILY: Family = "clike"
PREFILTER = fw_data.with_prefilter(NAME, prefilter(NAME))


def _is_kotlin(path: str) -> bool:
    return path.endswith((".kt", ".kts"))


def syntax_for(path: str) -> Syntax:
    return KOTLIN if _is_kotlin(path) else JAVA


def functions(code: str, path: str) -> list[FuncDef]:
    return brace_functions(code, JVM_FUNCTIONS, syntax_for(path))


# `Map<String, String> env = System.getenv();`, Kotlin `val env = System.getenv()`, and a copy
# of it: `Map<String, String> env = new HashMap<>(System.getenv());`
_ENV_MAP = re.compile(
    r"\bMap\s*<[^<>;\n]*>\s+(\w+)\s*=\s*(?:new\s+\w*Map\s*<[^<>;\n]*>\s*\(\s*)?"
    r"System\s*\.\s*getenv\s*\(\s*\)\s*\)?\s*;"
    r"|\b(?:val|var)\s+(\w+)\s*(?::\s*Map\s*<[^<>\n]*>\??\s*)?=\s*System\s*\.\s*getenv\s*\(\s*\)\s*;?\s*$",
    re.M,
)
_IMPORT_GETENV = re.compile(
    r"\bimport\s+(?:static\s+)?(?:java\s*\.\s*lang\s*\.\s*)?System\s*\.\s*(?:getenv\b|\*)"
)


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    syn = syntax_for(sf.path)
    imported = ["getenv"] if _IMPORT_GETENV.search(masked.code) else []
    envmap = [m.group(1) or m.group(2) for m in _ENV_MAP.finditer(masked.code)]
    refs = standard_scan(NAME, syn, functions, sf, masked, ctx, {"getenv": imported, "envmap": envmap})
    state = ctx.frameworks
    refs.extend(frameworks.file_reads(NAME, syn, sf, masked, state))
    if (
        b"@Value" in sf.data
        or b":Value" in sf.data
        or b"@Property" in sf.data
        or b"@ConfigProperty" in sf.data
        or b"@Requires" in sf.data
    ):
        found = fw_spring.value_reads(sf, masked, syn, NAME)
        refs.extend(found.reads)
        refs.extend(frameworks.as_evidence(state, found.evidence))
    if (
        b"springframework.core.env." in sf.data
        or b"micronaut.context.env." in sf.data
        or b"org.eclipse.microprofile.config" in sf.data
    ):
        found = fw_spring.environment_reads(sf, masked, syn, NAME)
        refs.extend(found.reads)
        refs.extend(frameworks.as_evidence(state, found.evidence))
    if b"@ConfigurationProperties" in sf.data or b"@ConfigMapping" in sf.data or b"@EachProperty" in sf.data:
        spring = frameworks.state_of(state, fw_spring.SpringState)
        props = fw_spring.properties_reads(sf, masked, syn, NAME, spring)
        refs.extend(frameworks.as_evidence(state, props.evidence))
    refs.extend(enum_reads(sf, masked, syn, NAME))
    fw_jvm_enums.collect_tables(sf, masked, syn, NAME, frameworks.state_of(state, fw_jvm_enums.EnumTables))
    return refs


def finish(ctx: ScanContext) -> Iterable[EnvRef]:
    state = ctx.frameworks
    sources = state.sources.get(NAME, [])
    spring = frameworks.state_of(state, fw_spring.SpringState)
    derived = [*fw_spring.section_reads(spring, sources), *fw_keytables.reads(sources, NAME)]
    enums = fw_jvm_enums.table_reads(frameworks.state_of(state, fw_jvm_enums.EnumTables), sources, NAME)
    return [*frameworks.as_evidence(state, derived), *enums]
