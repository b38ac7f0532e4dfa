"""Java and Kotlin source: ``System.getenv``, Spring ``@Value`` and ``@ConfigurationProperties``."""

from __future__ import annotations

from collections.abc import Iterable

from integrations_drift.scan.env import frameworks, fw_data
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import JVM_FUNCTIONS, FuncDef, brace_functions
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import standard_scan
from integrations_drift.scan.env.syntax import JAVA, KOTLIN, Syntax
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "jvm"
EXTENSIONS = frozenset({".java", ".kt", ".kts", ".groovy"})
FILENAMES: frozenset[str] = frozenset()
FAMILY: Family = "clike"
PREFILTER = fw_data.with_prefilter(NAME, prefilter(NAME))


def _is_kotlin(path: str) -> bool:
    return path.endswith((".kt", ".kts"))


def syntax_for(path: str) -> Syntax:
    return KOTLIN if _is_kotlin(path) else JAVA


def functions(code: str, path: str) -> list[FuncDef]:
    return brace_functions(code, JVM_FUNCTIONS, syntax_for(path))


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    syn = syntax_for(sf.path)
    refs = standard_scan(NAME, syn, functions, sf, masked, ctx)
    refs.extend(frameworks.file_reads(NAME, syn, sf, masked, ctx.frameworks))
    return refs


def finish(ctx: ScanContext) -> Iterable[EnvRef]:
    return frameworks.finish(NAME, ctx.frameworks)
