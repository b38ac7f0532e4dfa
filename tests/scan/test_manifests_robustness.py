"""Manifest readers never fail on damaged input: at most one warning, never an internal error."""

from __future__ import annotations

from textwrap import dedent

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrations_drift.scan.manifests import read_manifest

SAMPLES = {
    "package.json": '{\n  "dependencies": {"stripe": "^14"},\n  "devDependencies": {"jest": "1"}\n}\n',
    "package-lock.json": '{"lockfileVersion": 3, "packages": {"": {"dependencies": {"a": "1"}}}}',
    "pnpm-lock.yaml": "importers:\n  .:\n    dependencies:\n      a:\n        specifier: ^1\n",
    "requirements.txt": "Django>=4 \\\n  --hash=sha256:aa\n"
    "-e git+https://x/y.git#egg=z\nboto3[crt]; os_name=='nt'",
    "pyproject.toml": dedent(
        """\
        [project]
        dependencies = ["httpx>=0.27", 'stripe']
        [project.optional-dependencies]
        dev = ["pytest"]
        [tool.poetry.dependencies]
        fastapi = {version = "^0.110"}
        """
    ),
    "Pipfile": '[packages]\nflask = "*"\n[dev-packages]\npytest = {version = "*"}\n',
    "setup.cfg": "[options]\ninstall_requires =\n    requests>=2\n[options.extras_require]\ntest = pytest\n",
    "poetry.lock": '[[package]]\nname = "anyio"\nversion = "4"\ngroups = ["main"]\n',
    "Pipfile.lock": '{"default": {"requests": {"version": "==2"}}, "develop": {}}',
    "go.mod": "module x\n\nrequire (\n\tgithub.com/a/b v1.0.0 // indirect\n)\nrequire c.io/d v2.0.0\n",
    "Gemfile": 'group :test do\n  gem "rspec", "~> 3"\nend\ngem "pg", require: false\n',
    "Gemfile.lock": "DEPENDENCIES\n  redis (~> 5.0)\n  stripe!\n",
    "x.gemspec": 's.add_dependency "faraday", "~> 2"\n',
    "Cargo.toml": '[dependencies]\ntokio = { version = "1" }\n[dependencies.serde]\nversion = "1"\n',
    "pom.xml": "<project><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId>"
    "<scope>test</scope></dependency></dependencies></project>",
    "build.gradle.kts": 'dependencies {\n  implementation("a:b:1")\n'
    '  testImplementation(group = "c", name = "d")\n}',
    "libs.versions.toml": '[versions]\nx = "1"\n[libraries]\na = { module = "g:a", version.ref = "x" }\n',
    "composer.json": '{"require": {"php": ">=8", "guzzlehttp/guzzle": "^7"}}',
    "composer.lock": '{"packages": [{"name": "a/b", "version": "1"}], "packages-dev": []}',
    "App.csproj": '<Project><ItemGroup><PackageReference Include="A" Version="1"/></ItemGroup></Project>',
    "packages.config": '<packages><package id="A" version="1" developmentDependency="true"/></packages>',
}
NOISE = st.sampled_from([*"{}[]\",:='\n #<>/\\ab1.-_()$@;!*`&", "\x00", "\udcff", '"""', "<!--", "]]"])


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    path = draw(st.sampled_from(sorted(SAMPLES)))
    chars = list(SAMPLES[path])
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(chars)))
        if draw(st.booleans()) and chars:
            del chars[min(pos, len(chars) - 1)]
        else:
            chars.insert(pos, draw(NOISE))
    return path, "".join(chars).encode("utf-8", "surrogateescape")


@settings(max_examples=400, deadline=None)
@given(damaged())
def test_damaged_manifests_never_break_a_reader(case: tuple[str, bytes]) -> None:
    path, data = case
    deps, warnings = read_manifest(path, data)
    assert len(warnings) <= 1
    if warnings:
        assert deps == []
        assert warnings[0].startswith(f"{path}: ")
        assert "could not be read (" not in warnings[0], warnings[0]  # an unexpected exception
    assert all(d.name.strip() and d.line >= 1 and d.path == path for d in deps)


def test_every_sample_reads_cleanly() -> None:
    # Guards the property test above: undamaged samples must give dependencies and no warning.
    for path, text in SAMPLES.items():
        deps, warnings = read_manifest(path, text.encode())
        assert deps, path
        assert warnings == [], path


# One row per way a file can be wrong, for every reader: (path, content, expected part of the warning).
MALFORMED = [
    (
        "package.json",
        '{\n  "dependencies": {\n    "a": "1" "b": "2"\n  }\n}',
        "package.json: invalid JSON at line 3",
    ),
    (
        "web/package.json",
        '{"dependencies": []}',
        'web/package.json: "dependencies" is an array, not an object',
    ),
    ("package.json", '{"dependencies": {"a": 1}}', 'version of "a" is int'),
    ("package.json", "[1, 2]", "top level is an array"),
    ("package.json", "\x00\x01\x02PK\x03\x04", "package.json: binary content"),
    ("requirements.txt", "\udc80\udcff\udcfeabc\udc90\udcc3", "requirements.txt: not UTF-8 text"),
    ("package-lock.json", '{"packages": []}', '"packages" is an array'),
    ("pnpm-lock.yaml", "importers:\n  .: [\n", "pnpm-lock.yaml: invalid YAML"),
    ("pnpm-lock.yaml", "dependencies:\n  - a\n", '"dependencies" is not a mapping'),
    ("pyproject.toml", '[project]\ndependencies = ["a"\n', "pyproject.toml: invalid TOML"),
    (
        "pyproject.toml",
        '[project]\ndependencies = "requests"\n',
        "project.dependencies is a string, not an array",
    ),
    ("pyproject.toml", "[project]\ndependencies = [1]\n", "item 1 is int"),
    ("pyproject.toml", "[tool.poetry.dependencies]\nrequests = 2\n", '"requests" is int'),
    ("pyproject.toml", "[tool]\npoetry = 3\n", "[tool.poetry] is int"),
    ("Pipfile", "[packages\n", "Pipfile: invalid TOML"),
    ("setup.cfg", "install_requires = x\n", "setup.cfg: invalid setup.cfg"),
    ("poetry.lock", '[[package]]\nversion = "1"\n', "[[package]] 1 has no name"),
    ("Pipfile.lock", '{"default": []}', '"default" is an array'),
    ("composer.lock", '{"packages": {}}', '"packages" is an object, not an array'),
    (
        "go.mod",
        "module x\nrequire (\n  github.com/a/b v1.0.0\n",
        "go.mod: unclosed require block opened at line 2",
    ),
    ("go.mod", "module x\nrequire github.com/a/b\n", "go.mod: malformed require at line 2"),
    ("go.mod", "\x00\x00binary", "go.mod: binary content"),
    ("Cargo.toml", "[dependencies]\ntokio = \n", "Cargo.toml: invalid TOML"),
    ("Cargo.toml", "[dependencies]\ntokio = 1\n", '"tokio" is int'),
    ("Cargo.toml", "dependencies = 3\n", "dependencies is int, not a table"),
    (
        "pom.xml",
        "<project><dependencies><dependency></dependencies></project>",
        "pom.xml: invalid XML: mismatched tag",
    ),
    ("pom.xml", "<settings/>", "root element is <settings>"),
    (
        "pom.xml",
        '<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY a "aaaa">]>\n<project>&a;</project>',
        "invalid XML: entity declaration",
    ),
    ("App.csproj", "<Project><ItemGroup>", "App.csproj: invalid XML"),
    ("packages.config", "", "packages.config: invalid XML"),
    ("libs.versions.toml", '[libraries]\nx = "nocolon"\n', 'libraries.x: "nocolon" is not group:artifact'),
    ("libs.versions.toml", "[libraries]\nx = 1\n", "libraries.x is int"),
    ("composer.json", '{"require": ["a/b"]}', '"require" is an array, not an object'),
    ("composer.json", '{"require": {"a/b": "1",}}', "composer.json: invalid JSON at line 1"),
    ("composer.lock", '{"packages": [{"version": "1"}]}', '"packages" entry 1 has no name'),
]


@pytest.mark.parametrize(("path", "text", "expected"), MALFORMED)
def test_malformed_manifest_gives_one_warning_and_no_dependencies(
    path: str, text: str, expected: str
) -> None:
    deps, warnings = read_manifest(path, text.encode(errors="surrogateescape"))
    assert deps == []
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}: ")
    assert expected in warnings[0]
    assert warnings[0].endswith("— skipped")
