"""Reads written as placeholders in text configuration: Spring ``${X:default}``, HOCON ``${?X}``,
ERB ``<%= ENV["X"] %>`` in YAML, Symfony ``%env(X)%`` in YAML, and ``$PORT`` in Procfile commands.
Comments are blanked first (lines are preserved)."""

from __future__ import annotations

import re
from dataclasses import replace

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.configfiles.common import RefList
from integrations_drift.scan.env.lexer import Masked, mask
from integrations_drift.scan.env.relaxed import env_names
from integrations_drift.scan.types import EnvRef, SourceFile

SPRING_SOURCE = "spring"
SPRING_KEY_SOURCE = "spring-key"  # binder evidence: see frameworks.settle
HOCON_SOURCE = "hocon"
ERB_SOURCE = "erb"
PROCFILE_SOURCE = "procfile"
SYMFONY_SOURCE = "symfony"
YAML_ENV_SOURCE = "yaml-env"  # read once the application substitutes them (see frameworks.settle)

# Spring resolves ``${name}`` against properties and the environment alike (as do Micronaut and
# Quarkus): an UPPER_SNAKE name is an environment variable; a property key (``${app.base-url:x}``)
# can be set as one through relaxed binding (``APP_BASEURL``, ``APP_BASE_URL``), which makes it
# binder evidence, a read only where deployment files set it.
_SPRING = lazy(r"\$\{([A-Za-z_][A-Za-z0-9_.\-]*)(?=[}:])(:?)")
_UPPER_SNAKE = lazy(r"[A-Z_][A-Z0-9_]*")
# Ktor's YAML configuration reads `port: "$PORT:8080"` (a default after the colon) and `$PORT`
_KTOR_ROOT = lazy(r"^ktor:", re.M)
_KTOR = lazy(r"(?<=[\s\"'])\$([A-Z_][A-Z0-9_]*[A-Z0-9])(?![\w{])(:)?")
_PROPERTIES_COMMENT = lazy(r"^[ \t]*[#!][^\n]*", re.M)

# Typesafe Config substitutes ``${X}`` (required) and ``${?X}`` (left unset when missing) from the
# file itself first and the environment after; an UPPER_SNAKE path is the environment's. Inside a
# quoted string nothing is substituted.
_HOCON = lazy(r"\$\{(\??)\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")

# ``<%#`` is an ERB comment; ``<%%`` a literal ``<%``.
_ERB_BLOCK = lazy(r"<%(?![#%])[\s\S]*?(?:%>|\Z)")
_ENV_INDEX = lazy(r"""\bENV\s*\[\s*(["'])([A-Za-z_][A-Za-z0-9_]*)\1\s*\]""")
_ENV_FETCH = lazy(r"""\bENV\.fetch\s*\(?\s*(["'])([A-Za-z_][A-Za-z0-9_]*)\1\s*""")
# ``||`` after a chain of conversions: ``ENV["X"].presence || "d"``, ``ENV["X"]&.to_i || 5``
_INDEX_FALLBACK = lazy(r"(?:\s*&?\.\s*[A-Za-z_]\w*[?!]?(?:\([^()\n]*\))?)*\s*(?:\|\||\bor\b)")
# A second argument or a block is the fallback of ``fetch``; without one a missing name raises.
_FETCH_FALLBACK = lazy(r",|\)\s*(?:\{|do\b)|\{")

# Symfony's container resolves ``%env(processor:...:NAME)%`` from the environment; the ``default``
# processor (``%env(default:param.name:NAME)%``, ``%env(default::NAME)%``) supplies a fallback.
SYMFONY_ENV = lazy(r"%env\((?P<procs>(?:default:[\w.\-]*:|[a-z_]+:)*)(?P<name>[A-Za-z_]\w*)\)%")
# ``when@dev:`` / ``when@test:`` top-level blocks apply only in those kernel environments.
_WHEN_BLOCK = lazy(r"^when@(\w+)\s*:", re.M)
_TOP_LEVEL = lazy(r"^[^\s#]", re.M)
_DEV_ENVS = frozenset({"dev", "test"})

# Dropwizard's EnvironmentVariableSubstitutor (Commons Text): `${DB_URL}`, `${PORT:-8080}`
_SUBSTITUTION = lazy(r"\$\{([A-Z_][A-Z0-9_]*)(:-)?")
_SHELL_VAR = lazy(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(:?[-=+?])?|([A-Za-z_][A-Za-z0-9_]*))")
_SHELL_OPTIONAL = frozenset({":-", "-", ":=", "=", ":+", "+"})


def wants_spring(data: bytes) -> bool:
    return b"${" in data or b"ktor:" in data


def wants_erb(data: bytes) -> bool:
    return b"<%" in data and b"ENV" in data


def wants_symfony(data: bytes) -> bool:
    return b"%env(" in data


def wants_substitution(data: bytes) -> bool:
    return b"${" in data


def scan_substitution(sf: SourceFile) -> list[EnvRef]:
    """``${X}`` / ``${X:-default}`` in a YAML file: reads where the application substitutes the
    environment into its configuration, evidence elsewhere."""
    masked = mask(sf.text(), "hash")
    out = RefList(sf, YAML_ENV_SOURCE)
    for m in _SUBSTITUTION.finditer(masked.code):
        if any(c.isalpha() for c in m.group(1)):
            out.read(m.group(1), masked.line_of(m.start()), has_default=m.group(2) is not None)
    return out.refs


def wants_procfile(data: bytes) -> bool:
    return b"$" in data


def _spring_masked(sf: SourceFile) -> Masked:
    text = sf.text()
    if sf.path.lower().endswith(".properties"):
        # A '#' inside a .properties value is data; only whole-line comments exist.
        blanked = _PROPERTIES_COMMENT.sub(lambda m: " " * len(m.group(0)), text)
        return mask(blanked, "none")
    return mask(text, "hash")


def scan_spring(sf: SourceFile) -> list[EnvRef]:
    masked = _spring_masked(sf)
    out = RefList(sf, SPRING_SOURCE)
    keys = RefList(sf, SPRING_KEY_SOURCE)
    if _KTOR_ROOT.search(masked.code) is not None:
        for m in _KTOR.finditer(masked.code):
            out.read(m.group(1), masked.line_of(m.start()), has_default=bool(m.group(2)))
    for m in _SPRING.finditer(masked.code):
        name = m.group(1)
        if _UPPER_SNAKE.fullmatch(name) and any(c.isalpha() for c in name):
            out.read(name, masked.line_of(m.start()), has_default=bool(m.group(2)))
        elif "." in name:
            for derived in env_names(name):
                keys.read(derived, masked.line_of(m.start()), has_default=bool(m.group(2)))
    return out.refs + keys.refs


def scan_hocon(sf: SourceFile) -> list[EnvRef]:
    # '#' and '//' start comments (also after an unquoted value); strings are double-quoted.
    masked = mask(sf.text(), "php")
    out = RefList(sf, HOCON_SOURCE)
    for m in _HOCON.finditer(masked.code):
        name = m.group(2)
        quoted = masked.in_string(m.start())
        if _UPPER_SNAKE.fullmatch(name) and any(c.isalpha() for c in name) and not quoted:
            out.read(name, masked.line_of(m.start()), has_default=bool(m.group(1)))
    return out.refs


def scan_erb(sf: SourceFile) -> list[EnvRef]:
    masked = mask(sf.text(), "hash")
    code = masked.code
    out = RefList(sf, ERB_SOURCE)
    for block in _ERB_BLOCK.finditer(code):
        start, end = block.span()
        for m in _ENV_INDEX.finditer(code, start, end):
            optional = _INDEX_FALLBACK.match(code, m.end(), end) is not None
            out.read(m.group(2), masked.line_of(m.start()), has_default=optional)
        for m in _ENV_FETCH.finditer(code, start, end):
            optional = _FETCH_FALLBACK.match(code, m.end(), end) is not None
            out.read(m.group(2), masked.line_of(m.start()), has_default=optional)
    return out.refs


def _dev_blocks(code: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _WHEN_BLOCK.finditer(code):
        if m.group(1) not in _DEV_ENVS:
            continue
        nxt = _TOP_LEVEL.search(code, m.end())
        spans.append((m.start(), nxt.start() if nxt else len(code)))
    return spans


def scan_symfony(sf: SourceFile) -> list[EnvRef]:
    masked = mask(sf.text(), "hash")
    code = masked.code
    out = RefList(sf, SYMFONY_SOURCE)
    dev = RefList(replace(sf, is_support=True), SYMFONY_SOURCE)
    blocks = _dev_blocks(code)
    for m in SYMFONY_ENV.finditer(code):
        target = dev if any(a <= m.start() < b for a, b in blocks) else out
        procs = m.group("procs")
        has_default = procs.startswith("default:") or ":default:" in procs
        target.read(m.group("name"), masked.line_of(m.start()), has_default=has_default)
    return out.refs + dev.refs


def scan_procfile(sf: SourceFile) -> list[EnvRef]:
    masked = mask(sf.text(), "hash")
    out = RefList(sf, PROCFILE_SOURCE)
    for m in _SHELL_VAR.finditer(masked.code):
        name = m.group(1) or m.group(3)
        out.read(name, masked.line_of(m.start()), has_default=m.group(2) in _SHELL_OPTIONAL)
    return out.refs
