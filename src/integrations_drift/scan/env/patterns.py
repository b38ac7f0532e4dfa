"""The env-read patterns (``data/env_patterns.yml``): validated once, compiled per alias set.

Every language's read patterns are fused into one alternation so a file is searched in a
single regex pass; ``%alias%`` placeholders are filled with the spellings of the env object
that a file uses, and the fused regex is cached per distinct alias set (most files share one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, RootModel, field_validator, model_validator

from integrations_drift.datafiles import load

_PLACEHOLDER = re.compile(r"%(\w+)%")
_NAMED_GROUP = re.compile(r"\(\?P([<=])(\w+)")
_NUMBERED_BACKREF = re.compile(r"\\[1-9]")

AliasSet = tuple[tuple[str, tuple[str, ...]], ...]


class ReadPattern(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str
    regex: str
    arg: Literal["call", "index"] | None = None
    default_args: int | None = None
    default_kw: tuple[str, ...] = ()
    always_default: bool = False
    in_strings: bool = False
    fallback: bool = True
    upper_only: bool = False
    exclude: str | None = None  # names (full match) this pattern never reports
    compile_time: bool = False  # read when the program is built: the builder sets it, not an operator
    sets: bool = False  # the shape gives the variable its value (`os.environ.setdefault`): a set

    @model_validator(mode="after")
    def _check(self) -> ReadPattern:
        probe = _PLACEHOLDER.sub("x", self.regex)
        try:
            compiled = re.compile(probe)
        except re.error as exc:
            raise ValueError(f"pattern {self.id}: {exc}") from exc
        if _NUMBERED_BACKREF.search(self.regex):
            raise ValueError(f"pattern {self.id}: use named back-references (patterns are fused)")
        if self.exclude is not None:
            re.compile(self.exclude)
        has_name = "name" in compiled.groupindex
        if (self.arg is None) == (not has_name):
            raise ValueError(f"pattern {self.id}: needs either a `name` group or `arg`, not both")
        return self


class PrefixProvider(BaseModel):
    """A loader that reads every variable starting with a prefix (koanf ``env.Provider("APP_", ...)``,
    envconfig ``Process("app", &c)``). The regex captures the literal in group ``prefix``; the
    reported prefix is that text, upper-cased when ``upper``, followed by ``suffix`` unless it
    already ends with it."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str
    regex: str
    upper: bool = False
    suffix: str = ""
    default: str = ""  # the prefix when the call names none (Flask's `from_prefixed_env()`: FLASK)

    @model_validator(mode="after")
    def _check(self) -> PrefixProvider:
        try:
            compiled = re.compile(self.regex)
        except re.error as exc:
            raise ValueError(f"prefix provider {self.id}: {exc}") from exc
        if "prefix" not in compiled.groupindex:
            raise ValueError(f"prefix provider {self.id}: needs a `prefix` group")
        return self

    def prefix_of(self, literal: str | None) -> str:
        literal = self.default if literal is None else literal
        if not literal:
            return ""
        text = literal.upper() if self.upper else literal
        return text if not self.suffix or text.endswith(self.suffix) else text + self.suffix


class LanguageSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    prefilter: str
    aliases: dict[str, tuple[str, ...]] = {}
    fallback: str | None = None
    # the read is itself the fallback of what ends just before it (searched in the preceding text
    # of the line, which it must end): ``credentials.x || ENV["X"]``
    fallback_before: str | None = None
    # a read kept in a local variable (the text before it on its line ends with this pattern, whose
    # `var` group names the variable) that the code right after tests for presence (a match of
    # `fallback_tested` one of whose groups is that name): `String r = getenv("X"); if (r != null) …`
    # goes on without it
    fallback_local: str | None = None
    fallback_tested: str | None = None
    # what, right after a read, makes it a check that the variable is there (``… is None``): the
    # text before it then gives no default
    required_check: str | None = None
    reads: tuple[ReadPattern, ...] = ()
    walks: tuple[str, ...] = ()
    prefix_providers: tuple[PrefixProvider, ...] = ()
    # regexes whose `name` group is a variable the program gives a child process it starts
    child_env: tuple[str, ...] = ()
    options: dict[str, str | tuple[str, ...]] = {}

    @field_validator(
        "prefilter", "fallback", "fallback_before", "fallback_local", "fallback_tested", "required_check"
    )
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            re.compile(value)
        return value

    @model_validator(mode="after")
    def _placeholders_known(self) -> LanguageSpec:
        texts = [p.regex for p in self.reads] + list(self.walks)
        for text in texts:
            for key in _PLACEHOLDER.findall(text):
                if key not in self.aliases:
                    raise ValueError(f"unknown alias placeholder %{key}% in {text!r}")
        return self


class EnvPatternsFile(RootModel[dict[str, LanguageSpec]]):
    """``data/env_patterns.yml``: one spec per language."""

    model_config = ConfigDict(frozen=True, defer_build=True)


def specs() -> dict[str, LanguageSpec]:
    return load("env_patterns.yml", EnvPatternsFile).root


def spec(language: str) -> LanguageSpec:
    return specs()[language]


def prefilter(language: str) -> re.Pattern[bytes]:
    return re.compile(spec(language).prefilter.encode())


def option_list(language: str, key: str) -> tuple[str, ...]:
    value = spec(language).options.get(key, ())
    return (value,) if isinstance(value, str) else value


@cache
def child_env(language: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r) for r in spec(language).child_env)


@cache
def prefix_providers(language: str) -> tuple[tuple[PrefixProvider, re.Pattern[str]], ...]:
    return tuple((p, re.compile(p.regex)) for p in spec(language).prefix_providers)


def alias_regex(name: str) -> str:
    """The regex of one spelling found in a file: an identifier (``E``), a qualified one
    (``cfg.env``), or a call of a function returning the object (``getEnv()``)."""
    if name.endswith("()"):
        return rf"(?<![\w$.]){re.escape(name[:-2])}\s*\(\s*\)"
    return rf"(?<![\w$.]){re.escape(name)}\b"


def alias_set(language: str, extra: Mapping[str, list[str]] | None = None) -> AliasSet:
    """The language's default spellings plus ``extra`` (identifiers found in a file), as a cache key."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for key, defaults in spec(language).aliases.items():
        found = sorted(set((extra or {}).get(key, [])))
        out.append((key, (*defaults, *(alias_regex(n) for n in found))))
    return tuple(out)


def _fill(regex: str, aliases: Mapping[str, tuple[str, ...]]) -> str | None:
    missing = False

    def repl(m: re.Match[str]) -> str:
        nonlocal missing
        alts = aliases.get(m.group(1), ())
        if not alts:
            missing = True
            return ""
        return "|".join(alts)

    filled = _PLACEHOLDER.sub(repl, regex)
    return None if missing else filled


def _rename_groups(regex: str, outer: str) -> str:
    """Prefix named groups so several patterns can share one fused regex."""
    return _NAMED_GROUP.sub(lambda m: f"(?P{m.group(1)}{outer}_{m.group(2)}", regex)


@dataclass(frozen=True, slots=True)
class CompiledReads:
    regex: re.Pattern[str] | None
    patterns: dict[str, ReadPattern]  # outer group name -> pattern
    walk: re.Pattern[str] | None
    fallback: re.Pattern[str] | None
    fallback_before: re.Pattern[str] | None
    fallback_local: re.Pattern[str] | None
    fallback_tested: re.Pattern[str] | None
    required_check: re.Pattern[str] | None
    trigger: re.Pattern[str]  # every read lies near one of these words (prefilter words, aliases)

    def group(self, m: re.Match[str], outer: str, inner: str) -> tuple[str | None, int]:
        key = f"{outer}_{inner}"
        if key not in m.re.groupindex:
            return None, -1
        return m.group(key), m.start(key)


@lru_cache(maxsize=256)
def compiled(language: str, aliases: AliasSet) -> CompiledReads:
    sp = spec(language)
    table = dict(aliases)
    parts: list[str] = []
    by_group: dict[str, ReadPattern] = {}
    for i, pat in enumerate(sp.reads):
        filled = _fill(pat.regex, table)
        if filled is None:
            continue
        outer = f"r{i}"
        parts.append(f"(?P<{outer}>{_rename_groups(filled, outer)})")
        by_group[outer] = pat
    walks = [w for w in (_fill(w, table) for w in sp.walks) if w is not None]
    extra = [a for key, alts in table.items() for a in alts[len(sp.aliases.get(key, ())) :]]
    trigger = "|".join([sp.prefilter, *extra])
    return CompiledReads(
        regex=re.compile("|".join(parts)) if parts else None,
        patterns=by_group,
        walk=re.compile("|".join(f"(?:{w})" for w in walks)) if walks else None,
        fallback=re.compile(sp.fallback) if sp.fallback else None,
        fallback_before=re.compile(sp.fallback_before) if sp.fallback_before else None,
        fallback_local=re.compile(sp.fallback_local) if sp.fallback_local else None,
        fallback_tested=re.compile(sp.fallback_tested) if sp.fallback_tested else None,
        required_check=re.compile(sp.required_check) if sp.required_check else None,
        trigger=re.compile(trigger),
    )


# How far around a trigger word a read may reach: calls formatted one argument per line (black,
# prettier, gofmt) put the name a few lines below the call, and a membership test may put the
# name on the line above (``"X"\n in os.environ``).
LINES_BEFORE = 1
LINES_AFTER = 5


def _line_start(code: str, pos: int, back: int) -> int:
    start = code.rfind("\n", 0, pos) + 1
    for _ in range(back):
        if start == 0:
            break
        start = code.rfind("\n", 0, start - 1) + 1
    return start


def _line_end(code: str, pos: int, forward: int) -> int:
    end = pos
    for _ in range(forward + 1):
        nl = code.find("\n", end)
        if nl < 0:
            return len(code)
        end = nl + 1
    return end


def windows(code: str, trigger: re.Pattern[str]) -> list[tuple[int, int]]:
    """Disjoint stretches of ``code`` around trigger words: from the start of the line before a
    trigger's line to the end of the ``LINES_AFTER``-th line after it (a read may start before its
    trigger word, as in ``"X" in os.environ``, and its arguments may follow on later lines).
    Scanning only these keeps big files cheap."""
    out: list[tuple[int, int]] = []
    for m in trigger.finditer(code):
        start = _line_start(code, m.start(), LINES_BEFORE)
        end = _line_end(code, m.end(), LINES_AFTER)
        if out and start <= out[-1][1]:
            prev = out.pop()
            start, end = prev[0], max(end, prev[1])
        out.append((start, end))
    return out
