"""Property-key tables in Java and Kotlin: an enum whose entries hold configuration property keys
(``DATABASE_URL("app.database.url", null)``), or a constants class of them
(``static final String DB_URL = "app.database.url";``), read through a configuration object.

The configuration libraries that read such tables look each key up in the environment under the
key upper-cased with ``.`` and ``-`` turned into ``_``: Alpine's ``Config.getProperty(Key)``
(``alpine.database.url`` -> ``ALPINE_DATABASE_URL``), MicroProfile Config's environment source,
Spring's relaxed binding (see ``relaxed.env_names``, which also gives the spelling without the
dashes). Every key of a table could be set so; an operator is told to set only some. The names are
binder evidence (see ``frameworks``): a read only where a deployment file sets them.

A table is recognised by its type's name or the types it implements holding one of the words of
``key_table_words`` (``ConfigKey``, ``AppProperties``, ``implements Config.Key``), in a file whose
name holds one too (a Java type lives in the file named after it: the other files are never read
again); its keys are lower-case dotted words (``app.mail.smtp-host``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from integrations_drift.lazy_re import LazyPattern, lazy
from integrations_drift.scan.env.call_args import match_bracket
from integrations_drift.scan.env.fw_data import option_list
from integrations_drift.scan.env.lexer import mask
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.relaxed import env_names
from integrations_drift.scan.env.syntax import JAVA, KOTLIN, read_string
from integrations_drift.scan.types import EnvRef, SourceFile

_TYPE = lazy(r"\b(enum\s+class|enum|class|object|interface)\s+([A-Z]\w*)([^{;]{0,400}?)\{")
_ENTRY = lazy(r"(?<![\w.])[A-Z][A-Z0-9_]*\s*\(\s*(?=\")")
_CONSTANT = lazy(
    r"(?<![\w.])(?:(?:public|private|protected|static|final|internal)\s+)*"
    r"(?:String\s+[A-Z][A-Z0-9_]*|const\s+val\s+[A-Z][A-Z0-9_]*(?:\s*:\s*String)?)\s*=\s*(?=\")"
)
# A typed key object whose constructor takes the key first: Java
# ``static final ConfigKey<String> DATABASE_URL = new StringConfigKey("database.url", …)``, Kotlin
# ``val DATABASE_URL: ConfigKey<String> = StringKey("database.url")``.
_TYPE_ARGS = r"(?:<[^;=(){}\n]{0,200}>)?"
_KEY_OBJECT = lazy(
    r"(?<![\w.])(?:(?:public|private|protected|static|final|internal)\s+)*"
    rf"(?:(?P<decl>[A-Z]\w*){_TYPE_ARGS}\s+[A-Z][A-Z0-9_]*\s*=\s*new\s+"
    rf"|val\s+[A-Z][A-Z0-9_]*(?:\s*:\s*(?P<kdecl>[A-Z]\w*){_TYPE_ARGS})?\s*=\s*)"
    rf"(?P<ctor>[A-Z]\w*){_TYPE_ARGS}\s*\(\s*(?=\")"
)
_CAMEL_BREAK = lazy(r"(?<=[a-z0-9])(?=[A-Z])")
_KEY = lazy(r"[a-z][a-zA-Z0-9]*(?:-[a-zA-Z0-9]+)*(?:\.[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*)+")
_WORDS = tuple(option_list("jvm", "key_table_words"))
# A file without a key literal as an argument or a value (``("app.x"``, ``= "app.x"``) holds no
# table; nor does one without a type header naming one of the words. Both are checked on bytes,
# before anything is decoded; the first starts with a literal, so most files are passed over fast.
_KEY_LITERAL = lazy(rb'(?:\(|=)\s*"[a-z][a-zA-Z0-9-]*\.[a-zA-Z]')
_GATE = lazy(
    rb"(?:enum|class|object|interface)\s+(?=[A-Z])[^{;]{0,400}?(?:"
    + b"|".join(re.escape(w.encode()) for w in _WORDS)
    + rb")"
)


def wants(data: bytes) -> bool:
    return _KEY_LITERAL.search(data) is not None and _GATE.search(data) is not None


def _is_table(name: str, header: str) -> bool:
    return any(w in name for w in _WORDS) or any(w in header for w in _WORDS)


def table_evidence(sf: SourceFile, source: str) -> list[EnvRef]:
    """The names the file's key tables are read under, as binder evidence (positions at the keys)."""
    kotlin = sf.path.endswith((".kt", ".kts"))
    syn = KOTLIN if kotlin else JAVA
    masked = mask(sf.text(), "clike")
    code = masked.code
    out: list[EnvRef] = []
    pos = 0
    while True:
        m = _TYPE.search(code, pos)
        if m is None:
            break
        pos = m.end()
        if masked.in_string(m.start()) or not _is_table(m.group(2), m.group(3)):
            continue
        brace = m.end() - 1
        end = match_bracket(code, brace, syn)
        # nested blocks are not blanked: an UPPER_CASE call or constant inside a method is rare,
        # and a nested type's keys are the table's too
        body = code[brace + 1 : end - 1]
        shapes: Iterable[LazyPattern[str]] = (
            (_ENTRY, _CONSTANT, _KEY_OBJECT) if m.group(1).startswith("enum") else (_CONSTANT, _KEY_OBJECT)
        )
        for shape in shapes:
            for e in shape.finditer(body):
                if shape is _KEY_OBJECT and not any(
                    w in (e.group(g) or "") for g in ("decl", "kdecl", "ctor") for w in _WORDS
                ):
                    continue  # another object of the table's type (a logger), not a key
                at = brace + 1 + e.end()
                lit = read_string(code, at, syn)
                if lit is None or lit.interpolated or not _KEY.fullmatch(lit.value):
                    continue
                out.extend(make_ref(sf, masked, n, lit.value_pos, source) for n in _names(lit.value))
        pos = max(pos, end)
    return out


def _names(key: str) -> list[str]:
    """The relaxed-binding spellings, and for a camelCase key the one that breaks its words
    (``logger.fullStackTraces`` -> ``LOGGER_FULL_STACK_TRACES``, as Traccar-style loaders derive it)."""
    names = env_names(key)
    for broken in env_names(_CAMEL_BREAK.sub("_", key)):
        if broken not in names:
            names.append(broken)
    return names


def _named_for_table(path: str) -> bool:
    """A Java type lives in the file named after it (Kotlin's usually do): ``ConfigKey.java``."""
    stem = path.rsplit("/", 1)[-1].split(".", 1)[0]
    return any(w in stem for w in _WORDS)


def reads(sources: list[SourceFile], source: str) -> list[EnvRef]:
    out: list[EnvRef] = []
    for sf in sources:
        if _named_for_table(sf.path) and wants(sf.data):
            out.extend(table_evidence(sf, source))
    return out
