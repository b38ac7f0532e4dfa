"""Java and Kotlin source: ``System.getenv``, Spring ``@Value`` and ``@ConfigurationProperties``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from integrations_drift.scan.env import fw_spring
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import JVM_FUNCTIONS, FuncDef, brace_functions
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import no_finish, standard_scan
from integrations_drift.scan.env.syntax import JAVA, KOTLIN, Syntax
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "jvm"
EXTENSIONS = frozenset({".java", ".kt", ".kts", ".groovy"})
FILENAMES: frozenset[str] = frozenset()
FAMILY: Family = "clike"
PREFILTER = prefilter(NAME)


def _is_kotlin(path: str) -> bool:
    return path.endswith((".kt", ".kts"))


def syntax_for(path: str) -> Syntax:
    return KOTLIN if _is_kotlin(path) else JAVA


def functions(code: str, path: str) -> list[FuncDef]:
    return brace_functions(code, JVM_FUNCTIONS, syntax_for(path))


# `Map<String, String> env = System.getenv();`, Kotlin `val env = System.getenv()`
_ENV_MAP = re.compile(
    r"\bMap\s*<[^<>;\n]*>\s+(\w+)\s*=\s*System\s*\.\s*getenv\s*\(\s*\)\s*;"
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
    if b"@Value" in sf.data:
        refs.extend(fw_spring.value_reads(sf, masked, syn, NAME))
    if b"@ConfigurationProperties" in sf.data:
        refs.extend(fw_spring.properties_reads(sf, masked, syn, _is_kotlin(sf.path), NAME))
    return refs


finish = no_finish
