"""What other files say about a file, beyond what its path says.

- A script that an image, a compose service or a Procfile runs (or that such a script runs in
  turn) is the application's start-up code wherever it lives (``scripts/docker/entrypoint.sh``
  included): its reads are application reads. What its runner gives it (the Dockerfile's ``ENV``,
  the service's literal ``environment:``, what the image's other start-up scripts ``export``) is
  set by the repository, not by an operator. A production Dockerfile is start-up code too: the
  shell of its ``ENTRYPOINT``/``CMD`` reads the container's environment (``ENV X=""`` gives no
  value: it names a setting for operators).
- What only a development or test runner runs (``docker-compose.dev.yml``, ``Dockerfile.dev``,
  anything under ``.devcontainer/``) is tooling wherever it lives.
- When the repository builds an image, a shell script that no image runs or copies is a
  developer's or operator's helper (an installer, a dashboard uploader), not the application.
- A file a test runner loads (``globalSetup``, ``setupFiles`` of a vitest, jest or playwright
  configuration) and a Rust module declared under ``#[cfg(test)]`` are test code wherever they live.

Only the few files that can say such things are read: Dockerfiles, compose files and Procfiles by
name, test-runner configurations by name, Rust sources that contain ``cfg(test)``, and the start-up
scripts found through them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from integrations_drift.scan.env.configfiles.dockerfile import DEFERRED_SOURCE
from integrations_drift.scan.types import EnvRef

_SHELL_SUFFIXES = (".sh", ".bash", ".zsh", ".ksh")
_SHELL_SHEBANG = re.compile(rb"#![^\n]*\b(?:ba|z|k|da|a)?sh\b")


def has_shell_shebang(data: bytes) -> bool:
    return data.startswith(b"#!") and _SHELL_SHEBANG.match(data) is not None


def is_shell_script(path: str, data: bytes | bool) -> bool:
    """``data``: the file's bytes, or whether they start with a shell shebang."""
    return path.endswith(_SHELL_SUFFIXES) or (
        "." not in path.rsplit("/", 1)[-1] and (data if isinstance(data, bool) else has_shell_shebang(data))
    )


@dataclass(frozen=True)
class TreeRoles:
    """What the tree's own files say about some of its files (see the module docstring)."""

    startup: Mapping[str, frozenset[str]] = field(default_factory=dict)  # script -> names given to it
    test_files: frozenset[str] = frozenset()
    test_dirs: tuple[str, ...] = ()  # "a/b/" prefixes: every file below is test code
    dev_files: frozenset[str] = frozenset()  # run only by development or test runners
    builds_image: bool = False
    copied_files: frozenset[str] = frozenset()  # copied into an image by name
    copied_dirs: tuple[str, ...] = ()  # "a/b/" prefixes of folders copied into an image

    def is_startup(self, path: str) -> bool:
        return path in self.startup

    def is_test(self, path: str) -> bool:
        return path in self.test_files or path.startswith(self.test_dirs)

    def is_tooling(self, path: str, data: bytes | bool) -> bool:
        """Run only by a development runner, or a shell script no image of the repository runs or
        copies (the repository says how the application starts, and this is not part of it).
        ``data``: as for ``is_shell_script``."""
        if path in self.dev_files:
            return True
        return (
            self.builds_image
            and path not in self.copied_files
            and not path.startswith(self.copied_dirs)
            and is_shell_script(path, data)
        )

    def given_by_runner(self, refs: Iterable[EnvRef], offered: Iterable[str] = ()) -> list[EnvRef]:
        """``refs`` with each read of a name the script's runner gives it turned into a set, unless
        the repository also asks operators for the name (``offered``, and
        :func:`offered_to_operators` of ``refs``)."""
        refs = list(refs)
        if not self.startup:
            return refs
        offered_names = set(offered) | offered_to_operators(refs)
        out: list[EnvRef] = []
        for r in refs:
            given = self.startup.get(r.path)
            if (
                given
                and r.use == "read"
                and r.name in given
                and r.name not in offered_names
                and r.source != DEFERRED_SOURCE  # read by the program, as a setting with a default
            ):
                r = replace(r, use="set")
            out.append(r)
        return out


def offered_to_operators(refs: Iterable[EnvRef]) -> set[str]:
    """Names the repository asks whoever deploys it for: an example env file's, and the ``${X}``
    interpolations of a deployment compose file (a literal ``environment:`` value is the
    repository's own)."""
    return {
        r.name
        for r in refs
        if r.source == "env-example" or (r.source == "compose" and r.use == "read" and not r.is_support)
    }
