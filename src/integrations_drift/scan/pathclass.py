"""What a repository path alone says about a file: test code, or build, release and developer
tooling (``data/paths.yml``). Folder names are set lookups and file names one whole-name regex,
so classifying a path costs a split and a few lookups, not a regex search along it."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from integrations_drift.bounded_re import BoundedRegexError, compile_bounded
from integrations_drift.paths import glob_match
from integrations_drift.scan.vocabulary import path_vocabulary

_VOCAB = path_vocabulary()
_WORD_BREAK = re.compile(r"[^a-z0-9]+")


class _PathSearch:
    """A path list searched by RE2. Every path of the tree is classified, and these lists are long
    alternations: Python's engine tries them one alternative at a time at every position of the
    path (9-14 us a path), RE2 all at once (about 2 us). A whole-name match is another matter: a
    file name is short and most alternatives fail on its first characters, so Python's engine
    answers in under 1 us where a call into RE2 costs 2-4 us: names keep Python's engine. A path
    git gave in bytes that are not UTF-8 (held as surrogate escapes, which RE2 cannot encode), or
    a pattern RE2 cannot take, keeps Python's engine."""

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.slow = rx
        try:
            self.fast: re.Pattern[str] = compile_bounded(rx.pattern)
        except BoundedRegexError:
            self.fast = rx

    def search(self, text: str) -> bool:
        try:
            return self.fast.search(text) is not None
        except UnicodeEncodeError:
            return self.slow.search(text) is not None


_TEST_PATH = _PathSearch(_VOCAB.test_path)
_TOOLING_PATH = _PathSearch(_VOCAB.tooling_path)


def is_test_path(path: str) -> bool:
    """Test code: a test folder (or a file named like one), a test file name, a test source set."""
    parts = path.split("/")
    return (
        any(p in _VOCAB.test_dirs for p in parts)
        or _VOCAB.test_names.fullmatch(parts[-1]) is not None
        or _TEST_PATH.search(path)
    )


def is_tooling_name(name: str) -> bool:
    """A file name that is tooling wherever it is: a build-tool configuration, a task runner's
    file, a development Dockerfile or compose file, or a script named for building or releasing."""
    return _VOCAB.tooling_names.fullmatch(name) is not None or is_tooling_script(name)


def is_tooling_path(path: str) -> bool:
    parts = path.split("/")
    return (
        any(p in _VOCAB.tooling_dirs for p in parts[:-1])
        or is_tooling_name(parts[-1])
        or is_tooling_script(path)
        or _TOOLING_PATH.search(path)
    )


def is_build_script(path: str) -> bool:
    """A build script that is also a manifest (``build.gradle.kts``): tooling for the variables it
    reads, the application's for the dependencies it declares."""
    return _VOCAB.build_script_names.fullmatch(path.rsplit("/", 1)[-1]) is not None


def is_tooling_script(path: str) -> bool:
    """A script (shell, PowerShell, batch, or no extension) named for building, releasing,
    deploying, testing or setting up: ``podman-bake.sh``, ``run_tests.sh``, ``bin/setup``,
    ``bin/release_manager.py``."""
    folder, _, name = path.lower().rpartition("/")
    stem, suffix = os.path.splitext(name)
    in_bin = folder == "bin" or folder.endswith("/bin")
    script = suffix in _VOCAB.tooling_script_suffixes or (in_bin and suffix in _VOCAB.bin_script_suffixes)
    if name.startswith(".") or not script:
        return False
    return stem.startswith(_VOCAB.tooling_script_prefixes) or any(
        w in _VOCAB.tooling_script_words for w in _WORD_BREAK.split(stem)
    )


def is_support_path(path: str, extra: Sequence[str] = ()) -> bool:
    """Test or tooling code by its path alone: it references variables but never makes one
    undocumented. ``FileIndex.is_support`` also hears what other files say about it."""
    return is_test_path(path) or is_tooling_path(path) or any(glob_match(g, path) for g in extra)
