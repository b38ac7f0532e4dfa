"""The variables whoever runs the application has to provide: application reads, less what only
tooling, deployment files or the repository itself supply."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache

from integrations_drift.datafiles import DataModel, load
from integrations_drift.scan.types import EnvRef

MIN_PREFIX = 3  # shorter dynamic prefixes say nothing about which variables are meant
# ``${X}`` in these files is read by the deployment tool from the operator's shell, not by the
# application: evidence for stale checks, never on its own an undocumented variable.
DEPLOY_SOURCES = frozenset({"compose", "procfile", "serverless", "helm", "dockerfile"})
# Values the repository provides to itself (next.config ``env``): no operator sets them.
SELF_SET_SOURCES = frozenset({"nextjs", "child-env"})
# Values a bundler inlines from a committed build env file (``VITE_*`` in ``web/.env``): the
# repository's own for reads in that file's folder and below.
BUNDLED_SOURCES = frozenset({"dotenv-bundled"})


class EnvIgnoreFile(DataModel):
    """``data/env_ignore.yml``: names (a trailing ``*`` matches a prefix) no document lists, and the
    words that name a variable for the test setup."""

    names: tuple[str, ...]
    test_words: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _test_words() -> frozenset[str]:
    return load("env_ignore.yml", EnvIgnoreFile).test_words


_WORDS = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=8192)
def named_for_tests(name: str) -> bool:
    """``TEST_DATABASE_URL``, ``DB_TEST_HOST``, ``E2E_BASE_URL``: a variable named for the test
    setup configures the tests, whatever code reads it."""
    words = _test_words()
    return any(w.upper() in words for w in _WORDS.findall(name))


def operator_reads(refs: list[EnvRef], env_ignore: list[str]) -> dict[str, list[EnvRef]]:
    """The variables whoever runs the application has to provide, by name (``X*`` for a name built
    at run time), each with its reads in path order: application reads only (not test or tooling
    code, not deployment-file interpolation, not values the repository sets for itself, not
    variables named for the tests), less the ignored names and prefixes too short to mean anything."""
    ignored = _matcher(env_ignore)
    # A test that starts the program with a variable set (`Command::new(bin).env("X", …)`) plays
    # the operator: only the application's own code gives a value for itself.
    self_set = {r.name for r in refs if r.use == "set" and r.source in SELF_SET_SOURCES and not r.is_support}
    bundled = _bundled_folders(refs)
    reads: dict[str, list[EnvRef]] = defaultdict(list)
    for r in refs:
        if r.use != "read" or r.is_support or r.source in DEPLOY_SOURCES or r.name in self_set:
            continue
        if r.name in bundled and r.path.startswith(bundled[r.name]):
            continue
        if named_for_tests(r.name):
            continue
        if r.is_prefix and len(r.name) < MIN_PREFIX:
            continue
        reads[f"{r.name}*" if r.is_prefix else r.name].append(r)
    return {
        key: sorted(found, key=lambda r: (r.path, r.line))
        for key, found in sorted(reads.items())
        if not ignored(key)
    }


def _bundled_folders(refs: list[EnvRef]) -> dict[str, tuple[str, ...]]:
    """Each bundled variable's folders (``"web/"``, ``""`` for the root) of the files that set it."""
    folders: dict[str, set[str]] = defaultdict(set)
    for r in refs:
        if r.use == "set" and r.source in BUNDLED_SOURCES:
            folders[r.name].add(r.path[: r.path.rfind("/") + 1])
    return {name: tuple(found) for name, found in folders.items()}


def _matcher(patterns: list[str]) -> Callable[[str], bool]:
    """``glob_match_name`` against every pattern, as one set lookup and one ``startswith``. A name
    not in upper case is also looked up upper-cased: Windows' variables are read in any case
    (``os.environ["AppData"]``, ``%windir%``)."""
    exact = frozenset(p for p in patterns if not p.endswith("*"))
    prefixes = tuple(p[:-1] for p in patterns if p.endswith("*"))
    return lambda name: (
        name in exact or name.startswith(prefixes) or (not name.isupper() and name.upper() in exact)
    )
