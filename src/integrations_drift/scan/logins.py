"""Login-provider registries: the identity providers an application signs users in with, read from
the places authentication frameworks list them (``data/login_providers.yml``).

Three shapes: dependencies that each register one provider (``passport-github2``,
``omniauth-google-oauth2``, ``socialiteproviders/kanidm``); source lines that name one (Auth.js
provider imports, django-allauth apps, OmniAuth ``provider :github``, Spring's
``spring.security.oauth2.client.registration.<id>``, Goth and Ueberauth strategies); and
configuration maps keyed by provider whose block holds a client id and secret (Laravel's
``config/services.php``, better-auth's ``socialProviders``). Each yields a provider id, normalised and
looked up in the data file's table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, field_validator

from integrations_drift.datafiles import DataModel, load
from integrations_drift.scan.lines import LineIndex


class SourceRegistry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    name: str
    regex: re.Pattern[str]
    literal: str
    requires: str | None = None
    open: bool = False

    @field_validator("regex", mode="before")
    @classmethod
    def _compile(cls, v: object) -> object:
        if isinstance(v, str):
            pattern = re.compile(v, re.MULTILINE)
            if "id" not in pattern.groupindex:
                raise ValueError(f"regex {v!r}: needs the group `id`")
            return pattern
        return v


class CredentialBlock(DataModel):
    client_id: str
    client_secret: str
    max_lines: int


class LoginProvidersFile(DataModel):
    """``data/login_providers.yml``."""

    version: int
    providers: dict[str, str]
    ignore: frozenset[str]
    packages: dict[str, tuple[re.Pattern[str], ...]]
    file_names: tuple[re.Pattern[str], ...]
    sources: tuple[SourceRegistry, ...]
    credential_block: CredentialBlock
    yaml_paths: tuple[tuple[str, ...], ...]

    @field_validator("packages", mode="before")
    @classmethod
    def _compile(cls, v: object) -> object:
        if isinstance(v, dict):
            out: dict[str, tuple[re.Pattern[str], ...]] = {}
            for eco, patterns in v.items():
                compiled = tuple(re.compile(p, re.IGNORECASE) for p in patterns)
                for p in compiled:
                    if "id" not in p.groupindex:
                        raise ValueError(f"{eco} package regex {p.pattern!r}: needs the group `id`")
                out[eco] = compiled
            return out
        return v


def login_providers() -> LoginProvidersFile:
    return load("login_providers.yml", LoginProvidersFile)


@dataclass(frozen=True, slots=True)
class Login:
    """One provider registration: the provider id as normalised, where, and whether an unknown id
    is a provider of its own."""

    provider: str
    line: int
    open: bool


_SUFFIX = re.compile(r"(?:-?(?:oauth2?0?|oidc|openid-connect|v\d+))+$")
_DIGITS = re.compile(r"\d+$")


def normalise_provider(raw: str) -> str:
    """``google_oauth2`` → ``google``, ``github2`` → ``github``, ``Github`` → ``github``; an id the
    table knows as written stays (``auth0``, ``generic-oidc``)."""
    data = login_providers()
    pid = raw.lower().replace("_", "-")
    stripped = _SUFFIX.sub("", pid) or pid
    for candidate in (pid, stripped, _DIGITS.sub("", stripped)):
        if candidate and (candidate in data.providers or candidate in data.ignore):
            return candidate
    return stripped


def provider_name(pid: str) -> str:
    """The name an unknown provider id stands for: ``kanidm`` → ``Kanidm``."""
    return " ".join(part[:1].upper() + part[1:] for part in pid.split("-") if part)


def _known(pid: str, open_registry: bool) -> bool:
    data = login_providers()
    if pid in data.ignore or not pid:
        return False
    return pid in data.providers or open_registry


_STEM = re.compile(r"([A-Za-z0-9_-]+)\.[A-Za-z0-9]+")


def from_file_name(path: str) -> str | None:
    """The known provider a source file is named for (``oauth_gitlab.go`` → ``gitlab``)."""
    m = _STEM.fullmatch(path.rpartition("/")[2])
    if m is None:
        return None
    stem = m.group(1).lower()
    for pattern in login_providers().file_names:
        found = pattern.fullmatch(stem)
        if found is not None:
            pid = normalise_provider(found.group("id"))
            return pid if _known(pid, False) else None
    return None


def from_package(ecosystem: str, name: str) -> str | None:
    """The provider a dependency registers, if it is one of the registries' packages."""
    for pattern in login_providers().packages.get(ecosystem, ()):
        m = pattern.fullmatch(name)
        if m is not None:
            pid = normalise_provider(m.group("id"))
            return pid if _known(pid, True) else None
    return None


@cache
def _block_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    block = login_providers().credential_block
    return re.compile(block.client_id, re.IGNORECASE), re.compile(block.client_secret, re.IGNORECASE)


_KEY_LINE = re.compile(
    r"""^([ \t]*)["']?([A-Za-z][\w-]*)["']?[ \t]*(?:=>|:|=)[ \t]*(?:\[|\{|array\(|dict\(|$)"""
)
_YAML_KEY = re.compile(r"^([ \t]*)([A-Za-z0-9_][\w.-]*)[ \t]*:(?:[ \t]|$)")
_YAML_NAME = re.compile(r"\.ya?ml$")


# Spellings of a client id that a credential block's file contains (the block's regex ignores case).
_CLIENT_ID_MARKERS = ("lient_id", "lientId", "lient-id", "LIENT_ID", "lientID")
_OAUTH2 = "oauth2"


@cache
def login_markers() -> frozenset[str]:
    """The literals a file must contain for any registry to find something in it: a scanner that
    already passes over every file (the import gate's Aho-Corasick) reports which are present."""
    registries = login_providers()
    words = {reg.literal for reg in registries.sources}
    words |= {reg.requires for reg in registries.sources if reg.requires}
    return frozenset({*words, *_CLIENT_ID_MARKERS, _OAUTH2})


def logins_in(path: str, data: bytes, present: frozenset[str] | None = None) -> Iterator[Login]:
    """Every provider registration in one file, once per provider and line. ``present``: which of
    :func:`login_markers` the file contains, when the caller knows (else they are searched for)."""
    if present is None:
        present = frozenset(m for m in login_markers() if m.encode() in data)
    seen: set[tuple[str, int]] = set()
    for login in _logins(path, data, present):
        if (login.provider, login.line) not in seen:
            seen.add((login.provider, login.line))
            yield login


def _logins(path: str, data: bytes, present: frozenset[str]) -> Iterator[Login]:
    registries = login_providers()
    text: str | None = None
    for reg in registries.sources:
        if reg.literal not in present or (reg.requires and reg.requires not in present):
            continue
        if text is None:
            text = data.decode("utf-8", errors="replace")
        lines = LineIndex(text)
        for m in reg.regex.finditer(text):
            pid = normalise_provider(m.group("id"))
            if _known(pid, reg.open):
                yield Login(pid, lines.line_of(m.start()), reg.open)
    if _OAUTH2 in present and registries.yaml_paths and _YAML_NAME.search(path):
        text = text if text is not None else data.decode("utf-8", errors="replace")
        yield from _yaml_registrations(text.split("\n"), registries.yaml_paths)
    if not present.isdisjoint(_CLIENT_ID_MARKERS):
        client_id, client_secret = _block_words()
        text = text if text is not None else data.decode("utf-8", errors="replace")
        yield from _credential_blocks(text.split("\n"), client_id, client_secret)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _credential_blocks(
    lines: list[str], client_id: re.Pattern[str], client_secret: re.Pattern[str]
) -> Iterator[Login]:
    """Keys whose block holds a client id and a client secret (``'github' => ['client_id' => …,
    'client_secret' => …]``, ``github: { clientId, clientSecret }``): known provider ids only."""
    span = login_providers().credential_block.max_lines
    seen: set[int] = set()
    for i, line in enumerate(lines):
        if client_id.search(line) is None:
            continue
        depth = _indent(line)
        for j in range(i - 1, max(-1, i - span - 1), -1):
            above = lines[j]
            if not above.strip() or _indent(above) >= depth:
                continue
            m = _KEY_LINE.match(above)
            if m is None:
                break
            if j in seen:
                break
            block = lines[j + 1 : j + 1 + span]
            body: list[str] = []
            for b in block:
                if b.strip() and _indent(b) <= len(m.group(1)):
                    break
                body.append(b)
            pid = normalise_provider(m.group(2))
            if any(client_secret.search(b) for b in body) and _known(pid, False):
                seen.add(j)
                yield Login(pid, j + 1, False)
            break


def _yaml_registrations(lines: list[str], paths: tuple[tuple[str, ...], ...]) -> Iterator[Login]:
    """Child keys of a registry's YAML path (``spring.security.oauth2.client.registration``),
    nested or dotted."""
    stack: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        m = _YAML_KEY.match(line)
        if m is None or line.lstrip().startswith("#"):
            continue
        depth = len(m.group(1))
        while stack and stack[-1][0] >= depth:
            stack.pop()
        keys = m.group(2).split(".")
        stack.append((depth, keys))
        full = [k for _, ks in stack for k in ks]
        for reg in paths:
            idx = _child_of(full, reg, len(keys))
            if idx is not None:
                pid = normalise_provider(full[idx])
                if _known(pid, True):
                    yield Login(pid, number, True)


def _child_of(full: list[str], reg: tuple[str, ...], added: int) -> int | None:
    """The index in ``full`` of the key right below ``reg`` when this line's keys (the last
    ``added`` of ``full``) include it."""
    n = len(reg)
    start = len(full) - added
    for i in range(max(n, start), len(full)):
        if tuple(full[i - n : i]) == reg:
            return i
    return None
