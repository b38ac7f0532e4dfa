"""The keys names, packages, images and hosts are compared by: case-, punctuation- and
decoration-insensitive forms shared by the catalog's validation and its lookups."""

from __future__ import annotations

import re
import unicodedata

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
