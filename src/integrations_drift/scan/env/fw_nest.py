"""NestJS ``ConfigService``: ``configService.get("DATABASE_URL")`` reads ``process.env.DATABASE_URL``
(ConfigModule validates and serves the environment).

The receiver is what the file declares as a ConfigService (``private readonly config: ConfigService``,
``const config = app.get(ConfigService)``). Only keys shaped like environment variables count
(UPPER_SNAKE): a dotted or lower-case key (``config.get("database.host")``) is a custom
configuration namespace registered with ``load:``, not a variable. ``get(key, default)`` has a
default (an options object ``{ infer: true }`` is not one); ``getOrThrow`` requires the variable.
"""

from __future__ import annotations

import re

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.fw_data import option_list
from integrations_drift.scan.env.fw_syntax import Brackets
from integrations_drift.scan.env.lexer import Masked
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.syntax import JS, UPPER_NAME, plain_string, skip_ws
from integrations_drift.scan.types import EnvRef, SourceFile

_DECLARED = lazy(r"([A-Za-z_$][\w$]*)\s*\??\s*:\s*ConfigService\b")
_FROM_APP = lazy(
    r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=;\n]+)?=\s*(?:await\s+)?[\w$.]+\s*\.\s*get\s*\(\s*ConfigService\s*\)"
)
_GENERIC = r"(?:<[^<>()]*(?:<[^<>()]*>[^<>()]*)?>)?"
_OPTIONS = lazy(r"\s*\{[^{}]*\binfer\b")


def reads(sf: SourceFile, masked: Masked, source: str) -> list[EnvRef]:
    if b"ConfigService" not in sf.data:
        return []
    code = masked.code
    names = {m.group(1) for rx in (_DECLARED, _FROM_APP) for m in rx.finditer(code)}
    if not names:
        return []
    getters = "|".join(map(re.escape, option_list("js", "nest_getters")))
    call = re.compile(
        r"(?<![\w$.])(?:this\s*\.\s*)?(?:"
        + "|".join(sorted(map(re.escape, names)))
        + rf")\s*\.\s*({getters})\s*{_GENERIC}\s*\("
    )
    refs: list[EnvRef] = []
    found = [m for m in call.finditer(code) if not masked.in_string(m.start())]
    brackets = Brackets(masked) if found else None
    for m in found:
        spans = brackets.args(code, m.end() - 1, JS) if brackets is not None else None
        if not spans:
            continue
        lit = plain_string(code, skip_ws(code, spans[0][0]), JS)
        if lit is None or not UPPER_NAME.fullmatch(lit[0]):
            continue
        has_default = m.group(1) == "get" and len(spans) >= 2 and not _OPTIONS.match(code, spans[1][0])
        refs.append(make_ref(sf, masked, lit[0], lit[1], source, has_default=has_default))
    return refs
