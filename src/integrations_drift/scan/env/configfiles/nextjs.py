"""next.config.* ``env: { ... }``: keys the application's own build inlines into ``process.env``.

They are set by the repository, not by whoever deploys it, so a read of one is not an
undocumented variable (``process.env.basePath`` after ``env: { basePath: process.env.BASE_PATH }``).
"""

from __future__ import annotations

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.configfiles.common import RefList
from integrations_drift.scan.env.lexer import mask
from integrations_drift.scan.types import EnvRef, SourceFile

SOURCE = "nextjs"
_ENV_BLOCK = lazy(r"(?<![\w.])env\s*:\s*\{")
_KEY = lazy(r"""(?:^|[{,])\s*(?:(['"])([A-Za-z_][A-Za-z0-9_]*)\1|([A-Za-z_$][A-Za-z0-9_$]*))\s*(?=[:,}])""")
_PASSED_ON = lazy(
    r"""\s*:\s*process\s*\.\s*env\s*(?:\??\.\s*(?P<dot>[A-Za-z_$][\w$]*)|(?:\?\.)?\[\s*(['"])(?P<key>\w+)\2\s*\])"""
)


def wants(data: bytes) -> bool:
    return b"env" in data


def _block(code: str, start: int) -> str:
    depth = 0
    for i in range(start, len(code)):
        ch = code[i]
        if ch in "{[(":
            depth += 1
        elif ch in "}])":
            depth -= 1
            if depth == 0:
                return code[start : i + 1]
    return code[start:]


def _top_level(block: str) -> str:
    """The block's text with nested brackets blanked, so only its own keys remain."""
    out: list[str] = []
    depth = 0
    for ch in block:
        if ch in "{[(":
            depth += 1
            out.append(ch if depth == 1 else " ")
        elif ch in "}])":
            out.append(ch if depth == 1 else " ")
            depth -= 1
        else:
            out.append(ch if depth == 1 else " ")
    return "".join(out)


def scan(sf: SourceFile) -> list[EnvRef]:
    masked = mask(sf.text(), "jslike")
    out = RefList(sf, SOURCE)
    read_to = 0  # the end of the last block read: a block inside it is not read again
    for m in _ENV_BLOCK.finditer(masked.code):
        if masked.in_string(m.start()) or m.start() < read_to:
            continue
        brace = m.end() - 1
        raw = _block(masked.code, brace)
        # Each block is read once: `env: {` nested or unclosed a thousand times read the rest of
        # the file from each of them.
        read_to = brace + len(raw)
        block = _top_level(raw)
        for k in _KEY.finditer(block):
            name = k.group(2) or k.group(3)
            if not name or name.startswith("$"):
                continue
            passed = _PASSED_ON.match(raw, k.end())
            if passed and name in (passed.group("dot"), passed.group("key")):
                continue
            out.set(name, masked.line_of(brace + k.start(2 if k.group(2) else 3)))
    return out.refs
