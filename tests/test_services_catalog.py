"""Catalog entries end to end: a dependency, an image or a pair of weak signals of one of the newer
entries (notification APIs, AI model servers, forges, SSO protocols, metadata APIs, embedded data
stores) becomes an undocumented-service finding in the right table, a documented alias silences
it, and one weak signal or a development dependency never does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from integrations_drift.cli import main
from tests.conftest import RepoFactory
from tests.gitrepo import write

DOC = """# External Integrations

## Databases & Data Stores

| Service | Type | Purpose | Configuration Location |
|---------|------|---------|------------------------|
| Not detected | | | |

## Environment Variables

| Variable | Required | Purpose | Example |
|----------|----------|---------|---------|
| `TMDB_API_KEY` | Yes | metadata | `<secret>` |
"""


def undocumented(capsys: pytest.CaptureFixture[str], repo: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    main(["check", str(repo), "--format", "json", "--fail-on", "never"])
    out, _ = capsys.readouterr()
    report = json.loads(out)
    return {f["subject"]: f for f in report["findings"] if f["kind"] == "undocumented-service"}


@pytest.mark.parametrize(
    ("manifest", "content", "service", "table"),
    [
        ("package.json", '{"dependencies": {"gotify": "^1.1.0"}}', "Gotify", None),
        ("requirements.txt", "apprise==1.8.0\n", "Apprise", None),
        (
            "go.mod",
            "module x\n\ngo 1.22\n\nrequire (\n\tcode.gitea.io/sdk/gitea v0.19.0\n)\n",
            "Gitea",
            None,
        ),
        (
            "Gemfile",
            'source "https://rubygems.org"\n\ngem "omniauth-saml"\n',
            "SAML",
            "Authentication & Authorization",
        ),
        (
            "Cargo.toml",
            '[package]\nname = "x"\n\n[dependencies]\nopenidconnect = "3"\n',
            "OpenID Connect",
            "Authentication & Authorization",
        ),
        (
            "build.gradle",
            "dependencies {\n    runtimeOnly 'com.h2database:h2:2.2.224'\n}\n",
            "H2 Database",
            "Databases & Data Stores",
        ),
        (
            "App.csproj",
            '<Project>\n  <ItemGroup>\n    <PackageReference Include="TMDbLib" Version="2.2.0" />\n'
            "  </ItemGroup>\n</Project>\n",
            "TMDb",
            None,
        ),
        (
            "composer.json",
            '{"require": {"socialiteproviders/kanidm": "^5.0"}}',
            "Kanidm",
            "Authentication & Authorization",
        ),
        (
            "pom.xml",
            "<project>\n  <dependencies>\n    <dependency>\n      <groupId>org.apache.solr</groupId>\n"
            "      <artifactId>solr-solrj</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n",
            "Apache Solr",
            "Databases & Data Stores",
        ),
    ],
    ids=["npm", "pypi", "go", "rubygems", "crates", "gradle", "nuget", "composer", "maven"],
)
def test_dependency_makes_the_service_undocumented(
    capsys: pytest.CaptureFixture[str],
    repo_factory: RepoFactory,
    manifest: str,
    content: str,
    service: str,
    table: str | None,
) -> None:
    repo = repo_factory({"INTEGRATIONS.md": DOC, f"app/{manifest}": content})
    found = undocumented(capsys, repo)
    assert set(found) == {service}
    assert found[service]["locations"][0]["path"] == f"app/{manifest}"
    if table is not None:  # (where an API row goes depends on the document's other headings)
        assert found[service]["suggestion"]["table"] == table


def test_model_server_image_is_strong(capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory) -> None:
    compose = (
        "services:\n  llm:\n    image: ollama/ollama:0.3.12\n  auth:\n    image: authelia/authelia:4.38\n"
    )
    repo = repo_factory({"INTEGRATIONS.md": DOC, "docker-compose.yml": compose})
    found = undocumented(capsys, repo)
    assert set(found) == {"Ollama", "Authelia"}
    assert found["Ollama"]["locations"][0] == {"path": "docker-compose.yml", "line": 3}


def test_api_host_named_is_weak_and_called_strong(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    # Named in a comment and in a test: evidence, never a finding.
    repo = repo_factory(
        {
            "INTEGRATIONS.md": DOC,
            "app/movies.py": "# see https://api.themoviedb.org/3\nBASE = None\n",
            "tests/test_movies.py": 'BASE = "https://api.themoviedb.org/3"\n',
        }
    )
    assert undocumented(capsys, repo) == {}
    # Written as a literal in application code, its API host is called.
    write(repo, {"app/client.py": 'BASE = "https://api.themoviedb.org/3"\n'})
    tmdb = undocumented(capsys, repo)["TMDb"]
    assert {loc["path"] for loc in tmdb["locations"]} == {"app/client.py"}


def test_documented_alias_and_dev_dependency_make_no_finding(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    doc = DOC.replace(
        "| Not detected | | | |",
        "| The Movie Database | Metadata API | posters | `app/App.csproj` |\n"
        "| LetsEncrypt | Certificates | TLS | `package.json` |",
        1,
    )
    repo = repo_factory(
        {
            "INTEGRATIONS.md": doc,
            "app/App.csproj": '<Project><ItemGroup><PackageReference Include="TMDbLib" /></ItemGroup></Project>\n',
            "package.json": '{"dependencies": {"acme-client": "^5"}, "devDependencies": {"ollama": "^0.5"}}',
        }
    )
    assert undocumented(capsys, repo) == {}


@pytest.mark.parametrize(
    ("path", "code", "service"),
    [
        ("app/feed.py", 'meta = http.get(f"https://pypi.org/pypi/{name}/json").json()\n', "PyPI JSON API"),
        ("app/registry.rb", 'URI("https://rubygems.org/api/v1/gems/#{name}.json")\n', "RubyGems API"),
        ("app/crates.go", 'u := "https://crates.io/api/v1/crates/" + name\n', "crates.io API"),
        ("app/deps.ts", "await fetch(`https://api.deps.dev/v3/systems/npm/packages/${n}`)\n", "deps.dev"),
        (
            "app/Kev.java",
            'static final String FEED = BASE + "/known_exploited_vulnerabilities.json";\n',
            "CISA KEV",
        ),
        (
            "app/alpha.py",
            'r = requests.get("https://api.wolframalpha.com/v2/query", params=q)\n',
            "Wolfram Alpha",
        ),
        ("app/anime.js", 'await axios.post("https://graphql.anilist.co", { query })\n', "AniList"),
    ],
)
def test_registry_and_metadata_apis_called(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory, path: str, code: str, service: str
) -> None:
    repo = repo_factory({"INTEGRATIONS.md": DOC, path: code})
    assert set(undocumented(capsys, repo)) == {service}


def test_a_registry_page_linked_names_no_registry_api(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    code = (
        "# metadata comes from https://pypi.org/pypi/NAME/json\n"
        'HOMEPAGE = "https://pypi.org/project/integrations-drift/"\n'
    )
    repo = repo_factory({"INTEGRATIONS.md": DOC, "app/about.py": code})
    assert undocumented(capsys, repo) == {}
