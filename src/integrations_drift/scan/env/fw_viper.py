"""Viper: keys read with ``viper.GetString("db.host")`` come from the environment when the
program calls ``AutomaticEnv()`` (anywhere in the repository), as ``PREFIX_DB_HOST``.

A program that takes its whole configuration at once (``Unmarshal``, ``AllSettings``) reads every
key Viper knows, and with ``AutomaticEnv`` each from the environment: the keys given defaults
(``SetDefault``), bound to a command-line flag (``BindPFlag("key", ...)``), and, after
``BindPFlags(flags)``, the names of the pflag / cobra flags the program defines
(``cmd.Flags().StringP("port", "p", ...)``). Those have a default (the flag's or the given one).

The name is ``upper(prefix + "_" + key)`` with the ``SetEnvKeyReplacer(strings.NewReplacer(...))``
pairs found in the code applied (the replacer may be a local variable of the same file), as Viper
does. Without a replacer a key such as ``db.host``
maps to ``APP_DB.HOST``, which no shell can set: such keys are not reported (no replacer is
assumed). ``BindEnv("key", "X")`` reads ``X`` whether or not ``AutomaticEnv`` is on.

A pflag ``VisitAll`` callback that reads a variable named after each flag
(``"APP_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))`` handed to ``os.Getenv`` /
``LookupEnv``) reads one variable per defined flag, named the same way; the flag's default stands in.

A key type (``type Key string``) whose methods hand their receiver to Viper
(``func (k Key) GetString() string { return viper.GetString(string(k)) }``) makes each of its string
constants (``ServiceSecret Key = "service.secret"``) a key the program reads; a constant given to one
of its methods that calls ``SetDefault`` in the same file (``ServiceSecret.setDefault("x")``) has a
default.

peterbourgon/ff reads each flag of the set it parses from ``PREFIX_FLAG_NAME``
(``ff.Parse(fs, args, ff.WithEnvVarPrefix("APP"))``; ``-`` and ``.`` become ``_``), or from
``FLAG_NAME`` with ``ff.WithEnvVars()``: every flag of the set it parses (defined in the same
package: ``fs.String("addr", …)``, ``flag.String`` for ``flag.CommandLine``) is read so, its default
standing in; when the set is not known, every flag of the repository.

A one-argument ``BindEnv("key")`` fixes its variable when it is called (Viper merges the prefix
into the bound name there, not at lookup): after the receiver's ``SetEnvPrefix`` in the same file
it is ``PREFIX_KEY``; before it, with no earlier one, it is ``KEY``; with no ``SetEnvPrefix`` in
its file the prefixes found anywhere apply.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env import fw_data
from integrations_drift.scan.env.call_args import split_args
from integrations_drift.scan.env.fw_syntax import Brackets
from integrations_drift.scan.env.lexer import Masked
from integrations_drift.scan.env.patterns import option_list
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.syntax import GO, NAME, read_string, skip_ws
from integrations_drift.scan.types import EnvRef, SourceFile

_INSTANCE = lazy(r"\b([A-Za-z_]\w*)\s*:?=\s*viper\s*\.\s*New\s*\(")
_GETTERS = frozenset(option_list("go", "viper_getters"))
_REPLACER = lazy(r"\s*strings\s*\.\s*NewReplacer\s*\(")
_IDENT_ARG = lazy(r"\s*([A-Za-z_]\w*)\s*\)")
_WHOLE = frozenset(fw_data.option_list("go", "viper_whole"))
# flags.String("name", ...), cmd.PersistentFlags().IntP("name", "n", ...), flags.StringVar(&v, "name", ...)
_PFLAG_KINDS = "|".join(fw_data.option_list("go", "pflag_kinds"))
_FLAGSET = lazy(
    r"\b([A-Za-z_]\w*)\s*:?=\s*(?:[\w.]*\.\s*(?:Persistent)?Flags\s*\(\s*\)|pflag\s*\.\s*NewFlagSet\s*\()"
)
# the standard library's flags, for ff: flag.String("name", ...), fs := flag.NewFlagSet(...)
_STD_FLAGSET = lazy(r"\b([A-Za-z_]\w*)\s*:?=\s*flag\s*\.\s*NewFlagSet\s*\(")
# ff.Parse(fs, args, …): the flag set it parses (`flag.CommandLine`: the package's own flags)
_FF_PARSE = lazy(r"(?<![\w.])ff\w*\s*\.\s*Parse\s*(\()\s*([A-Za-z_]\w*(?:\s*\.\s*CommandLine\b)?)")
_FF_PREFIX = lazy(r"(?<![\w.])ff\w*\s*\.\s*(?:WithEnvVarPrefix\s*\(\s*(?=\")|WithEnvVars\s*\(\s*\))")
# flags.VisitAll(func(f *pflag.Flag) { ... }): the callback's parameter names each flag
_VISIT = lazy(r"\.\s*VisitAll\s*(\()\s*func\s*\(\s*([A-Za-z_]\w*)\s*\*\s*pflag\s*\.\s*Flag\s*\)")
_TO_UPPER = lazy(r"\bstrings\s*\.\s*ToUpper\s*\(")
_ENV_CALL = lazy(r"\bos\s*\.\s*(?:Getenv|LookupEnv)\s*\(")
# the name built before the upper-cased flag name: `"APP_" + `, `envPrefix + "_" + `
_NAME_HEAD = lazy(r"(?:(?:\"[^\"\n]*\"|[A-Za-z_]\w*)\s*\+\s*)*$")
# The longest name head followed (`envPrefix + "_" + `): the search for it tries every start in
# the head, each reading on to its end.
_HEAD_LIMIT = 200
_HEAD_PART = lazy(r"\"([^\"\n]*)\"|([A-Za-z_]\w*)")
_CONST = r"(?<![\w.]){}\s*(?:string\s*)?=\s*\"([^\"\n]*)\""
_KEY_METHOD_LIMIT = 1024
# func (k Key) GetString() string {: a method of a named type, its receiver named
_METHOD = lazy(r"(?m)^func\s*\(\s*([A-Za-z_]\w*)\s+\*?\s*([A-Za-z_]\w*)\s*\)\s*([A-Za-z_]\w*)\s*\(")
# ServiceSecret Key = "service.secret" (in a const block): a string constant of a named type
_TYPED_CONST = lazy(r"(?m)^[ \t]*([A-Za-z_]\w*)[ \t]+([A-Za-z_]\w*)[ \t]*=[ \t]*(?=[\"`])")


@dataclass(frozen=True, slots=True)
class FlagEnv:
    """A VisitAll callback's naming of every flag's variable."""

    prefix: str
    replacements: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class KeyUse:
    key: str
    sf: SourceFile
    line: int
    # the prefix a one-argument BindEnv fixed ("" none); None: not known in its file
    prefix: str | None = None


@dataclass
class ViperState:
    prefixes: list[str] = field(default_factory=list)
    automatic: bool = False
    replacements: list[tuple[str, str]] = field(default_factory=list)
    uses: list[KeyUse] = field(default_factory=list)  # Get* calls: env-backed only with AutomaticEnv
    binds: list[KeyUse] = field(default_factory=list)  # one-argument BindEnv: always env-backed
    bound: set[str] = field(default_factory=set)  # keys bound to an explicit variable
    defaults: set[str] = field(default_factory=set)
    whole: bool = False  # Unmarshal / AllSettings: every known key is read
    known: list[KeyUse] = field(default_factory=list)  # SetDefault and BindPFlag keys
    bind_flags: bool = False  # BindPFlags: every defined flag is a key
    flags: list[KeyUse] = field(default_factory=list)  # pflag definitions
    flag_envs: list[FlagEnv] = field(default_factory=list)  # VisitAll callbacks naming variables
    # the standard library's flag definitions, by flag set ("flag": the package's own)
    std_flags: list[tuple[str, KeyUse]] = field(default_factory=list)
    # (path, line, prefix, flag set): ff's env prefixes ("" for WithEnvVars), where each is given,
    # and the flag set the call parses ("" not known: every flag)
    ff_prefixes: list[tuple[str, int, str, str]] = field(default_factory=list)
    key_types: set[str] = field(default_factory=set)  # types whose methods read their value as a key
    # type -> (constant, its key): the string constants of named types
    typed_consts: dict[str, list[tuple[str, KeyUse]]] = field(default_factory=dict)
    defaulted: set[str] = field(default_factory=set)  # constants given a default by a key method
    # (path, line, prefix): the dynamic read inside such a callback, a family its flags replace
    flag_env_reads: list[tuple[str, int, str]] = field(default_factory=list)


def _literal_args(code: str, pos: int) -> list[tuple[str, int]]:
    split = split_args(code, pos, ")", GO)
    out: list[tuple[str, int]] = []
    for s, _ in split[0] if split else []:
        lit = read_string(code, skip_ws(code, s), GO)
        if lit is not None:
            out.append((lit.value, lit.value_pos))
    return out


def collect(sf: SourceFile, masked: Masked, state: ViperState, source: str) -> list[EnvRef]:
    """Record this file's Viper configuration and key uses; return its explicit BindEnv reads."""
    code = masked.code
    receivers = ["viper", *(m.group(1) for m in _INSTANCE.finditer(code))]
    recv = "(?:" + "|".join(re.escape(r) for r in receivers) + ")"
    call = re.compile(rf"(?<![\w.])({recv})\s*\.\s*(\w+)\s*\(")
    refs: list[EnvRef] = []
    calls = [m for m in call.finditer(code) if not masked.in_string(m.start())]
    later_prefix = {m.group(1) for m in calls if m.group(2) == "SetEnvPrefix"}
    prefix_now: dict[str, str] = {}
    for m in calls:
        method = m.group(2)
        if method == "AutomaticEnv":
            state.automatic = True
            continue
        if method in _WHOLE:
            state.whole = True
            continue
        if method == "BindPFlags":
            state.bind_flags = True
            continue
        args = _literal_args(code, m.end())
        if method == "SetEnvPrefix" and args:
            state.prefixes.append(args[0][0])
            prefix_now[m.group(1)] = args[0][0]
        elif method == "SetEnvKeyReplacer":
            rep = _REPLACER.match(code, m.end())
            named = _IDENT_ARG.match(code, m.end())
            if named and not rep:  # replacer := strings.NewReplacer(...); SetEnvKeyReplacer(replacer)
                decl = re.search(rf"(?<![\w.]){re.escape(named.group(1))}\s*:?=(?={_REPLACER.pattern})", code)
                rep = _REPLACER.match(code, decl.end()) if decl else None
            if rep:
                pairs = [v for v, _ in _literal_args(code, rep.end())]
                state.replacements.extend(zip(pairs[::2], pairs[1::2], strict=False))
        elif method in ("SetDefault", "BindPFlag") and args:
            state.defaults.add(args[0][0].lower())
            state.known.append(KeyUse(args[0][0], sf, masked.line_of(args[0][1])))
        elif method == "BindEnv" and args:
            if len(args) > 1:
                state.bound.add(args[0][0].lower())
                refs.extend(make_ref(sf, masked, v, p, source) for v, p in args[1:] if NAME.fullmatch(v))
            else:
                fixed = prefix_now.get(m.group(1), "" if m.group(1) in later_prefix else None)
                state.binds.append(KeyUse(args[0][0], sf, masked.line_of(args[0][1]), fixed))
        elif method in _GETTERS and args:
            state.uses.append(KeyUse(args[0][0], sf, masked.line_of(args[0][1])))
    return refs


def collect_key_types(sf: SourceFile, masked: Masked, state: ViperState) -> None:
    """Record the key types of a file (their methods hand the receiver to Viper), the string
    constants of named types, and the constants its default-setting key methods are called on."""
    code = masked.code
    setters: set[str] = set()
    methods = [m for m in _METHOD.finditer(code) if not masked.in_string(m.start())]
    brackets = Brackets(masked) if methods else None
    for m in methods:
        assert brackets is not None
        line_end = code.find("\n", m.end())
        brace = code.rfind("{", m.end(), line_end if line_end >= 0 else len(code))
        end = brackets.end(brace) if brace >= 0 else -1
        if brace < 0 or end - brace > _KEY_METHOD_LIMIT:  # an accessor is a line or two
            continue
        body = code[brace:end]
        recv = re.escape(m.group(1))
        handed = re.search(rf"\bviper\s*\.\s*(\w+)\s*\(\s*(?:string\s*\(\s*{recv}\s*\)|{recv})\s*[,)]", body)
        if handed is None:
            continue
        if handed.group(1) in _GETTERS:
            state.key_types.add(m.group(2))
        elif handed.group(1) == "SetDefault":
            setters.add(m.group(3))
    for m in _TYPED_CONST.finditer(code):
        lit = read_string(code, m.end(), GO)
        if lit is not None and not lit.interpolated and not masked.in_string(m.start()):
            use = KeyUse(lit.value, sf, masked.line_of(lit.value_pos))
            state.typed_consts.setdefault(m.group(2), []).append((m.group(1), use))
    if setters:
        calls = re.compile(rf"(?<![\w.])([A-Za-z_]\w*)\s*\.\s*(?:{'|'.join(map(re.escape, setters))})\s*\(")
        state.defaulted.update(c.group(1) for c in calls.finditer(code) if not masked.in_string(c.start()))


def collect_flags(sf: SourceFile, masked: Masked, state: ViperState) -> None:
    """Record the pflag definitions of a file (keys once ``BindPFlags`` binds their flag set), and
    those of the standard library's ``flag`` package (flags ff reads from the environment)."""
    code = masked.code
    receivers = [r"Flags\s*\(\s*\)", r"pflag"]  # cmd.Flags(), cmd.PersistentFlags(), the package
    receivers += [re.escape(m.group(1)) for m in _FLAGSET.finditer(code)]
    state.flags.extend(use for _, use in _definitions(sf, masked, receivers, False))
    std = [r"flag", *(re.escape(m.group(1)) for m in _STD_FLAGSET.finditer(code))]
    state.std_flags.extend(_definitions(sf, masked, std, True))
    found = [m for m in _FF_PREFIX.finditer(code) if not masked.in_string(m.start())]
    if not found:
        return
    # the flag set of the ff.Parse call each option is an argument of (its innermost open bracket)
    parses = {p.start(1): p.group(2) for p in _FF_PARSE.finditer(code)}
    brackets = Brackets(masked, [m.start() for m in found])
    for m in found:
        lit = read_string(code, m.end(), GO) if code[m.end() - 1] != ")" else None
        prefix = lit.value if lit is not None and not lit.interpolated else ""
        if lit is None and "WithEnvVarPrefix" in m.group():
            continue
        call = brackets.enclosing(m.start(), "(")
        flag_set = parses.get(call[0], "") if call is not None else ""
        flag_set = "flag" if flag_set.endswith("CommandLine") else flag_set
        state.ff_prefixes.append((sf.path, masked.line_of(m.start()), prefix, flag_set))


def _definitions(
    sf: SourceFile, masked: Masked, receivers: list[str], whole: bool
) -> list[tuple[str, KeyUse]]:
    """The flags the ``receivers`` define, each with the receiver's text (``whole``: a receiver is
    a whole identifier, not the end of a longer one or a member)."""
    code = masked.code
    out: list[tuple[str, KeyUse]] = []
    # literal-first (no look-behind): the regex engine then skips ahead to candidates
    define = re.compile(rf"({'|'.join(receivers)})\s*\.\s*(?:{_PFLAG_KINDS})(Var)?P?\s*\(")
    found = [
        m
        for m in define.finditer(code)
        if not (whole and m.start() > 0 and (code[m.start() - 1].isalnum() or code[m.start() - 1] in "_."))
        and not masked.in_string(m.start())
    ]
    brackets = Brackets(masked) if found else None
    for m in found:
        args = brackets.args(code, m.end() - 1, GO) if brackets is not None else None
        if args is None:
            continue
        spans = args[1:] if m.group(2) else args  # StringVar(&v, "name", ...)
        lit = read_string(code, skip_ws(code, spans[0][0]), GO) if spans else None
        if lit is not None and not lit.interpolated:
            out.append((m.group(1), KeyUse(lit.value, sf, masked.line_of(lit.value_pos))))
    return out


def _ref(use: KeyUse, name: str, has_default: bool, source: str) -> EnvRef:
    """The variable ``name`` that the key or flag ``use`` reads, where the use is written."""
    return EnvRef(
        name=name,
        path=use.sf.path,
        line=use.line,
        has_default=has_default,
        is_support=use.sf.is_support,
        source=source,
    )


def ff_reads(state: ViperState, source: str) -> list[EnvRef]:
    """One variable per defined flag for each ff env prefix (``WithEnvVarPrefix`` / ``WithEnvVars``)."""
    refs: list[EnvRef] = []
    parsed = {(posixpath.dirname(path), p, f) for path, _, p, f in state.ff_prefixes}
    for folder, prefix, flag_set in sorted(parsed):
        # a known flag set is the program's own: defined in the package (folder) that parses it
        std = [
            use
            for recv, use in state.std_flags
            if not flag_set or (recv == flag_set and posixpath.dirname(use.sf.path) == folder)
        ]
        for use in dict.fromkeys((*std, *(() if flag_set else state.flags))):
            key = use.key.replace("-", "_").replace(".", "_")
            name = (f"{prefix}_{key}" if prefix else key).upper()
            if NAME.fullmatch(name):
                refs.append(_ref(use, name, True, source))
    return refs


def _upper_of_name(text: str, var: str) -> re.Match[str] | None:
    """The first ``strings.ToUpper(`` with ``<var>.Name`` after it on its line. The name is looked
    for from each call on only when the last one found lies behind it: a look-ahead over the rest
    of the line from every call read a long line once per call."""
    name = re.compile(rf"\b{re.escape(var)}\s*\.\s*Name\b")
    found: re.Match[str] | None = None
    line_end = -1
    for upper in _TO_UPPER.finditer(text):
        if found is None or found.start() < upper.end():
            found = name.search(text, upper.end())
            if found is None:
                return None
        if line_end < upper.end():
            line_end = text.find("\n", upper.end())
            line_end = len(text) if line_end < 0 else line_end
        if found.start() < line_end:
            return upper
    return None


def _flag_env(code: str, body: tuple[int, int], var: str) -> FlagEnv | None:
    """How a VisitAll callback names its flag's variable, if it reads one."""
    start, end = body
    text = code[start:end]
    upper = _upper_of_name(text, var)
    if upper is None or _ENV_CALL.search(text) is None:
        return None
    line_start = text.rfind("\n", 0, upper.start()) + 1
    head = text[line_start : upper.start()]
    assign = max(head.rfind("="), head.rfind("("))
    if len(head) - assign > _HEAD_LIMIT:
        return None
    m = _NAME_HEAD.search(head, assign + 1)
    prefix = ""
    for part in _HEAD_PART.finditer(m.group() if m else ""):
        if part.group(1) is not None:
            prefix += part.group(1)
            continue
        const = re.search(_CONST.format(re.escape(part.group(2))), code)
        if const is None:
            return None
        prefix += const.group(1)
    pairs = re.findall(
        rf"\b(?:ReplaceAll|Replace)\s*\(\s*{re.escape(var)}\s*\.\s*Name\s*,\s*\"([^\"\n]*)\"\s*,\s*\"([^\"\n]*)\"",
        text,
    )
    return FlagEnv(prefix, tuple(pairs))


def collect_flag_envs(sf: SourceFile, masked: Masked, state: ViperState) -> None:
    code = masked.code
    found = [m for m in _VISIT.finditer(code) if not masked.in_string(m.start())]
    brackets = Brackets(masked) if found else None
    for m in found:
        assert brackets is not None
        body = (m.end(), brackets.end(m.start(1)))
        flag_env = _flag_env(code, body, m.group(2))
        if flag_env is None:
            continue
        state.flag_envs.append(flag_env)
        first, last = masked.line_of(body[0]), masked.line_of(body[1])
        state.flag_env_reads.extend((sf.path, line, flag_env.prefix) for line in range(first, last + 1))


def flag_env_reads(state: ViperState, source: str) -> list[EnvRef]:
    """One variable per defined flag for each VisitAll callback that reads one."""
    refs: list[EnvRef] = []
    for flag_env in state.flag_envs:
        for use in state.flags:
            name = use.key
            for old, new in flag_env.replacements:
                name = name.replace(old, new)
            name = (flag_env.prefix + name).upper()
            if NAME.fullmatch(name):
                refs.append(_ref(use, name, True, source))
    return refs


def _key_constants(state: ViperState) -> list[KeyUse]:
    """The constants of the key types: each a key the program reads (the defaulted ones noted)."""
    out: list[KeyUse] = []
    for kind in sorted(state.key_types):
        for name, use in state.typed_consts.get(kind, ()):
            out.append(use)
            if name in state.defaulted:
                state.defaults.add(use.key.lower())
    return out


def derived_reads(state: ViperState, source: str) -> list[EnvRef]:
    prefixes = sorted(set(state.prefixes)) or [""]
    state.uses.extend(_key_constants(state))
    refs: list[EnvRef] = []
    whole: list[KeyUse] = []
    if state.automatic and state.whole:
        whole = [*state.known, *(state.flags if state.bind_flags else ())]
    seen: set[tuple[str, str, int]] = set()
    for use in (*state.binds, *(state.uses if state.automatic else ()), *whole):
        if use.key.lower() in state.bound or (use.key, use.sf.path, use.line) in seen:
            continue
        seen.add((use.key, use.sf.path, use.line))
        for prefix in prefixes if use.prefix is None else [use.prefix]:
            name = (f"{prefix}_{use.key}" if prefix else use.key).upper()
            for old, new in state.replacements:
                name = name.replace(old, new)
            if not NAME.fullmatch(name):
                continue
            refs.append(_ref(use, name, use.key.lower() in state.defaults or use in state.flags, source))
    return refs
