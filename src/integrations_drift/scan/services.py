"""Which external services the code talks to: catalog signals gathered from the tree, and the open
world beside the catalog.

Strength decides what may become a finding: a runtime dependency, a container image, a client
construction (``imports``), a login provider registered with an auth framework, or an API called
over HTTP (a URL literal used as an endpoint) in application code is strong; a URL scheme, a host
merely named and an env-var name are weak, and only two weak signals of different kinds from two
files together are strong. Signals from test and tooling code or development dependencies are evidence that a
service is still used, never reason enough to call it undocumented.

A host the catalog does not know is a service of its own, named by its registrable domain
(``https://api.pushover.net/1/messages.json`` → ``pushover.net``): strong only when the URL is an
API endpoint in application code, weak otherwise (then it only verifies a documented name).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from integrations_drift.catalog import Catalog, ImportPattern, ImportRule, Service, Signals
from integrations_drift.scan.endpoints import Endpoint, ImageRef, source_of
from integrations_drift.scan.go_imports import go_imports
from integrations_drift.scan.hosts import is_non_service, is_real_host, registrable_domain
from integrations_drift.scan.logins import (
    from_file_name,
    from_package,
    login_markers,
    login_providers,
    logins_in,
    provider_name,
)
from integrations_drift.scan.manifests import Dependency
from integrations_drift.scan.needles import Needles
from integrations_drift.scan.plugins import package_vendor, provider_module, vendor_classes
from integrations_drift.scan.project import is_own_domain
from integrations_drift.scan.types import EnvRef

SignalKind = Literal["package", "image", "import", "login", "module", "api", "scheme", "host", "env"]
STRONG_KINDS: frozenset[str] = frozenset({"package", "image", "import", "login", "module", "api"})
# Web schemes name no service by themselves; their host does.
_WEB_SCHEMES = frozenset({"http", "https", "ws", "wss", "file", "data", "ftp", "mailto"})
_RANK = {
    "import": 0,
    "login": 1,
    "module": 2,
    "package": 3,
    "image": 4,
    "api": 5,
    "host": 6,
    "scheme": 7,
    "env": 8,
}
OPEN_WORLD_KIND = "HTTP API"


@dataclass(frozen=True, slots=True)
class Signal:
    kind: SignalKind
    path: str
    line: int
    detail: str  # what was seen: the package "pg", the image "postgres:16", the host "api.stripe.com"
    context: bool  # test or tooling code, or a development dependency
    ecosystem: str = ""  # for a package: where it is published


@dataclass
class ServiceEvidence:
    service: Service
    signals: list[Signal] = field(default_factory=list)
    open_world: bool = False  # not a catalog entry: a domain called over HTTP, a login provider by its id

    def app_signals(self) -> list[Signal]:
        return [s for s in self.signals if not s.context]

    @property
    def strong(self) -> bool:
        """A strong signal in application code, or two weak ones of different kinds from two files
        (one file's ``env("SQS_PREFIX", "https://sqs…")`` and ``env("SQS_QUEUE")`` are one block of
        configuration, such as a framework's boilerplate, not two pieces of evidence)."""
        app = self.app_signals()
        if any(s.kind in STRONG_KINDS for s in app):
            return True
        return len({s.kind for s in app}) >= 2 and len({s.path for s in app}) >= 2

    def client_location(self) -> str | None:
        """Where the client is made: a client construction or login registration, else an API call,
        else a URL or host in code, else the manifest."""
        for kinds in (("import", "login", "module"), ("api",), ("host", "scheme"), ("package",), ("image",)):
            for s in self.app_signals():
                if s.kind in kinds:
                    return s.path
        return None

    def has_client(self) -> bool:
        """Whether application code brings in a client of this service's own (a dependency or a
        client construction)."""
        return any(s.kind in ("package", "import") for s in self.app_signals())

    def package(self) -> str | None:
        """The dependency that brings the client in, when one does."""
        return next((s.detail for s in self.ranked() if s.kind == "package"), None)

    def ranked(self) -> list[Signal]:
        return sorted(self.signals, key=lambda s: (s.context, _RANK[s.kind], s.path, s.line))


class ImportGate:
    """Runs an ``imports`` regex only on files that contain its literal.

    A hundred-odd client-construction regexes tried on every file cost seconds (backtracking
    alternations); one Aho-Corasick pass over the raw bytes for their literals costs a fraction of that
    and leaves one or two regexes to try on the few files that name an SDK at all.
    """

    def __init__(self, rules: Sequence[ImportRule], markers: Iterable[str] = ()) -> None:
        self._by_literal: dict[str, list[tuple[ImportPattern, Service]]] = {}
        self._always: list[tuple[ImportPattern, Service]] = []
        for pattern, literal, service in rules:
            if literal is not None:
                self._by_literal.setdefault(literal, []).append((pattern, service))
            else:
                self._always.append((pattern, service))
        # Other scanners' literals found in the same pass (the login registries').
        self._markers = frozenset(markers)
        self._needles = Needles({*self._by_literal, *self._markers})

    def candidates(self, data: bytes) -> list[tuple[ImportPattern, Service]]:
        return self.scan(data)[0]

    def scan(self, data: bytes) -> tuple[list[tuple[ImportPattern, Service]], frozenset[str]]:
        """The regexes to try on ``data``, and the markers it contains."""
        found: list[tuple[ImportPattern, Service]] = list(self._always)
        seen = self._needles.found_in(data)
        for literal in sorted(seen):
            found.extend(self._by_literal.get(literal, ()))
        return found, frozenset(seen & self._markers)


class ServiceDetector:
    """Collects signals per service; feed it, then read ``evidence``."""

    def __init__(
        self,
        catalog: Catalog,
        own_names: frozenset[str] = frozenset(),
        own_apps: frozenset[str] = frozenset(),
    ) -> None:
        self.catalog = catalog
        # The project's own names (scan/project.py): hosts of its own domain are its site and its
        # own services, named one per host.
        self.own_names = own_names
        # The catalog entries that are the application itself (scan/project.py): never its own
        # integration, whatever image, path or package names them.
        self.own_apps = own_apps
        self._self_entries = frozenset(
            entry.name for app in own_apps if (entry := catalog.get(app)) is not None
        )
        self.evidence: dict[str, ServiceEvidence] = {}
        self._gate = ImportGate(catalog.import_rules, login_markers())
        self._hosts: dict[str, tuple[list[Service], Service | None]] = {}
        self.added = 0  # signals added so far: whether one file gave any

    def _add(self, services: Iterable[Service], signal: Signal) -> None:
        self.added += 1
        for s in services:
            if s.name in self._self_entries:
                continue
            # what a job framework runs on is used wherever it is (Sidekiq's gem is Redis evidence)
            for t in (s, *self.catalog.backing(s)):
                ev = self.evidence.get(t.name)
                if ev is None:
                    ev = self.evidence[t.name] = ServiceEvidence(t)
                ev.signals.append(signal)

    def _add_open(self, service: Service, signal: Signal) -> None:
        self.added += 1
        ev = self.evidence.get(service.name)
        if ev is None:
            ev = self.evidence[service.name] = ServiceEvidence(service, open_world=True)
        ev.signals.append(signal)

    def carry_over(self, services: dict[str, ServiceEvidence], dropped_paths: set[str]) -> None:
        """Start from another scan's evidence, less the signals of ``dropped_paths``."""
        for name, ev in services.items():
            kept = [s for s in ev.signals if s.path not in dropped_paths]
            if kept:
                self.evidence[name] = ServiceEvidence(ev.service, kept, ev.open_world)

    def add_dependencies(self, deps: Sequence[Dependency], support: Iterable[str] = ()) -> None:
        support_paths = set(support)
        for d in deps:
            context = d.dev or d.path in support_paths
            services = self.catalog.by_package(d.ecosystem, d.name)
            if services:
                self._add(services, Signal("package", d.path, d.line, d.name, context, d.ecosystem))
            vendor = package_vendor(d.ecosystem, d.name)
            plugged = self.catalog.get(vendor) if vendor is not None else None
            if plugged is not None and plugged not in services:
                self._add([plugged], Signal("package", d.path, d.line, d.name, context, d.ecosystem))
            provider = from_package(d.ecosystem, d.name)
            if provider is not None:
                detail = f"{provider} ({d.name})"
                self._add_login(provider, True, Signal("login", d.path, d.line, detail, context, d.ecosystem))

    def _add_login(self, provider: str, open_registry: bool, signal: Signal) -> None:
        """A login provider by its id: the catalog entry the registries' table names, else (from a
        registry whose ids are always providers) a provider of its own."""
        name = login_providers().providers.get(provider)
        service = self.catalog.get(name if name is not None else provider_name(provider))
        if service is not None:
            self._add([service], signal)
        elif open_registry:
            self._add_open(login_service(provider), signal)

    def add_source(self, path: str, data: bytes, is_support: bool) -> None:
        module = self._module_service(path)
        if module is not None:
            self._add([module], Signal("module", path, 1, path.rpartition("/")[2], is_support))
        if not is_support and b"class" in data and source_of(path) == "code":
            self._add_vendor_classes(path, data.decode("utf-8", errors="replace"))
        if path.endswith(".go") and b"import" in data:
            self._add_go_imports(path, data, is_support)
        if not is_support and source_of(path) == "code":
            provider = from_file_name(path)
            if provider is not None:
                name = path.rpartition("/")[2]
                self._add_login(provider, False, Signal("login", path, 1, name, False))
        candidates, markers = self._gate.scan(data)
        if markers:
            for login in logins_in(path, data, markers):
                signal = Signal("login", path, login.line, login.provider, is_support)
                self._add_login(login.provider, login.open, signal)
        if not candidates:
            return
        text = data.decode("utf-8", errors="replace")
        for pattern, service in candidates:
            m = pattern.search(text)
            if m is not None:
                line = text.count("\n", 0, m.start()) + 1
                snippet = (
                    m.group(0).strip().splitlines()[0][:60] if m.group(0).strip() else pattern.pattern[:60]
                )
                self._add([service], Signal("import", path, line, snippet, is_support))

    def _add_go_imports(self, path: str, data: bytes, is_support: bool) -> None:
        """A Go package imported is a client of the service the catalog maps it to, also where
        go.mod names only the module that holds many (the AWS SDK's ``service/s3``,
        ``golang.org/x/oauth2/google``)."""
        for imported, line in go_imports(data):
            if "." not in imported.partition("/")[0]:
                continue  # the standard library
            services = self.catalog.by_package("go", imported)
            if services:
                self._add(services, Signal("import", path, line, imported, is_support))

    def _add_vendor_classes(self, path: str, text: str) -> None:
        """A registry of vendor classes (``class Slack(Transport)`` beside ``class Pushover(Transport)``):
        each class named after a catalog vendor, when two or more of them share their base, is that
        vendor's integration even when its URL comes from settings."""
        for classes in vendor_classes(text).values():
            hits = [
                (s, name, line) for stem, name, line in classes if (s := self.catalog.get(stem)) is not None
            ]
            if len({s.name for s, _, _ in hits}) < 2:
                continue
            for service, name, line in hits:
                self._add([service], Signal("module", path, line, f"class {name}", False))

    def add_endpoints(self, endpoints: Iterable[Endpoint]) -> None:
        for e in endpoints:
            if e.scheme not in _WEB_SCHEMES:
                services = self.catalog.by_scheme(e.scheme)
                if services:
                    self._add(services, Signal("scheme", e.path, e.line, f"{e.scheme}://", e.is_support))
            if not e.host or "." not in e.host:
                continue
            services, owner = self._owner(e.host)
            called = e.literal and not e.link and e.source != "data"
            if services:
                # A vendor's own API host (api.stripe.com, o1.ingest.sentry.io) written as a literal
                # is called; its bare domain (slack.com, discord.com) is as often a page to link to.
                strong = called and (e.api or _below_domain(e.host))
                self._add(services, Signal("api" if strong else "host", e.path, e.line, e.host, e.is_support))
                continue
            # Standards, code hosting, registries and CDNs name no service (their APIs, such as
            # api.github.com, are catalog hosts and were matched above).
            if owner is None or not e.literal or e.link or is_non_service(e.host, e.url_path):
                continue
            kind: SignalKind = "api" if called and e.api else "host"
            signal = Signal(kind, e.path, e.line, e.host, e.is_support)
            if self.catalog.get(owner.name) is owner:
                self._add([owner], signal)
                continue
            # In a provider module the vendor is the one the module is named after (kook.js calls
            # www.kookapp.cn, vkteams.js myteam.mail.ru): its catalog entry, else a service of that
            # name with the domain beside it.
            module = self._module_service(e.path)
            stem = provider_module(e.path) if module is None else None
            if module is not None:
                self._add([module], signal)
            elif stem is not None:
                self._add_open(module_service(stem, registrable_domain(e.host)), signal)
            else:
                self._add_open(owner, signal)

    def add_setting_hosts(self, path: str, hosts: Iterable[tuple[str, int]], is_support: bool) -> None:
        """A catalogued server a setting names by its host (an ``address`` given the vendor's mail
        relay, a ``host`` given its API host): the server the application talks to, as a URL in
        code is the API it calls."""
        for host, line in hosts:
            services = self.catalog.by_host(host)
            if services:
                self._add(services, Signal("api", path, line, host, is_support))

    def _module_service(self, path: str) -> Service | None:
        """The catalog entry a provider module of application code is named after."""
        stem = provider_module(path)
        if stem is None or source_of(path) != "code":
            return None
        return self.catalog.get(stem)

    def _owner(self, host: str) -> tuple[list[Service], Service | None]:
        """The catalog entries a host belongs to, else the service of its domain: a catalog entry
        spelled like the domain (cal.com for Cal.com, api.pushover.net for Pushover) or the
        open-world service named by it; ``None`` for no real public host. Once per host."""
        hit = self._hosts.get(host)
        if hit is None:
            services = self.catalog.by_host(host)
            owner: Service | None = None
            if not services and is_real_host(host):
                domain = registrable_domain(host)
                label = domain.split(".", 1)[0]
                if is_own_domain(domain, self.own_names):
                    owner = _own_service(host, domain)
                else:
                    owner = (
                        self.catalog.get(domain)
                        or (self.catalog.get(label) if len(label) >= 4 else None)
                        or open_world_service(domain)
                    )
            hit = self._hosts[host] = (services, owner)
        return hit

    def add_images(self, images: Iterable[ImageRef]) -> None:
        for i in images:
            services = self.catalog.by_image(i.image)
            if services:
                self._add(services, Signal("image", i.path, i.line, i.image, i.is_support))

    def locate_clients(self, texts: Mapping[str, bytes], test_paths: set[str]) -> None:
        """For services known by a dependency, find the code that imports that dependency: it is
        where the client is made, which is what a Configuration Location cell should name.
        One pass over the tree for every package at once, each package searched for once however
        many manifests and services name it (ten copies of a manifest would otherwise search the
        tree ten times)."""
        wanted = [
            ev
            for ev in list(self.evidence.values())
            if not any(s.kind == "import" for s in ev.signals)
            and any(s.kind == "package" for s in ev.signals)
        ]
        keys = {(s.ecosystem, s.detail) for ev in wanted for s in ev.signals if s.kind == "package"}
        found = _imports_of(keys, texts)
        for ev in wanted:
            seen: set[tuple[str, int]] = set()
            for sig in [s for s in ev.signals if s.kind == "package"]:
                for path, line in found.get((sig.ecosystem, sig.detail), ()):
                    if (path, line) not in seen:
                        seen.add((path, line))
                        detail = f"imports {sig.detail}"
                        ev.signals.append(Signal("import", path, line, detail, path in test_paths))

    def add_env(self, refs: Iterable[EnvRef]) -> None:
        for r in refs:
            if r.is_prefix:
                continue
            services = self.catalog.by_env(r.name)
            if services:
                self._add(services, Signal("env", r.path, r.line, r.name, r.is_support))


def reportable(services: Mapping[str, ServiceEvidence], catalog: Catalog | None) -> list[ServiceEvidence]:
    """The strong evidence a document should list, sorted by name, one per integration: a drop-in
    replacement reached through the client of what it replaces (a MariaDB image beside MySQL's
    driver, a Valkey image beside a Redis client) is one integration, named after the replacement,
    with the signals of both. With a client of its own (MariaDB's driver and MySQL's) each is one."""
    strong = {name: ev for name, ev in services.items() if ev.strong}
    replaced_by: dict[str, str] = {}
    for name in sorted(strong):
        if not strong[name].open_world and not strong[name].has_client():
            for other in sorted(_drop_in_names(strong[name].service, catalog)):
                if other in strong and other != name:
                    replaced_by.setdefault(other, name)
    merged: dict[str, ServiceEvidence] = {}
    for name in sorted(strong):
        if name in replaced_by:
            continue
        ev = strong[name]
        merged[name] = ServiceEvidence(ev.service, list(ev.signals), ev.open_world)
    for name, by in replaced_by.items():
        if by in merged:
            merged[by].signals.extend(strong[name].signals)
        else:  # a chain (A replaces B replaces C): keep what is left standing
            merged.setdefault(name, ServiceEvidence(strong[name].service, list(strong[name].signals)))
    return sorted(merged.values(), key=lambda e: e.service.name.lower())


def _drop_in_names(service: Service, catalog: Catalog | None) -> set[str]:
    if catalog is None:
        return set(service.drop_in_for)
    return {s.name for n in service.drop_in_for if (s := catalog.get(n)) is not None}


def _own_service(host: str, domain: str) -> Service:
    """A host of the project's own domain: a named host is a service of its own
    (``insights.navidrome.org``), with the hosts below it (``staging.ee.formbricks.com`` is
    ``ee.formbricks.com``); the site itself (``navidrome.org``, ``www.…``) is the domain's."""
    sub = host[: -len(domain)].rstrip(".").rpartition(".")[2]
    return open_world_service(domain if sub in ("", "www") else f"{sub}.{domain}")


def _below_domain(host: str) -> bool:
    """Whether ``host`` is a sub-domain of its registrable domain other than ``www``."""
    sub = host[: -len(registrable_domain(host))].rstrip(".")
    return bool(sub) and sub != "www"


@cache
def login_service(provider: str) -> Service:
    """The service a login provider the catalog does not know stands for, named after its id."""
    return Service.model_construct(
        name=provider_name(provider),
        aliases=(),
        category="auth",
        kind="OAuth provider",
        compatible=(),
        drop_in_for=(),
        backed_by=(),
        signals=Signals.model_construct(),
    )


@cache
def module_service(stem: str, domain: str) -> Service:
    """The service a provider module the catalog does not know stands for: named as its file
    (``techulus-push`` → ``Techulus Push``, ``HaloPSA`` as written), known by the domain it calls."""
    name = stem if any(c.isupper() for c in stem) else provider_name(stem.replace("_", "-"))
    return Service.model_construct(
        name=name,
        aliases=(domain,),
        category="apis",
        kind=OPEN_WORLD_KIND,
        compatible=(),
        drop_in_for=(),
        backed_by=(),
        signals=Signals.model_construct(hosts=(domain,)),
    )


@cache
def open_world_service(domain: str) -> Service:
    """The service a domain the catalog does not know stands for, named by the domain."""
    return Service.model_construct(
        name=domain,
        aliases=(),
        category="apis",
        kind=OPEN_WORLD_KIND,
        compatible=(),
        drop_in_for=(),
        backed_by=(),
        signals=Signals.model_construct(hosts=(domain,)),
    )


def _python_module(package: str) -> str:
    name = package.lower().removesuffix("-binary")
    return name.replace("-", "_").replace(".", "_")


def _needle(ecosystem: str, name: str) -> bytes:
    return (_python_module(name) if ecosystem == "pypi" else name).encode()


def import_needles(deps: Iterable[Dependency]) -> set[str]:
    """What a file that imports one of ``deps`` holds (``locate_clients`` reads no other file)."""
    return {_needle(d.ecosystem, d.name).decode() for d in deps if _import_pattern(d.ecosystem, d.name)}


def _imports_of(
    packages: Iterable[tuple[str, str]], texts: Mapping[str, bytes]
) -> dict[tuple[str, str], list[tuple[str, int]]]:
    """Where the files of ``texts`` import each (ecosystem, package): (path, line of the first
    import) in the order of ``texts``. One Aho-Corasick pass per file finds which packages' names
    it holds; only their patterns run."""
    patterns: dict[str, list[tuple[tuple[str, str], re.Pattern[bytes]]]] = {}
    for key in sorted(packages):
        pattern = _import_pattern(*key)
        if pattern is not None:
            patterns.setdefault(_needle(*key).decode(), []).append((key, pattern))
    out: dict[tuple[str, str], list[tuple[str, int]]] = {}
    needles = Needles(patterns)
    for path, data in texts.items():
        for needle in sorted(needles.found_in(data)):
            for key, pattern in patterns[needle]:
                m = pattern.search(data)
                if m is not None:
                    out.setdefault(key, []).append((path, data.count(b"\n", 0, m.start()) + 1))
    return out


def _import_pattern(ecosystem: str, name: str) -> re.Pattern[bytes] | None:
    """How code in each ecosystem imports a dependency (module names only guessed for PyPI)."""
    q = re.escape(name)
    if ecosystem == "npm":
        src = rf"""(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*|^\s*import\s+)['"]{q}(?:/[^'"]*)?['"]"""
    elif ecosystem == "pypi":
        mod = re.escape(_python_module(name))
        src = rf"^\s*(?:from\s+{mod}(?:\.\w+)*\s+import\b|import\s+{mod}\b)"
    elif ecosystem == "go":
        src = rf'"{q}(?:/[^"]*)?"'
    elif ecosystem == "rubygems":
        src = rf"""^\s*require\s*\(?\s*['"]{q}(?:/[^'"]*)?['"]"""
    else:
        return None
    return re.compile(src.encode(), re.M)
