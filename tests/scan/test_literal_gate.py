"""The byte-level gate in front of each language's prefilter regex: the literals it reads from the
regex, and that it never rejects a file the regex matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrations_drift.scan.env import languages
from integrations_drift.scan.literals import LiteralGate, required_literals


def test_literals_of_each_alternative() -> None:
    assert required_literals(re.compile(rb"environ|\benv\b|Base\s*Settings")) == [
        b"environ",
        b"env",
        b"Settings",
    ]
    assert required_literals(re.compile(rb"System\s*\.\s*(?:get_env|fetch_env)")) == [b"System"]
    assert required_literals(re.compile(rb"(?:a|b)cde")) == [b"cde"]


@pytest.mark.parametrize("pattern", [rb"env|[A-Z]+", rb"(?i)getenv", rb"caf\xc3\xa9|x"])
def test_no_gate_without_a_literal_in_every_alternative(pattern: bytes) -> None:
    assert required_literals(re.compile(pattern)) is None


def test_every_language_prefilter_has_a_gate() -> None:
    for lang in languages.every():
        assert required_literals(lang.PREFILTER), lang.NAME


def test_reference_mode_opens_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    # The literal is absent but the regex (here wider than its literal) matches: only the
    # reference pass, which skips the gate, runs the regex.
    gate = LiteralGate(re.compile(rb"env(?=x)|zzz"))
    gate._needles = type(gate._needles)(["nothing-like-it"])  # type: ignore[misc]
    assert gate.search(b"envx") is False
    monkeypatch.setenv("INTEGRATIONS_DRIFT_REFERENCE", "1")
    assert gate.search(b"envx") is True


_PIECES = st.sampled_from(
    [
        b"env",
        b"ENV",
        b"environ",
        b"get",
        b"Getenv",
        b"os.",
        b"$",
        b"{",
        b"System",
        b".",
        b" ",
        b"\n",
        b"@Value",
        b"_",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES | st.binary(max_size=4), max_size=12))
def test_gate_agrees_with_the_regex(parts: list[bytes]) -> None:
    data = b"".join(parts)
    for lang in languages.every():
        assert LiteralGate(lang.PREFILTER).search(data) == (lang.PREFILTER.search(data) is not None)
