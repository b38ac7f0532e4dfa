"""Manifest readers never fail on damaged input: at most one warning, never an internal error."""

from __future__ import annotations

from textwrap import dedent

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
