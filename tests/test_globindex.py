"""The shape-split glob matchers give what trying each glob in turn gives, in time linear in the path."""

from __future__ import annotations

import fnmatch
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from integrations_drift.globindex import NameGlobs, PathGlobs
from integrations_drift.paths import glob_source
from tests.hostile.growth import assert_linear

# One glob of each shape, numbered out of order so that the lowest number, not the order given, wins.
NAME_GLOBS = [
    (5, "Procfile"),
    (2, "*.yml"),
    (7, "Dockerfile.*"),
    (1, "compose.*.yml"),
    (4, "*[Ii]nstall*.md"),
    (3, "values-?.yaml"),
    (6, "a*b*c"),
    (0, "*.env.j2"),
    (8, "x**y"),
    (9, "[!.]*rc"),
]
PATH_GLOBS = [(3, "**/src/main/resources/*.conf"), (1, ".github/workflows/*.yml"), (2, "docs/**")]


def _slow_name(globs: list[tuple[int, str]], name: str) -> int | None:
    found = [i for i, g in globs if fnmatch.fnmatchcase(name, g)]
    return min(found) if found else None


def _slow_path(globs: list[tuple[int, str]], path: str) -> int | None:
    found = [i for i, g in globs if re.match(glob_source(g), path)]
    return min(found) if found else None


def test_each_shape_of_name_glob() -> None:
    names = NameGlobs(NAME_GLOBS)
    cases = {
        "Procfile": 5,
        "app.yml": 2,
        "compose.prod.yml": 1,
        "compose.yml": 2,  # the two literals of "compose.*.yml" would overlap
        "Dockerfile.dev": 7,
        "Dockerfile": None,
        "SelfInstall.md": 4,
        "install.md": 4,
        "INSTALL.md": None,  # "[Ii]nstall": the other letters keep their case
        "values-a.yaml": 3,
        "values-ab.yaml": None,
        "abc": 6,
        "axxbyyc": 6,
        "acb": None,
        "prod.env.j2": 0,
        "xy": 8,
        "x-and-y": 8,
        ".eslintrc": None,
        "eslintrc": 9,
        "": None,
    }
    for name, number in cases.items():
        assert names.first(name) == number, name
        assert _slow_name(NAME_GLOBS, name) == number, name


def test_each_path_glob_needs_its_literal() -> None:
    paths = PathGlobs(PATH_GLOBS)
    cases = {
        "src/main/resources/app.conf": 3,
        "svc/src/main/resources/app.conf": 3,
        "svc/src/main/resources/deep/app.conf": None,
        ".github/workflows/ci.yml": 1,
        "a/.github/workflows/ci.yml": None,
        "docs/x/y.md": 2,
        "mydocs/x.md": None,
    }
    for path, number in cases.items():
        assert paths.first(path) == number, path
        assert _slow_path(PATH_GLOBS, path) == number, path


GLOB_PIECES = st.sampled_from(["a", "b", "x", "I", "i", ".", "nst", "md", "*", "**", "?", "[Ii]", "[!.]"])
GLOBS = st.lists(GLOB_PIECES, max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(GLOBS, min_size=1, max_size=5), st.text(alphabet="abxIinst.md-", max_size=16))
def test_names_agree_with_fnmatch(globs: list[str], name: str) -> None:
    numbered = list(enumerate(globs))
    assert NameGlobs(numbered).first(name) == _slow_name(numbered, name)


def test_a_long_name_against_many_stars_grows_linearly() -> None:
    # "*a*a*...*b": a backtracking matcher retries every star at every position of a name of "a"s.
    names = NameGlobs([(0, "*a" * 12 + "*b"), (1, "*" + "a" * 12 + "*b*c")])
    assert (names.first("a" * 12 + "b"), names.first("a" * 12 + "c"), names.first("a" * 12 + "bc")) == (
        0,
        None,
        1,
    )

    def make(n: int) -> object:
        ends_b, ends_c = "a" * n + "b", "a" * n + "c"
        return lambda: [(names.first(ends_b), names.first(ends_c)) for _ in range(1000)]

    assert_linear(make, 100_000, "star globs over a long name")  # type: ignore[arg-type]
