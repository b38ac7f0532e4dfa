"""The service catalog (``data/services.yml``): what each external service is called and how code that
talks to it can be recognised, as data.

Every entry is validated by :class:`Service` when the catalog loads. A repository adds or replaces
entries through its config file (``load_catalog(extra)``); an extra entry whose canonical name equals a
built-in one (after :func:`normalise_name`) replaces it, and its aliases take precedence over built-in
aliases with the same key.

Lookups are built once per catalog:

- :meth:`Catalog.match_name` resolves a document's Service/Provider cell ("PostgreSQL 16",
  "Postgres (via Supabase)", "AWS S3") to an entry by canonical name or alias;
- :meth:`Catalog.by_package`, :meth:`Catalog.by_image`, :meth:`Catalog.by_scheme`,
  :meth:`Catalog.by_host` and :meth:`Catalog.by_env` map code signals to
  entries.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fnmatch import fnmatchcase
from functools import cache
from typing import Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from integrations_drift.datafiles import load
from integrations_drift.errors import UsageError
from integrations_drift.validation import first_error

# the ids of the template categories in data/categories.yml, in the same order
Category = Literal["databases", "auth", "apis", "queues", "caching", "monitoring", "storage", "email"]
Ecosystem = Literal["npm", "pypi", "go", "rubygems", "crates", "maven", "nuget", "composer"]

CATEGORIES: tuple[str, ...] = get_args(Category)
ECOSYSTEMS: tuple[str, ...] = get_args(Ecosystem)

_DATA_FILE = "services.yml"


class CatalogError(UsageError):
    """An invalid catalog entry (built-in or from a config file); the message names the entry."""


# --------------------------------------------------------------------------------------------- names

# Words that say what kind of thing a name is, not which one: dropped from the end of a name.
_TRAILING_GENERIC = frozenset(
    {
        "api",
        "apis",
        "sdk",
        "sdks",
        "client",
        "clients",
        "library",
        "lib",
        "service",
        "services",
        "cloud",
        "platform",
        "integration",
    }
)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)
_VERSION = re.compile(r"(?<![\w.])v?\d+(?:\.(?:\d+|x|\*))*\+?(?![\w])", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise_name(s: str) -> str:
    """A case-, accent- and punctuation-insensitive key for a service name.

    Markdown links keep their text, URLs and standalone version numbers ("16", "7.x", "v2") are
    dropped, every run of punctuation becomes one space, and generic trailing words ("API", "SDK",
    "Client", "Cloud", "Service", "Platform") are dropped while a word remains before them:
    ``"PostgreSQL 16"`` → ``"postgresql"``, ``"RDS (PostgreSQL)"`` → ``"rds postgresql"``,
    ``"Stripe API"`` → ``"stripe"``, ``"Pub/Sub"`` → ``"pub sub"``.
    """
    text = unicodedata.normalize("NFKD", s)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _MD_LINK.sub(r"\1", text)
    text = _URL.sub(" ", text)
    text = text.replace("'", "").replace("\u2019", "")
    text = _VERSION.sub(" ", text)
    tokens = _NON_ALNUM.sub(" ", text.lower()).split()
    # never down to one letter: "X API" stays "x api"
    while len(tokens) > 1 and tokens[-1] in _TRAILING_GENERIC and (len(tokens) > 2 or len(tokens[0]) > 1):
        tokens.pop()
    return " ".join(tokens)


def normalise_package(ecosystem: str, name: str) -> str:
    """The form a package name is compared in: PyPI per PEP 503, crates with ``_`` as ``-``, Go module
    paths as written, every other ecosystem lower-cased."""
    name = name.strip()
    if ecosystem == "pypi":
        return re.sub(r"[-_.]+", "-", name).lower()
    if ecosystem == "crates":
        return name.replace("_", "-").lower()
    if ecosystem == "go":
        return name.rstrip("/")
    return name.lower()


def normalise_image(ref: str) -> str:
    """An image reference without registry, tag, digest or the Docker Hub ``library/`` namespace:
    ``docker.io/library/postgres:16`` → ``postgres``, ``bitnami/redis:7`` → ``bitnami/redis``,
    ``${REGISTRY}/rabbitmq:3-management`` → ``rabbitmq``."""
    ref = ref.strip().strip("'\"").split("@", 1)[0]
    parts = [p for p in ref.split("/") if p]
    if not parts:
        return ""
    last = parts[-1]
    if ":" in last:
        parts[-1] = last.split(":", 1)[0]
    first = parts[0]
    if len(parts) > 1 and (
        "." in first or ":" in first or first == "localhost" or "$" in first or "{" in first
    ):
        parts = parts[1:]
    if parts[:2] == ["docker", "library"]:
        parts = parts[2:]
    elif parts[:1] == ["library"]:
        parts = parts[1:]
    return "/".join(parts).lower()


def normalise_host(host: str) -> str:
    """A bare host name from a host or URL: lower-case, without scheme, user info, port, path or
    trailing dot."""
    h = host.strip().lower()
    if "://" in h:
        h = h.split("://", 1)[1]
    h = re.split(r"[/?#]", h, maxsplit=1)[0]
    h = h.rsplit("@", 1)[-1]
    if h.startswith("["):
        return h
    return h.split(":", 1)[0].rstrip(".")


# --------------------------------------------------------------------------------------------- model

_PACKAGE_SHAPES: dict[str, re.Pattern[str]] = {
    "npm": re.compile(r"(?:@[a-z0-9*][a-z0-9._*-]*/)?[a-z0-9*][a-z0-9._*-]*"),
    "pypi": re.compile(r"[a-z0-9*](?:[a-z0-9*-]*[a-z0-9*])?"),
    "go": re.compile(r"[A-Za-z0-9][\w.-]*\.[a-z]{2,}(?:/[\w.~*-]+)*"),
    "rubygems": re.compile(r"[A-Za-z0-9][\w.*-]*"),
    "crates": re.compile(r"[A-Za-z0-9][\w*-]*"),
    "maven": re.compile(r"[\w.*-]+:[\w.*-]+"),
    "nuget": re.compile(r"[A-Za-z0-9][\w.*-]*"),
    "composer": re.compile(r"[a-z0-9][a-z0-9_.*-]*/[a-z0-9][a-z0-9_.*-]*"),
}
# The shape of each plain signal list's values, with the error's label and hint when one does not fit.
_SIGNAL_SHAPES: dict[str, tuple[re.Pattern[str], str, str]] = {
    "images": (
        re.compile(r"[a-z0-9*][a-z0-9._*-]*(?:/[a-z0-9*][a-z0-9._*-]*)*"),
        "image",
        "write the repository path in lower case, without tag",
    ),
    "schemes": (re.compile(r"[a-z][a-z0-9+.-]*"), "scheme", "a lower-case URL scheme without ://"),
    "hosts": (
        re.compile(r"(?:\*\.)?[a-z0-9*](?:[a-z0-9*-]*[a-z0-9*])?(?:\.[a-z0-9*](?:[a-z0-9*-]*[a-z0-9*])?)+"),
        "host",
        "a lower-case host name, optionally starting with *.",
    ),
    "env": (
        re.compile(r"[A-Z][A-Z0-9_]*|[A-Z][A-Z0-9_]{2,}\*"),  # a name, or a prefix ending in *
        "env",
        "an upper-case variable name, or a prefix ending in *",
    ),
}


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Packages(_Frozen):
    """Package names per ecosystem: exact names or globs (``*``). npm names as published (scoped
    allowed), PyPI names normalised, Maven ``group:artifact``, NuGet any case, Go module or package
    paths (a prefix on ``/`` boundaries: ``github.com/jackc/pgx`` covers ``github.com/jackc/pgx/v5``)."""

    npm: tuple[str, ...] = ()
    pypi: tuple[str, ...] = ()
    go: tuple[str, ...] = ()
    rubygems: tuple[str, ...] = ()
    crates: tuple[str, ...] = ()
    maven: tuple[str, ...] = ()
    nuget: tuple[str, ...] = ()
    composer: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _shapes(self) -> Packages:
        for eco in ECOSYSTEMS:
            for name in getattr(self, eco):
                if eco == "pypi" and (norm := normalise_package("pypi", name)) != name:
                    raise ValueError(f"pypi package {name!r}: write it normalised, {norm!r}")
                if not _PACKAGE_SHAPES[eco].fullmatch(name):
                    raise ValueError(f"{eco} package {name!r} is not a valid {eco} name")
        return self

    def items(self) -> Iterator[tuple[str, str]]:
        for eco in ECOSYSTEMS:
            for name in getattr(self, eco):
                yield eco, name


class Signals(_Frozen):
    packages: Packages = Field(default_factory=Packages)
    imports: tuple[str, ...] = ()  # regexes over source code
    images: tuple[str, ...] = ()  # container images, without registry or tag
    schemes: tuple[str, ...] = ()  # URL schemes of connection strings
    hosts: tuple[str, ...] = ()  # API hosts; a leading "*." means strictly below; "*" inside a label globs
    env: tuple[str, ...] = ()  # variable names or trailing-* prefixes: weak signals

    @field_validator("imports")
    @classmethod
    def _regexes(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in v:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"import regex {pattern!r}: {exc}") from None
        return v

    @field_validator(*_SIGNAL_SHAPES)
    @classmethod
    def _shapes(cls, v: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        assert info.field_name is not None
        shape, label, hint = _SIGNAL_SHAPES[info.field_name]
        for value in v:
            if not shape.fullmatch(value):
                raise ValueError(f"{label} {value!r}: {hint}")
        return v

    @field_validator("images")  # runs after _shapes
    @classmethod
    def _images_unqualified(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for image in v:
            if normalise_image(image) != image:
                raise ValueError(f"image {image!r}: write it without registry host or library/ prefix")
        return v

    @property
    def strong(self) -> bool:
        """Whether there is any signal other than env names."""
        return bool(
            any(True for _ in self.packages.items())
            or self.imports
            or self.images
            or self.schemes
            or self.hosts
        )


class Service(_Frozen):
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    category: Category
    kind: str | None = None  # short type text for a table's Type column
    # reached through the clients, schemes or hosts of these services (S3-compatible storage,
    # OpenAI-compatible APIs, SMTP relays, Redis-protocol caches): their signals fit this entry too
    compatible: tuple[str, ...] = ()
    signals: Signals = Field(default_factory=Signals)

    @field_validator("name", "aliases", "kind")
    @classmethod
    def _has_words(cls, v: Any) -> Any:
        for text in (v,) if isinstance(v, str) else v or ():
            if not normalise_name(text):
                raise ValueError(f"{text!r} has no letters or digits")
        return v

    @model_validator(mode="after")
    def _strong(self) -> Service:
        if not self.signals.strong:
            raise ValueError(
                "needs at least one signal besides env (packages, imports, images, schemes or hosts)"
            )
        return self

    @property
    def key(self) -> str:
        return normalise_name(self.name)

    def name_keys(self) -> list[str]:
        """Normalised canonical name and aliases, without repeats, canonical first."""
        out: list[str] = []
        for text in (self.name, *self.aliases):
            k = normalise_name(text)
            if k not in out:
                out.append(k)
        return out


class CatalogFile(_Frozen):
    """``data/services.yml``."""

    version: Literal[1]
    services: tuple[Service, ...]

    @model_validator(mode="after")
    def _unique(self) -> CatalogFile:
        _check_unique(self.services, "services")
        return self


def _check_unique(services: Sequence[Service], where: str) -> None:
    owner: dict[str, str] = {}
    names: set[str] = set()
    for s in services:
        if s.key in names:
            raise ValueError(f"{where}: duplicate canonical name {s.name!r}")
        names.add(s.key)
        for k in s.name_keys():
            other = owner.setdefault(k, s.name)
            if other != s.name:
                raise ValueError(f"{where}: {s.name!r} and {other!r} share the name or alias {k!r}")


# --------------------------------------------------------------------------------------------- lookups


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

    def __init__(self, services: Sequence[Service], *, preferred: Iterable[str] = ()) -> None:
        self.services: tuple[Service, ...] = tuple(services)
        by_name = {s.key: s for s in self.services}
        for s in self.services:
            for other in s.compatible:
                if normalise_name(other) not in by_name:
                    raise CatalogError(
                        f"catalog entry {s.name!r}: compatible service {other!r} is not in the catalog"
                    )
        self._by_name = by_name
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
        imports: list[tuple[re.Pattern[str], Service]] = []
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
            for pattern in sig.imports:
                imports.append((re.compile(pattern, re.MULTILINE), s))
        self._env_prefixes = sorted(self._env_prefix, key=len, reverse=True)
        self._imports = tuple(imports)

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
    def import_patterns(self) -> tuple[tuple[re.Pattern[str], Service], ...]:
        """Every ``imports`` regex, compiled (``re.MULTILINE``), with its service."""
        return self._imports

    # -- relations

    def compatible(self, service: Service) -> tuple[Service, ...]:
        """The services whose clients, schemes or hosts ``service`` is reached through."""
        return tuple(self._by_name[normalise_name(n)] for n in service.compatible)

    def accepts(self, documented: Service, detected: Service) -> bool:
        """Whether code evidence for ``detected`` is consistent with a document naming ``documented``:
        the same entry, or one that ``documented`` is reached through (R2 through the S3 client)."""
        return detected == documented or detected in self.compatible(documented)


# --------------------------------------------------------------------------------------------- loading


def _entry_label(raw: Any, index: int) -> str:
    if isinstance(raw, Mapping) and isinstance(raw.get("name"), str) and raw["name"].strip():
        return f"{raw['name']!r} (entry {index + 1})"
    return f"entry {index + 1}"


def _builtin_services() -> tuple[Service, ...]:
    return load(_DATA_FILE, CatalogFile).services


@cache
def _builtin_catalog() -> Catalog:
    return Catalog(_builtin_services())


def validate_extra(extra: Sequence[Any]) -> tuple[Service, ...]:
    """Config-file entries validated like built-in ones; the error names the entry."""
    services: list[Service] = []
    seen: dict[str, str] = {}
    for i, raw in enumerate(extra):
        label = _entry_label(raw, i)
        if not isinstance(raw, Mapping):
            raise CatalogError(f"service catalog {label}: expected a mapping with name, category and signals")
        try:
            service = Service.model_validate(raw)
        except ValidationError as exc:
            raise CatalogError(f"service catalog {label}: {first_error(exc)}") from None
        if any(s.key == service.key for s in services):
            raise CatalogError(f"service catalog {label}: duplicate canonical name {service.name!r}")
        for k in service.name_keys():
            other = seen.setdefault(k, service.name)
            if other != service.name:
                raise CatalogError(f"service catalog {label}: shares the name or alias {k!r} with {other!r}")
        services.append(service)
    return tuple(services)


def load_catalog(extra: list[dict[str, Any]] | None = None) -> Catalog:
    """The built-in catalog (validated and indexed once), plus ``extra`` entries from a repository's
    config file. An extra entry with the same canonical name as a built-in one replaces it; extra
    aliases win over built-in aliases with the same key."""
    if not extra:
        return _builtin_catalog()
    added = validate_extra(extra)
    replaced = {s.key for s in added}
    merged = [s for s in _builtin_services() if s.key not in replaced] + list(added)
    return Catalog(merged, preferred=(s.name for s in added))
