"""Classifying what a cell refers to: paths, env vars, packages, URLs, or free text.

Not every backticked token is a reference: `Yes`, `postgresql://...`, `100 req/sec` and `stripe`
mean different things in different columns, so classification looks at the token's shape and at
the column's role. A path must look like a path (a known extension, a well-known file name, or a
``/`` with no spaces); a bare word is a package only in an SDK/Client column.
"""

from __future__ import annotations

import re

from integrations_drift.doc.model import Ref, RefKind, Role

CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S*$")
ENV_NAME = re.compile(r"^\$?\{?([A-Z][A-Z0-9_]*[A-Z0-9])\}?(?:=.*)?$")
# In plain text only names with an underscore count: "API", "AWS", "S3" are words, not variables.
PLAIN_ENV = re.compile(r"(?<![\w./-])\$?\{?([A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9])\}?(?![\w/.-])")
PATH_LINE = re.compile(r"^(.+?):(\d+)(?:-\d+)?$")
# A place on the machine the program runs on, not in the repository: the user's home (`~/.config/
# app/config.toml`) or a folder an environment variable names (`$XDG_CONFIG_HOME/app/`,
# `%APPDATA%\app\`). A document may say where the program looks; there is nothing to check.
MACHINE_PATH = re.compile(r"^(?:~[\w.-]*(?:[/\\]|$)|\$\{?[A-Za-z_]\w*\}?[/\\]|%[A-Za-z_]\w*%[/\\])")
# Names as an Environment Variables table writes them, in any case (Linux names are
# case-sensitive: ``LDAP_TLS_Cert_x509``, ``notification_proxy``); a trailing ``*`` is a family.
WRITTEN_NAME = re.compile(r"^\$?\{?([A-Za-z_][A-Za-z0-9_]*\*?)\}?(?:=.*)?$")
# Outside the Variable column only an upper-case first word marks a mixed-case name
# (``JELLYFIN_FFmpeg__probesize``): ``snake_case`` there is a value or a code word.
CAPS_LED_NAME = re.compile(r"^[A-Z][A-Z0-9]*_[A-Za-z0-9_]*\*?$")
FILE_EXTENSIONS = frozenset(
    (
        "py pyi ts tsx js jsx mjs cjs go rb erb java kt kts scala groovy rs cs fs php swift m mm c h cc "
        "cpp hpp vue svelte astro ex exs erl dart lua pl r sql prisma graphql gql proto tf hcl yml yaml json "
        "jsonc json5 toml ini cfg conf env properties xml plist sh bash zsh ps1 bat md mdx txt lock gradle "
        "csproj sln dockerfile tpl j2 jinja html htm css scss sass less mod sum"
    ).split()
)
WELL_KNOWN_FILES = frozenset(
    [
        "Dockerfile",
        "Containerfile",
        "Procfile",
        "Makefile",
        "Gemfile",
        "Rakefile",
        "Jenkinsfile",
        "Brewfile",
        "Caddyfile",
        "Vagrantfile",
        "Pipfile",
        "Justfile",
        "Taskfile",
    ]
)
PACKAGE_HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+/")  # github.com/x/y, gopkg.in/x
PLAIN_PATH = re.compile(
    r"(?<![\w@./-])((?:\.{0,2}/)?(?:[\w.@-]+/)+[\w.*@-]*(?::\d+)?|[\w-]+\.[A-Za-z0-9]{1,10}(?::\d+)?)(?![\w/])"
)
NPM_PACKAGE = re.compile(r"^@?[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)?(@[\w.^~<>=*-]+)?$")


# Suffixes that end file names only after another suffix (``settings.py.example``, ``.env.local``):
# alone they are more often code (``dj_database_url.config``, ``settings.local``).
SECOND_SUFFIXES = frozenset("config example sample template dist local default defaults orig bak".split())


def _looks_like_file(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    if base in WELL_KNOWN_FILES or base.startswith("Dockerfile"):
        return True
    if base.startswith(".") and len(base) > 1:  # .env.example, .github
        return True
    parts = base.lower().split(".")
    if len(parts) < 2:
        return False
    ext = parts[-1]
    if ext in FILE_EXTENSIONS:
        return True
    if ext in SECOND_SUFFIXES:
        return len(parts) > 2 and parts[-2] in FILE_EXTENSIONS
    return ext == "*" and "/" in name


def classify_token(token: str, role: Role, backticked: bool) -> Ref:
    """Classify one token (a code span's content, or a word of plain text)."""
    tok = token.strip().strip(",;")
    if URL.match(tok):
        return Ref(kind=RefKind.URL, value=tok, backticked=backticked)
    env = ENV_NAME.match(tok)
    if env and (backticked or "_" in env.group(1)):
        return Ref(kind=RefKind.ENV, value=env.group(1), backticked=backticked)
    if " " in tok or not tok:
        return Ref(kind=RefKind.TEXT, value=tok, backticked=backticked)
    if tok.startswith("@") or PACKAGE_HOST.match(tok):
        return Ref(kind=RefKind.PACKAGE, value=tok, backticked=backticked)
    if MACHINE_PATH.match(tok):
        return Ref(kind=RefKind.TEXT, value=tok, backticked=backticked)
    line_no: int | None = None
    m = PATH_LINE.match(tok)
    if m and ("/" in m.group(1) or _looks_like_file(m.group(1))):
        tok, line_no = m.group(1), int(m.group(2))
    if any(ch in tok for ch in "*?[") and ("/" in tok or _looks_like_file(tok)):
        return Ref(kind=RefKind.GLOB, value=tok, backticked=backticked)
    if tok.endswith("/") and len(tok) > 1:
        return Ref(kind=RefKind.DIRECTORY, value=tok, backticked=backticked)
    if line_no is not None:
        return Ref(kind=RefKind.PATH_LINE, value=tok, line_no=line_no, backticked=backticked)
    if _looks_like_file(tok):
        return Ref(kind=RefKind.PATH, value=tok, backticked=backticked)
    if "/" in tok and re.fullmatch(r"[\w.@/-]+", tok) and not tok.startswith("//"):
        # A slash path without an extension: a directory (`app/models`) in location columns,
        # a package (`stripe/stripe-go`) in SDK columns.
        if role is Role.SDK:
            return Ref(kind=RefKind.PACKAGE, value=tok, backticked=backticked)
        return Ref(kind=RefKind.DIRECTORY, value=tok, backticked=backticked)
    if role is Role.SDK and NPM_PACKAGE.match(tok):
        return Ref(kind=RefKind.PACKAGE, value=tok, backticked=backticked)
    return Ref(kind=RefKind.TEXT, value=tok, backticked=backticked)


def _span_pieces(content: str) -> list[str]:
    """A code span can list several things: `DATABASE_URL`, or `a.ts, b.ts`."""
    if "," in content and " " not in content.replace(", ", ","):
        return [p for p in re.split(r",\s*", content) if p]
    return [content]


def env_table_names(text: str, name_column: bool) -> list[Ref]:
    """The variables a cell of an Environment Variables table names in backticks that
    :func:`classify_cell` leaves alone because they are not upper case: in the Variable column any
    identifier with an underscore (``notification_proxy``, ``LDAP_TLS_Cert_x509``) and any family
    (``ND_*``), elsewhere a name whose first word is upper case (``JELLYFIN_FFmpeg__probesize``).
    Lower-case words without an underscore (`true`, `info`) are values, not names."""
    refs: list[Ref] = []
    for m in CODE_SPAN.finditer(text):
        for piece in _span_pieces(m.group(2).strip()):
            tok = piece.strip().strip(",;")
            written = WRITTEN_NAME.match(tok)
            if written is None or ENV_NAME.match(tok):
                continue
            name = written.group(1)
            if not any(c.islower() for c in name):
                # Upper case is classify_cell's to judge (`API` is a word there), but a family
                # (`ND_*`) in the Variable column is a name like any other.
                if name_column and name.endswith("*") and len(name) > 1:
                    refs.append(Ref(kind=RefKind.ENV, value=name, backticked=True))
            elif (name_column and "_" in name.strip("_*")) or CAPS_LED_NAME.match(name):
                refs.append(Ref(kind=RefKind.ENV, value=name, backticked=True))
    return refs


_TARGET_END = re.compile(r"[)\s]")  # `[text](target)`: the target has no space
_TARGET_CLOSE = re.compile(r"\)")  # `[text](any target)`: up to the first `)`


def _links(text: str, target_end: re.Pattern[str]) -> list[tuple[int, int, str, str]]:
    """``(start, end, link text, target)`` of each ``[text](target)``, left to right and without
    overlap as a regex would find them, in one pass: a regex retried from every ``[`` reads to the
    end of the text each time (a cell of 200,000 ``[`` took minutes). The next ``]`` and the next
    end of a target are found once and reused while they lie ahead."""
    out: list[tuple[int, int, str, str]] = []
    close = end = -1
    i = text.find("[")
    while i >= 0:
        if close < i:
            close = text.find("]", i)
            if close < 0:
                break
        if text.startswith("(", close + 1):
            if end <= close + 1:
                found = target_end.search(text, close + 2)
                end = found.start() if found else len(text)
            if end < len(text) and text[end] == ")" and (end > close + 2 or target_end is _TARGET_CLOSE):
                out.append((i, end + 1, text[i + 1 : close], text[close + 2 : end]))
                i = text.find("[", end + 1)
                continue
        i = text.find("[", i + 1)
    return out


def _unlink(text: str) -> str:
    """``text`` with each ``[text](target)`` replaced by its link text."""
    parts: list[str] = []
    pos = 0
    for start, end, label, _ in _links(text, _TARGET_CLOSE):
        parts += [text[pos:start], label]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def classify_cell(text: str, role: Role) -> list[Ref]:
    """Every reference a cell holds, in order of appearance."""
    refs: list[Ref] = []
    pos = 0
    plain_parts: list[str] = []
    for m in CODE_SPAN.finditer(text):
        plain_parts.append(text[pos : m.start()])
        pos = m.end()
        for piece in _span_pieces(m.group(2).strip()):
            ref = classify_token(piece, role, backticked=True)
            if ref.kind is not RefKind.TEXT or ref.value:
                refs.append(ref)
    plain_parts.append(text[pos:])
    plain = " ".join(plain_parts)
    # Markdown links: the link text is prose, the target is a URL or a relative path.
    for _, _, _, target in _links(plain, _TARGET_END):
        if not URL.match(target) and not target.startswith("#"):
            ref = classify_token(target.split("#", 1)[0], Role.LOCATION, backticked=False)
            if ref.kind is not RefKind.TEXT:
                refs.append(ref)
    plain = _unlink(plain)
    for m in PLAIN_ENV.finditer(plain):
        refs.append(Ref(kind=RefKind.ENV, value=m.group(1)))
    if role in (Role.LOCATION, Role.NAME):
        for m in PLAIN_PATH.finditer(plain):
            tok = m.group(1)
            if URL.match(tok) or re.fullmatch(r"[\d.]+", tok) or re.fullmatch(r"v?\d+(\.\d+)*\.?x?", tok):
                continue
            ref = classify_token(tok, role, backticked=False)
            if ref.kind in (RefKind.PATH, RefKind.PATH_LINE, RefKind.GLOB) or (
                ref.kind is RefKind.DIRECTORY and tok.endswith("/")
            ):
                refs.append(ref)
    if role is Role.SDK and not refs:
        word = plain.strip().split(" ")[0] if plain.strip() else ""
        if word and NPM_PACKAGE.match(word):
            refs.append(Ref(kind=RefKind.PACKAGE, value=word))
    return refs


PLACEHOLDER = re.compile(r"^\s*\[(?!\s*\]\()[^\]]*\]\s*$")
NONE_WORDS = re.compile(
    r"^\s*[*_]*\s*(?:not\s+detected|none(?:\s+detected|\s+found|\s+yet)?|n/?a|not\s+applicable|not\s+used|"
    r"nothing|-|—|–)\s*[*_]*\s*(?:[.(].*)?$",
    re.I,
)


def is_placeholder(text: str) -> bool:
    """A template placeholder such as ``[e.g., PostgreSQL]`` or ``[DATE]`` (a link is not one)."""
    return bool(PLACEHOLDER.match(text)) and "](" not in text


def is_none_entry(text: str) -> bool:
    return bool(NONE_WORDS.match(text.strip()))


# A Required cell that says "not required": the editor files a new variable under a bullet document's
# Optional group by it.
REQUIRED_NO = re.compile(r"^(?:❌|✖️?|⛔|\*\*)?\s*(?:no|n|false|optional|not required)\b", re.I)
