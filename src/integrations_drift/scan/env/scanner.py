"""One pass of the env scanners over the files.

``scan_env`` makes one pass over the files: each file goes to the configuration-file scanner and,
by extension (or shebang), to one language scanner, whose bytes-level prefilter rejects most files
before they are decoded. Targeted passes follow what one file gives another: an exported
environment object into the files importing it, project-local wrapper functions into the files
that call them, and names held in other files' constants and tables into the reads using them;
language hooks then add cross-file framework results (Viper).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

from integrations_drift.scan import budget
from integrations_drift.scan.env import (
    exports,
    frameworks,
    languages,
    modres,
    resolve_finish,
    wrappers,
)
from integrations_drift.scan.env.configfiles import scan_config_file
from integrations_drift.scan.env.context import Language, ScanContext
from integrations_drift.scan.env.lexer import mask
from integrations_drift.scan.reference import reference_mode
from integrations_drift.scan.types import EnvRef, EnvScan, ReadAgain, SourceFile, Unread

# Templates rendered into a script of the language of the suffix before theirs (``env.sh.eex``).
_TEMPLATE_SUFFIXES = frozenset({".eex"})
_SHELL_SHEBANG = re.compile(rb"#![^\n]*\b(?:ba|z|k|da|a)?sh\b")
# An extensionless script run by another interpreter (Express's `bin/www`, a `bin/server` entry point)
# (JavaScript only: extensionless Ruby and Python scripts are mostly Bundler's and Rails' binstubs)
_NODE_SHEBANG = re.compile(rb"#![^\n]*?[/\s](?:node|nodejs|deno|bun|ts-node|tsx)(?=\s|$)", re.M)


def language_for(sf: SourceFile) -> Language | None:
    if isinstance(sf, Unread):
        return languages.get(sf.lang) if sf.lang in languages.NAMES else None
    name = sf.path.rsplit("/", 1)[-1]
    ext = os.path.splitext(name)[1].lower()
    if ext in _TEMPLATE_SUFFIXES:
        # An Elixir release's ``rel/env.sh.eex`` is the shell script the release starts with.
        inner = os.path.splitext(name[: -len(ext)])[1].lower()
        return languages.get(languages.SHELL) if languages.for_extension(inner) == languages.SHELL else None
    found = languages.name_for(name, ext)
    if found is None and not ext and sf.data.startswith(b"#!"):
        if _NODE_SHEBANG.match(sf.data):
            found = languages.JS
        elif _SHELL_SHEBANG.match(sf.data):
            found = languages.SHELL
    return None if found is None else languages.get(found)


def _dedupe(refs: Iterable[EnvRef]) -> list[EnvRef]:
    """One ref per (name, place, use, prefix); a default seen by any detector wins."""
    out: dict[tuple[str, str, int, str, bool, str], EnvRef] = {}
    for r in refs:
        key = (r.name, r.path, r.line, r.use, r.is_prefix, r.source)
        old = out.get(key)
        if old is None or (r.has_default and not old.has_default):
            out[key] = r
    return sorted(out.values(), key=lambda r: (r.path, r.line, r.name, r.use))


_ASSIGNED = re.compile(r"""(?:\.|\[\s*["'])(?P<name>[A-Za-z_$][\w$]*)(?:["']\s*\])?\s*=(?![=>~])""")


def _assigned_names(text: str) -> frozenset[str]:
    """Names a line assigns to. A name that the right-hand side names again is read there
    (``app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]``, ``cfg.PORT = process.env.PORT``):
    the target is a settings object keyed like the variable, not the environment."""
    out: set[str] = set()
    for m in _ASSIGNED.finditer(text):
        name = m.group("name")
        if not _names_again(text, m.end(), name):
            out.add(name)
    return frozenset(out)


def _names_again(text: str, start: int, name: str) -> bool:
    at = text.find(name, start)
    while at >= 0:
        end = at + len(name)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "_$") and not (after.isalnum() or after in "_$"):
            return True
        at = text.find(name, end)
    return False


def _assignments_are_sets(refs: list[EnvRef], ctx: ScanContext) -> list[EnvRef]:
    """``os.environ["X"] = …``, ``process.env.X = …``, ``ENV["X"] = …`` give the variable a value
    for the process and its children: the program sets it, nobody has to provide it."""
    lines: dict[str, list[str]] = {}
    assigned: dict[tuple[str, int], frozenset[str]] = {}  # (path, line) -> names assigned there
    out: list[EnvRef] = []
    for r in refs:
        masked = ctx.masked.get(r.path)
        if r.use != "read" or r.is_prefix or r.source not in languages.NAMES or masked is None:
            out.append(r)
            continue
        key = (r.path, r.line)
        if key not in assigned:
            if r.path not in lines:
                lines[r.path] = masked.code.split("\n")
            text = lines[r.path][r.line - 1] if 0 < r.line <= len(lines[r.path]) else ""
            assigned[key] = _assigned_names(text)
        out.append(replace(r, use="set") if r.name in assigned[key] else r)
    return out


def _note_module(ctx: ScanContext, sf: SourceFile, lang: Language | None) -> None:
    """What JS/TS module resolution needs: the source paths and the alias manifests."""
    if lang is not None and lang.NAME == "js":
        ctx.module_paths.add(sf.path)
    elif lang is None and modres.is_manifest(sf.path):
        ctx.module_manifests.append((sf.path, sf.data))


def scan_env(
    files: Iterable[SourceFile],
    context: Iterable[SourceFile] = (),
    read_again: Callable[[str], bytes] | None = None,
    *,
    file_seconds: float = budget.FILE_SECONDS,
) -> EnvScan:
    """The env reads and sets of ``files``. ``context``: other files of the tree that are not
    scanned but may define what the scanned ones use (constants, tables, an exported environment
    object), as when only the files a change touches are scanned again. ``read_again``: how to
    read a file again, so that the bytes of files the prefilter rejects need not be held until
    the cross-file passes. ``file_seconds``: the time one file's scan may take before its evidence
    is left out with a warning."""
    ctx = ScanContext()
    refs: list[EnvRef] = []
    by_language: dict[str, list[SourceFile]] = defaultdict(list)
    rejected: dict[str, str] = {}
    quiet: set[str] = set()
    for sf in files:
        budget.start(file_seconds)
        try:
            if isinstance(sf, Unread):  # known to give nothing: it stands where a rejected file stands
                lang = language_for(sf)
                _note_module(ctx, sf, lang)
                if lang is not None:
                    by_language[lang.NAME].append(sf)
                    rejected[sf.path] = lang.NAME
                quiet.add(sf.path)
                continue
            found = scan_config_file(sf)
            refs.extend(found)
            lang = language_for(sf)
            _note_module(ctx, sf, lang)
            if lang is None:
                if not found and not modres.is_manifest(sf.path):
                    quiet.add(sf.path)
                continue
            if not languages.gate(lang.NAME).search(sf.data):
                kept = (
                    sf
                    if read_again is None or reference_mode()
                    else ReadAgain(sf.path, sf.is_support, read_again)
                )
                by_language[lang.NAME].append(kept)
                rejected[sf.path] = lang.NAME
                if not found:
                    quiet.add(sf.path)
                continue
            by_language[lang.NAME].append(sf)
            masked = mask(sf.text(), lang.FAMILY)
            ctx.masked[sf.path] = masked
            refs.extend(lang.scan(sf, masked, ctx))
        except budget.OverBudget:
            ctx.warnings.append(budget.skipped(sf.path, "env scan", file_seconds))
            quiet.discard(sf.path)
        except Exception as exc:  # one odd file must not cost the whole scan its results
            ctx.warnings.append(f"{sf.path}: env scan failed ({type(exc).__name__}: {exc})")
            quiet.discard(sf.path)
        finally:
            budget.stop()
    ctx.frameworks.sources = by_language
    lookup: dict[str, list[SourceFile]] = {name: list(found) for name, found in by_language.items()}
    scanned = {sf.path for found in by_language.values() for sf in found}
    for sf in context:
        lang = language_for(sf)
        _note_module(ctx, sf, lang)
        if lang is not None and sf.path not in scanned:
            lookup.setdefault(lang.NAME, []).append(sf)
            if not isinstance(sf, Unread):  # an unread file's gate answer is known: no
                exports.record_context(ctx, lang, sf, languages.gate(lang.NAME).search)
    refs.extend(exports.follow(ctx, languages.BY_NAME, by_language))
    refs.extend(exports.follow_params(ctx, languages.BY_NAME, by_language))
    refs.extend(wrappers.follow(ctx, languages.BY_NAME, by_language))
    refs.extend(resolve_finish.finish(ctx, languages.BY_NAME, lookup))
    for lang in languages.loaded():
        refs.extend(lang.finish(ctx))
    wrapper_names = {name for table in ctx.wrappers.values() for name in table}
    refs = _assignments_are_sets(frameworks.settle(refs, ctx.frameworks), ctx)
    return EnvScan(
        refs=_dedupe(refs), warnings=ctx.warnings, wrappers=wrapper_names, rejected=rejected, quiet=quiet
    )
