"""The catalog's lookups, built once per catalog: document names to entries, and code signals
(packages, images, schemes, hosts, env names, import regexes) to the entries they point to."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from fnmatch import fnmatchcase
from typing import NamedTuple

from integrations_drift.bounded_re import BoundedRegexError, compile_bounded
from integrations_drift.catalog.model import ECOSYSTEMS, CatalogError, Service, Vendor
from integrations_drift.catalog.names import (
    normalise_host,
    normalise_image,
    normalise_name,
    normalise_package,
)


class ImportPattern:
    """An ``imports`` regex, compiled on first use. A check tries only the few whose literal a file
    holds, while compiling all of them (which unpickling the cached catalog did) cost half of the
    catalog's load on every start.

    RE2 where it accepts the pattern, which every config-file entry must (validate_extra checks);
    a built-in pattern that needs look-around stays with ``re``: it is ours, reviewed, not the
    repository's."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            try:
                self._compiled = compile_bounded(self.pattern, multiline=True)
            except BoundedRegexError:
                self._compiled = re.compile(self.pattern, re.MULTILINE)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled().search(text)

    def __getstate__(self) -> str:
        return self.pattern  # never the compiled program: the point is not to rebuild it on load

    def __setstate__(self, state: str) -> None:
        self.pattern = state
        self._compiled = None

    def __repr__(self) -> str:
        return f"ImportPattern({self.pattern!r})"


class ImportRule(NamedTuple):
    pattern: ImportPattern
    literal: str | None  # every match contains it; None: try the pattern on every file
    service: Service


class _HostPattern:
    __slots__ = ("anchor", "labels", "service", "specificity", "strict")

    def __init__(self, pattern: str, service: Service) -> None:
        self.strict = pattern.startswith("*.")
        self.labels = tuple((pattern[2:] if self.strict else pattern).split("."))
        self.specificity = sum(1 for label in self.labels if "*" not in label)
        self.service = service
        literal: list[str] = []
        for label in reversed(self.labels):
            if "*" in label:
                break
            literal.insert(0, label)
        self.anchor = ".".join(literal)  # the literal tail every matching host ends with

    def matches(self, labels: Sequence[str]) -> bool:
        n = len(self.labels)
        if len(labels) < n + (1 if self.strict else 0):
            return False
        tail = labels[len(labels) - n :]
        return all(fnmatchcase(h, p) for h, p in zip(tail, self.labels, strict=True))


def _add(index: dict[str, list[Service]], key: str, service: Service) -> None:
    bucket = index.setdefault(key, [])
    if service not in bucket:
        bucket.append(service)


def _unique_services(items: Iterable[Service]) -> list[Service]:
    out: list[Service] = []
    for s in items:
        if s not in out:
            out.append(s)
    return out


class Catalog:
    """The validated services with lookup tables built once."""

    def __init__(
        self, services: Sequence[Service], *, preferred: Iterable[str] = (), vendors: Sequence[Vendor] = ()
    ) -> None:
        self.services: tuple[Service, ...] = tuple(services)
        by_name = {s.key: s for s in self.services}
        for s in self.services:
            for field, others in (
                ("compatible", s.compatible),
                ("drop_in_for", s.drop_in_for),
                ("backed_by", s.backed_by),
            ):
                for other in others:
                    if normalise_name(other) not in by_name:
                        raise CatalogError(
                            f"catalog entry {s.name!r}: {field} service {other!r} is not in the catalog"
                        )
        self._by_name = by_name
        # drop-in replacements, both ways: a document naming MySQL accepts MariaDB and the reverse
        self._drop_ins: dict[str, set[str]] = {}
        for s in self.services:
            for other in s.drop_in_for:
                o = by_name[normalise_name(other)]
                self._drop_ins.setdefault(s.name, set()).add(o.name)
                self._drop_ins.setdefault(o.name, set()).add(s.name)
        # names and aliases; entries named in ``preferred`` (config extras) win a shared key
        first = set(preferred)
        ordered = sorted(self.services, key=lambda s: s.name not in first)
        self._keys: dict[str, Service] = {}
        for s in ordered:
            for k in s.name_keys():
                self._keys.setdefault(k, s)
        for s in ordered:  # derived spellings: Amazon X <-> AWS X
            for k in s.name_keys():
                for a, b in (("amazon ", "aws "), ("aws ", "amazon ")):
                    if k.startswith(a):
                        self._keys.setdefault(b + k[len(a) :], s)
        self._compact: dict[str, Service] = {}
        for k, s in self._keys.items():
            self._compact.setdefault(k.replace(" ", ""), s)
        self._max_tokens = max((len(k.split()) for k in self._keys), default=0)

        self._pkg_exact: dict[str, dict[str, list[Service]]] = {e: {} for e in ECOSYSTEMS}
        self._pkg_glob: dict[str, list[tuple[str, Service]]] = {e: [] for e in ECOSYSTEMS}
        self._image_exact: dict[str, list[Service]] = {}
        self._image_glob: list[tuple[str, Service]] = []
        self._schemes: dict[str, list[Service]] = {}
        self._host_globs: dict[str, list[_HostPattern]] = {}
        self._host_exact: dict[str, list[_HostPattern]] = {}
        self._env_exact: dict[str, list[Service]] = {}
        self._env_prefix: dict[str, list[Service]] = {}
        imports: list[ImportRule] = []
        for s in self.services:
            sig = s.signals
            for eco, name in sig.packages.items():
                norm = normalise_package(eco, name)
                if "*" in norm:
                    self._pkg_glob[eco].append((norm, s))
                else:
                    _add(self._pkg_exact[eco], norm, s)
            for image in sig.images:
                if "*" in image:
                    self._image_glob.append((image, s))
                else:
                    _add(self._image_exact, image, s)
            for scheme in sig.schemes:
                _add(self._schemes, scheme, s)
            for host in sig.hosts:
                hp = _HostPattern(host, s)
                if "*" in host:
                    self._host_globs.setdefault(hp.anchor, []).append(hp)
                else:
                    self._host_exact.setdefault(host, []).append(hp)
            for env in sig.env:
                if env.endswith("*"):
                    _add(self._env_prefix, env[:-1], s)
                else:
                    _add(self._env_exact, env, s)
            for imp in sig.imports:
                imports.append(ImportRule(ImportPattern(imp.regex), imp.literal, s))
        self._env_prefixes = sorted(self._env_prefix, key=len, reverse=True)
        self._imports = tuple(imports)
        self._vendors: dict[str, tuple[Service, ...]] = {}
        for v in vendors:
            prefixes = [normalise_name(p) for p in v.prefixes]
            members = {normalise_name(n) for n in v.services}
            own = tuple(
                s
                for s in self.services
                if s.key in members or any(s.key == p or s.key.startswith(p + " ") for p in prefixes)
            )
            for k in v.name_keys():
                self._vendors.setdefault(k, own)

    # -- collection

    def __len__(self) -> int:
        return len(self.services)

    def __iter__(self) -> Iterator[Service]:
        return iter(self.services)

    def get(self, name: str) -> Service | None:
        """The entry whose canonical name or an alias has the same key as ``name``."""
        key = normalise_name(name)
        return self._keys.get(key) or self._compact.get(key.replace(" ", ""))

    # -- names

    def match_name(self, text: str) -> Service | None:
        """Resolve a document's Service/Provider cell text to an entry.

        The whole text first ("AWS S3", "Sendgrid", "Pub/Sub"), then the longest name or alias at the
        start of the text ("Postgres (via Supabase)" → PostgreSQL), then the longest one anywhere as
        whole words, the earliest on a tie ("Managed Redis on Upstash" → Redis). Matching is by whole
        words, so a short alias ("pg", "S3") never matches inside a longer word, and an alias followed
        by "compatible" ("S3-compatible") is not taken.
        """
        hit = self.get(text)
        if hit is not None:
            return hit
        tokens = normalise_name(text).split()
        if not tokens:
            return None
        longest = min(len(tokens), self._max_tokens)
        for n in range(longest, 0, -1):
            s = self._key_at(tokens, 0, n)
            if s is not None:
                return s
        for n in range(longest, 0, -1):
            for i in range(1, len(tokens) - n + 1):
                s = self._key_at(tokens, i, n)
                if s is not None:
                    return s
        return None

    def _key_at(self, tokens: Sequence[str], i: int, n: int) -> Service | None:
        if i + n < len(tokens) and tokens[i + n] == "compatible":
            return None
        key = " ".join(tokens[i : i + n])
        s = self._keys.get(key)
        if s is None:
            # the key of an alias lost its generic trailing words; so may this span
            stripped = normalise_name(key)
            if stripped != key:
                s = self._keys.get(stripped)
        return s

    def vendor_services(self, text: str) -> tuple[Service, ...]:
        """The entries a document's cell stands for when it names a vendor and nothing else
        ("GitHub": GitHub API and GitHub OAuth); empty for any other text."""
        return self._vendors.get(normalise_name(text), ())

    # -- code signals

    def by_package(self, ecosystem: str, name: str) -> list[Service]:
        """Services that a dependency on ``name`` in ``ecosystem`` points to (exact names, globs, Go
        path prefixes on ``/`` boundaries)."""
        if ecosystem not in self._pkg_exact:
            return []
        norm = normalise_package(ecosystem, name)
        exact = self._pkg_exact[ecosystem]
        found: list[Service] = []
        if ecosystem == "go":
            parts = norm.split("/")
            for n in range(len(parts), 0, -1):
                found.extend(exact.get("/".join(parts[:n]), ()))
            found.extend(
                s
                for pattern, s in self._pkg_glob[ecosystem]
                if any(fnmatchcase("/".join(parts[:n]), pattern) for n in range(len(parts), 0, -1))
            )
        else:
            found.extend(exact.get(norm, ()))
            found.extend(s for pattern, s in self._pkg_glob[ecosystem] if fnmatchcase(norm, pattern))
        return _unique_services(found)

    def by_image(self, image_ref: str) -> list[Service]:
        """Services that a container image runs (``postgres:16``, ``bitnami/redis:7``,
        ``docker.io/library/postgres``): registry, tag and digest are ignored."""
        norm = normalise_image(image_ref)
        if not norm:
            return []
        found = list(self._image_exact.get(norm, ()))
        found.extend(s for pattern, s in self._image_glob if fnmatchcase(norm, pattern))
        return _unique_services(found)

    def by_scheme(self, scheme: str) -> list[Service]:
        """Services of a connection URL scheme (``postgres``, ``mongodb+srv``, ``amqps``); a driver
        suffix (``postgresql+asyncpg``) is ignored when the full scheme is unknown."""
        norm = scheme.strip().lower().removesuffix("://").removesuffix(":")
        found = self._schemes.get(norm)
        if found is None and "+" in norm:
            found = self._schemes.get(norm.split("+", 1)[0])
        return list(found or ())

    def by_host(self, host: str) -> list[Service]:
        """Services of an API host or URL, by suffix on dot boundaries (``api.stripe.com``,
        ``o1.ingest.sentry.io``); when several patterns match, the most specific one wins."""
        norm = normalise_host(host)
        if not norm:
            return []
        labels = norm.split(".")
        matches: list[_HostPattern] = []
        for i in range(len(labels) + 1):
            suffix = ".".join(labels[i:])
            matches.extend(self._host_exact.get(suffix, ()))
            matches.extend(hp for hp in self._host_globs.get(suffix, ()) if hp.matches(labels))
        if not matches:
            return []
        best = max(hp.specificity for hp in matches)
        return _unique_services(hp.service for hp in matches if hp.specificity == best)

    def by_env(self, name: str) -> list[Service]:
        """Services an environment variable name hints at (weak): an exact name, else the longest
        matching prefix."""
        exact = self._env_exact.get(name)
        if exact:
            return list(exact)
        for prefix in self._env_prefixes:
            if name.startswith(prefix) and len(name) > len(prefix):
                return list(self._env_prefix[prefix])
        return []

    @property
    def import_patterns(self) -> tuple[tuple[ImportPattern, Service], ...]:
        """Every ``imports`` regex (``re.MULTILINE``), with its service."""
        return tuple((rule.pattern, rule.service) for rule in self._imports)

    @property
    def import_rules(self) -> tuple[ImportRule, ...]:
        """Every ``imports`` regex (``re.MULTILINE``), with its gate literal and service."""
        return self._imports

    # -- relations

    def compatible(self, service: Service) -> tuple[Service, ...]:
        """The services whose evidence is evidence of ``service`` too: those it is reached through
        (its ``compatible`` list) and its drop-in counterparts (both ways)."""
        return self._resolve([*service.compatible, *sorted(self._drop_ins.get(service.name, ()))], service)

    def _resolve(self, names: Iterable[str], service: Service) -> tuple[Service, ...]:
        out: list[Service] = []
        for n in names:
            s = self._by_name[normalise_name(n)]
            if s not in out and s != service:
                out.append(s)
        return tuple(out)

    def backing(self, service: Service) -> tuple[Service, ...]:
        """What ``service`` runs on (its ``backed_by`` list): its evidence is evidence of those too."""
        return self._resolve(service.backed_by, service)

    def drop_in_group(self, service: Service) -> frozenset[str]:
        """``service`` and its drop-in counterparts, by canonical name (MariaDB and MySQL)."""
        return frozenset({service.name, *self._drop_ins.get(service.name, ())})

    def accepts(self, documented: Service, detected: Service) -> bool:
        """Whether code evidence for ``detected`` is consistent with a document naming ``documented``:
        the same entry, one that ``documented`` is reached through (R2 through the S3 client), a drop-in
        counterpart (MariaDB for MySQL), or what it runs on (Redis under Sidekiq)."""
        return (
            detected == documented
            or detected in self.compatible(documented)
            or detected in self.backing(documented)
        )
