"""The project's own domain: its named hosts are services of their own, one per host."""

from __future__ import annotations

import pytest

from integrations_drift.catalog import load_catalog
from integrations_drift.scan.endpoints import endpoints_in
from integrations_drift.scan.evidence import assemble
from integrations_drift.scan.project import is_own_domain, project_apps, project_names
from integrations_drift.scan.services import ServiceDetector, reportable
from integrations_drift.scan.types import SourceFile


@pytest.mark.parametrize(
    ("path", "text", "names"),
    [
        ("package.json", '{\n  "name": "@acme/zap-kuma",\n  "version": "1.0.0"\n}\n', {"zapkuma", "kuma"}),
        ("composer.json", '{\n    "name": "someone/fire-fly-iii"\n}\n', {"fireflyiii", "fire"}),
        ("go.mod", "module github.com/zapdrome/zapdrome/v2\n\ngo 1.22\n", {"zapdrome"}),
        ("Cargo.toml", '[package]\nname = "zapwarden-server"\n', {"zapwarden"}),
        ("pyproject.toml", '[project]\nname = "zapless-ngx"\n', {"zaplessngx", "zapless"}),
        ("mix.exs", '  def project do\n    [app: :zapmate, version: "1.0.0"]\n', {"zapmate"}),
        ("Zapfin.sln", "", {"zapfin"}),
        ("settings.gradle.kts", 'rootProject.name = "zapalo"\n', {"zapalo"}),
    ],
)
def test_project_names_from_root_manifests(path: str, text: str, names: set[str]) -> None:
    files = {path: text.encode(), f"sub/{path}": b'{"name": "other"}'}
    assert project_names(list(files), files.get) >= names
    found = project_names(list(files), files.get)
    assert "other" not in found and "v2" not in found and "github" not in found  # the root's name


def test_generic_words_do_not_stand_for_the_project() -> None:
    files = {"package.json": b'{"name": "zap-server"}'}
    names = project_names(list(files), files.get)
    assert not is_own_domain("server.dev", names) and is_own_domain("zap-server.io", names)


def detect(names: frozenset[str], files: dict[str, str]) -> ServiceDetector:
    d = ServiceDetector(load_catalog(), names)
    for path, text in files.items():
        d.add_endpoints(endpoints_in(SourceFile(path, text.encode())))
    return d


def test_own_named_hosts_are_services_of_their_own() -> None:
    d = detect(
        frozenset({"zapdrome"}),
        {
            "consts/consts.go": 'const InsightsEndpoint = "https://insights.zapdrome.org/collect"\n',
            "ee/license.ts": (
                "const url = isStaging\n"
                '  ? "https://staging.ee.zapdrome.org/api/v1/license"\n'
                '  : "https://ee.zapdrome.org/api/v1/license";\n'
            ),
            "ui/urls.js": 'export const SITE = "https://www.zapdrome.org/docs/";\n',
        },
    )
    rows = {ev.service.name for ev in reportable(d.evidence, d.catalog)}
    assert rows == {"insights.zapdrome.org", "ee.zapdrome.org"}
    assert {s.detail for s in d.evidence["ee.zapdrome.org"].signals} == {
        "staging.ee.zapdrome.org",
        "ee.zapdrome.org",
    }


def test_another_projects_domain_stays_one_vendor() -> None:
    d = detect(
        frozenset({"zapdrome"}),
        {"app/notify.js": 'await axios.post("https://api.pushzap.net/1/messages.json", m);\n'},
    )
    assert "pushzap.net" in d.evidence


def test_the_tree_gives_its_names_to_the_scan() -> None:
    files = {
        "package.json": b'{"name": "zapdrome"}',
        "server/insights.js": b'await fetch("https://insights.zapdrome.org/collect", {method: "POST"});\n',
    }
    ev = assemble(
        [SourceFile(p, d) for p, d in files.items() if p.endswith(".js")],
        list(files),
        files.get,
        "INTEGRATIONS.md",
        load_catalog(),
    )
    assert ev.own_names == frozenset({"zapdrome"})
    assert "insights.zapdrome.org" in ev.services and "zapdrome.org" not in ev.services


@pytest.mark.parametrize(
    ("path", "text", "apps"),
    [
        ("go.mod", "module code.example.org/someone/gitea/v2\n\ngo 1.22\n", {"gitea"}),
        ("package.json", '{"name": "@acme/redis-panel"}', {"redis panel"}),
        ("mix.exs", '    [app: :zap_mate, version: "1.0.0"]\n', {"zap mate"}),
    ],
)
def test_project_apps_are_whole_names(path: str, text: str, apps: set[str]) -> None:
    files = {path: text.encode()}
    assert project_apps(list(files), files.get) == apps


def scan_tree(files: dict[str, bytes]) -> set[str]:
    ev = assemble(
        [SourceFile(p, d) for p, d in files.items()],
        list(files),
        files.get,
        "INTEGRATIONS.md",
        load_catalog(),
    )
    return set(ev.services)


COMPOSE = b"services:\n  app:\n    image: gitea/gitea:1.21\n  cache:\n    image: redis:7-alpine\n"


def test_the_application_is_not_its_own_integration() -> None:
    found = scan_tree(
        {"go.mod": b"module code.example.org/someone/gitea\n\ngo 1.22\n", "docker-compose.yml": COMPOSE}
    )
    assert "Redis" in found and "Gitea" not in found


def test_a_word_of_the_name_is_not_the_application() -> None:
    found = scan_tree({"package.json": b'{"name": "redis-panel"}', "docker-compose.yml": COMPOSE})
    assert {"Redis", "Gitea"} <= found
