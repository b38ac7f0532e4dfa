"""nuxt.config.* ``runtimeConfig: { ... }``: every key is read at run time from ``NUXT_<KEY>``.

Nuxt overrides each key of the runtime config from the environment, the key path in upper snake case
under ``NUXT_`` (``apiSecret`` -> ``NUXT_API_SECRET``, ``stripe.secretKey`` ->
``NUXT_STRIPE_SECRET_KEY``, ``public.apiBase`` -> ``NUXT_PUBLIC_API_BASE``). A non-empty literal
value is the default. A key whose value reads ``process.env`` names its own variable, which the
JavaScript scanner sees; the operator is told to set that one.
"""

from __future__ import annotations

from dataclasses import replace

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.configfiles.common import RefList
from integrations_drift.scan.env.lexer import Masked, mask
from integrations_drift.scan.env.relaxed import upper_snake
from integrations_drift.scan.pathclass import is_test_path, is_tooling_path
from integrations_drift.scan.types import EnvRef, SourceFile

SOURCE = "nuxt"
_PREFIX = "NUXT_"
# Deeper keys are not named: real configurations are shallow, and naming each key of a path nested
# without end would cost its depth each.
_MAX_DEPTH = 8
_BLOCK = lazy(r"(?<![\w.$])runtimeConfig\s*:\s*\{")
_KEY = lazy(r"""\s*(?:(['"])([A-Za-z_][\w-]*)\1|([A-Za-z_][\w]*))\s*:\s*""")
# on the text with string contents blanked: a quoted string with something in it, a number, a boolean
_LITERAL = lazy(r"""\s*(?:(['"`]) +\1|-?\d[\w.]*|true|false)\s*""")
_ENV_READ = lazy(r"(?<![\w.$])process\s*\.\s*env\b|(?<![\w.$])import\s*\.\s*meta\s*\.\s*env\b")


def wants(data: bytes) -> bool:
    return b"runtimeConfig" in data


def _blank_strings(code: str, spans: tuple[tuple[int, int], ...]) -> str:
    """``code`` with each string literal's contents (not its quotes) blanked."""
    out: list[str] = []
    at = 0
    for start, end in spans:
        if end - start < 2:
            continue
        out.append(code[at : start + 1])
        out.append(" " * (end - start - 2))
        at = end - 1
    out.append(code[at:])
    return "".join(out)


def _value_end(code: str, at: int) -> int:
    """Where the value starting at ``at`` ends: its object's next ``,`` or ``}``, or the text's end."""
    depth = 0
    for i in range(at, len(code)):
        ch = code[i]
        if ch in "{[(":
            depth += 1
        elif ch in "])":
            depth = max(depth - 1, 0)
        elif ch == "}":
            if depth == 0:
                return i
            depth -= 1
        elif ch == "," and depth == 0:
            return i
    return len(code)


def _runs_the_application(sf: SourceFile) -> SourceFile:
    """``sf`` as application code unless its folder or a test path makes it support: the file's
    name marks it as build configuration, but the server it builds reads these at run time."""
    folder = sf.path.rpartition("/")[0]
    support = sf.is_support and (is_test_path(sf.path) or (folder != "" and is_tooling_path(folder + "/")))
    return replace(sf, is_support=support)


def scan(sf: SourceFile) -> list[EnvRef]:
    sf = _runs_the_application(sf)
    masked = mask(sf.text(), "jslike")
    code = masked.code
    flat = _blank_strings(code, masked.string_spans)
    out = RefList(sf, SOURCE)
    read_to = 0  # the end of the last block read: a block inside it is not read again
    for m in _BLOCK.finditer(flat):
        if m.start() < read_to:
            continue
        read_to = _read_block(masked, flat, m.end(), out)
    return out.refs


def _read_block(masked: Masked, flat: str, at: int, out: RefList) -> int:
    """Reads the keys of the object whose body starts at ``at``; returns where it ends. One pass:
    a nested object pushes its key on the path, its closing brace pops it."""
    code = masked.code
    path: list[str] = []
    n = len(flat)
    i = at
    while i < n:
        k = _KEY.match(code, i)
        if k is None:
            i = _value_end(flat, i)  # a spread, a shorthand key, a method: nothing to name
        elif k.end() < n and flat[k.end()] == "{":
            path.append(upper_snake(k.group(2) or k.group(3)))
            i = k.end() + 1
            continue
        else:
            i = _value_end(flat, k.end())
            if len(path) < _MAX_DEPTH and _ENV_READ.search(code, k.end(), i) is None:
                name = _PREFIX + "_".join([*path, upper_snake(k.group(2) or k.group(3))])
                key_at = k.start(2) if k.group(2) else k.start(3)
                default = _LITERAL.fullmatch(flat, k.end(), i) is not None
                out.read(name, masked.line_of(key_at), has_default=default)
        while i < n:
            ch = flat[i]
            i += 1
            if ch == ",":
                break
            if ch == "}":
                if not path:
                    return i
                path.pop()
    return n
