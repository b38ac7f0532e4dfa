"""Generated inputs: every language's env scanner and every config-file and manifest reader takes
time linear in its input, whatever a unit of text repeated to fill the file holds.

Each example draws a unit from the fragments that steer that reader (call openers, quotes,
escapes, brackets, interpolations, line breaks) and compares the time to read it repeated to
about 25 kB and to 100 kB.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from integrations_drift.scan.env.scanner import scan_env
from integrations_drift.scan.manifests import read_manifest
from integrations_drift.scan.types import SourceFile
from tests.hostile.growth import assert_linear

BASE = 25_000
COMMON = [
    '"',
    "'",
    "`",
    "\\",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\n",
    " ",
    "X_1",
    "=",
    "$",
    "${",
    "#{",
    "#",
    "//",
    "/*",
    ":",
    ";",
    "+",
    ".",
]

LANGUAGES: dict[str, list[str]] = {
    "a.py": ["os.environ.get(", "os.getenv(", 'os.environ["', 'f"{', '"""', "import os\n"],
    "a.js": ["process.env.", "process.env[", "import.meta.env.", "const { ", "} = process.env", "`${"],
    "a.go": ["os.Getenv(", "os.LookupEnv(", "viper.GetString(", 'fmt.Sprintf("%s_X", '],
    "a.rb": ["ENV[", "ENV.fetch(", 'ENV["', "#{"],
    "A.java": ["System.getenv(", '@Value("${', 'String.format("%s", '],
    "a.rs": ["std::env::var(", "env::var(", 'format!("{}_X", ', 'r#"'],
    "a.cs": ["Environment.GetEnvironmentVariable(", '$"{', '@"', 'configuration["'],
    "a.php": ["getenv(", "$_ENV[", "env(", '"{$'],
    "a.ex": ["System.get_env(", "System.fetch_env!(", "~s(", '"""'],
    "a.sh": ["${", "$X_1", "${X_1:-", "export ", "'"],
}
CONFIG_FILES: dict[str, list[str]] = {
    "docker-compose.yml": [
        "services:\n  a:\n    environment:\n      ",
        "X_1: ${",
        "- X_1=",
        "${X_1:-d}",
        "  ",
    ],
    "Dockerfile": ["ENV ", "ARG ", "X_1=", "\\\n", "${X_1}", "RUN "],
    ".env.example": ["X_1=", "export ", '"', "\\\n"],
    ".github/workflows/ci.yml": ["env:\n  ", "X_1: ${{ secrets.", " }}", "steps:\n  - run: "],
    "k8s/deploy.yaml": ["kind: Deployment\n", "env:\n  - name: ", "valueFrom:", "{{ "],
    "src/main/resources/application.yml": ["x: ${", "X_1:", "}"],
    "src/main/resources/application.properties": ["a.b", "=", " ", "\\\n", "\\${", "x.y:", "}"],
    "config/app.yml": ["server:\n  ", "x: ${", "X_1:-", "}", "  "],
    "Procfile": ["web: ", "$X_1", "${"],
    "fly.toml": ["[env]\n", "X_1 = ", '"'],
    "netlify.toml": ["[build.environment]\n", "X_1 = ", '"'],
    "vercel.json": ['{"env": {"', '": "', '"}'],
    "app.json": ['{"env": {"', '": {"', '"}'],
    "serverless.yml": ["environment:\n  ", "X_1: ${env:", "}"],
    "next.config.js": ["env: {", "process.env.", "X_1: "],
}
MANIFESTS: dict[str, list[str]] = {
    "package.json": ['{"dependencies": {"', '": "', '"}', "[", "]"],
    "requirements.txt": ["-r ", "x==1", "[", "]", ";", "\\\n", "git+https://"],
    "pyproject.toml": ["[project]\n", "dependencies = [", '"x>=1"', "]", "[tool.poetry.dependencies]\n"],
    "Pipfile": ["[packages]\n", 'x = "*"', "{", "}"],
    "setup.cfg": ["[options]\n", "install_requires =\n", "    x\n"],
    "poetry.lock": ["[[package]]\n", 'name = "x"\n', 'version = "1"\n'],
    "go.mod": ["require (\n", "github.com/x/y v1.0.0\n", ")\n", "// indirect"],
    "Gemfile": ["gem '", "x', '1'", "group :dev do\n", "end\n"],
    "x.gemspec": ["s.add_dependency '", 's.add_development_dependency "', "x', '>= 1'"],
    "Cargo.toml": ["[dependencies]\n", 'x = "1"', 'x = { version = "1" }', "["],
    "pom.xml": ["<project>", "<dependency>", "<artifactId>x</artifactId>", "</dependency>", "&amp;", "<!--"],
    "build.gradle": ["dependencies {", "implementation '", "x:y:1'", "}", '"${'],
    "composer.json": ['{"require": {"', '": "', '"}'],
    "x.csproj": ["<Project>", '<PackageReference Include="', '" Version="1" />', "</Project>"],
    "mix.exs": ["defp deps do\n", "[{:x, ", '"~> 1"}', "]", "end\n"],
    "mix.lock": ['%{"x": {:hex, :x, "1"', "}"],
}


def _repeated(unit: str, size: int) -> bytes:
    data = unit.encode()
    return data * (size // len(data) + 1)


def _units(fragments: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(fragments + COMMON), min_size=1, max_size=10).map("".join)


# No shrinking: each step would time two large inputs again; the failing unit is in the message.
_SETTINGS = settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
)


@pytest.mark.parametrize("path", sorted({**LANGUAGES, **CONFIG_FILES}))
@_SETTINGS
@given(data=st.data())
def test_env_scanners_grow_linearly(path: str, data: st.DataObject) -> None:
    unit = data.draw(_units({**LANGUAGES, **CONFIG_FILES}[path]), label="unit")

    def make(size: int) -> object:
        sf = SourceFile(path, _repeated(unit, size))
        return lambda: scan_env([sf])

    assert_linear(make, BASE, f"{path} of {unit!r}")  # type: ignore[arg-type]


@pytest.mark.parametrize("path", sorted(MANIFESTS))
@_SETTINGS
@given(data=st.data())
def test_manifest_readers_grow_linearly(path: str, data: st.DataObject) -> None:
    unit = data.draw(_units(MANIFESTS[path]), label="unit")

    def make(size: int) -> object:
        raw = _repeated(unit, size)
        return lambda: read_manifest(path, raw)

    assert_linear(make, BASE, f"{path} of {unit!r}")  # type: ignore[arg-type]
