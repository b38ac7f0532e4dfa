"""Which of many literal names a file holds, in one pass over its bytes.

A regex alternating over hundreds of names (with a look-behind for the word boundary) makes
Python's ``re`` try every alternative at every position of every file; an Aho-Corasick automaton
finds whether any name occurs at all in one linear pass, so the regex runs only on the few files
that can match. The automaton runs over the raw bytes (no decoding): ahocorasick-rs, chosen over
pyahocorasick (5.7 x the CPU on the same 80 MB: it needs a decoded str) and Hyperscan (faster
still, but its wheels are x86-only); see the README's Performance section.
"""

from __future__ import annotations

from collections.abc import Iterable

from ahocorasick_rs import MATCHKIND_LEFTMOST_FIRST, BytesAhoCorasick

from integrations_drift.scan.reference import reference_mode


class Needles:
    """Two automata over the same names. Whether any name occurs is asked of a leftmost-first one:
    only leftmost semantics let the automaton skip ahead with its SIMD prefilter (5 x less CPU than
    the standard semantics on 28 MB of source where few files match). Which names occur, overlapping
    ones too, needs the standard semantics; that automaton runs only on the files the first one
    passes, and is built on the first such file."""

    def __init__(self, names: Iterable[str]) -> None:
        self.words: tuple[str, ...] = tuple(sorted(set(names)))
        encoded = [w.encode() for w in self.words]
        self._first = BytesAhoCorasick(encoded, matchkind=MATCHKIND_LEFTMOST_FIRST) if encoded else None
        self._every: BytesAhoCorasick | None = None

    def any_in(self, data: bytes) -> bool:
        if self._first is None:
            return False
        return reference_mode() or bool(self._first.find_matches_as_indexes(data))

    def found_in(self, data: bytes) -> set[str]:
        """The names ``data`` holds (overlapping ones too); all of them in the reference pass."""
        if self._first is None:
            return set()
        words = self.words
        if reference_mode():
            return set(words)
        if not self._first.find_matches_as_indexes(data):
            return set()
        if self._every is None:
            self._every = BytesAhoCorasick([w.encode() for w in words])
        return {words[i] for i, _, _ in self._every.find_matches_as_indexes(data, overlapping=True)}


class TextFilter:
    """Whether a file names any of some words: ``exact`` ones as written, ``folded`` ones
    ignoring ASCII case (as a bytes regex with ``re.I`` compares). An empty word is in every
    file."""

    def __init__(self, exact: Iterable[str] = (), folded: Iterable[str] = ()) -> None:
        self._exact = set(exact)
        # bytes.lower() folds ASCII only, as re.I on bytes does.
        self._folded = {w.encode().lower().decode() for w in folded}
        self._all = "" in self._exact or "" in self._folded
        self._compile()

    def _compile(self) -> None:
        self._exact_needles = Needles(self._exact)
        self._folded_needles = Needles(self._folded)

    def words(self) -> list[str]:
        """Every word, for a key: the exact ones, then the folded ones marked as such."""
        return [*sorted(self._exact), *(f"\1{w}" for w in sorted(self._folded))]

    def add(self, exact: Iterable[str]) -> None:
        self._exact.update(exact)
        self._all = self._all or "" in self._exact
        self._compile()

    def __call__(self, data: bytes) -> bool:
        return (
            self._all
            or reference_mode()
            or self._exact_needles.any_in(data)
            or (bool(self._folded) and self._folded_needles.any_in(data.lower()))
        )
