"""Project-local wrapper functions (``env_bool(name)`` reading ``os.getenv(name)``).

Pass 1 registers a wrapper for every read whose name is a parameter of the enclosing function.
Pass 2 (``resolve``) searches only the files whose bytes mention a wrapper name, in the same
language, and turns call sites with a literal name argument into reads. A call site that passes
its own parameter makes that function a wrapper too, so chains are followed a few levels deep.

A wrapper with a generic name (``get``) is followed outside its own file only where the name is
imported, unaliased, from a module named like the wrapper's file (``from app.cfg import get``,
``import { get } from "./cfg"``), or where it is called through a module-level instance of a class
of its file (``export default new Env()`` imported as ``env``, then ``env.get("X")``), through an
exported object literal holding it, or through an exported class (a static method).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence

from integrations_drift.scan.env import exports, resolve, resolve_state
from integrations_drift.scan.env.call_args import kwarg_present, name_arg, split_args
from integrations_drift.scan.env.context import Language, ScanContext, Wrapper
from integrations_drift.scan.env.lexer import Masked, mask
from integrations_drift.scan.env.patterns import alias_set, compiled
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.resolve_words import resolve_words
from integrations_drift.scan.env.syntax import UPPER_NAME
from integrations_drift.scan.needles import Needles
from integrations_drift.scan.types import EnvRef, SourceFile
from integrations_drift.scan.vocabulary import code_words

# The words and import shapes below are data (data/code_words.yml, "wrappers").
_WORDS = code_words().wrappers
# Names so common that a same-named call elsewhere is most likely something else: such
# wrappers only count for unqualified (or self/this) calls in their own file.
GENERIC_NAMES = _WORDS.generic_names
_SELF_QUALIFIERS = _WORDS.self_qualifiers
_LIBRARY_QUALIFIERS = _WORDS.library_qualifiers
_DEFAULT_KW = _WORDS.default_keywords
_MAX_ROUNDS = 3
# TypeScript's explicit type arguments between a generic wrapper's name and its call: `env<number>("X")`;
# a lambda's call through `.call(` / `.(` (Ruby, Elixir): `fetch_env.("X")`
_TYPE_ARGS = r"(?:<[^<>()\n]{0,80}>\s*|\.\s*(?:call\s*)?)?"

# Named imports, per language: (cheap bytes gate with the names filled in at {names}, the full
# pattern with groups ``items`` and ``mod``).
_IMPORT_GATES: dict[str, bytes] = {lang: imp.gate for lang, imp in _WORDS.named_imports.items()}
_IMPORTS: dict[str, re.Pattern[str]] = {lang: imp.pattern for lang, imp in _WORDS.named_imports.items()}
_INDEX_STEMS = _WORDS.index_stems
_INSTANCES = _WORDS.instances


def _module_stem(path: str) -> str:
    head, name = os.path.split(path)
    stem = os.path.splitext(name)[0]
    return os.path.basename(head) if stem in _INDEX_STEMS else stem


def _imported(language: str, code: str, wrappers: Mapping[str, Wrapper]) -> frozenset[str]:
    """The local-only wrappers that ``code`` imports under their own name from their own module."""
    pattern = _IMPORTS.get(language)
    if pattern is None:
        return frozenset()
    out: set[str] = set()
    for m in pattern.finditer(code):
        items = m.group("items") if m.group("items") is not None else m.groupdict().get("ritems") or ""
        mod = m.group("mod") if m.group("mod") is not None else m.groupdict().get("rmod") or ""
        tail = mod.rstrip("/").rsplit("/", 1)[-1] if language == "js" else mod.rsplit(".", 1)[-1]
        if language == "js" and "." in tail:
            tail = os.path.splitext(tail)[0]
        for item in items.strip("() \n").split(","):
            name = item.strip()
            w = wrappers.get(name)
            if w is not None and w.local_only and tail == _module_stem(w.path):
                out.add(name)
    return frozenset(out)


def _instances(language: str, code: str) -> frozenset[str]:
    """The module-level instances of the file's own classes, its exported object literals and
    classes (``""``: the default export)."""
    pattern = _INSTANCES.get(language)
    out: set[str] = set()
    for m in pattern.finditer(code) if pattern is not None else ():
        groups = m.groupdict()
        cls = groups.get("cls")
        if cls is None or re.search(rf"\bclass\s+{re.escape(cls)}\b", code):
            out.add(groups.get("name") or groups.get("obj") or groups.get("klass") or "")
    return frozenset(out)


def _imported_instances(
    ctx: ScanContext, language: str, code: str, path: str, held: Mapping[str, frozenset[str]]
) -> dict[str, frozenset[str]]:
    """Wrapper file -> the local names ``code`` imports that file's instances under."""
    words = resolve_words().languages.get(language)
    by_stem = {_module_stem(path): path for path in held}
    out: dict[str, set[str]] = {}
    for pattern in words.module_imports if words is not None else ():
        for m in pattern.finditer(code):
            groups = m.groupdict()
            stem, target = exports.module_key(ctx, language, groups["mod"], path)
            found = by_stem.get(stem) if target is None else target if target in held else None
            if found is None:
                continue
            names = held[found]
            if groups.get("default") and "" in names:
                out.setdefault(found, set()).add(groups["default"])
            for name, local in exports.import_items(groups.get("items") or ""):
                if name in names:
                    out.setdefault(found, set()).add(local)
    return {path: frozenset(found) for path, found in out.items()}


def _call_regex(names: Iterable[str]) -> re.Pattern[str]:
    alts = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(
        rf"(?<![\w$])(?:(?P<qual>[A-Za-z_$][\w$]*)\s*(?:\?\.|\.|::|->)\s*)?(?P<fn>{alts})(?![\w$])\s*{_TYPE_ARGS}\("
    )


def _masked(ctx: ScanContext, sf: SourceFile, lang: Language) -> Masked:
    m = ctx.masked.get(sf.path)
    if m is None:
        m = mask(sf.text(), lang.FAMILY)
        ctx.masked[sf.path] = m
    return m


def _call_sites(
    ctx: ScanContext,
    lang: Language,
    sf: SourceFile,
    table: Mapping[str, Wrapper],
    call_re: re.Pattern[str],
    imported: frozenset[str] = frozenset(),
    instances: Mapping[str, frozenset[str]] | None = None,
) -> list[EnvRef]:
    masked = _masked(ctx, sf, lang)
    code = masked.code
    syn = lang.syntax_for(sf.path)
    refs: list[EnvRef] = []
    state = resolve_state.FileState(lang.NAME, syn, sf, masked, lambda: lang.functions(code, sf.path))
    library = _LIBRARY_QUALIFIERS.get(lang.NAME, frozenset())
    fallback = compiled(lang.NAME, alias_set(lang.NAME)).fallback
    for m in call_re.finditer(code):
        if masked.in_string(m.start()):
            continue
        w = table[m.group("fn")]
        qual = m.group("qual")
        if qual in library:
            continue
        if w.local_only and not (
            (sf.path == w.path and (qual is None or qual in _SELF_QUALIFIERS))
            or (qual is None and w.name in imported)
            or (qual is not None and instances is not None and qual in instances.get(w.path, ()))
        ):
            continue
        split = split_args(code, m.end(), ")", syn)
        if split is None:
            continue
        spans = split[0]
        at = _keyword_arg(code, spans, w.keyword) if w.keyword else None
        if at is None:
            if len(spans) <= w.index:
                continue
            at = spans[w.index][0]
        arg = name_arg(code, at, syn)
        if arg is None:
            continue
        has_default = (
            w.always_default
            or len(spans) > w.index + 1
            or kwarg_present(code, spans, _DEFAULT_KW)
            # the call's value has a fallback of its own: `str("PORT") || 3000`, `env("X") or "d"`
            or (fallback is not None and fallback.match(code, split[1]) is not None)
        )
        if arg.ident:
            refs.extend(resolve.at_call(ctx, state, w, arg, m.start(), has_default, lang.NAME))
            continue
        # A literal passed to a wrapper is taken as a variable name only when it looks like one,
        # as the wrapper spells it (`setting("db_host")` of one reading `"APP_" + key.upper()`).
        spelled = arg.text.upper() if all(form.upper for form in w.forms) else arg.text
        if arg.kind == "name" and not UPPER_NAME.fullmatch(spelled):
            continue
        if arg.kind == "prefix" and not UPPER_NAME.match(arg.text):
            continue
        for form in w.forms:
            found = resolve_state.named(form, arg.text, strict=True, is_prefix=arg.kind == "prefix")
            if found is not None:
                refs.append(
                    make_ref(
                        sf,
                        masked,
                        found.name,
                        arg.pos,
                        lang.NAME,
                        has_default=has_default or bool(found.twin_of),
                        is_prefix=found.is_prefix,
                        twin_of=found.twin_of,
                    )
                )
    return refs


def _keyword_arg(code: str, spans: list[tuple[int, int]], keyword: str) -> int | None:
    """Where the value of ``keyword=…`` starts among the call's arguments."""
    pat = re.compile(rf"\s*{re.escape(keyword)}\s*[=:](?!=)")
    for s, _ in spans:
        m = pat.match(code, s)
        if m is not None:
            return m.end()
    return None


def _held_instances(
    ctx: ScanContext, lang: Language, files: Sequence[SourceFile], paths: set[str]
) -> dict[str, frozenset[str]]:
    """The wrapper files among ``paths`` holding module-level instances of their classes."""
    if lang.NAME not in _INSTANCES or not paths:
        return {}
    out: dict[str, frozenset[str]] = {}
    for sf in files:
        if sf.path in paths:
            found = _instances(lang.NAME, _masked(ctx, sf, lang).code)
            if found:
                out[sf.path] = found
    return out


def follow(
    ctx: ScanContext, languages: Mapping[str, Language], files: Mapping[str, Sequence[SourceFile]]
) -> list[EnvRef]:
    refs: list[EnvRef] = []
    done: dict[str, set[str]] = {}
    for _ in range(_MAX_ROUNDS):
        progressed = False
        for language, table in list(ctx.wrappers.items()):
            seen = done.setdefault(language, set())
            new = {n: w for n, w in table.items() if n not in seen}
            if not new:
                continue
            progressed = True
            seen.update(new)
            lang = languages[language]
            alts = b"|".join(re.escape(n.encode()) for n in new)
            needle = re.compile(rb"(?<![\w$])(?:" + alts + rb")\s*" + _TYPE_ARGS.encode() + rb"\(")
            names = Needles(new)
            call_re = _call_regex(new)
            local = [n for n, w in new.items() if w.local_only]
            local_paths = {new[n].path for n in local}
            everywhere = len(local) < len(new)
            gate_src = _IMPORT_GATES.get(language)
            gate = (
                re.compile(gate_src.replace(b"{names}", b"|".join(re.escape(n.encode()) for n in local)))
                if gate_src is not None and local
                else None
            )
            held = _held_instances(ctx, lang, files.get(language, ()), local_paths)
            held_stems = {_module_stem(path) for path in held}
            stems = Needles(held_stems | set(exports.alias_gate_words(ctx, language, held_stems)))
            for sf in files.get(language, ()):
                imports_local = (
                    gate is not None and sf.path not in local_paths and gate.search(sf.data) is not None
                )
                imports_instance = bool(held) and sf.path not in local_paths and stems.any_in(sf.data)
                if (
                    not everywhere
                    and sf.path not in local_paths
                    and not imports_local
                    and not imports_instance
                ):
                    continue
                if names.any_in(sf.data) and needle.search(sf.data):
                    code = _masked(ctx, sf, lang).code if imports_local or imports_instance else ""
                    imported = _imported(language, code, new) if imports_local else frozenset()
                    if sf.path in held:
                        instances = {sf.path: held[sf.path] - {""}}
                    else:
                        instances = (
                            _imported_instances(ctx, language, code, sf.path, held)
                            if imports_instance
                            else {}
                        )
                    refs.extend(_call_sites(ctx, lang, sf, new, call_re, imported, instances))
        if not progressed:
            break
    return refs
