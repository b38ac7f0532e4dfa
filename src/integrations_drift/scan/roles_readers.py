"""The readers behind :func:`tree_roles`: what Dockerfiles, compose files, Procfiles, test-runner
configurations and Rust sources say about other files (see ``scan/roles.py`` for what it means).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.configfiles import compose, dockerfile
from integrations_drift.scan.env.configfiles.kinds import classify
from integrations_drift.scan.pathclass import is_support_path, is_test_path, is_tooling_name
from integrations_drift.scan.roles import TreeRoles, is_shell_script
from integrations_drift.scan.types import SourceFile
from integrations_drift.scan.vocabulary import path_vocabulary

Reader = Callable[[str], bytes | None]

_SCRIPT_SUFFIX = lazy(r"\.(sh|bash|zsh|ksh|py|js|mjs|cjs|ts|rb|php|pl)$")
_WORD_SPLIT = lazy(rb"[\s;&|()\"'`=<>]+")
_EXPORT = lazy(rb"(?m)^[ \t]*export[ \t]+([A-Za-z_][A-Za-z0-9_]*)=")
_TEST_RUNNER_CONFIG = lazy(r"(^|/)(vite|vitest|jest|playwright|cypress|wdio)(\.[\w-]+)*\.config\.[cm]?[jt]s$")
_SETUP_KEY = lazy(r"\b(?:globalSetup|globalTeardown|setupFiles|setupFilesAfterEnv|setupFilesAfterEach)\s*:")
_STRING = lazy(r"""["'`]([^"'`\n]+)["'`]""")
_JS_SUFFIXES = ("", ".ts", ".js", ".mjs", ".cjs", ".mts", ".cts", ".tsx", ".jsx")
# A relative module specifier of an import, a dynamic import or a require.
_JS_IMPORT = lazy(rb"""(?:\bfrom|\bimport|\brequire)[ \t]*\(?[ \t]*["'](\.{1,2}/[^"'\n]{1,300})["']""")
# Build output folders, and the sources each compiled suffix comes from.
_BUILD_DIRS = frozenset({"dist", "build", "out", "lib"})
_BUILT_SUFFIXES = {
    "js": (".ts", ".tsx", ".mts", ".js"),
    "mjs": (".mts", ".ts", ".mjs"),
    "cjs": (".cts", ".ts", ".cjs"),
}
_RUST_TEST_MOD = lazy(
    rb"#\[cfg\(test\)\]\s*(?:#\[[^\]\n]*\]\s*)*(?:pub(?:\([^)\n]*\))?\s+)?mod\s+([A-Za-z_][A-Za-z0-9_]*)\s*;"
)
_RUST_ROOT_NAMES = frozenset({"mod.rs", "lib.rs", "main.rs"})
# Every Dockerfile, compose file and Procfile name has one of these (lower-cased): the cheap test
# that spares the kind table most paths.
_RUNNER_WORDS = ("docker", "container", "compose", "procfile")


def _dev_runner(path: str) -> bool:
    """A Dockerfile, compose file or Procfile for development or tests."""
    return (
        is_test_path(path)
        or is_tooling_name(path.rsplit("/", 1)[-1])
        or any(p in path_vocabulary().runner_dev_dirs for p in path.split("/")[:-1])
    )


def _norm(path: str) -> str | None:
    value = posixpath.normpath(path)
    if value == ".." or value.startswith(("../", "/")):
        return None
    return "" if value == "." else value


def _context_bases(path: str) -> list[str]:
    """The folders a build context may be: the file's own folder, then each one above it."""
    folder = posixpath.dirname(path)
    bases = [folder]
    while folder:
        folder = posixpath.dirname(folder)
        bases.append(folder)
    return bases


def _is_script_word(word: str) -> bool:
    return (
        not word.startswith(("-", "$"))
        and "=" not in word
        and ("/" in word or _SCRIPT_SUFFIX.search(word) is not None)
    )


class _Tree:
    def __init__(self, paths: list[str]) -> None:
        self.files = frozenset(paths)
        dirs: set[str] = set()
        for p in paths:
            i = p.find("/")
            while i >= 0:
                dirs.add(p[: i + 1])
                i = p.find("/", i + 1)
        self.dirs = frozenset(dirs)

    def file(self, candidate: str, bases: Iterable[str]) -> str | None:
        """``candidate`` (relative) under the first base folder where it is a file of the tree."""
        for base in bases:
            path = _norm(posixpath.join(base, candidate))
            if path and path in self.files:
                return path
        return None

    def folder(self, candidate: str, bases: Iterable[str]) -> str | None:
        """The same for a folder (as ``a/b/``); never the repository root."""
        for base in bases:
            path = _norm(posixpath.join(base, candidate))
            if path and path + "/" in self.dirs:
                return path + "/"
        return None

    def under(self, candidate: str, bases: Iterable[str]) -> set[str]:
        """The file ``candidate`` names, or every file of the folder it names."""
        hit = self.file(candidate, bases)
        if hit is not None:
            return {hit}
        folder = self.folder(candidate, bases)
        return {p for p in self.files if p.startswith(folder)} if folder is not None else set()


@dataclass
class _Runner:
    """One image, compose service or Procfile: how it names files, what it runs and gives."""

    resolve: Callable[[str, str], str | None]  # (word, working folder) -> repository path
    commands: list[tuple[str, str]]  # (word, working folder)
    given: set[str]
    dev: bool
    build: bool = False  # an image's ``RUN`` steps: what they run runs while the image is built


def _database_init(dest: str) -> bool:
    return any(dest == d or dest.startswith(d + "/") for d in path_vocabulary().database_init_dirs)


def _image(
    path: str, start: dockerfile.ImageStart, tree: _Tree
) -> tuple[list[_Runner], set[str], set[str], set[str]]:
    """The runner of each stage (a stage is an image: ``--target`` builds it), the repository
    files and folders the Dockerfile copies by name, and the files it copies where a database
    image runs them."""
    bases = _context_bases(path)
    copied_files: set[str] = set()
    copied_dirs: set[str] = set()
    database_init: set[str] = set()
    for stage in start.stages:
        for copy in stage.copies:
            for source in copy.sources if copy.stage is None else ():
                if _norm(source) in ("", None):
                    continue  # the whole context: says nothing about any one file
                if _database_init(copy.dest):
                    database_init |= tree.under(source, bases)
                elif (hit := tree.file(source, bases)) is not None:
                    copied_files.add(hit)
                elif (folder := tree.folder(source, bases)) is not None:
                    copied_dirs.add(folder)

    def resolver(index: int) -> Callable[[str, str], str | None]:
        def resolve(word: str, workdir: str) -> str | None:
            target = posixpath.normpath(posixpath.join(workdir, word)) if "/" in word else None
            hit = _through_copies(start, index, posixpath.basename(word), target, tree, bases, 0)
            if hit is None and target is not None:
                # Not copied by name: inside a copied tree (``COPY . /app``) or the context itself.
                inside = posixpath.relpath(target, workdir) if target.startswith(workdir) else ""
                for rel in (inside, word.lstrip("/")):
                    if rel and not rel.startswith(".."):
                        hit = hit or tree.file(rel, bases)
            return hit

        return resolve

    dev = _dev_runner(path)
    runners = [_Runner(resolver(i), st.commands, set(start.env), dev) for i, st in enumerate(start.stages)]
    runners += [_Runner(resolver(i), st.builds, set(), dev, build=True) for i, st in enumerate(start.stages)]
    return runners, copied_files, copied_dirs, database_init


def _through_copies(
    start: dockerfile.ImageStart,
    index: int,
    name: str,
    target: str | None,
    tree: _Tree,
    bases: list[str],
    depth: int,
) -> str | None:
    """The repository file that became ``target`` (an absolute path in stage ``index``), or the
    file named ``name`` on the image's PATH: through the stage's copies (the last one wins), the
    earlier stages they copy from, and the stage it builds on."""
    if depth > 8:
        return None
    stage = start.stages[index]
    for copy in reversed(stage.copies):
        dest = copy.dest.rstrip("/") or "/"
        for source in copy.sources:
            source_name = posixpath.basename(source.rstrip("/"))
            candidates: list[str] = []
            if target is not None:
                if target == dest and not copy.dest_is_dir:
                    candidates.append(source)
                elif target.startswith(dest.rstrip("/") + "/"):
                    rel = target[len(dest.rstrip("/")) + 1 :]
                    candidates.append(posixpath.join(source, rel))
                    if rel == source_name:
                        candidates.append(source)
            elif copy.dest_is_dir:
                candidates.append(posixpath.join(source, name))
                if source_name == name:
                    candidates.append(source)
            elif posixpath.basename(dest) == name:
                candidates.append(source)
            for c in candidates:
                if copy.stage is None:
                    hit = tree.file(c, bases)
                else:
                    inner = posixpath.normpath(posixpath.join("/", c))
                    hit = _through_copies(start, copy.stage, name, inner, tree, bases, depth + 1)
                if hit is not None:
                    return hit
    if stage.parent is not None and stage.parent != index:
        return _through_copies(start, stage.parent, name, target, tree, bases, depth + 1)
    return None


def _service(path: str, start: compose.ServiceStart, tree: _Tree, dev: bool) -> _Runner:
    folder = posixpath.dirname(path)

    def resolve(word: str, workdir: str) -> str | None:
        target = posixpath.normpath(posixpath.join(workdir, word)) if "/" in word else None
        name = posixpath.basename(word)
        for host, container in start.mounts:
            if not host.startswith((".", "/")) and "/" not in host:
                continue  # a named volume
            container = container.rstrip("/")
            rel = None
            if target == container or (target is None and posixpath.basename(container) == name):
                rel = host
            elif target is not None and target.startswith(container + "/"):
                rel = posixpath.join(host, target[len(container) + 1 :])
            hit = tree.file(rel, [folder]) if rel is not None else None
            if hit is not None:
                return hit
        return None

    workdir = start.working_dir or "/"
    return _Runner(resolve, [(w, workdir) for w in start.commands], set(start.literal_env), dev)


def _procfile(path: str, text: str, tree: _Tree) -> _Runner:
    bases = _context_bases(path)
    commands: list[tuple[str, str]] = []
    for line in text.splitlines():
        _, colon, command = line.partition(":")
        if colon and not line.lstrip().startswith("#"):
            commands += [(w, "/") for w in re.split(r"[\s;&|()\"']+", command) if w]
    return _Runner(lambda word, _: tree.file(word.lstrip("/"), bases), commands, set(), _dev_runner(path))


def _source_twins(word: str) -> list[str]:
    """The committed sources a build output may come from: ``pkg/dist/scripts/migrate.js`` is
    compiled from ``pkg/src/scripts/migrate.ts`` (or copied from ``pkg/scripts/migrate.js``)."""
    parts = word.lstrip("./").split("/")
    stem, dot, suffix = parts[-1].rpartition(".")
    if not dot or suffix not in _BUILT_SUFFIXES:
        return []
    out: list[str] = []
    for i, part in enumerate(parts[:-1]):
        if part in _BUILD_DIRS:
            for folder in (["src"], []):
                base = "/".join([*parts[:i], *folder, *parts[i + 1 : -1], stem])
                out += [base + s for s in _BUILT_SUFFIXES[suffix]]
            break
    return out


def _resolve_run(runner: _Runner, tree: _Tree, word: str, workdir: str) -> str | None:
    hit = runner.resolve(word, workdir)
    for twin in _source_twins(word) if hit is None else ():
        hit = runner.resolve(twin, workdir) or tree.file(twin, [""])
        if hit is not None:
            break
    return hit


def _relative_imports(path: str, data: bytes, tree: _Tree) -> list[str]:
    """The repository files a JavaScript/TypeScript file imports by a relative specifier."""
    folder = posixpath.dirname(path)
    out: list[str] = []
    for m in _JS_IMPORT.finditer(data):
        spec = m.group(1).decode("utf-8", "replace")
        base = spec.rsplit(".", 1)[0] if spec.endswith((".js", ".mjs", ".cjs")) else spec
        for candidate in [
            spec,
            *(base + s for s in _JS_SUFFIXES[1:]),
            *(base + "/index" + s for s in _JS_SUFFIXES[1:]),
        ]:
            hit = tree.file(candidate, [folder])
            if hit is not None:
                out.append(hit)
                break
    return out


def _scripts(runner: _Runner, read: Reader, tree: _Tree) -> set[str]:
    """What the runner runs, and what those scripts run in turn (one step: an entrypoint that
    waits for the database with ``wait-for.sh`` before it ``exec``s the server). A build output it
    runs (``node pkg/dist/scripts/migrate.js``) stands for its committed source, and the tooling
    files such a source imports by a relative path run with it."""
    found = {
        hit for w, wd in runner.commands if _is_script_word(w) and (hit := _resolve_run(runner, tree, w, wd))
    }
    for script in sorted(found):
        data = read(script)
        if data is None or not is_shell_script(script, data):
            continue
        for raw in _WORD_SPLIT.split(data):
            word = raw.decode("utf-8", "replace")
            if word and _is_script_word(word) and (hit := _resolve_run(runner, tree, word, "/")) is not None:
                found.add(hit)
    pending = sorted(p for p in found if p.endswith(_JS_SUFFIXES[1:]))
    while pending:
        path = pending.pop()
        data = read(path)
        if data is None or (b"import" not in data and b"require" not in data):
            continue
        for hit in _relative_imports(path, data, tree):
            # Application code is the application's already; only tooling paths change side.
            if hit not in found and is_support_path(hit):
                found.add(hit)
                pending.append(hit)
    return found


def _exports(read: Reader, script: str) -> set[str]:
    data = read(script)
    if data is None or b"export" not in data:
        return set()
    return {m.group(1).decode() for m in _EXPORT.finditer(data)}


def _setup_files(path: str, text: str, tree: _Tree) -> set[str]:
    """The files a test-runner configuration loads before the tests: test code."""
    found: set[str] = set()
    folder = posixpath.dirname(path)
    for m in _SETUP_KEY.finditer(text):
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        if "[" in text[m.end() : end] and "]" not in text[m.end() : end]:
            close = text.find("]", end)
            end = len(text) if close < 0 else close
        for s in _STRING.finditer(text, m.end(), end):
            value = s.group(1).replace("<rootDir>/", "")
            hit = next((h for suffix in _JS_SUFFIXES if (h := tree.file(value + suffix, [folder]))), None)
            if hit is not None:
                found.add(hit)
    return found


def _rust_test_modules(path: str, data: bytes) -> list[str]:
    """``#[cfg(test)] mod x;`` makes ``x.rs`` and everything under ``x/`` test code."""
    folder, name = posixpath.split(path)
    base = folder if name in _RUST_ROOT_NAMES else posixpath.join(folder, name[: -len(".rs")])
    out: list[str] = []
    for m in _RUST_TEST_MOD.finditer(data):
        module = posixpath.join(base, m.group(1).decode())
        out += [module + ".rs", module + "/"]
    return out


@dataclass
class _Found:
    runners: list[_Runner]
    image: bool = False  # a production image: the repository says how the application starts
    copied_files: set[str] = field(default_factory=set)
    copied_dirs: set[str] = field(default_factory=set)
    given: set[str] = field(default_factory=set)  # a production image's ENV (with a value)
    database_init: set[str] = field(default_factory=set)  # run by a database image, not the application


def _runners(path: str, kind: str, sf: SourceFile, tree: _Tree) -> _Found:
    if kind == "dockerfile":
        start = dockerfile.image_start(sf)
        stages, files, dirs, database_init = _image(path, start, tree)
        if _dev_runner(path):
            return _Found(stages, database_init=database_init)
        return _Found(stages, True, files, dirs, set(start.env), database_init)
    if kind == "compose":
        dev = _dev_runner(path)
        services = compose.service_starts(sf)
        folder = [posixpath.dirname(path)]
        database_init = {
            hit
            for service in services
            for host, container in service.mounts
            if _database_init(container) and host.startswith((".", "/"))
            for hit in tree.under(host, folder)
        }
        runners = [_service(path, service, tree, dev) for service in services]
        return _Found(runners, database_init=database_init)
    return _Found([_procfile(path, sf.text(), tree)])


def tree_roles(paths: Iterable[str], read: Reader) -> TreeRoles:
    """Read the files that say something about others and collect what they say."""
    paths = list(paths)
    tree = _Tree(paths)
    runners: list[_Runner] = []
    copied_files: set[str] = set()
    copied_dirs: set[str] = set()
    test_files: set[str] = set()
    test_dirs: set[str] = set()
    builds_image = False
    # A production Dockerfile is start-up code wherever it lives: its start-up commands' shell
    # reads the container's environment, and sees the values its own ENV gives.
    startup: dict[str, set[str]] = {}
    dev_files: set[str] = set()
    for path in paths:
        if path.endswith(".rs"):
            data = read(path)
            if data is not None and b"cfg(test)" in data:
                for module in _rust_test_modules(path, data):
                    (test_dirs.add if module.endswith("/") else test_files.add)(module)
            continue
        name = path[path.rfind("/") + 1 :].lower()
        if ".config." in name and _TEST_RUNNER_CONFIG.search(path):
            data = read(path)
            if data is not None:
                test_files |= _setup_files(path, data.decode("utf-8", "replace"), tree)
            continue
        if not any(word in name for word in _RUNNER_WORDS):
            continue
        kind = classify(path)
        if kind not in ("dockerfile", "compose", "procfile"):
            continue
        data = read(path)
        if data is None:
            continue
        try:
            found = _runners(path, kind, SourceFile(path, data), tree)
        except (ValueError, RecursionError):  # an odd file must not cost the scan its roles
            continue
        runners.extend(found.runners)
        dev_files |= found.database_init
        if found.image:
            builds_image = True
            startup.setdefault(path, set()).update(found.given)
            copied_files |= found.copied_files
            copied_dirs |= found.copied_dirs
    for runner in runners:
        scripts = _scripts(runner, read, tree)
        if runner.build:
            # A shell script a build step runs reads the build's arguments; what the image also
            # runs when it starts stays start-up code (``startup`` wins below).
            dev_files |= {p for p in scripts if (data := read(p)) is not None and is_shell_script(p, data)}
            continue
        if runner.dev:
            dev_files |= scripts
            continue
        shell = {
            script
            for script in scripts
            if (data := read(script)) is not None and is_shell_script(script, data)
        }
        exports = {script: _exports(read, script) for script in shell}
        for script in scripts:
            given = startup.setdefault(script, set())
            if script in shell:
                # The image's own scripts see what it sets: its ENV, and what its other start-up
                # scripts export (a script's own ``export X="${X:-d}"`` still reads X from whoever
                # runs the image). A program it starts reads such a name as a setting with a default.
                given |= runner.given | {
                    n for other, names in exports.items() if other != script for n in names
                }
    return TreeRoles(
        startup={p: frozenset(n) for p, n in startup.items()},
        test_files=frozenset(test_files),
        test_dirs=tuple(sorted(test_dirs)),
        dev_files=frozenset(dev_files - startup.keys()),
        builds_image=builds_image,
        copied_files=frozenset(copied_files),
        copied_dirs=tuple(sorted(copied_dirs)),
    )
