"""YAML node helpers: the composed node graph keeps the source marks, so every ref gets its exact line.

Nodes are composed, never constructed: no tag is resolved to a Python object, aliases stay shared
nodes (a "billion laughs" file is walked once per node, not expanded) and unknown tags such as
CloudFormation's ``!Ref`` are harmless.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from integrations_drift.lazy_re import LazyPattern
from integrations_drift.scan import budget

_MERGE_TAG = "tag:yaml.org,2002:merge"
# libyaml composes several times faster; its marks count characters like the pure-Python loader's.
_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose_documents(text: str) -> list[Node] | None:
    """The root node of every document, or None when the text is not valid YAML."""
    try:
        return [doc for doc in yaml.compose_all(text, Loader=_LOADER) if doc is not None]
    except (yaml.YAMLError, ValueError, RecursionError):
        # RecursionError: deeply nested flow collections exhaust the recursive composer.
        return None


def line_of(node: Node) -> int:
    return int(node.start_mark.line) + 1


def scalar(node: Node | None) -> str | None:
    return node.value if isinstance(node, ScalarNode) and isinstance(node.value, str) else None


def _is_merge_key(key: Node) -> bool:
    # The resolver tags a plain ``<<`` key as a merge; a quoted "<<" stays an ordinary key.
    return isinstance(key, ScalarNode) and key.tag == _MERGE_TAG


def _remember(names: set[str], key: Node) -> None:
    name = scalar(key)
    if name is not None:
        names.add(name)


def mapping_items(node: Node | None) -> Iterator[tuple[Node, Node]]:
    """The key/value pairs of a mapping with ``<<: *anchor`` merges expanded.

    As in YAML's merge semantics, a mapping's own keys come first and hide merged keys of the same
    name, and earlier merge sources hide later ones. Merged keys keep the lines where the anchor
    defines them. Iterative, so a long chain of merges cannot exhaust the stack.
    """
    visited: set[int] = set()
    names: set[str] = set()
    stack: list[Node] = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if not isinstance(current, MappingNode) or id(current) in visited:
            continue
        visited.add(id(current))
        merges: list[Node] = []
        for key, value in current.value:
            if _is_merge_key(key):
                merges.extend(value.value if isinstance(value, SequenceNode) else [value])
            elif scalar(key) not in names:
                _remember(names, key)
                yield key, value
        stack.extend(reversed(merges))


def get(node: Node | None, key: str) -> Node | None:
    for k, v in mapping_items(node):
        if scalar(k) == key:
            return v
    return None


def sequence_items(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


def keyed(node: Node | None) -> Iterator[tuple[str, Node]]:
    """``(key, key node)`` for each scalar key of a mapping."""
    for k, _ in mapping_items(node):
        name = scalar(k)
        if name is not None:
            yield name, k


def _values(root: Node) -> Iterator[Node]:
    """``root`` and every node below it in value position (mapping values, sequence items), each
    once and in document order; mapping keys are left out. Iterative, so deep nesting is safe."""
    seen: set[int] = set()
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, MappingNode):
            stack.extend(reversed([v for _, v in node.value]))


def value_scalars(root: Node) -> Iterator[ScalarNode]:
    """Every scalar in value position (mapping values and sequence items); keys are left out."""
    return (node for node in _values(root) if isinstance(node, ScalarNode))


def matches_in_values(
    text: str, roots: list[Node], pattern: re.Pattern[str] | LazyPattern[str], trigger: str
) -> Iterator[tuple[re.Match[str], int]]:
    """Matches of ``pattern`` in the source text of value scalars, each with its 1-based line.

    Matching the source slice rather than the parsed value keeps lines exact inside block and
    multi-line scalars, and never looks at comments (they are outside every scalar's span).
    """
    for root in roots:
        for node in value_scalars(root):
            if trigger not in node.value:
                continue
            start, end = node.start_mark.index, node.end_mark.index
            chunk = text[start:end]
            line, counted = line_of(node), 0
            for m in pattern.finditer(chunk):
                budget.check()
                # Counted on from the previous match: a chunk of many matches is read once.
                line += chunk.count("\n", counted, m.start())
                counted = m.start()
                yield m, line


def all_mappings(root: Node) -> Iterator[MappingNode]:
    """Every mapping in value position (the root included), each once."""
    return (node for node in _values(root) if isinstance(node, MappingNode))
