"""Line numbers for parsed documents: ``json`` and ``tomllib`` report none, so these light scanners
walk the raw text (already validated by the real parser) and record where each key and array item
starts. Paths are tuples of keys; array members appear as ``#0``, ``#1``, ... ."""

from __future__ import annotations

import contextlib
import json
import re

Path = tuple[str, ...]

_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\],:]|\n')
_TOML_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TOML_SCALAR = re.compile(r"[^,\]}\n#]*")


def json_key_lines(text: str) -> dict[Path, int]:
    """Line of every object key in a JSON document (the last one wins, as in ``json.loads``)."""
    out: dict[Path, int] = {}
    # Stack entries: (path of the container, is_object, member index for arrays).
    stack: list[tuple[Path, bool, int]] = []
    expecting_key = False
    pending: str | None = None
    line = 1
    for m in _JSON_TOKEN.finditer(text):
        tok = m.group()
        if tok == "\n":
            line += 1
        elif tok in "{[":
            if not stack:
                path: Path = ()
            elif stack[-1][1]:
                path = (*stack[-1][0], pending or "")
            else:
                path = (*stack[-1][0], f"#{stack[-1][2]}")
            stack.append((path, tok == "{", 0))
            expecting_key = tok == "{"
        elif tok in "}]":
            if stack:
                stack.pop()
            expecting_key = False
        elif tok == ",":
            if stack and stack[-1][1]:
                expecting_key = True
            elif stack:
                p, is_obj, idx = stack[-1]
                stack[-1] = (p, is_obj, idx + 1)
        elif tok == ":":
            expecting_key = False
        elif expecting_key and stack:
            try:
                key = json.loads(tok)
            except ValueError:
                key = tok[1:-1]
            pending = key
            out[(*stack[-1][0], key)] = line
    return out


class TomlLines:
    """Where each table header, key (and every prefix of a dotted key) and array item starts."""

    def __init__(self, text: str) -> None:
        self.keys: dict[Path, int] = {}
        self.items: dict[Path, list[int]] = {}
        self._text = text
        self._pos = 0
        self._line = 1
        self._array_tables: dict[Path, int] = {}
        # Best effort: the document was already accepted by tomllib, so a miss only costs a line number.
        with contextlib.suppress(IndexError, ValueError, RecursionError):
            self._document()

    def line(self, path: Path) -> int | None:
        return self.keys.get(path)

    def item_lines(self, path: Path) -> list[int]:
        return self.items.get(path, [])

    # -- scanner -------------------------------------------------------------------------------
    def _peek(self, n: int = 1) -> str:
        return self._text[self._pos : self._pos + n]

    def _advance(self, n: int = 1) -> None:
        self._line += self._text.count("\n", self._pos, self._pos + n)
        self._pos += n

    def _skip_space(self, newlines: bool) -> None:
        text = self._text
        while self._pos < len(text):
            ch = text[self._pos]
            if ch in " \t\r" or (newlines and ch == "\n"):
                self._advance()
            elif ch == "#":
                end = text.find("\n", self._pos)
                self._pos = len(text) if end < 0 else end
            else:
                return

    def _document(self) -> None:
        table: Path = ()
        text = self._text
        while True:
            self._skip_space(newlines=True)
            if self._pos >= len(text):
                return
            start = self._pos
            if text.startswith("[[", self._pos):
                self._advance(2)
                raw = self._key()
                self._advance(2 if self._peek(2) == "]]" else 1)
                parent = self._resolve(raw[:-1])
                full = (*parent, raw[-1])
                index = self._array_tables.get(full, -1) + 1
                self._array_tables[full] = index
                table = (*full, f"#{index}")
                self._record(table, self._line)
            elif text[self._pos] == "[":
                self._advance()
                raw = self._key()
                self._advance()
                table = self._resolve(raw)
                self._record(table, self._line)
            else:
                key_line = self._line
                key = self._key()
                self._expect("=")
                self._record((*table, *key), key_line)
                self._value((*table, *key))
            # Whatever follows on the line (comment) is irrelevant.
            end = text.find("\n", self._pos)
            self._pos = len(text) if end < 0 else end
            if self._pos <= start:
                self._pos = start + 1

    def _resolve(self, raw: Path) -> Path:
        """Index array-of-tables prefixes: ``[a.b]`` after ``[[a]]`` belongs to its last member."""
        out: list[str] = []
        for part in raw:
            out.append(part)
            index = self._array_tables.get(tuple(out))
            if index is not None:
                out.append(f"#{index}")
        return tuple(out)

    def _record(self, path: Path, line: int) -> None:
        for i in range(1, len(path) + 1):
            self.keys.setdefault(path[:i], line)

    def _expect(self, ch: str) -> None:
        self._skip_space(newlines=False)
        if self._peek() != ch:
            raise ValueError(f"expected {ch!r}")
        self._advance()

    def _key(self) -> Path:
        parts: list[str] = []
        while True:
            self._skip_space(newlines=False)
            ch = self._peek()
            if ch in ('"', "'"):
                parts.append(self._string())
            else:
                m = _TOML_BARE_KEY.match(self._text, self._pos)
                if not m:
                    raise ValueError("bad key")
                parts.append(m.group())
                self._advance(len(m.group()))
            self._skip_space(newlines=False)
            if self._peek() != ".":
                return tuple(parts)
            self._advance()

    def _string(self) -> str:
        text = self._text
        quote = text[self._pos]
        if text.startswith(quote * 3, self._pos):
            end = text.find(quote * 3, self._pos + 3)
            if end < 0:
                raise ValueError("unterminated string")
            while text.startswith(quote, end + 3):  # up to two quotes may end the content
                end += 1
            value = text[self._pos + 3 : end]
            self._advance(end + 3 - self._pos)
            return value
        i = self._pos + 1
        while i < len(text) and text[i] != quote and text[i] != "\n":
            i += 2 if quote == '"' and text[i] == "\\" else 1
        value = text[self._pos + 1 : i]
        if quote == '"' and "\\" in value:
            with contextlib.suppress(ValueError):
                value = json.loads(f'"{value}"')
        self._advance(i + 1 - self._pos)
        return value

    def _value(self, path: Path) -> None:
        self._skip_space(newlines=False)
        ch = self._peek()
        if ch in ('"', "'"):
            self._string()
        elif ch == "[":
            self._advance()
            index = 0
            while True:
                self._skip_space(newlines=True)
                if self._peek() in ("]", ""):
                    self._advance()
                    return
                self.items.setdefault(path, []).append(self._line)
                self._value((*path, f"#{index}"))
                index += 1
                self._skip_space(newlines=True)
                if self._peek() == ",":
                    self._advance()
        elif ch == "{":
            self._advance()
            while True:
                self._skip_space(newlines=True)
                if self._peek() in ("}", ""):
                    self._advance()
                    return
                key_line = self._line
                key = self._key()
                self._expect("=")
                self._record((*path, *key), key_line)
                self._value((*path, *key))
                self._skip_space(newlines=True)
                if self._peek() == ",":
                    self._advance()
        else:
            m = _TOML_SCALAR.match(self._text, self._pos)
            length = len(m.group()) if m else 0
            if length == 0:
                raise ValueError("bad value")
            self._advance(length)
