"""Environment blocks of deployment instructions (a README, an install or self-hosting guide): a
fenced code block whose every line sets one variable (``NAME=value``, ``export NAME=value``, or a
``NAME   value`` table as hosting panels show it) is where the project tells operators what to set,
like an ``.env`` example; so is a ``docker run -e NAME=value`` (``--env``) in any block, the
``environment:`` of a compose service shown in a block (list or map form), an inline code span
that is one assignment (`` `NAME=value` ``), and one that is a variable's name (`` `APP_MAIL_HOST` ``)
in a row of a table whose header speaks of variables (``| Environment variable | Description |``).
A name in prose is only named, not set.

Such a set never makes a row: it only promotes what a framework reads on the application's behalf
(binder evidence, ``SECRET_KEY_BASE`` for Rails) to a read, as a deployment file's set does. A block
with any other line (a command, prose, YAML) is not one: ``RAILS_ENV=production bin/rails db:setup``
runs a command.
"""

from __future__ import annotations

import re

from integrations_drift.scan.env.configfiles.common import RefList
from integrations_drift.scan.env.configfiles.kinds import in_guide_folder
from integrations_drift.scan.types import EnvRef, SourceFile

SOURCE = "readme"

_FENCE = re.compile(r"^[ \t]*(```|~~~)")
# ``NAME=value`` takes one shell word (quoted or not), so a command line is no match; a table row
# ``NAME   value`` takes the rest of the line (``[random generated key]``).
_SETTING = re.compile(
    r"""^[ \t]*(?:export[ \t]+)?([A-Z][A-Z0-9_]*)"""
    r"""(?:=(?:"[^"]*"|'[^']*'|[^ \t"']*)|[ \t]+[^ \t=][^\n]*)?[ \t]*$"""
)
_MIN_LINES = 2
# `docker run -e NAME=value` / `--env NAME=value` in any block: the instructions set NAME
_DOCKER_ENV = re.compile(r"""(?:^|[ \t])(?:-e|--env)(?:[ \t]+|=)["']?([A-Za-z_][A-Za-z0-9_]*)=""")

# A compose service's `environment:` shown in a block: its entries are the lines indented below it
_COMPOSE_ENV = re.compile(r"^([ \t]*)environment:[ \t]*$")
_COMPOSE_ENTRY = re.compile(
    r"""^[ \t]+(?:-[ \t]+["']?([A-Za-z_][A-Za-z0-9_]*)=|["']?([A-Za-z_][A-Za-z0-9_]*)["']?[ \t]*:)"""
)
# an inline code span that is one assignment and nothing else: `QUARKUS_DATASOURCE_JDBC_URL=jdbc:…`
_INLINE_SETTING = re.compile(r"(?<!`)`(?:export[ \t]+)?([A-Z][A-Z0-9_]*)=[^`\s]*`(?!`)")
# a variable's name alone in a span (two words at least: `DEBUG` is too plain to tell)
_INLINE_NAME = re.compile(r"(?<!`)`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`(?!`)")
_VARIABLE_WORD = re.compile(r"(?i)\b(?:env(?:ironment)?\b|variables?\b|env[ _-]?vars?\b)")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def wants(data: bytes) -> bool:
    return b"`" in data or b"~~~" in data


def scan(sf: SourceFile) -> list[EnvRef]:
    # A guide in the documentation folder is the project's word to operators; one in an example's
    # or a test's folder is not.
    own = SourceFile(sf.path, sf.data) if sf.is_support and in_guide_folder(sf.path) else sf
    out = RefList(own, SOURCE)
    block: list[tuple[str, int]] = []
    fence = ""  # the open fence's marker, "" outside a block
    spoiled = False  # the open block has a line that sets nothing
    env_indent = -1  # the indent of the open compose `environment:` key, -1 outside one
    table_seen = False  # the previous line was a table row
    env_table = False  # inside a table whose header speaks of variables
    for number, line in enumerate(sf.text().splitlines(), start=1):
        m = _FENCE.match(line)
        if m is not None and (not fence or m.group(1) == fence):
            if fence and not spoiled and len(block) >= _MIN_LINES:
                for name, at in block:
                    out.set(name, at)
            fence = "" if fence else m.group(1)
            block, spoiled, env_indent = [], False, -1
            continue
        if not fence:
            row = line.lstrip().startswith("|")
            if not row:
                env_table = False
            elif not table_seen:
                env_table = _VARIABLE_WORD.search(line) is not None  # the header row
            table_seen = row
            if "`" in line:
                for inline in _INLINE_SETTING.finditer(line):
                    out.set(inline.group(1), number)
                if env_table:
                    for named in _INLINE_NAME.finditer(line):
                        out.set(named.group(1), number)
            continue
        if env_indent >= 0 and line.strip():
            entry = _COMPOSE_ENTRY.match(line) if _indent(line) > env_indent else None
            if entry is None:
                env_indent = -1
            else:
                out.set(entry.group(1) or entry.group(2), number)
        compose_env = _COMPOSE_ENV.match(line)
        if compose_env is not None:
            env_indent = _indent(compose_env.group(1))
        if "-e" in line:
            for flag in _DOCKER_ENV.finditer(line):
                out.set(flag.group(1), number)
        if spoiled or not line.strip():
            continue
        setting = _SETTING.match(line)
        if setting is None:
            spoiled = True
        else:
            block.append((setting.group(1), number))
    return out.refs
