"""The hostile inputs of the README's reliability table, built at any size: the tests assert each
one's result at the size that ran past any bound before, and bench/hostile.py times them."""

from __future__ import annotations

OPEN_CALL = b'os.environ.get("X", '
COMPOSE_HEAD = b"services:\n  app:\n    image: x\n    environment:\n      A: "


def minified_js(size: int) -> bytes:
    """One line of ``var qN=process.env.VAR_N||"d";``, about ``size`` bytes."""
    parts: list[str] = []
    n = 0
    while n < size:
        parts.append(f'var q{len(parts)}=process.env.VAR_{len(parts)}||"d";')
        n += len(parts[-1])
    return "".join(parts).encode()


def one_line_reads(size: int) -> bytes:
    return b"process.env.X;" * (size // 14)


def compose_dollars(size: int) -> bytes:
    return COMPOSE_HEAD + b"$" * size + b"\n"


def open_calls(size: int) -> bytes:
    """Calls that never close, repeated on one line."""
    return OPEN_CALL * (size // len(OPEN_CALL))


def escaped_quotes(size: int) -> bytes:
    """Quotes after a backslash, none of which closes."""
    return b'"\\' * (size // 2)


def pom_text(size: int) -> bytes:
    return b"<project><description>" + b"word &amp; " * (size // 11) + b"</description></project>"


def doc_with_cell(cell: str) -> bytes:
    return (
        "# External Integrations\n\n## Databases & Data Stores\n\n"
        "| Service | Type | Purpose | Configuration Location |\n|---|---|---|---|\n"
        f"| PostgreSQL | DB | store | {cell} |\n"
    ).encode()


def stale_table(rows: int) -> str:
    """A document of ``rows`` variables no code reads."""
    body = "".join(f"| `STALE_{i}` | no | p | `x` |\n" for i in range(rows))
    return (
        "# External Integrations\n\n## Environment Variables\n\n"
        "| Variable | Required | Purpose | Example |\n|---|---|---|---|\n" + body
    )
