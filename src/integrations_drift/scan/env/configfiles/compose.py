"""docker compose: ``environment:`` entries are sets for the container; ``${X}`` interpolation is a
read of the host environment by compose itself. ``$$X`` in a service's ``command:``,
``entrypoint:`` or ``healthcheck: test:`` run by a shell (``sh -c``, ``CMD-SHELL``) escapes
compose's interpolation so that the container's shell expands it when the service starts: a read
of the container's environment (``START_SOURCE``), unless the service's own ``environment:`` gives
it a literal value."""

from __future__ import annotations

import itertools
import posixpath
import re
from dataclasses import dataclass

from yaml.nodes import Node

from integrations_drift.scan.env.configfiles import yamltree as yt
from integrations_drift.scan.env.configfiles.common import RefList
from integrations_drift.scan.types import EnvRef, SourceFile

SOURCE = "compose"
START_SOURCE = "compose-start"
# ``$$X`` / ``$${X}`` / ``$${X:-d}``: the container's shell reads X (``$$$$`` is two literal dollars).
_CONTAINER_READ = re.compile(r"\$\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(:?[-=+?])?|([A-Za-z_][A-Za-z0-9_]*))")
_SHELL_DEFAULTS = frozenset({":-", "-", ":=", "=", ":+", "+"})
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh"})

# ``$$`` is compose's escape for a literal dollar and is consumed first so ``$$X`` is not a read.
_INTERPOLATION = re.compile(
    r"\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])|(?=\}))|([A-Za-z_][A-Za-z0-9_]*))"
)
# ``:-``/``-`` substitute a default and ``:+``/``+`` an alternative: an unset variable is fine.
_OPTIONAL_OPERATORS = frozenset({":-", "-", ":+", "+"})


def wants(data: bytes) -> bool:
    return b"environment" in data or b"$" in data


def looks_like_compose(roots: list[Node]) -> bool:
    """A top-level ``services:`` mapping of mappings with ``image:`` or ``build:`` (and no k8s ``kind``)."""
    for root in roots:
        if yt.get(root, "kind") is not None:
            continue
        for _, service in yt.mapping_items(yt.get(root, "services")):
            if yt.get(service, "image") is not None or yt.get(service, "build") is not None:
                return True
    return False


def _environment_sets(out: RefList, environment: Node | None) -> None:
    out.set_keys(environment)
    for item in yt.sequence_items(environment):
        entry = yt.scalar(item)
        if entry is not None:
            out.set(entry.partition("=")[0], yt.line_of(item))


def add_interpolation_reads(out: RefList, text: str, roots: list[Node]) -> None:
    for m, line in yt.matches_in_values(text, roots, _INTERPOLATION, "$"):
        name = m.group(1) or m.group(3)
        if name:
            out.read(name, line, has_default=m.group(2) in _OPTIONAL_OPERATORS)


def _runs_shell(words: list[str]) -> bool:
    """``sh -c …``, ``/bin/bash -ec …``, a healthcheck's ``CMD-SHELL``: a shell reads the line."""
    return "CMD-SHELL" in words or any(
        posixpath.basename(w) in _SHELLS and f.startswith("-") and "c" in f
        for w, f in itertools.pairwise(words)
    )


def _container_reads(out: RefList, service: Node) -> None:
    given = _literal_env(yt.get(service, "environment"))
    command, entrypoint = yt.get(service, "command"), yt.get(service, "entrypoint")
    test = yt.get(yt.get(service, "healthcheck"), "test")
    nodes = [command, entrypoint] if _runs_shell([*_words(entrypoint), *_words(command)]) else []
    if _runs_shell(_words(test)):
        nodes.append(test)
    for node in nodes:
        for item in [node] if yt.scalar(node) is not None else yt.sequence_items(node):
            value = yt.scalar(item)
            if item is None or value is None or "$$" not in value:
                continue
            for m in _CONTAINER_READ.finditer(value.replace("$$$$", "")):
                name = m.group(1) or m.group(3)
                if name not in given:
                    out.read(name, yt.line_of(item), has_default=m.group(2) in _SHELL_DEFAULTS)


def scan_nodes(sf: SourceFile, text: str, roots: list[Node]) -> list[EnvRef]:
    out = RefList(sf, SOURCE)
    start = RefList(sf, START_SOURCE)
    for root in roots:
        for _, service in yt.mapping_items(yt.get(root, "services")):
            _environment_sets(out, yt.get(service, "environment"))
            _container_reads(start, service)
    add_interpolation_reads(out, text, roots)
    return out.refs + start.refs


def scan(sf: SourceFile) -> list[EnvRef]:
    text = sf.text()
    roots = yt.compose_documents(text)
    return [] if roots is None else scan_nodes(sf, text, roots)


@dataclass(frozen=True, slots=True)
class ServiceStart:
    """What one compose service runs and gives what it runs, by the file's own words."""

    commands: tuple[str, ...]  # words of ``entrypoint:``, ``command:`` and ``healthcheck: test:``
    mounts: tuple[tuple[str, str], ...]  # (host path as written, container path) of bind mounts
    literal_env: frozenset[str]  # ``environment:`` names given a literal value (no ``$`` interpolation)
    working_dir: str


def _words(node: Node | None) -> list[str]:
    """A command as a string (split at blanks, shell separators and quotes) or a list of strings."""
    texts = (
        [yt.scalar(node)] if yt.scalar(node) is not None else [yt.scalar(i) for i in yt.sequence_items(node)]
    )
    return [w for t in texts if t for w in re.split(r"[\s;&|()\"']+", t) if w]


def _mounts(node: Node | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in yt.sequence_items(node):
        short = yt.scalar(item)
        if short is not None:
            parts = short.split(":")
            if len(parts) >= 2:
                out.append((parts[0], parts[1]))
            continue
        source, target = yt.scalar(yt.get(item, "source")), yt.scalar(yt.get(item, "target"))
        if source and target:
            out.append((source, target))
    return out


def _literal_env(environment: Node | None) -> set[str]:
    names: set[str] = set()
    for key, value in yt.mapping_items(environment):
        name, text = yt.scalar(key), yt.scalar(value)
        if name and (text is None or "$" not in text):
            names.add(name)
    for item in yt.sequence_items(environment):
        entry = yt.scalar(item)
        if entry is not None and "=" in entry and "$" not in entry:
            names.add(entry.partition("=")[0])
    return names


def service_starts(sf: SourceFile) -> list[ServiceStart]:
    """The start-up commands, bind mounts and literal environment of every service of a compose file."""
    roots = yt.compose_documents(sf.text())
    out: list[ServiceStart] = []
    for root in roots or []:
        for _, service in yt.mapping_items(yt.get(root, "services")):
            commands = [
                *_words(yt.get(service, "entrypoint")),
                *_words(yt.get(service, "command")),
                *_words(yt.get(yt.get(service, "healthcheck"), "test")),
            ]
            out.append(
                ServiceStart(
                    commands=tuple(commands),
                    mounts=tuple(_mounts(yt.get(service, "volumes"))),
                    literal_env=frozenset(_literal_env(yt.get(service, "environment"))),
                    working_dir=yt.scalar(yt.get(service, "working_dir")) or "",
                )
            )
    return out
