"""The project's own names, read from the manifests at the root of its tree.

A project's web site, documentation and own services (update checks, telemetry, plugin
repositories, licence servers) live on a domain spelled like it (``uptime-kuma`` → ``kuma.pet``,
``github.com/navidrome/navidrome`` → ``navidrome.org``): its named hosts (``insights.navidrome.org``)
are services of their own, one per host, not one vendor to document under the domain.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from integrations_drift.catalog.names import normalise_name
from integrations_drift.scan.hosts import endpoint_words

# One pattern per root manifest: the project's name (the first match; npm and Composer scopes and
# vendors are dropped, a Go module path keeps its owner and repository).
_NAME_IN = {
    "package.json": re.compile(rb'^[\s{]{0,6}"name"\s*:\s*"(?:@[\w.-]+/)?([\w.-]+)"', re.M),
    "composer.json": re.compile(rb'^[\s{]{0,6}"name"\s*:\s*"(?:[\w.-]+/)?([\w.-]+)"', re.M),
    "go.mod": re.compile(rb"^module\s+(?:[\w.-]+/)?([\w./-]+)", re.M),
    "Cargo.toml": re.compile(rb'^name\s*=\s*"([\w.-]+)"', re.M),
    "pyproject.toml": re.compile(rb'^name\s*=\s*"([\w.-]+)"', re.M),
    "setup.cfg": re.compile(rb"^name\s*=\s*([\w.-]+)", re.M),
    "mix.exs": re.compile(rb"\bapp:\s*:(\w+)"),
    "settings.gradle": re.compile(rb"""\brootProject\.name\s*=\s*['"]([\w.-]+)['"]"""),
    "settings.gradle.kts": re.compile(rb"""\brootProject\.name\s*=\s*['"]([\w.-]+)['"]"""),
}
_SOLUTION = re.compile(r"([\w-]+)(?:\.[\w.-]+)?\.sln[x]?")
_WORD = re.compile(r"[a-z0-9]+")
_MIN_WORD = 4  # a word of a name must be this long to stand for it alone ("kuma" of uptime-kuma)


def project_names(all_paths: Sequence[str], read: Callable[[str], bytes | None]) -> frozenset[str]:
    """The project's names as lower-case keys: each name without punctuation and its words
    (``grumpydictator/firefly-iii`` → ``fireflyiii``; ``uptime-kuma`` → ``uptimekuma``, ``uptime``,
    ``kuma``; ``Jellyfin.sln`` → ``jellyfin``)."""
    names = [part for name in _root_names(all_paths, read) for part in name.split("/")]
    keys: set[str] = set()
    for name in names:
        words = _WORD.findall(name.lower())
        if not words or re.fullmatch(r"v\d+", words[0]):
            continue  # a Go major version segment
        generic = endpoint_words().generic_project_words
        if "".join(words) not in generic:
            keys.add("".join(words))
        keys.update(w for w in words if len(w) >= _MIN_WORD and w not in generic)
    return frozenset(keys)


def project_apps(all_paths: Sequence[str], read: Callable[[str], bytes | None]) -> frozenset[str]:
    """The application's own name as catalog keys (``normalise_name``), from each root manifest's
    whole name: a catalog entry so named (Listmonk, Linkding) is the application itself, so the
    image its compose file runs and its own API paths are no integration. A Go module's owner and
    a name's single words (``redis`` of ``redis-commander``) are not the application."""
    out: set[str] = set()
    for name in _root_names(all_paths, read):
        last = [p for p in name.split("/") if not re.fullmatch(r"v\d+", p)]
        key = normalise_name(last[-1]) if last else ""
        if key:
            out.add(key)
    return frozenset(out)


def _root_names(all_paths: Sequence[str], read: Callable[[str], bytes | None]) -> list[str]:
    """The names the root manifests give the project, as written (a Go module path keeps its
    owner and repository)."""
    names: list[str] = []
    for path in all_paths:
        if "/" in path:
            continue
        m = _SOLUTION.fullmatch(path)
        if m is not None:
            names.append(m.group(1))
            continue
        pattern = _NAME_IN.get(path)
        data = read(path) if pattern is not None else None
        if pattern is None or data is None:
            continue
        found = pattern.search(data)
        if found is not None:
            names.append(found.group(1).decode("ascii", "replace"))
    return names


def is_own_domain(domain: str, names: frozenset[str]) -> bool:
    """Whether a registrable domain is spelled like the project (``firefly-iii.org``)."""
    if not names:
        return False
    label = domain.split(".", 1)[0]
    return "".join(_WORD.findall(label)) in names
