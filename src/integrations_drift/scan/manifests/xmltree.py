"""A small element tree with line numbers, built with expat (``xml.etree`` keeps no positions)."""

from __future__ import annotations

import xml.parsers.expat
from dataclasses import dataclass, field

from integrations_drift.scan.manifests.common import ManifestError


@dataclass(slots=True)
class Node:
    tag: str  # local name: namespace prefixes are dropped
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def child(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def children_named(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def child_text(self, tag: str) -> str | None:
        c = self.child(tag)
        return c.text.strip() if c is not None else None

    def walk(self) -> list[Node]:
        out: list[Node] = []
        stack = [self]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def parse_xml(data: bytes) -> Node:
    """The document's root; raises ManifestError for malformed XML or any entity declaration."""
    parser = xml.parsers.expat.ParserCreate()
    parser.buffer_text = True
    stack: list[Node] = []
    # Text arrives in pieces (one per line and entity): joined once when the element ends, since
    # appending each piece to a string copies the text so far and 2 MB of it took seconds.
    pieces: list[list[str]] = []
    roots: list[Node] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        node = Node(_local(name), {_local(k): v for k, v in attrs.items()}, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
        pieces.append([])

    def end(_name: str) -> None:
        stack.pop().text = "".join(pieces.pop())

    def chars(text: str) -> None:
        if pieces:
            pieces[-1].append(text)

    def entity(*_args: object) -> None:
        # Manifests never need entities; refusing them rules out entity-expansion blow-ups.
        raise ManifestError(f"invalid XML: entity declaration at line {parser.CurrentLineNumber}")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise ManifestError(
            f"invalid XML: {xml.parsers.expat.errors.messages[exc.code]} at line {exc.lineno}"
        ) from exc
    except LookupError as exc:  # an XML declaration naming an encoding Python does not know
        raise ManifestError(f"invalid XML: {exc}") from exc
    if not roots:
        raise ManifestError("invalid XML: no root element")
    return roots[0]
