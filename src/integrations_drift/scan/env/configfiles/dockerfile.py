"""Dockerfile ``ENV`` and ``ARG``: the image provides these values to whatever runs in it.

``${X}`` uses inside build instructions are not reported: they refer to the file's own ARG/ENV
names or to build arguments, not to the application's configuration. The shell of a start-up
command is another matter: ``CMD java ${JAVA_OPTS} -jar app.jar``, ``ENTRYPOINT ["sh", "-c",
"exec java $JVM_OPTS …"]`` and ``HEALTHCHECK CMD curl localhost:$PORT`` expand ``$X`` when the
container starts, from the container's environment: those are reads (``START_SOURCE``) by the
image's own start-up code. An exec-form command with no shell expands nothing.

A ``RUN`` that writes ``'${X}'`` in single quotes (unexpanded) into a file, where ``X`` is one of
the image's ``ENV`` names (``echo 'memory_limit=${PHP_MEMORY_LIMIT}' > php.ini``), leaves the
expansion to the program that loads the file when the container runs (PHP, Apache and nginx
templates expand ``${X}`` from the environment): a read of a setting whose default the image
gives (``DEFERRED_SOURCE``).
"""

from __future__ import annotations

import bisect
import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from integrations_drift.scan.env.configfiles.common import RefList
from integrations_drift.scan.types import EnvRef, SourceFile

SOURCE = "dockerfile"
START_SOURCE = "dockerfile-start"
DEFERRED_SOURCE = "dockerfile-deferred"

_PREFILTER = re.compile(rb"(?im)^[ \t]*(?:onbuild[ \t]+)?(?:env|arg|entrypoint|cmd|healthcheck)[ \t]")
_DIRECTIVE = re.compile(r"^#\s*([A-Za-z]+)\s*=\s*(\S+)\s*$")
_KEYWORD = re.compile(r"\s*([A-Za-z]+)(?=\s|$)")
# BuildKit heredocs (``RUN <<EOF``): their body lines are data, not instructions.
_HEREDOC = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")
_HEREDOC_KEYWORDS = frozenset({"RUN", "COPY", "ADD"})


def wants(data: bytes) -> bool:
    return _PREFILTER.search(data) is not None


@dataclass(frozen=True, slots=True)
class _Instruction:
    text: str  # the logical line: continuations joined, escape characters removed
    offsets: tuple[int, ...]  # where each physical line starts in ``text``
    lines: tuple[int, ...]  # the 1-based physical line of each of those starts

    def line_at(self, offset: int) -> int:
        return self.lines[bisect.bisect_right(self.offsets, offset) - 1]


def _escape_char(lines: list[str]) -> str:
    # Parser directives are only honoured in the leading comment block.
    for line in lines:
        m = _DIRECTIVE.match(line)
        if m is None:
            break
        if m.group(1).lower() == "escape" and m.group(2) in ("\\", "`"):
            return m.group(2)
    return "\\"


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.lstrip()
    return not stripped or stripped.startswith("#")


def _skip_heredocs(text: str, lines: list[str], i: int) -> int:
    for m in _HEREDOC.finditer(text):
        strip_tabs, delimiter = m.group(1) == "-", m.group(3)
        while i < len(lines) and (lines[i].lstrip("\t") if strip_tabs else lines[i]) != delimiter:
            i += 1
        i += 1
    return i


def _instructions(lines: list[str], escape: str) -> Iterator[_Instruction]:
    i, n = 0, len(lines)
    while i < n:
        if _is_blank_or_comment(lines[i]):
            i += 1
            continue
        pieces: list[str] = []
        offsets: list[int] = []
        numbers: list[int] = []
        size = 0
        while i < n:
            stripped = lines[i].rstrip()
            continued = stripped.endswith(escape)
            piece = stripped[:-1] if continued else lines[i]
            offsets.append(size)
            numbers.append(i + 1)
            pieces.append(piece)
            size += len(piece)
            i += 1
            if not continued:
                break
            # Comment and empty lines inside a continuation are dropped by the builder.
            while i < n and _is_blank_or_comment(lines[i]):
                i += 1
        instruction = _Instruction("".join(pieces), tuple(offsets), tuple(numbers))
        yield instruction
        keyword = _KEYWORD.match(instruction.text)
        if keyword is not None and keyword.group(1).upper() in _HEREDOC_KEYWORDS:
            i = _skip_heredocs(instruction.text, lines, i)


def _words(text: str, start: int, escape: str) -> Iterator[tuple[str, int]]:
    """Shell-like words of ``text[start:]`` (quotes removed) with the offset each word starts at."""
    i, n = start, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            return
        begin, buf, quote = i, [], ""
        while i < n:
            c = text[i]
            if c == escape and quote != "'" and i + 1 < n:
                buf.append(text[i + 1])
                i += 2
                continue
            if quote:
                if c == quote:
                    quote = ""
                else:
                    buf.append(c)
            elif c.isspace():
                break
            elif c in "\"'":
                quote = c
            else:
                buf.append(c)
            i += 1
        yield "".join(buf), begin


def _declare(out: RefList, ins: _Instruction, escape: str) -> None:
    m = _KEYWORD.match(ins.text)
    if m is None:
        return
    keyword, rest = m.group(1).upper(), m.end()
    if keyword == "ONBUILD":
        m = _KEYWORD.match(ins.text, rest)
        if m is None:
            return
        keyword, rest = m.group(1).upper(), m.end()
    if keyword not in ("ENV", "ARG"):
        return
    words = list(_words(ins.text, rest, escape))
    if not words:
        return
    if keyword == "ENV" and "=" not in words[0][0]:
        # Legacy ``ENV NAME value with spaces``: one name, the rest is its value.
        out.set(words[0][0], ins.line_at(words[0][1]))
        return
    for word, offset in words:
        name, eq, _ = word.partition("=")
        if keyword == "ENV" and not eq:
            continue
        out.set(name, ins.line_at(offset), has_default=keyword == "ARG" and bool(eq))


def scan(sf: SourceFile) -> list[EnvRef]:
    lines = [line.rstrip("\r") for line in sf.text().split("\n")]
    escape = _escape_char(lines)
    out = RefList(sf, SOURCE)
    start = RefList(sf, START_SOURCE)
    deferred = RefList(sf, DEFERRED_SOURCE)
    env: set[str] = set()
    for ins in _instructions(lines, escape):
        before = len(out.refs)
        _declare(out, ins, escape)
        if ins.text.lstrip()[:3].upper() == "ENV":
            env.update(r.name for r in out.refs[before:])
        _start_reads(start, ins, escape)
        if env and "'" in ins.text:
            _deferred_reads(deferred, ins, env)
    return out.refs + start.refs + deferred.refs


# Shells whose ``-c`` argument is a command line (``["sh", "-c", "…"]``, ``["/bin/bash", "-ec", …]``).
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh"})
# ``$X``, ``${X}``, ``${X:-d}`` (an unset X is fine) and ``${X:?m}``; ``\$X`` is a literal dollar.
_SHELL_READ = re.compile(
    r"(?<!\\)\$(?:\{(?P<b>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-=+?])?|(?P<n>[A-Za-z_][A-Za-z0-9_]*))"
)
_SHELL_DEFAULTS = frozenset({":-", "-", ":=", "=", ":+", "+"})


def _shell_texts(rest: str) -> list[str]:
    """The shell command lines of a start-up instruction's arguments: the whole shell form, or
    the ``-c`` argument of a shell in an exec-form array."""
    words = _exec_form(rest)
    if words is None:
        return [rest]
    for i, word in enumerate(words[:-2]):
        flag = words[i + 1]
        if posixpath.basename(word) in _SHELLS and flag.startswith("-") and "c" in flag:
            return [words[i + 2]]
    return []


def _unquoted_reads(text: str) -> Iterator[re.Match[str]]:
    """``_SHELL_READ`` matches outside single quotes (where the shell expands nothing)."""
    for i, piece in enumerate(text.split("'")):
        if i % 2 == 0:
            yield from _SHELL_READ.finditer(piece)


# What writes a quoted line out: ``echo '…'``, ``printf -- '…'`` (into a redirect or ``tee``).
_WRITER = re.compile(r"\b(?:echo|printf)(?:[ \t]+-[-\w]*)*[ \t]*$")


def _deferred_reads(out: RefList, ins: _Instruction, env: set[str]) -> None:
    m = _KEYWORD.match(ins.text)
    if m is None or m.group(1).upper() != "RUN":
        return
    if ">" not in ins.text and "tee " not in ins.text:
        return  # nothing written to a file: a quoted ``${X}`` is a sed pattern or an argument
    at = m.end()
    before = ""
    for i, piece in enumerate(ins.text[at:].split("'")):
        if i % 2 == 0:
            before = piece
        elif "$" in piece and _WRITER.search(before) is not None:
            for read in _SHELL_READ.finditer(piece):
                name = read.group("b") or read.group("n")
                if name in env:
                    out.read(name, ins.line_at(at + read.start()), has_default=True)
        at += len(piece) + 1


def _start_reads(out: RefList, ins: _Instruction, escape: str) -> None:
    m = _KEYWORD.match(ins.text)
    if m is None or "$" not in ins.text:
        return
    keyword, rest = m.group(1).upper(), ins.text[m.end() :]
    if keyword == "HEALTHCHECK":
        head, cmd, rest = rest.partition("CMD")
        if not cmd or head.strip().upper() == "NONE":
            return
    elif keyword not in ("ENTRYPOINT", "CMD"):
        return
    line = ins.lines[0]
    for text in _shell_texts(rest):
        for read in _unquoted_reads(text):
            name = read.group("b") or read.group("n")
            where = ins.text.find(name, m.end())
            out.read(
                name,
                ins.line_at(where) if where >= 0 else line,
                has_default=read.group("op") in _SHELL_DEFAULTS,
            )


# Instruction options that are not sources (``COPY --chown=app:app --link src dest``).
_OPTION = re.compile(r"--[a-z-]+(?:=\S*)?$")
_VARIABLE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


@dataclass(frozen=True, slots=True)
class Copy:
    """One ``COPY``/``ADD``: its sources (relative to the build context, or absolute paths in an
    earlier ``stage``) and its absolute destination."""

    sources: tuple[str, ...]
    dest: str  # absolute, normalised
    dest_is_dir: bool
    stage: int | None = None  # the earlier stage copied from; None: the build context


@dataclass(slots=True)
class Stage:
    """One ``FROM``: the earlier stage it builds on (if any), its copies and start-up commands."""

    parent: int | None = None
    copies: list[Copy] = field(default_factory=list)
    commands: list[tuple[str, str]] = field(default_factory=list)  # (word, WORKDIR in force)
    builds: list[tuple[str, str]] = field(default_factory=list)  # the same for ``RUN``: build time


@dataclass(slots=True)
class ImageStart:
    """What an image runs when it starts, where its files come from, and the names ``ENV`` sets
    (to a value: an empty one gives nothing).

    Commands are the words of every ``ENTRYPOINT``, ``CMD`` and ``HEALTHCHECK CMD`` (shell strings
    split into words). ``$VAR`` in paths is expanded with the file's own ``ARG``/``ENV`` values,
    which are used for that and kept nowhere.
    """

    stages: list[Stage] = field(default_factory=list)
    env: set[str] = field(default_factory=set)


def _exec_form(text: str) -> list[str] | None:
    stripped = text.strip()
    if not stripped.startswith("["):
        return None
    try:
        value = json.loads(stripped)
    except ValueError:
        return None
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else None


def _command_words(text: str, escape: str) -> list[str]:
    """The words of an exec-form array or a shell-form command; a word holding a whole shell
    string (``sh -c "…"``) is split again, so the scripts it names are seen."""
    words = _exec_form(text)
    if words is None:
        words = [w for w, _ in _words(text, 0, escape)]
    out: list[str] = []
    for word in words:
        out.extend(re.split(r"[\s;&|()]+", word) if re.search(r"[\s;&|]", word) else [word])
    return [w for w in out if w]


_SHELL_SEPARATOR = re.compile(r"&&|\|\||[;|]")
# Words that run the next word: ``sh ./install.sh``, ``sudo -E /setup.sh``.
_PASS_ON = frozenset(
    {"sh", "bash", "ash", "dash", "zsh", "source", ".", "exec", "env", "sudo", "time", "nohup"}
)


def _run_words(text: str, escape: str) -> list[str]:
    """The programs a ``RUN`` step runs: the first word of each command of its shell string
    (after assignments and options, and through ``sh``/``sudo``), never an argument
    (``chmod +x /entrypoint.sh`` runs ``chmod``)."""
    words = _exec_form(text)
    segments = (
        [words]
        if words is not None
        else [_command_words(seg, escape) for seg in _SHELL_SEPARATOR.split(text)]
    )
    out: list[str] = []
    for segment in segments:
        for word in segment:
            if word.startswith("-") or ("=" in word and not word.startswith(("/", "."))):
                continue
            out.append(word)
            if word.rsplit("/", 1)[-1] not in _PASS_ON:
                break
    return out


def _absolute(path: str, workdir: str) -> str:
    return posixpath.normpath(posixpath.join(workdir, path)) if path else workdir


class _Values:
    """The file's ``ARG`` defaults and ``ENV`` values, to expand ``$VAR`` in paths."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def expand(self, text: str) -> str:
        if "$" not in text:
            return text
        return _VARIABLE.sub(lambda m: self.values.get(m.group(1) or m.group(2), m.group(0)), text)

    def assign(self, keyword: str, words: list[str]) -> None:
        if keyword == "ENV" and words and "=" not in words[0]:
            self.values[words[0]] = self.expand(" ".join(words[1:]))
            return
        for word in words:
            name, eq, value = word.partition("=")
            if eq:
                self.values[name] = self.expand(value)


def image_start(sf: SourceFile) -> ImageStart:
    """The stages, start-up commands and ``ENV`` names of a Dockerfile."""
    lines = [line.rstrip("\r") for line in sf.text().split("\n")]
    escape = _escape_char(lines)
    out = ImageStart()
    names: dict[str, int] = {}
    values = _Values()
    stage = Stage()
    workdir = "/"
    for ins in _instructions(lines, escape):
        m = _KEYWORD.match(ins.text)
        if m is None:
            continue
        keyword, rest = m.group(1).upper(), ins.text[m.end() :]
        words = [w for w, _ in _words(rest, 0, escape)]
        if keyword == "FROM":
            base = next((w.lower() for w in words if not w.startswith("--")), "")
            stage = Stage(parent=names.get(base))
            out.stages.append(stage)
            if len(words) >= 3 and words[-2].upper() == "AS":
                names[words[-1].lower()] = len(out.stages) - 1
            workdir = "/"
        elif keyword == "WORKDIR" and words:
            workdir = _absolute(values.expand(words[0]), workdir)
        elif keyword in ("ENV", "ARG"):
            values.assign(keyword, words)
            if keyword == "ENV":
                refs = RefList(sf, SOURCE)
                _declare(refs, ins, escape)
                # ``ENV JAVA_OPTS=""`` gives no value: the image names a setting for operators.
                out.env.update(r.name for r in refs.refs if values.values.get(r.name, "") != "")
        elif keyword in ("ENTRYPOINT", "CMD", "HEALTHCHECK"):
            if keyword == "HEALTHCHECK":
                head, cmd, rest = rest.partition("CMD")
                if not cmd or head.strip().upper() == "NONE":
                    continue
            stage.commands.extend((values.expand(w), workdir) for w in _command_words(rest, escape))
        elif keyword == "RUN":
            stage.builds.extend((values.expand(w), workdir) for w in _run_words(rest, escape))
        elif keyword in ("COPY", "ADD"):
            copy = _copy(rest, workdir, escape, values, names, len(out.stages))
            if copy is not None:
                stage.copies.append(copy)
    return out


def _copy(
    rest: str, workdir: str, escape: str, values: _Values, names: dict[str, int], count: int
) -> Copy | None:
    words = _exec_form(rest)
    if words is None:
        words = [w for w, _ in _words(rest, 0, escape)]
    words = [values.expand(w) for w in words]
    source_stage: int | None = None
    for w in words:
        if w.startswith("--from="):
            ref = w[len("--from=") :].lower()
            source_stage = int(ref) if ref.isdigit() and int(ref) < count else names.get(ref)
            if source_stage is None:
                return None  # another image: nothing of the repository
    args = [w for w in words if not _OPTION.match(w)]
    if len(args) < 2 or any("://" in a for a in args[:-1]):
        return None
    dest = args[-1]
    dest_is_dir = dest.endswith("/") or dest in (".", "..") or len(args) > 2
    return Copy(tuple(args[:-1]), _absolute(dest, workdir), dest_is_dir, source_stage)
