"""The environment object exported from a module, or passed to a function, and read there under
another name.

``export default process.env``, ``module.exports = process.env``, ``export const env =
process.env`` (also through a ``Proxy``, a spread copy, or a function returning it), Python
``env = os.environ`` at module level: a file importing it (``import env from "./env"``, ``const
cfg = require("./env")``, ``from app.settings import env as E``, ``import app.settings as s``
then ``s.env``) reads the environment under that name.

``record`` notes what each module exports while the files are scanned; ``follow`` then finds
the files importing such a module (a bytes search for the modules' names first), and scans them
again with the imported names as spellings of the environment object.

The object or a read function passed whole to a function (``resolve_paths(base, os.environ)``,
``run(ctx, os.Getenv)``) is noted by ``record_passed``; ``follow_params`` scans the functions of
that name again with the receiving parameter as a spelling of it, keeping what lies in their bodies.
A class receives it in its constructor (``new Config(process.env)``: the whole class body is kept),
an imported function by the name it was exported under (a module's default export by the module),
and an object-pattern parameter (``({ PORT }) =>``) reads its keys.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.call_args import match_bracket, split_args
from integrations_drift.scan.env.context import Language, ScanContext
from integrations_drift.scan.env.functions import FuncDef
from integrations_drift.scan.env.lexer import Masked, mask
from integrations_drift.scan.env.patterns import AliasSet, alias_regex, alias_set
from integrations_drift.scan.env.resolve_loops import enclosing_open
from integrations_drift.scan.env.resolve_state import FileState
from integrations_drift.scan.env.resolve_words import resolve_words
from integrations_drift.scan.env.syntax import Syntax
from integrations_drift.scan.types import EnvRef, SourceFile
from integrations_drift.scan.vocabulary import code_words

_INDEX_STEMS = code_words().wrappers.index_stems
_LOCAL_FN_LINES = 4
_SOURCE_EXT = lazy(r"\.(?:[cm]?[jt]sx?|vue|svelte|astro|py)$")


@dataclass(frozen=True, slots=True)
class EnvExport:
    path: str
    name: str  # "" for the default export
    call: bool  # a function returning the object


# Where an export regex has {env}: any spelling (an identifier, a member chain, a call); a match
# counts where this part is one of the file's bare uses of the object.
_ANY_OBJECT = r"(?P<envobj>[A-Za-z_$][\w$]*(?:\s*(?:\?\.|\.)\s*[A-Za-z_$][\w$]*)*(?:\s*\(\s*\))?)"


@cache
def _export_regex(template: str) -> re.Pattern[str]:
    return re.compile(template.replace("{env}", _ANY_OBJECT))


_LEADING_LOOKBEHIND = lazy(r"^\(\?<!\[[^\]]*\]\)")


@cache
def _bare_regex(spellings: tuple[str, ...]) -> re.Pattern[str]:
    """The object itself, not a member of it (``process.env`` alone, or spread: ``...process.env``).
    The spellings' leading look-behinds are dropped (the caller checks what precedes) so the
    search starts from their literal words."""
    alts = "|".join(_LEADING_LOOKBEHIND.sub("", s) for s in spellings)
    return re.compile(rf"(?<![\w$])(?:{alts})(?![\w$]|\s*(?:[\[(]|\?\.|\.(?!\s*copy\s*\()))")


def record(
    ctx: ScanContext,
    language: str,
    sf: SourceFile,
    masked: Masked,
    spellings: Sequence[str],
    spans: Sequence[tuple[int, int]] | None = None,
) -> None:
    """Note the environment objects ``sf`` exports; ``spellings``: its regexes of the object,
    ``spans``: the stretches of the file where the object is mentioned (None: all of it)."""
    words = resolve_words().languages.get(language)
    if words is None or not words.env_exports or not spellings or sf.path in ctx.env_export_paths:
        return
    ctx.env_export_paths.add(sf.path)
    code = masked.code
    bare = _bare_regex(tuple(spellings))
    local_fns: set[str] = set()
    # An export ends with the object itself (not a member of it): only the lines just before such
    # a bare use are searched.
    for s, e in spans if spans is not None else [(0, len(code))]:
        for use in bare.finditer(code, s, e):
            before = code[max(0, use.start() - 3) : use.start()]
            if before[-1:] == "." and before != "...":
                continue
            start = max(0, code.rfind("\n", 0, max(0, code.rfind("\n", 0, use.start()))) + 1)
            # a function returning the object may set things up first: its header lies further up
            far = start
            for _ in range(_LOCAL_FN_LINES):
                far = code.rfind("\n", 0, max(0, far - 1)) + 1
            for export in words.env_exports:
                begin = far if export.local else start
                for m in _export_regex(export.regex).finditer(code, begin, use.end() + 80):
                    if m.start("envobj") != use.start() or masked.in_string(m.start()):
                        continue
                    if export.local:
                        local_fns.add(m.group("fn"))
                        continue
                    name = m.groupdict().get("name") or ""
                    ctx.env_exports.setdefault(language, set()).add(EnvExport(sf.path, name, export.call))
    if local_fns:
        # `module.exports = getEnv()` of a function returning the object exports the object
        fns = "|".join(re.escape(f) for f in sorted(local_fns))
        for template in words.env_export_calls:
            for m in re.finditer(template.replace("{fn}", f"(?:{fns})"), code):
                if not masked.in_string(m.start()):
                    name = m.groupdict().get("name") or ""
                    ctx.env_exports.setdefault(language, set()).add(EnvExport(sf.path, name, False))


def record_context(
    ctx: ScanContext, lang: Language, sf: SourceFile, gate: Callable[[bytes], bool] | None = None
) -> None:
    """``record`` for a file that is not scanned (only looked up): the object in its default
    spellings (``process.env``, ``os.environ``). ``gate``: the language's prefilter, or a faster
    test that answers as it does (the scan's literal gate)."""
    words = resolve_words().languages.get(lang.NAME)
    if words is None or not words.env_exports or not words.env_alias:
        return
    if not (gate or lang.PREFILTER.search)(sf.data):
        return
    spellings = dict(alias_set(lang.NAME)).get(words.env_alias, ())
    text = sf.text()
    if spellings and _bare_regex(tuple(spellings)).search(text):
        record(ctx, lang.NAME, sf, mask(text, lang.FAMILY), spellings)


def spellings_of(language: str, aliases: AliasSet) -> tuple[str, ...]:
    """The regexes of the environment object among a file's ``aliases``."""
    words = resolve_words().languages.get(language)
    return dict(aliases).get(words.env_alias, ()) if words is not None and words.env_alias else ()


def found_spellings(language: str, aliases: Mapping[str, list[str]] | None) -> tuple[str, ...]:
    """The regexes of the names a file found for the environment object itself."""
    words = resolve_words().languages.get(language)
    if words is None or not words.env_alias or not aliases:
        return ()
    return tuple(alias_regex(n) for n in sorted(set(aliases.get(words.env_alias, ()))))


def module_stem(path: str) -> str:
    """The name a file is imported by: its stem, or its folder's for an index file."""
    head, name = os.path.split(path)
    stem = os.path.splitext(name)[0]
    return os.path.basename(head) if stem in _INDEX_STEMS else stem


def _tail(mod: str) -> str:
    """The module name an import specifier ends with (``./lib/env.js`` -> ``env``, ``app.cfg`` -> ``cfg``)."""
    if "/" in mod or mod.startswith("."):
        parts = [p for p in _SOURCE_EXT.sub("", mod.rstrip("/")).split("/") if p not in ("", ".", "..")]
        if not parts:
            return ""
        return parts[-2] if parts[-1] in _INDEX_STEMS and len(parts) > 1 else parts[-1]
    return mod.rsplit(".", 1)[-1]


def _items(text: str) -> list[tuple[str, str]]:
    """(imported, local) names of an import list: ``a``, ``a as b``, ``a: b``, ``type a``."""
    out: list[tuple[str, str]] = []
    for item in text.strip("() \n").split(","):
        words = re.sub(r"^\s*type\s+", "", item).replace(":", " as ").split()
        if len(words) == 1:
            out.append((words[0], words[0]))
        elif len(words) == 3 and words[1] == "as":
            out.append((words[0], words[2]))
    return out


module_tail = _tail


def module_key(ctx: ScanContext, language: str, mod: str, path: str) -> tuple[str, str | None]:
    """The stem of the module ``mod`` imported from ``path`` names, and its file where the tree's
    aliases (tsconfig paths, package.json imports, workspace packages) say which one it is; else
    the specifier's own tail and None (any file of that stem)."""
    if language == "js" and not mod.startswith("."):
        target = ctx.module_map().resolve(mod, path)
        if target is not None:
            return module_stem(target), target
    return _tail(mod), None


def _named_by(
    ctx: ScanContext, language: str, mod: str, path: str, by_stem: Mapping[str, list[EnvExport]]
) -> list[EnvExport]:
    stem, target = module_key(ctx, language, mod, path)
    return [e for e in by_stem.get(stem, ()) if e.path != path and (target is None or e.path == target)]


def alias_gate_words(ctx: ScanContext, language: str, stems: Iterable[str]) -> list[str]:
    """The alias specifiers without a wildcard that name a module of ``stems``: a file importing
    through one need not spell the stem."""
    if language != "js":
        return []
    wanted = set(stems)
    return [spec for spec, target in ctx.module_map().named() if module_stem(target) in wanted]


import_items = _items


def _spelling(local: str, export: EnvExport) -> str:
    return f"{local}()" if export.call else local


def _aliases(
    ctx: ScanContext, code: str, language: str, by_stem: Mapping[str, list[EnvExport]], path: str
) -> list[str]:
    words = resolve_words().languages[language]
    found: list[str] = []
    for pattern in words.module_imports:
        for m in pattern.finditer(code):
            groups = m.groupdict()
            mod = groups["mod"]
            exported = _named_by(ctx, language, mod, path, by_stem)
            if groups.get("default"):
                found += [_spelling(groups["default"], e) for e in exported if not e.name]
            if groups.get("ns"):
                found += [_spelling(f"{groups['ns']}.{e.name or 'default'}", e) for e in exported]
            elif "ns" in groups and not groups.get("items") and not groups.get("default"):
                found += [_spelling(f"{mod}.{e.name}", e) for e in exported if e.name]  # import app.cfg
            for name, local in _items(groups.get("items") or ""):
                found += [_spelling(local, e) for e in exported if e.name == name]
                # `from app import settings` then `settings.env`
                found += [_spelling(f"{local}.{e.name}", e) for e in by_stem.get(name, ()) if e.name]
    return found


_MAX_REEXPORTS = 3  # barrels of barrels, a few levels deep


def _reexported(
    exports: set[EnvExport], lang: Language, files: Sequence[SourceFile], ctx: ScanContext
) -> set[EnvExport]:
    """``exports`` and what modules passing them on export (``export { default as env } from
    "./environment"`` in an index file)."""
    patterns = resolve_words().languages[lang.NAME].module_reexports
    out = set(exports)
    fresh = set(exports)
    for _ in range(_MAX_REEXPORTS):
        if not patterns or not fresh:
            break
        by_stem: dict[str, list[EnvExport]] = {}
        for e in fresh:
            by_stem.setdefault(module_stem(e.path), []).append(e)
        words = [*by_stem, *alias_gate_words(ctx, lang.NAME, by_stem)]
        stems = b"|".join(re.escape(s.encode()) for s in words)
        gate = re.compile(rb"(?<![\w$])(?:" + stems + rb")(?![\w$])")
        fresh = set()
        for sf in files:
            if b"export" not in sf.data or not gate.search(sf.data):
                continue
            code = (ctx.masked.get(sf.path) or mask(sf.text(), lang.FAMILY)).code
            for pattern in patterns:
                for m in pattern.finditer(code):
                    groups = m.groupdict()
                    passed = _named_by(ctx, lang.NAME, groups["mod"], sf.path, by_stem)
                    if groups.get("all") is not None:
                        fresh |= {EnvExport(sf.path, e.name, e.call) for e in passed if e.name}
                    for name, local in _items(groups.get("items") or ""):
                        for e in passed:
                            if (e.name or "default") == name:
                                fresh.add(EnvExport(sf.path, "" if local == "default" else local, e.call))
        fresh -= out
        out |= fresh
    return out


def follow(
    ctx: ScanContext, languages: Mapping[str, Language], files: Mapping[str, Sequence[SourceFile]]
) -> list[EnvRef]:
    """Scan again, with the imported names as the environment object, the files importing one."""
    refs: list[EnvRef] = []
    for language, exports in ctx.env_exports.items():
        lang = languages.get(language)
        key = resolve_words().languages[language].env_alias
        if lang is None or not key or not exports:
            continue
        exports = _reexported(exports, lang, files.get(language, ()), ctx)
        by_stem: dict[str, list[EnvExport]] = {}
        for e in sorted(exports, key=lambda e: (e.path, e.name)):
            by_stem.setdefault(module_stem(e.path), []).append(e)
        words = [*by_stem, *alias_gate_words(ctx, language, by_stem)]
        gate = re.compile(
            rb"(?<![\w$])(?:" + b"|".join(re.escape(s.encode()) for s in words) + rb")(?![\w$])"
        )
        for sf in files.get(language, ()):
            if not gate.search(sf.data):
                continue
            masked = ctx.masked.get(sf.path) or mask(sf.text(), lang.FAMILY)
            found = _aliases(ctx, masked.code, language, by_stem, sf.path)
            if not found:
                continue
            ctx.masked[sf.path] = masked
            ctx.extra_aliases[sf.path] = {key: found}
            try:
                refs.extend(lang.scan(sf, masked, ctx))
            except Exception as exc:  # one odd file must not cost the whole scan its results
                ctx.warnings.append(f"{sf.path}: env scan failed ({type(exc).__name__}: {exc})")
            finally:
                del ctx.extra_aliases[sf.path]
    return refs


_KEYWORD_ARG = lazy(r"\s*(?:(?P<kw>[A-Za-z_]\w*)\s*[=:]\s*)?")
# The called function: a bare name or one of this object's (`self.load(...)`); a method of
# something else (`Reflect.deleteProperty(process.env, k)`) cannot be told apart from a
# same-named function.
_CALLEE = lazy(r"(?:(?<![\w$.])|(?<![\w$])(?:self|this|cls)\s*\.\s*)(?P<fn>[A-Za-z_$][\w$]*)\s*$")
_NOT_CALLS = frozenset({"if", "for", "while", "switch", "return", "print", "elif", "and", "or", "not", "in"})


def record_passed(
    ctx: ScanContext, st: FileState, spans: Sequence[tuple[int, int]], found: Sequence[str] = ()
) -> None:
    """Note the functions the environment object (or a read function) is passed to whole;
    ``found``: the regexes of the file's own names for the object (``const e = process.env``)."""
    words = resolve_words().languages.get(st.language)
    if words is None or not words.env_passed:
        return
    code = st.code
    uses = [(p.regex, p.alias) for p in words.env_passed]
    if found and words.env_alias:
        uses.append((_bare_regex(tuple(found)), words.env_alias))
    imported: dict[str, str] | None = None
    for regex, alias in uses:
        for s, e in spans:
            for m in regex.finditer(code, s, e):
                if st.masked.in_string(m.start()):
                    continue
                call = _argument_of(st, m.start(), m.end())
                if call is None:
                    continue
                fn, index, kw = call
                if imported is None:
                    imported = _imported_functions(ctx, st)
                # an imported function is found by its exported name (or its module's default export)
                ctx.env_params.setdefault(st.language, set()).add((imported.get(fn, fn), index, kw, alias))


_MODULE_MARK = "module:"  # a module's default export, by the module's stem


def _imported_functions(ctx: ScanContext, st: FileState) -> dict[str, str]:
    """Local name -> what it names where it was defined, for the file's imports under another name:
    ``import load from "./config"`` -> ``module:config``, ``import { make as mk }`` -> ``make``."""
    words = resolve_words().languages[st.language]
    out: dict[str, str] = {}
    if not words.env_exports:
        return out
    for pattern in words.module_imports:
        for m in pattern.finditer(st.code):
            groups = m.groupdict()
            stem, _ = module_key(ctx, st.language, groups["mod"], st.sf.path)
            if groups.get("default") and stem:
                out[groups["default"]] = _MODULE_MARK + stem
            for name, local in _items(groups.get("items") or ""):
                if name != local:
                    out[local] = name
    return out


def _argument_of(st: FileState, start: int, end: int) -> tuple[str, int, str] | None:
    """(function, argument index or -1, keyword) when ``code[start:end]`` is a whole argument."""
    code = st.code
    open_pos = enclosing_open(st, start - 1)
    if open_pos is None or code[open_pos] != "(":
        return None
    fn = _CALLEE.search(code, max(0, open_pos - 120), open_pos)
    if fn is None or fn.group("fn") in _NOT_CALLS:
        return None
    split = split_args(code, open_pos + 1, ")", st.syn)
    if split is None:
        return None
    for i, (s, e) in enumerate(split[0]):
        if s <= start < e:
            kw = _KEYWORD_ARG.match(code, s)
            if kw is None or kw.end() != start or code[end:e].strip():
                return None
            return fn.group("fn"), (-1 if kw.group("kw") else i), kw.group("kw") or ""
    return None


PatternReader = Callable[[SourceFile, Masked, int, int], list[EnvRef]]
# Languages whose parameters may be object patterns: the reader of a pattern's keys.
_PATTERN_READERS: dict[str, PatternReader] = {}


def register_pattern_reader(language: str, reader: PatternReader) -> None:
    _PATTERN_READERS[language] = reader


_PARAM_PROPERTY = lazy(r"\s*(?:public|private|protected|readonly)\s")
_CONSTRUCTORS = frozenset({"constructor", "__init__"})
_CLASS = lazy(r"\bclass\s+([A-Za-z_$][\w$]*)")
# The brace opening a class body, within a header's length of its name (`extends`, `implements`,
# type parameters): unbounded, each `class X` with no brace after it (Python's `class X:`) would
# read on to the next brace of the file, quadratic in a file of many classes.
_CLASS_BODY = lazy(r"[^{;]{0,400}\{")


_DEFAULT_EXPORT_HINT = lazy(rb"\bexport\s+default\b|\bmodule\s*\.\s*exports\s*=")
_DEFAULT_EXPORT = lazy(
    r"\b(?:export\s+default|module\s*\.\s*exports\s*=)\s*(?:async\s+)?(?:function\b\s*\*?\s*|class\s+)?"
    r"(?P<name>[A-Za-z_$][\w$]*)?"
)


def _default_exported(code: str, key: str) -> dict[str, str]:
    """The names a module's default export goes by in its own file (an anonymous function's is
    ``default`` / ``exports``, as the function finder names it), each standing for ``key``."""
    out = {"default": key, "exports": key}
    for m in _DEFAULT_EXPORT.finditer(code):
        if m.group("name"):
            out[m.group("name")] = key
    return out


def _receivers(
    masked: Masked, syn: Syntax, funcs: Sequence[FuncDef], wanted: Mapping[str, str]
) -> list[tuple[FuncDef, str, tuple[int, int]]]:
    """(function, name it is called by, the stretch its parameter is seen in): a function
    ``wanted`` names (its body), or the constructor of a class it names (the whole class body,
    where ``this.env = env`` keeps it)."""
    out = [(f, wanted[f.name], (f.body_start, f.body_end)) for f in funcs if f.name in wanted]
    code = masked.code
    for m in _CLASS.finditer(code):
        if m.group(1) not in wanted or masked.in_string(m.start()):
            continue
        body = _CLASS_BODY.match(code, m.end())
        if body is None:
            continue
        end = match_bracket(code, body.end() - 1, syn)
        ctor = next((f for f in funcs if f.name in _CONSTRUCTORS and body.end() <= f.start < end), None)
        if ctor is not None:
            out.append((ctor, wanted[m.group(1)], (body.end(), end)))
    return out


def _raw_param(masked: Masked, syn: Syntax, f: FuncDef, index: int) -> tuple[int, int] | None:
    """The span of the ``index``-th parameter as written (an object pattern has no name)."""
    if f.params_at < 0 or index < 0:
        return None
    split = split_args(masked.code, f.params_at + 1, ")", syn)
    if split is None or index >= len(split[0]):
        return None
    return split[0][index]


def follow_params(
    ctx: ScanContext, languages: Mapping[str, Language], files: Mapping[str, Sequence[SourceFile]]
) -> list[EnvRef]:
    """Scan the functions that receive the environment object again, the parameter as its name."""
    refs: list[EnvRef] = []
    for language, passed in list(ctx.env_params.items()):
        lang = languages.get(language)
        if lang is None or not passed:
            continue
        names = sorted(
            {fn for fn, _, _, _ in passed if not fn.startswith(_MODULE_MARK)}, key=len, reverse=True
        )
        stems = {fn[len(_MODULE_MARK) :] for fn, _, _, _ in passed if fn.startswith(_MODULE_MARK)}
        alts = b"|".join(re.escape(n.encode()) for n in names) or rb"(?!)"
        gate = re.compile(
            rb"\b(?:def|function|func|fn|fun)\s+(?:\([^()\n]*\)\s*)?(?:"
            + alts
            + rb")\b"  # def f(, func (r *T) f(
            rb"|(?<![\w$.])(?:"
            + alts
            + rb")\s*[:=]\s*(?:async\s*)?(?:function\b|\()"  # f = (...) =>, f: function
            rb"|(?m:^[ \t]*(?:(?:public|private|protected|static|async)\s+)*(?:"
            + alts
            + rb")\s*\([^()\n]*\)\s*\{)"
            rb"|\bclass\s+(?:" + alts + rb")\b"  # new Config(process.env): its constructor receives it
        )
        for sf in files.get(language, ()):
            stem = module_stem(sf.path) if stems else ""
            exported = stem in stems and _DEFAULT_EXPORT_HINT.search(sf.data) is not None
            if not exported and not gate.search(sf.data):
                continue
            masked = ctx.masked.get(sf.path) or mask(sf.text(), lang.FAMILY)
            bodies: list[tuple[int, int]] = []
            aliases: dict[str, list[str]] = {}
            funcs = lang.functions(masked.code, sf.path)
            patterns = _PATTERN_READERS.get(language)
            wanted = {n: n for n in names}
            if exported:
                wanted.update(_default_exported(masked.code, _MODULE_MARK + stem))
            for f, fn, body in _receivers(masked, lang.syntax_for(sf.path), funcs, wanted):
                for name, index, kw, alias in passed:
                    if fn != name:
                        continue
                    raw = _raw_param(masked, lang.syntax_for(sf.path), f, index)
                    if patterns is not None and raw is not None:
                        # `({ DATABASE_URL, PORT = "3000" }) =>`: the pattern's keys are the reads
                        refs.extend(patterns(sf, masked, *raw))
                    if 0 <= index < len(f.params):
                        param = f.params[index].name
                    else:
                        param = kw if kw and f.param_index(kw) is not None else ""
                    if param:
                        aliases.setdefault(alias, []).append(param)
                        if raw is not None and _PARAM_PROPERTY.match(masked.code, raw[0]):
                            # `constructor(private readonly env: Env)` keeps it as `this.env`
                            aliases[alias].append(f"this.{param}")
                        last = max(body[0], body[1] - 1)
                        bodies.append((masked.line_of(body[0]), masked.line_of(last)))
            if not aliases:
                continue
            ctx.masked[sf.path] = masked
            ctx.extra_aliases[sf.path] = aliases
            try:
                found = list(lang.scan(sf, masked, ctx))
            except Exception as exc:  # one odd file must not cost the whole scan its results
                ctx.warnings.append(f"{sf.path}: env scan failed ({type(exc).__name__}: {exc})")
                found = []
            finally:
                del ctx.extra_aliases[sf.path]
            refs.extend(r for r in found if any(a <= r.line <= b for a, b in bodies))
    return refs
