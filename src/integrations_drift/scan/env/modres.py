"""Which file a JavaScript/TypeScript import specifier names, beyond relative paths.

Servers import their environment module through aliases: tsconfig/jsconfig
``compilerOptions.paths`` (with ``baseUrl``), package.json ``"imports"`` (``#config``), and the
``name`` of a workspace package (``@acme/config``, entered by its ``source``/``exports``/``main``
field or a ``src/index`` file). ``ModuleMap`` reads those manifests once per scan; ``stem_of``
then gives the module name the cross-file passes match exports by (a file's stem, or its folder's
for an index file), so an alias naming a file of another stem still finds it.

Targets are guessed without the file system: extension-less and ``.js``-suffixed specifiers of
``.ts`` files, ``index`` files, and a package entry under ``dist/``/``build/``/``lib/`` whose
source lives under ``src/`` all map to a file the scan saw.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field

_MANIFESTS = ("package.json", "tsconfig.json", "jsconfig.json")
_EXTENSIONS = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
_BUILD_DIRS = ("dist/", "build/", "lib/", "out/")
_ENTRY_KEYS = ("source", "import", "node", "require", "default", "types")


def is_manifest(path: str) -> bool:
    """Whether ``path`` is a file the map reads (``tsconfig.base.json`` counts)."""
    base = posixpath.basename(path)
    return base in _MANIFESTS or (base.startswith("tsconfig.") and base.endswith(".json"))


def _strip_ext(path: str) -> str:
    root, ext = posixpath.splitext(path)
    return root if ext in _EXTENSIONS else path


def _first_string(value: object) -> str | None:
    """The entry of an ``exports`` value: a string, or the first one under a preferred condition."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if "." in value:  # subpath exports: the package's own entry
            return _first_string(value["."])
        for key in _ENTRY_KEYS:
            if key in value:
                found = _first_string(value[key])
                if found is not None:
                    return found
        for key, sub in value.items():
            if not key.startswith("."):
                found = _first_string(sub)
                if found is not None:
                    return found
    if isinstance(value, list):
        for sub in value:
            found = _first_string(sub)
            if found is not None:
                return found
    return None


def _loads(data: bytes) -> dict[str, object] | None:
    """A JSON object; tsconfig files often hold comments and trailing commas, dropped first."""
    text = data.decode("utf-8", "replace")
    try:
        value = json.loads(text)
    except ValueError:
        value = _loads_loose(text)
    return value if isinstance(value, dict) else None


def _loads_loose(text: str) -> object:
    out: list[str] = []
    i, n = 0, len(text)
    in_str = False
    while i < n:
        c = text[i]
        if in_str:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            out.append(c)
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        elif c in "}]":
            while out and out[-1] in " \t\r\n":
                out.pop()
            if out and out[-1] == ",":
                out.pop()
            out.append(c)
        else:
            out.append(c)
        i += 1
    try:
        return json.loads("".join(out))
    except ValueError:
        return None


@dataclass
class ModuleMap:
    """The aliases of a tree: (pattern, targets, scope directory) with ``*`` as the one wildcard."""

    paths: set[str] = field(default_factory=set)
    aliases: list[tuple[str, tuple[str, ...], str]] = field(default_factory=list)
    packages: dict[str, str] = field(default_factory=dict)  # package name -> its directory
    entries: dict[str, str] = field(default_factory=dict)  # package directory -> entry file
    _stems: dict[str, set[str]] = field(default_factory=dict)  # extension-less path -> files

    @classmethod
    def build(cls, manifests: Iterable[tuple[str, bytes]], paths: Iterable[str]) -> ModuleMap:
        m = cls(paths=set(paths))
        for p in m.paths:
            m._stems.setdefault(_strip_ext(p), set()).add(p)
        for path, data in sorted(manifests):
            doc = _loads(data)
            if doc is not None:
                m._read(path, doc)
        # the nearest config's aliases first, then the most specific (TypeScript picks the
        # longest matching prefix)
        m.aliases.sort(key=lambda a: (-a[2].count("/") - bool(a[2]), -len(a[0].split("*", 1)[0]), a[0]))
        return m

    def _read(self, path: str, doc: dict[str, object]) -> None:
        folder = posixpath.dirname(path)
        if posixpath.basename(path) == "package.json":
            name = doc.get("name")
            if isinstance(name, str) and name:
                self.packages[name] = folder
                entry = _first_string(doc.get("exports")) if "exports" in doc else None
                for key in ("source", "main", "module", "types"):
                    if entry is None and isinstance(doc.get(key), str):
                        entry = str(doc[key])
                self.entries[folder] = entry or ""
            imports = doc.get("imports")
            if isinstance(imports, dict):
                for key, target in imports.items():
                    found = _first_string(target)
                    if isinstance(key, str) and key.startswith("#") and found:
                        self.aliases.append((key, (posixpath.join(folder, found),), folder))
            return
        options = doc.get("compilerOptions")
        if not isinstance(options, dict):
            return
        base_url = options.get("baseUrl")
        base = posixpath.normpath(posixpath.join(folder, base_url)) if isinstance(base_url, str) else folder
        if isinstance(base_url, str) and base not in ("", "."):
            # `baseUrl: "src"` alone makes `import x from "config/env"` a path under src/
            self.aliases.append(("*", (posixpath.join(base, "*"),), folder))
        paths = options.get("paths")
        if isinstance(paths, dict):
            for key, targets in paths.items():
                if isinstance(key, str) and isinstance(targets, list):
                    joined = tuple(posixpath.join(base, t) for t in targets if isinstance(t, str))
                    self.aliases.append((key, joined, folder))

    def named(self) -> list[tuple[str, str]]:
        """(specifier, file) of every alias without a wildcard and every workspace package."""
        out: list[tuple[str, str]] = []
        for pattern, targets, _ in self.aliases:
            if "*" not in pattern:
                found = next((f for f in map(self._file, targets) if f is not None), None)
                if found is not None:
                    out.append((pattern, found))
        for name in self.packages:
            found = self._package(name)
            if found is not None:
                out.append((name, found))
        return out

    def resolve(self, spec: str, from_path: str) -> str | None:
        """The file the scan saw that ``spec`` imported from ``from_path`` names, if one does."""
        if spec.startswith("."):
            return self._file(posixpath.join(posixpath.dirname(from_path), spec))
        for pattern, targets, scope in self.aliases:
            if scope and not (from_path.startswith(scope + "/") or pattern.startswith("#")):
                continue
            star = _match(pattern, spec)
            if star is None:
                continue
            for target in targets:
                found = self._file(target.replace("*", star, 1))
                if found is not None:
                    return found
        return self._package(spec)

    def _package(self, spec: str) -> str | None:
        parts = spec.split("/")
        name_len = 2 if spec.startswith("@") else 1
        folder = self.packages.get("/".join(parts[:name_len]))
        if folder is None:
            return None
        rest = "/".join(parts[name_len:])
        if rest:
            return self._file(posixpath.join(folder, rest)) or self._file(posixpath.join(folder, "src", rest))
        entry = self.entries.get(folder, "")
        candidates = [entry] if entry else []
        for build in _BUILD_DIRS:
            if entry.lstrip("./").startswith(build):
                candidates.append("src/" + entry.lstrip("./")[len(build) :])
        candidates += ["src/index", "index", "src"]
        for c in candidates:
            found = self._file(posixpath.join(folder, c))
            if found is not None:
                return found
        return None

    def _file(self, target: str) -> str | None:
        path = posixpath.normpath(target).lstrip("/")
        if path.startswith("./"):
            path = path[2:]
        if path in self.paths:
            return path
        for stem in (_strip_ext(path), posixpath.join(path, "index")):
            found = self._stems.get(stem)
            if found:
                return min(found, key=_preference)
        return None


def _preference(path: str) -> tuple[int, str]:
    ext = posixpath.splitext(path)[1]
    return (_EXTENSIONS.index(ext) if ext in _EXTENSIONS else len(_EXTENSIONS), path)


def _match(pattern: str, spec: str) -> str | None:
    """What the ``*`` of ``pattern`` stands for in ``spec`` ("" for an exact pattern), or None."""
    if "*" not in pattern:
        return "" if pattern == spec else None
    head, tail = pattern.split("*", 1)
    if spec.startswith(head) and spec.endswith(tail) and len(spec) >= len(head) + len(tail):
        return spec[len(head) : len(spec) - len(tail)]
    return None
