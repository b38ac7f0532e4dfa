"""koanf: keys read with ``k.String("server.port")`` come from the environment through the env
provider, as ``PREFIX`` + the key mapped back through the provider's callback.

The provider names the prefix and a callback that turns a variable's name into a key:
``env.Provider("APP_", ".", func(s string) string { return strings.Replace(strings.ToLower(
strings.TrimPrefix(s, "APP_")), "_", ".", -1) })`` (v1), or ``env.Provider(".", env.Opt{Prefix:
"APP_", TransformFunc: …})`` (v2); the callback may be a function of the same file named there. Its
``strings.Replace`` / ``ReplaceAll`` / ``NewReplacer`` pairs are undone on the key, last first
(``server.port`` -> ``APP_SERVER_PORT``). A key the callback could not produce is no variable: with
``_`` turned into ``.``, ``app_name`` is out of the environment's reach, and without a pair that
makes the key delimiter, so is every nested key.

The keys are read on the instances the code makes (``ko := koanf.New(".")``) or takes
(``ko *koanf.Koanf``), in any file. When the program also loads another source (a file, flags, a
map) the environment only overrides it: every key could be set so and operators are told to set
some, so the names are binder evidence, reads where a deployment file sets them (in any case: the
callback lowers the name). A provider whose callback is not found keeps its family (``APP_*``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env import fw_data
from integrations_drift.scan.env.fw_syntax import Brackets
from integrations_drift.scan.env.lexer import Masked
from integrations_drift.scan.env.syntax import GO, NAME, read_string, skip_ws
from integrations_drift.scan.types import EnvRef, SourceFile

_PROVIDER = lazy(r"(?<![\w.])env\s*\.\s*(?:Provider|ProviderWithValue)\s*(\()")
_OPT = lazy(r"\s*env\s*\.\s*Opt\s*(\{)")
_OPT_PREFIX = lazy(r"(?<![\w.])Prefix\s*:\s*")
_OPT_TRANSFORM = lazy(r"(?<![\w.])TransformFunc\s*:\s*")
_FUNC_LITERAL = lazy(r"\s*func\s*\(")
_IDENT = lazy(r"\s*([A-Za-z_]\w*)\s*(?:[,)}]|$)")
_INSTANCE = lazy(
    r"(?<![\w.])([A-Za-z_]\w*)\s*(?::=|=)\s*koanf\s*\.\s*New\w*\s*\("
    r"|(?<![\w.])([A-Za-z_]\w*)\s+\*\s*koanf\s*\.\s*Koanf\b"
)
# ko.Load(file.Provider(path), toml.Parser()): a source other than the environment
_LOAD = lazy(r"(?<![\w.])[A-Za-z_]\w*\s*\.\s*Load\s*\(\s*([A-Za-z_]\w*)\s*\.\s*Provider\w*\s*\(")
_REPLACE = lazy(r"(?<![\w.])strings\s*\.\s*(?:ReplaceAll|Replace|NewReplacer)\s*(\()")
_GETTERS = frozenset(fw_data.option_list("go", "koanf_getters"))
_GETTER = lazy(r"(?<![\w.])([A-Za-z_]\w*)\s*\.\s*([A-Z]\w*)\s*\(\s*(?=\")")
_LIMIT = 4096  # a callback longer than this is not a name mapping
_MAX_PROVIDERS = 16  # distinct namings a program uses, at most (each key is mapped by each)


@dataclass(frozen=True, slots=True)
class _Provider:
    prefix: str
    delimiter: str
    pairs: tuple[tuple[str, str], ...]  # the callback's replacements, in order
    sf: SourceFile
    line: int


@dataclass(frozen=True, slots=True)
class _Use:
    receiver: str
    key: str
    sf: SourceFile
    line: int


@dataclass
class KoanfState:
    # one per naming (prefix, delimiter, callback pairs): the same provider loaded again reads the same
    providers: dict[tuple[str, str, tuple[tuple[str, str], ...]], _Provider] = field(default_factory=dict)
    instances: set[str] = field(default_factory=set)
    uses: list[_Use] = field(default_factory=list)
    layered: bool = False  # another source is loaded too: the environment only overrides it
    # (path, line, prefix): a provider whose keys are derived, so its family is no longer needed
    families: list[tuple[str, int, str]] = field(default_factory=list)


def _literal(code: str, start: int, end: int) -> str | None:
    lit = read_string(code, skip_ws(code, start), GO)
    return lit.value if lit is not None and not lit.interpolated and lit.value_pos < end else None


def _pairs(code: str, start: int, end: int, brackets: Brackets) -> tuple[tuple[str, str], ...]:
    """The literal replacement pairs of the calls in ``code[start:end]``, in order."""
    out: list[tuple[str, str]] = []
    for m in _REPLACE.finditer(code, start, end):
        args = brackets.args(code, m.start(1), GO)
        values = [_literal(code, s, e) for s, e in args or ()]
        if "NewReplacer" not in m.group():
            values = values[1:3]  # Replace(s, old, new, n)
        texts = [v for v in values if v is not None]
        if len(texts) != len(values) or len(texts) % 2:
            return ()
        out.extend(zip(texts[::2], texts[1::2], strict=True))
    return tuple(out)


def _body_brace(code: str, at: int) -> int:
    """The brace opening a function's body after ``at``: past a result type's ``interface{}``."""
    brace = code.find("{", at)
    while 0 <= brace < at + _LIMIT and code.startswith("{}", brace):
        brace = code.find("{", brace + 2)
    return brace


def _callback(code: str, at: int, brackets: Brackets, funcs: dict[str, int]) -> tuple[int, int] | None:
    """The body of the callback given at ``at``: a function literal, or a function of the file
    (``funcs``: a name's declaration, looked up once per file)."""
    if _FUNC_LITERAL.match(code, at):
        brace = _body_brace(code, at)
    else:
        ident = _IDENT.match(code, at)
        if ident is None or ident.group(1) == "nil":
            return None
        name = ident.group(1)
        if name not in funcs:
            decl = re.search(rf"(?m)^func\s+{re.escape(name)}\s*\(", code)
            funcs[name] = _body_brace(code, decl.end()) if decl else -1
        brace = funcs[name]
    end = brackets.end(brace) if brace >= 0 else -1
    return (brace, end) if brace >= 0 and end - brace <= _LIMIT else None


def collect(sf: SourceFile, masked: Masked, state: KoanfState) -> None:
    """Record this file's koanf instances, env providers, other sources and key reads."""
    code = masked.code
    for m in _INSTANCE.finditer(code):
        if not masked.in_string(m.start()):
            state.instances.add(m.group(1) or m.group(2))
    for m in _LOAD.finditer(code):
        if m.group(1) != "env" and not masked.in_string(m.start()):
            state.layered = True
    providers = [m for m in _PROVIDER.finditer(code) if not masked.in_string(m.start())]
    if providers:
        brackets = Brackets(masked)
        funcs: dict[str, int] = {}
        for m in providers:
            _provider(sf, masked, m.start(1), brackets, state, funcs)
    for m in _GETTER.finditer(code):
        if m.group(2) in _GETTERS and not masked.in_string(m.start()):
            lit = read_string(code, m.end(), GO)
            if lit is not None and not lit.interpolated:
                state.uses.append(_Use(m.group(1), lit.value, sf, masked.line_of(lit.value_pos)))


def _provider(
    sf: SourceFile,
    masked: Masked,
    open_pos: int,
    brackets: Brackets,
    state: KoanfState,
    funcs: dict[str, int],
) -> None:
    code = masked.code
    args = brackets.args(code, open_pos, GO, _LIMIT)
    if not args or len(args) < 2:
        return
    first = _literal(code, *args[0])
    opt = _OPT.match(code, args[1][0])
    body: tuple[int, int] | None = None
    prefix: str | None
    delimiter: str | None
    if opt is not None and first is not None:  # v2: Provider(".", env.Opt{Prefix: "APP_", …})
        delimiter, prefix = first, None
        close = brackets.end(opt.start(1))
        if (p := _OPT_PREFIX.search(code, opt.end(), close)) is not None:
            prefix = _literal(code, p.end(), close)
        if (t := _OPT_TRANSFORM.search(code, opt.end(), close)) is not None:
            body = _callback(code, t.end(), brackets, funcs)
    elif len(args) >= 3 and first is not None:  # v1: Provider("APP_", ".", callback)
        prefix, delimiter = first, _literal(code, *args[1])
        body = _callback(code, args[2][0], brackets, funcs)
    else:
        return
    if not prefix or not delimiter or body is None:
        return
    pairs = _pairs(code, body[0], body[1], brackets)
    line = masked.line_of(open_pos)
    if len(state.providers) < _MAX_PROVIDERS:
        state.providers.setdefault((prefix, delimiter, pairs), _Provider(prefix, delimiter, pairs, sf, line))
        state.families.append((sf.path, line, prefix))


def _apply(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def _variable(provider: _Provider, key: str) -> str | None:
    """The variable the provider's callback turns into ``key``, if one can."""
    structural = tuple(p for p in provider.pairs if provider.delimiter in p[1])
    other = tuple(p for p in provider.pairs if provider.delimiter not in p[1])
    # Undo the other pairs (`_` -> `-` for flag names) first, then those making the key's nesting.
    plain = _apply(key.lower(), tuple((new, old) for old, new in reversed(other) if new))
    name = _apply(plain, tuple((new, old) for old, new in reversed(structural)))
    if _apply(name, structural) != plain:  # the callback would map the name to another key
        return None
    name = (provider.prefix + name).upper()
    return name if NAME.fullmatch(name) else None


def derived_reads(state: KoanfState, source: str) -> tuple[list[EnvRef], bool]:
    """One variable per key read on a koanf instance, for each env provider whose callback is seen;
    and whether the program layers other sources under them (the names are then evidence)."""
    refs: list[EnvRef] = []
    seen: set[tuple[str, str, int]] = set()
    for use in dict.fromkeys(state.uses):
        if use.receiver not in state.instances:
            continue
        for provider in state.providers.values():
            name = _variable(provider, use.key)
            if name is None or (name, use.sf.path, use.line) in seen:
                continue
            seen.add((name, use.sf.path, use.line))
            refs.append(
                EnvRef(
                    name=name,
                    path=use.sf.path,
                    line=use.line,
                    has_default=state.layered,  # the other source stands in
                    is_support=use.sf.is_support,
                    source=source,
                )
            )
    return refs, state.layered
