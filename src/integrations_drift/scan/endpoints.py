"""URLs and container images named in the tree: two of the service detector's signals.

Both are read from raw bytes with one regex pass per file. A URL on a comment line is not
evidence (docs and commented-out code name services they do not use); a URL in a string is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from integrations_drift.scan.files import is_prose
from integrations_drift.scan.types import SourceFile

_URL = re.compile(
    rb"(?<![A-Za-z0-9+.-])([a-zA-Z][a-zA-Z0-9+.-]{1,24})://(?:[^\s/@\"'`<>]*@)?([A-Za-z0-9_.-]+)"
)
_COMMENT_LINE = re.compile(rb"^\s*(#|//|/\*|\*|--|;|<!--|REM\b|')")
_IMAGE = re.compile(rb"^\s*-?\s*image:\s*[\"']?([A-Za-z0-9][A-Za-z0-9._/:@-]*)", re.M)
_FROM = re.compile(rb"^\s*FROM\s+(?:--platform=\S+\s+)?([A-Za-z0-9][A-Za-z0-9._/:@-]*)", re.M | re.I)
_YAML_NAME = re.compile(r"\.(ya?ml)$")
_DOCKERFILE_NAME = re.compile(r"(^|/)(Dockerfile|Containerfile)([.-][^/]*)?$|\.Dockerfile$")
_HTML = re.compile(r"\.html?$", re.I)


@dataclass(frozen=True, slots=True)
class Endpoint:
    scheme: str
    host: str
    path: str
    line: int
    is_support: bool


@dataclass(frozen=True, slots=True)
class ImageRef:
    image: str
    path: str
    line: int
    is_support: bool


def _line_at(data: bytes, pos: int) -> tuple[int, bytes]:
    start = data.rfind(b"\n", 0, pos) + 1
    return data.count(b"\n", 0, pos) + 1, data[start:pos]


def endpoints_in(sf: SourceFile) -> list[Endpoint]:
    if b"://" not in sf.data or is_prose(sf.path) or _HTML.search(sf.path):
        return []
    out: list[Endpoint] = []
    for m in _URL.finditer(sf.data):
        line, before = _line_at(sf.data, m.start())
        if _COMMENT_LINE.match(before):
            continue
        scheme = m.group(1).decode("ascii", "replace").lower()
        host = m.group(2).decode("ascii", "replace").lower().strip(".")
        out.append(Endpoint(scheme, host, sf.path, line, sf.is_support))
    return out


def images_in(sf: SourceFile) -> list[ImageRef]:
    if _YAML_NAME.search(sf.path):
        pattern = _IMAGE
        if b"image:" not in sf.data:
            return []
    elif _DOCKERFILE_NAME.search(sf.path):
        pattern = _FROM
    else:
        return []
    out: list[ImageRef] = []
    for m in pattern.finditer(sf.data):
        line, _ = _line_at(sf.data, m.start(1))
        image = m.group(1).decode("ascii", "replace")
        if "{{" in image or image.startswith("$"):
            continue  # a template or a build argument: not a concrete image
        out.append(ImageRef(image, sf.path, line, sf.is_support))
    return out
