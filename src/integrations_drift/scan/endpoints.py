"""URLs and container images named in the tree: two of the service detector's signals.

Both are read from raw bytes with one regex pass per file. A URL on a comment line is not
evidence (docs and commented-out code name services they do not use); a URL in a string is.
Each URL is also classified by what is written around it on its line (``data/endpoints.yml``):

- ``literal``: it opens a string literal (or is a configuration value), not prose in a docstring;
- ``link``: it is shown, not called: a markup attribute or a page opener around it, a documentation,
  legal or asset URL, a translation file;
- ``api``: it looks called as an API: an ``api.*`` host, an API path, an HTTP client call or an
  endpoint-named variable around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal

from integrations_drift.scan.files import is_prose
from integrations_drift.scan.hosts import (
    endpoint_words,
    is_api_host,
    is_api_path,
    is_doc_link,
    is_placeholder_path,
)
from integrations_drift.scan.lines import LineIndex
from integrations_drift.scan.needles import Needles
from integrations_drift.scan.rust_tests import in_spans, rust_test_spans
from integrations_drift.scan.types import SourceFile

# scheme, host (after an interpolated first label: https://$lang.wikipedia.org, https://${region}.x.io,
# https://{tenant}.x.com, https://%s.x.com, https://#{sub}.x.com), path, and whether a query follows
_URL = re.compile(
    # userinfo never holds a `?`: `http://localhost:#{port}?code=#{@otp}` has no user `…#{`
    rb"(?<![A-Za-z0-9+.-])([a-zA-Z][a-zA-Z0-9+.-]{1,24})://(?:[^\s/@\"'`<>?]*@)?"
    rb"(?:\$\{?\w+\}?\.|\{\w*\}\.|%s\.|#\{\w+\}\.)?([A-Za-z0-9_.-]*)"
    rb"(?::\d{1,5})?(/[^\s\"'`<>\\?#]*)?(\?)?"
)
_COMMENT_LINE = re.compile(rb"^\s*(#|//|/\*|\*|--|;|<!--|REM\b)")
# Visual Basic's ' comment; elsewhere a line opening with ' is a string (a PHP or Python dict entry).
_VB_COMMENT_LINE = re.compile(rb"^\s*'")
_VB_NAME = re.compile(r"\.(vb|vbs|bas|cls|frm)$", re.I)
_IMAGE = re.compile(rb"^\s*-?\s*image:\s*[\"']?([A-Za-z0-9][A-Za-z0-9._/:@-]*)", re.M)
_FROM = re.compile(rb"^\s*FROM\s+(?:--platform=\S+\s+)?([A-Za-z0-9][A-Za-z0-9._/:@-]*)", re.M | re.I)
_YAML_NAME = re.compile(r"\.(ya?ml)$")
_DOCKERFILE_NAME = re.compile(r"(^|/)(Dockerfile|Containerfile)([.-][^/]*)?$|\.Dockerfile$")
_HTML = re.compile(r"\.html?$", re.I)
_WEB_SCHEMES = frozenset({"http", "https", "ws", "wss"})

Source = Literal["code", "config", "data"]
# Programming languages (their string literals are code) and configuration files (their values are
# settings); anything else (JSON, XML, CSV, templates) is data: fixtures, schemas, manifests.
_CODE = re.compile(
    r"\.(py|pyw|js|jsx|mjs|cjs|ts|tsx|mts|cts|vue|svelte|astro|go|rb|rake|rs|java|kt|kts|scala|groovy|cs|fs|vb|"
    r"php|ex|exs|erl|swift|dart|lua|pl|pm|clj|cljs|c|cc|cpp|h|hpp|m|mm|r|jl|cr|nim|zig|v)$",
    re.I,
)
_CONFIG = re.compile(r"(\.(ya?ml|toml|ini|cfg|conf|properties|env|hcl|tf)|(^|/)\.env[^/]*)$", re.I)
# In a configuration file, a value right after its key is a literal even without quotes.
_CONFIG_VALUE = re.compile(r"[:=]\s*$")
_TAIL = 160  # how much of the line before a URL its context is read from
# an identifier, then an assignment, key, default or keyword-argument operator, then the value
_ASSIGNED = re.compile(
    r"([A-Za-z_$@][\w$]*)[\"'\]]*\s*(?::\s*&?'?[\w<>\[\]]+\s*)?"
    r"(:=|=>|\?\?|\|\||\bor\b|=|:)\s*(?:[\w$.:]*\s*\(\s*)?$"
)
# Elixir module attributes: @base_url "https://…"
_ATTRIBUTE = re.compile(r"@([a-z_]\w*)()\s+$")
# The default of a setting read by name: getenv("API_URL", "https://…"), ENV.fetch("X_HOST", …),
# env("X_URL", default="https://…"), System.get_env("X_HOST", "https://…")
_SETTING_DEFAULT = re.compile(r"""["']([A-Za-z_][\w.-]*)["']\s*,\s*(?:(?:default|fallback)\s*[=:]\s*)?$""")
# A typed constant: Java `static final String X =`, Kotlin `const val X =`, C# `const string X =`
_TYPED_CONSTANT = re.compile(r"\b(?:static\s+final\s+String|const\s+val|const\s+string)\s+\w+\s*=\s*$")
_DEFAULT_WORDS = frozenset({"default", "fallback"})
# ...of a URL, not of a host name: `default_host = "https://…"` is the application's own address.
_DEFAULT_URL_WORDS = frozenset({"url", "uri", "endpoint", "api", "apiurl", "baseurl"})
_NAME_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
# A string literal's prefix between its context and its quote: Python f"…", r"…", b"…", C# $"…", @"…"
_STRING_PREFIX = re.compile(r"(?<![\w$@])(?:[fFrRbBuU]{1,2}|\$@?|@\$?)$")
# A format call wrapping the URL inside a client call: client.get(String.format("https://…/%s", id)),
# http.Get(fmt.Sprintf("https://…", …)); the call around it is what shows the URL is called.
_FORMAT_CALL = re.compile(r"\b(?:String\.format|fmt\.Sprintf|sprintf|format)\s*\(\s*$")
# The default of a placeholder resolved from settings: Spring / Micronaut / Quarkus
# "${vendor.api-url:https://…}" (in @Value or a properties or YAML value); its key names the setting.
_PLACEHOLDER_DEFAULT = re.compile(r"\$\{([A-Za-z_][\w.-]*):$")


@dataclass(frozen=True, slots=True)
class Endpoint:
    scheme: str
    host: str
    path: str
    line: int
    is_support: bool
    url_path: str = ""  # the URL's path, without query or fragment
    query: bool = False  # a query string follows the path
    literal: bool = False  # opens a string literal or is a configuration value
    link: bool = False  # shown or documented, not called
    api: bool = False  # looks called as an API
    source: Source = "data"


@dataclass(frozen=True, slots=True)
class ImageRef:
    image: str
    path: str
    line: int
    is_support: bool


class _LineCounter:
    """Line numbers of increasing positions, counted from the previous one (one pass per file)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.line = 1

    def at(self, pos: int) -> tuple[int, bytes]:
        """The line of ``pos`` and the text before it on that line."""
        self.line += self.data.count(b"\n", self.pos, pos)
        self.pos = pos
        start = self.data.rfind(b"\n", 0, pos) + 1
        return self.line, self.data[start:pos]


# A URL that opens its line as an element of a list written one element a line: its line says
# nothing of it, the line opening the list does (`"references": [`, `requests.get(`).
_BARE_ELEMENT = re.compile(rb"^[ \t]*(?:[fFrRbBuU]{1,2}|\$@?|@\$?)?[\"'`]$")
_ELEMENT_LINE = re.compile(rb"[ \t]*(?:[\"'`#]|//|\r?$)")
_OPENER = re.compile(rb"[\[(][ \t]*\r?$")


class _ListOpeners:
    """The line opening the list a bare element belongs to, found walking back over the element,
    comment and blank lines before it. A walk never goes behind the previous one's element line (the
    same list, when nothing else came between), so each line is walked once per file."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.stop = -1
        self.found: bytes | None = None

    def opener(self, line_start: int) -> bytes | None:
        data = self.data
        end = line_start - 1  # the newline that ends the line before
        found: bytes | None = None
        while end >= 0:
            start = data.rfind(b"\n", 0, end) + 1
            if start <= self.stop:
                found = self.found  # the previous element's line: the same list
                break
            text = data[start:end]
            m = _OPENER.search(text)
            if m is not None:
                # a list's own bracket is no part of its name; a call's keeps showing the call
                cut = m.start() if text[m.start() : m.start() + 1] == b"[" else m.start() + 1
                found = text[:cut]
                break
            if not _ELEMENT_LINE.match(text):
                break
            end = start - 1
        self.stop = line_start
        self.found = found
        return found


def source_of(path: str) -> Source:
    if _CODE.search(path):
        return "code"
    if _CONFIG.search(path):
        return "config"
    return "data"


def _assigned(before: str) -> tuple[frozenset[str], str] | None:
    """The words of the identifier the value after ``before`` is given to, and how: ``=`` (an
    assignment), ``:`` (a key), ``||`` (a default) (``API_URL =``, ``baseURL:``, ``@endpoint``,
    ``TYPE = URI.create(``, ``cfg.baseUrl || ``, ``getenv("API_HOST", ``)."""
    m = _ASSIGNED.search(before) or _ATTRIBUTE.search(before)
    if m is not None:
        op = m.group(2)
        how = "=" if op in ("=", ":=", "") else "||" if op in ("||", "??", "or") else ":"
    else:
        m = _SETTING_DEFAULT.search(before)
        if m is None:
            return None
        how = "||"
    words = frozenset(w.lower() for w in _NAME_WORD.findall(m.group(1)))
    if how == "=" and words & _DEFAULT_WORDS and words & _DEFAULT_URL_WORDS:
        how = "||"  # DEFAULT_API_URL = "https://…": a setting's default, spelled as a constant
    return words, how


def _addresses(named: tuple[frozenset[str], str], url_path: str, query: bool, constant: bool = False) -> bool:
    """Whether a URL given to an endpoint-named identifier addresses an endpoint: it has a path or a
    query, or it is a bare origin given to a server-like name, as a setting's default, or as a
    typed constant's base URL (a bare origin is as often the application's own address:
    ``default_host = "https://example.org"``, ``var baseUrl = …`` of a link builder; a compiled
    constant cannot be configured per deployment, so it is a vendor's)."""
    words, how = named
    if url_path.strip("/") or query:
        return True
    if constant and "base" in words:
        return True
    return how == "||" or bool(words & endpoint_words().bare_origin_name_words)


def _endpoint_name(words: frozenset[str], how: str) -> bool:
    """Whether a value given to an identifier of ``words`` that way is an endpoint."""
    vocab = endpoint_words()
    if words & vocab.endpoint_name_words:
        return True
    return how != ":" and bool(words & vocab.url_name_words)


def classify(
    host: str, url_path: str, before: str, source: Source, text_file: bool, query: bool = False
) -> tuple[bool, bool, bool]:
    """``(literal, link, api)`` of a URL from its host, path and the text before it on its line."""
    words = endpoint_words()
    quoted = before[-1:] in ("'", '"', "`")
    context = before[:-1] if quoted else before
    if quoted:
        context = _STRING_PREFIX.sub("", context)
    placeholder = None if quoted else _PLACEHOLDER_DEFAULT.search(before)
    literal = (
        quoted or placeholder is not None or (source == "config" and _CONFIG_VALUE.search(before) is not None)
    )
    named: tuple[frozenset[str], str] | None
    if placeholder is not None:
        named = frozenset(w.lower() for w in _NAME_WORD.findall(placeholder.group(1))), "||"
    else:
        named = _assigned(context[-_TAIL:])
    link = (
        text_file
        or _ends_with(words.link_context_regex, context)
        or (named is not None and bool(named[0] & words.link_name_words))
        or is_doc_link(host, url_path)
        or is_placeholder_path(url_path)
    )
    if not literal or link:
        return literal, link, False
    api = (
        is_api_host(host)
        or is_api_path(url_path)
        or _ends_with(words.http_call_regex, _FORMAT_CALL.sub("", context[-_TAIL:]))
        or (
            named is not None
            and _endpoint_name(*named)
            and _addresses(named, url_path, query, _TYPED_CONSTANT.search(context[-_TAIL:]) is not None)
        )
    )
    return literal, link, api


@cache
def _at_end(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(f"(?:{pattern.pattern})\\Z", pattern.flags)


def _ends_with(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` matches a suffix of ``text`` (read from its last characters only)."""
    return _at_end(pattern).search(text[-_TAIL:]) is not None


def endpoints_in(sf: SourceFile) -> list[Endpoint]:
    if b"://" not in sf.data or is_prose(sf.path) or _HTML.search(sf.path):
        return []
    source = source_of(sf.path)
    words = endpoint_words()
    text_file = words.text_path_regex.search(sf.path) is not None
    support = sf.is_support or words.example_path_regex.search(sf.path) is not None
    out: list[Endpoint] = []
    lines = _LineCounter(sf.data)
    vb = _VB_NAME.search(sf.path) is not None
    tests = rust_test_spans(sf.data) if sf.path.endswith(".rs") else []
    openers = _ListOpeners(sf.data)
    for m in _URL.finditer(sf.data):
        line, before = lines.at(m.start())
        if _BARE_ELEMENT.match(before):
            opener = openers.opener(m.start() - len(before))
            if opener is not None:
                before = opener.lstrip()[-_TAIL:] + before.lstrip()
        in_test = support or (bool(tests) and in_spans(tests, m.start()))
        if _COMMENT_LINE.match(before) or (vb and _VB_COMMENT_LINE.match(before)):
            continue
        scheme = m.group(1).decode("ascii", "replace").lower()
        host = m.group(2).decode("ascii", "replace").lower().strip(".")
        url_path = (m.group(3) or b"").decode("ascii", "replace")
        query = m.group(4) is not None
        if scheme not in _WEB_SCHEMES:
            out.append(Endpoint(scheme, host, sf.path, line, in_test, url_path, source=source))
            continue
        if not host:
            continue
        before_text = before.decode("utf-8", "replace")
        literal, link, api = classify(host, url_path, before_text, source, text_file, query)
        out.append(
            Endpoint(scheme, host, sf.path, line, in_test, url_path, query, literal, link, api, source)
        )
    return out


# `key: "host"`, `key => 'host'`, `KEY = "host"`, `key := "host"`: a key whose last part is one of
# the setting keys (`EMAIL_HOST`, `spring.mail.host`) and a bare host name as the whole string literal
# (an unquoted `.env` or properties value is an example or a deployment's). The keys are literals of
# the alternation, so a match is tried only where one is written.
@cache
def _host_setting() -> re.Pattern[bytes]:
    keys = sorted(endpoint_words().host_setting_keys, key=len, reverse=True)
    alternation = b"|".join(re.escape(k.encode()) for k in keys)
    return re.compile(
        rb"(?<![A-Za-z0-9])(?:" + alternation + rb""")["']?[ \t]*(?::|=>|:=|=)[ \t]*"""
        rb"""["']([a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){1,6})["']""",
        re.IGNORECASE,
    )


# One Aho-Corasick pass: seven substring searches cost seven passes over a file without them.
_HOST_GATE = Needles(["host", "Host", "HOST", "smtp", "ndpoint", "address", "server"])


@cache
def _host_setting_anchors() -> dict[bytes, tuple[tuple[int, bytes], ...]]:
    """The setting keys by the shortest keys written inside them (``host`` in ``smtp_host``), with
    the offset: every key written is found by finding one of these."""
    keys = {k.lower().encode() for k in endpoint_words().host_setting_keys}
    shortest = [c for c in keys if not any(o != c and o in c for o in keys)]
    out: dict[bytes, tuple[tuple[int, bytes], ...]] = {}
    for core in shortest:
        found: list[tuple[int, bytes]] = []
        for key in keys:
            at = key.find(core)
            while at >= 0:
                found.append((at, key))
                at = key.find(core, at + 1)
        out[core] = tuple(found)
    return out


def _host_settings(data: bytes) -> Iterator[re.Match[bytes]]:
    """What ``_host_setting().finditer(data)`` gives. Python's engine tries a case-blind alternation
    at every position of the file (0.4-0.8 s on a 4,600-file tree); here it is tried only where a
    key starts, found by ``bytes.find`` of the shortest keys in the lower-cased bytes (the regex's
    case folding is ASCII's, as ``bytes.lower`` is), in order, as finditer would reach them."""
    lowered = data.lower()
    starts: set[int] = set()
    for core, keys in _host_setting_anchors().items():
        at = lowered.find(core)
        while at >= 0:
            for offset, key in keys:
                start = at - offset
                if start >= 0 and lowered.startswith(key, start):
                    starts.add(start)
            at = lowered.find(core, at + 1)
    pattern = _host_setting()
    end = 0
    for start in sorted(starts):
        if start < end:
            continue
        m = pattern.match(data, start)
        if m is not None:
            end = m.end()
            yield m


def setting_hosts_in(sf: SourceFile) -> list[tuple[str, int]]:
    """``(host, line)`` of each server a setting of a code or config file names by its bare host
    name (an ``address``, ``host`` or ``EMAIL_HOST`` given a host name as a string); comments and
    skeleton defaults behind ``env(…)`` are not settings."""
    if source_of(sf.path) == "data" or is_prose(sf.path) or not _HOST_GATE.any_in(sf.data):
        return []
    out: list[tuple[str, int]] = []
    lines = _LineCounter(sf.data)
    for m in _host_settings(sf.data):
        line, before = lines.at(m.start())
        if _COMMENT_LINE.match(before):
            continue
        out.append((m.group(1).decode("ascii").lower(), line))
    return out


def images_in(sf: SourceFile) -> list[ImageRef]:
    if _YAML_NAME.search(sf.path):
        pattern = _IMAGE
        if b"image:" not in sf.data:
            return []
    elif _DOCKERFILE_NAME.search(sf.path):
        pattern = _FROM
    else:
        return []
    out: list[ImageRef] = []
    lines = LineIndex(sf.data)
    for m in pattern.finditer(sf.data):
        line = lines.line_of(m.start(1))
        image = m.group(1).decode("ascii", "replace")
        if "{{" in image or image.startswith("$"):
            continue  # a template or a build argument: not a concrete image
        out.append(ImageRef(image, sf.path, line, sf.is_support))
    return out
