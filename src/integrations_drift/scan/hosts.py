"""What a host or URL names: a service's domain, a documentation or asset link, a placeholder.

The vocabulary is data (``data/endpoints.yml``); this module holds the few mechanisms on top of it:
the registrable domain of a host (``api.pushover.net`` → ``pushover.net``, ``x.herokuapp.com`` stays
itself), whether a host names no service (standards, registries, CDNs, examples), and whether a URL
path is an API's or a page's.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Any

from pydantic import BeforeValidator, field_validator

from integrations_drift.datafiles import DataModel, load


def _join_alternatives(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "|".join(f"(?:{v})" for v in value)
    return value


Alternation = Annotated[re.Pattern[str], BeforeValidator(_join_alternatives)]


class EndpointWords(DataModel):
    """``data/endpoints.yml``."""

    non_service_hosts: tuple[str, ...]
    placeholder_labels: frozenset[str]
    placeholder_words: frozenset[str]
    reserved_tlds: frozenset[str]
    public_suffixes: frozenset[str]
    doc_host_labels: frozenset[str]
    doc_path_segments: frozenset[str]
    asset_extensions: frozenset[str]
    api_host_label_regex: Alternation
    api_path_regex: Alternation
    http_call_regex: Alternation
    url_name_words: frozenset[str]
    endpoint_name_words: frozenset[str]
    link_name_words: frozenset[str]
    bare_origin_name_words: frozenset[str]
    link_context_regex: Alternation
    example_path_regex: Alternation
    text_path_regex: Alternation
    generic_project_words: frozenset[str]
    host_setting_keys: frozenset[str]

    @field_validator("non_service_hosts")
    @classmethod
    def _lower(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for host in v:
            if host != host.lower() or "://" in host or not host.split("/", 1)[0].count("."):
                raise ValueError(f"{host!r}: a lower-case host name, optionally followed by a path prefix")
        return v


def endpoint_words() -> EndpointWords:
    return load("endpoints.yml", EndpointWords)


@cache
def _non_service() -> dict[str, tuple[str, ...]]:
    """Non-service hosts: host → path prefixes ("" for the whole host)."""
    out: dict[str, list[str]] = {}
    for entry in endpoint_words().non_service_hosts:
        host, _, path = entry.partition("/")
        out.setdefault(host, []).append("/" + path if path else "")
    return {h: tuple(p) for h, p in out.items()}


_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_REPEATED = re.compile(r"(.)\1{2,}")  # xxxxxxx.com, aaa.com: a placeholder


def is_real_host(host: str) -> bool:
    """A public DNS name: no IP address, no single label, no reserved or example name, no
    placeholder (``yourdomain.com``), no template (``{host}``)."""
    if not host or "." not in host or _IPV4.fullmatch(host):
        return False
    labels = host.split(".")
    if not all(_LABEL.fullmatch(label) for label in labels):
        return False
    words = endpoint_words()
    tld = labels[-1]
    if tld in words.reserved_tlds or tld.isdigit() or len(tld) < 2:
        return False
    owner = registrable_domain(host).split(".", 1)[0]
    if owner in words.placeholder_labels or _REPEATED.fullmatch(owner):
        return False
    return not any(part in words.placeholder_words for part in owner.split("-"))


def registrable_domain(host: str) -> str:
    """The domain a host belongs to: one label left of its public suffix (``api.pushover.net`` →
    ``pushover.net``, ``a.b.co.uk`` → ``b.co.uk``; ``app.herokuapp.com`` is its own tenant)."""
    labels = host.split(".")
    suffixes = endpoint_words().public_suffixes
    for i in range(1, len(labels)):
        if ".".join(labels[i:]) in suffixes:
            return ".".join(labels[i - 1 :])
    return ".".join(labels[-2:])


def is_non_service(host: str, path: str) -> bool:
    """Whether ``host`` (with URL ``path``) is on the non-service list: a suffix match on dot
    boundaries, and the entry's path prefix when it has one."""
    table = _non_service()
    labels = host.split(".")
    for i in range(len(labels) - 1):
        prefixes = table.get(".".join(labels[i:]))
        if prefixes is not None and any(path.startswith(p) for p in prefixes):
            return True
    return False


_API_SEGMENT = re.compile(r"api|apis|rest|graphql|v\d+(?:\.\d+)?")


def is_doc_link(host: str, path: str) -> bool:
    """A documentation, legal or website page, or a file to show: by the host's first label
    (``docs.``, ``help.``), a path segment (``/docs/``, ``/blob/``, ``/pricing``; the first of a doc
    segment and an API one decides: ``/api/article`` is an API, ``/docs/api`` a page; on an API host
    every path is the API's) or an asset extension (``.png``, ``.css``, ``.html``)."""
    words = endpoint_words()
    if host.split(".", 1)[0] in words.doc_host_labels:
        return True
    segments = [s.lower() for s in path.split("/") if s]
    if segments:
        last = segments[-1]
        if "." in last and last.rsplit(".", 1)[1] in words.asset_extensions:
            return True
    if is_api_host(host):
        return False
    for s in segments:
        if _API_SEGMENT.fullmatch(s):
            return False
        if s in words.doc_path_segments:
            return True
    return False


def is_placeholder_path(path: str) -> bool:
    """A path that is an example to fill in (``/your-account-id``, ``/<token>``, ``/xxxxxxxx``)."""
    words = endpoint_words()
    for segment in path.lower().split("/"):
        if not segment:
            continue
        if "<" in segment or _REPEATED_X.fullmatch(segment):
            return True
        if any(part in words.placeholder_words for part in re.split(r"[-_.]", segment)):
            return True
    return False


_REPEATED_X = re.compile(r"x{4,}|\.{3,}")


def is_api_host(host: str) -> bool:
    """A host whose labels left of its registrable domain look like an API's (``api.``, ``api2.``,
    ``oapi.``, ``graph.``, ``hooks.``)."""
    sub = host[: -len(registrable_domain(host))].rstrip(".")
    if not sub:
        return False
    pattern = endpoint_words().api_host_label_regex
    return any(pattern.fullmatch(label) for label in sub.split("."))


def is_api_path(path: str) -> bool:
    """A URL path that looks like an API's: ``/api/``, ``/v2/``, ``/graphql``, ``….json``."""
    return endpoint_words().api_path_regex.search(path) is not None
