"""What looks like a real credential in a piece of document text, and its redacted form.

The knowledge is data (``data/secrets.yml``). A text is cut into tokens by one pass of a single
character class; each key format is matched at the start of a token only (every format's quantifiers
are bounded), and the entropy measure walks a token once, so a cell costs time linear in its length
however it is built. Nothing here returns a secret's value: callers get the format's name and the
text with the secret hidden.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from integrations_drift import datafiles

HIDDEN = "…"
# Separators between tokens: a credential never holds one, a Markdown cell or an assignment does.
_TOKEN = re.compile(r"[^\s`'\"|,;()<>\[\]{}=]+")
_BASE64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-")
_HEX = frozenset("0123456789abcdefABCDEF")
_TRAILING = ".:!?*"  # sentence punctuation after a value is not part of it


class SecretFormat(datafiles.DataModel):
    id: str
    name: str
    token: str
    keep: int = 0
    min_classes: int = 1
    min_length: int = 1


class EntropyLimits(datafiles.DataModel):
    min_length: int
    max_length: int
    base64_limit: float
    hex_limit: float


class SecretsData(datafiles.DataModel):
    formats: list[SecretFormat]
    private_key_markers: list[str]
    placeholders: list[str]
    entropy: EntropyLimits


@dataclass(frozen=True)
class _Compiled:
    fmt: SecretFormat
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class SecretHit:
    """A credential-looking span of a text: ``text[start:end]`` is hidden; ``what`` names the format."""

    what: str
    start: int
    end: int
    keep: int = 0


@cache
def _data() -> tuple[SecretsData, tuple[_Compiled, ...]]:
    data = datafiles.load("secrets.yml", SecretsData)
    compiled = tuple(_Compiled(f, re.compile(f.token)) for f in data.formats)
    return data, compiled


def _placeholder(value: str) -> bool:
    folded = value.casefold()
    return any(word in folded for word in _data()[0].placeholders)


def _classes(value: str) -> int:
    return sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
            any(not c.isalnum() for c in value),
        )
    )


def shannon_entropy(value: str) -> float:
    """Bits per character of ``value`` (0 for the empty string)."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(k / n * math.log2(k / n) for k in Counter(value).values())


def _high_entropy(token: str) -> bool:
    limits = _data()[0].entropy
    if not limits.min_length <= len(token) <= limits.max_length:
        return False
    if not any(c.isdigit() for c in token) or not any(c.isalpha() for c in token):
        return False
    if all(c in _HEX for c in token):
        return shannon_entropy(token) > limits.hex_limit
    if all(c in _BASE64 for c in token):
        return shannon_entropy(token) > limits.base64_limit
    return False


def _format_hit(token: str, offset: int) -> SecretHit | None:
    for c in _data()[1]:
        m = c.pattern.match(token)
        if m is None:
            continue
        if "secret" in c.pattern.groupindex:
            start, end = m.span("secret")
            keep = 0
        else:
            start, end = m.span()
            keep = c.fmt.keep
        value = token[start:end]
        if len(value) < c.fmt.min_length or _classes(value) < c.fmt.min_classes or _placeholder(value):
            continue
        return SecretHit(c.fmt.name, offset + start, offset + end, keep)
    return None


def find_secrets(text: str, *, entropy: bool = False) -> list[SecretHit]:
    """Every credential-looking span of ``text``, in order; ``entropy`` also counts long random
    strings (for Example cells, where a value stands)."""
    data = _data()[0]
    hits: list[SecretHit] = []
    for marker in data.private_key_markers:
        at = text.find(marker)
        if at >= 0:
            begin = text.rfind("-----BEGIN", 0, at)
            # The rest of the text from the block's header on is the key.
            return [SecretHit("private key", begin if begin >= 0 else at, len(text))]
    for m in _TOKEN.finditer(text):
        token = m.group().rstrip(_TRAILING)
        if not token:
            continue
        hit = _format_hit(token, m.start())
        if hit is None and entropy and _high_entropy(token) and not _placeholder(token):
            hit = SecretHit("high-entropy string", m.start(), m.start() + len(token))
        if hit is not None:
            hits.append(hit)
    return hits


def redact(text: str, *, entropy: bool = False) -> str:
    """``text`` with every credential-looking span hidden (its format's public prefix kept)."""
    hits = find_secrets(text, entropy=entropy)
    if not hits:
        return text
    out: list[str] = []
    pos = 0
    for h in hits:
        out.append(text[pos : h.start])
        out.append(text[h.start : h.start + h.keep] + HIDDEN)
        pos = h.end
    out.append(text[pos:])
    return "".join(out)


def shown(text: str, *, example: bool) -> str:
    """A cell as a report or suggestion shows it: an Example cell left out whole (an example is a
    value, and a value can be a credential no format knows), a credential in any other cell hidden."""
    if example and text.strip():
        return HIDDEN
    return redact(text)
