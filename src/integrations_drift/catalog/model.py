"""The catalog's schema: what one entry of ``data/services.yml`` (or of a config file's
``services:``) may say, validated when it loads."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from integrations_drift.catalog.names import normalise_image, normalise_name, normalise_package
from integrations_drift.doc.categories import CategoryId as Category
from integrations_drift.errors import UsageError
from integrations_drift.lazy_re import lazy

# Ecosystems are where the manifest readers find packages.
Ecosystem = Literal["npm", "pypi", "go", "rubygems", "crates", "maven", "nuget", "composer", "hex"]

ECOSYSTEMS: tuple[str, ...] = get_args(Ecosystem)


class CatalogError(UsageError):
    """An invalid catalog entry (from a config file, or a built-in entry's relation to another); the
    message names the entry."""


_PACKAGE_SHAPES: dict[str, re.Pattern[str]] = {
    "npm": re.compile(r"(?:@[a-z0-9*][a-z0-9._*-]*/)?[a-z0-9*][a-z0-9._*-]*"),
    # `django-storages/azure`: a project with one of its extras (`django-storages[azure]`)
    "pypi": re.compile(r"[a-z0-9*](?:[a-z0-9*-]*[a-z0-9*])?(?:/[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)?"),
    "go": re.compile(r"[A-Za-z0-9][\w.-]*\.[a-z]{2,}(?:/[\w.~*-]+)*"),
    "rubygems": re.compile(r"[A-Za-z0-9][\w.*-]*"),
    # `diesel/postgres`: a crate with one of its features, as Cargo's `[features]` spells it
    "crates": re.compile(r"[A-Za-z0-9][\w*-]*(?:/[\w*-]+)?"),
    "maven": re.compile(r"[\w.*-]+:[\w.*-]+"),
    "nuget": re.compile(r"[A-Za-z0-9][\w.*-]*"),
    # `ext-pgsql`: a PHP extension, a platform package that may be a service's client
    "composer": re.compile(r"[a-z0-9][a-z0-9_.*-]*/[a-z0-9][a-z0-9_.*-]*|ext-[a-z0-9_]+"),
    "hex": re.compile(r"[a-z*][a-z0-9_*]*"),
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
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Packages(_Frozen):
    """Package names per ecosystem: exact names or globs (``*``). npm names as published (scoped
    allowed), PyPI names normalised, Maven ``group:artifact``, NuGet any case, Go module or package
    paths (a prefix on ``/`` boundaries: ``github.com/jackc/pgx`` covers ``github.com/jackc/pgx/v5``),
    Hex names as published (``postgrex``)."""

    npm: tuple[str, ...] = ()
    pypi: tuple[str, ...] = ()
    go: tuple[str, ...] = ()
    rubygems: tuple[str, ...] = ()
    crates: tuple[str, ...] = ()
    maven: tuple[str, ...] = ()
    nuget: tuple[str, ...] = ()
    composer: tuple[str, ...] = ()
    hex: tuple[str, ...] = ()

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


_ESCAPED_PUNCTUATION = lazy(r"\\([^0-9A-Za-z])")


class ImportSignal(_Frozen):
    """A client construction: a regex over source code (compiled with ``re.MULTILINE``), and a
    literal every match contains. Only files that contain the literal are searched with the regex;
    without one the regex is tried on every file. A bare string is a regex without a literal."""

    regex: str
    literal: str | None = Field(default=None, min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _bare_regex(cls, v: Any) -> Any:
        return {"regex": v} if isinstance(v, str) else v

    @model_validator(mode="after")
    def _literal_in_regex(self) -> ImportSignal:
        try:
            compiled = re.compile(self.regex, re.MULTILINE)
        except re.error as exc:
            raise ValueError(f"import regex {self.regex!r}: {exc}") from None
        if self.literal is None:
            return self
        # The gate compares bytes as written: a case-insensitive regex has no such literal.
        if compiled.flags & re.IGNORECASE:
            raise ValueError(f"import regex {self.regex!r}: ignores case, so it can have no literal")
        # A cheap check that catches a mistyped or stale literal; whether the literal sits outside
        # optional groups and alternations is the author's to see.
        if self.literal not in _ESCAPED_PUNCTUATION.sub(r"\1", self.regex):
            raise ValueError(f"import regex {self.regex!r}: the literal {self.literal!r} is not in it")
        return self


class Signals(_Frozen):
    packages: Packages = Field(default_factory=Packages)
    imports: tuple[ImportSignal, ...] = ()  # client constructions in source code
    images: tuple[str, ...] = ()  # container images, without registry or tag
    schemes: tuple[str, ...] = ()  # URL schemes of connection strings
    hosts: tuple[str, ...] = ()  # API hosts; a leading "*." means strictly below; "*" inside a label globs
    env: tuple[str, ...] = ()  # variable names or trailing-* prefixes: weak signals

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
    # a drop-in replacement for these (a fork or a hosted flavour speaking their protocol: MariaDB for
    # MySQL, Valkey for Redis): their clients reach it, a document naming either accepts the other's
    # evidence, and when both show in code they are one integration (one init row, named after this one)
    drop_in_for: tuple[str, ...] = ()
    # runs on these services (a job framework's broker or store: Sidekiq on Redis): a document naming
    # this entry accepts their evidence, and each keeps its own init row
    backed_by: tuple[str, ...] = ()
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


class Vendor(_Frozen):
    """One vendor of ``data/vendors.yml``: its name in a document stands for all of its entries."""

    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()  # an entry whose name starts with one (whole words) is the vendor's
    services: tuple[str, ...] = ()  # entries named otherwise

    def name_keys(self) -> list[str]:
        return list(dict.fromkeys(normalise_name(t) for t in (self.name, *self.aliases)))


class VendorsFile(_Frozen):
    """``data/vendors.yml``."""

    version: Literal[1]
    vendors: tuple[Vendor, ...]
