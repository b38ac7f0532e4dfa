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

from ahocorasick_rs import MATCHKIND_LEFTMOST_FIRST, BytesAhoCorasick, Implementation

from integrations_drift.scan.reference import reference_mode

# Up to this many names, a leftmost-first automaton searches with a SIMD prefilter (the crate's
# packed searcher takes at most 64 patterns).
_PACKED = 64
# Past _PACKED names the prefilter is gone and a DFA runs 2.5 x faster than the default NFA, but
# its table costs 3-12 ms to build (223 names): it replaces the NFA once that has read _DFA_AFTER
# bytes (a small tree never pays for it), when its patterns are few enough (_DFA_BYTES) for the
# table to stay within a few megabytes.
_DFA_AFTER = 4_000_000
_DFA_BYTES = 50_000


class Needles:
    """Which of some names occur in bytes. Up to _PACKED names, whether any occurs is asked of a
    leftmost-first automaton: only leftmost semantics let it skip ahead with its SIMD prefilter
    (4-5 x less CPU than the standard semantics on 28 MB of source where few files match). Which
    names occur, overlapping ones too, needs the standard semantics; that automaton runs only on
    the files the first one passes. More names than that: one standard automaton, a DFA after the
    first _DFA_AFTER bytes (223 names over saleor's 30 MB: 186 -> 74 ms)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.words: tuple[str, ...] = tuple(sorted(set(names)))
        encoded = [w.encode() for w in self.words]
        self._first: BytesAhoCorasick | None = None
        self._every: BytesAhoCorasick | None = None
        # bytes the NFA may read before the DFA replaces it (-1: never)
        self._until_dfa = -1
        if not encoded:
            return
        if len(encoded) <= _PACKED:
            self._first = BytesAhoCorasick(encoded, matchkind=MATCHKIND_LEFTMOST_FIRST)
        else:
            self._every = BytesAhoCorasick(encoded)
            if sum(map(len, encoded)) <= _DFA_BYTES:
                self._until_dfa = _DFA_AFTER

    def _standard(self, data: bytes) -> BytesAhoCorasick:
        if self._until_dfa >= 0:
            self._until_dfa -= len(data)
            if self._until_dfa < 0:
                self._every = BytesAhoCorasick(
                    [w.encode() for w in self.words], implementation=Implementation.DFA
                )
        assert self._every is not None
        return self._every

    def any_in(self, data: bytes) -> bool:
        if self._first is None and self._every is None:
            return False
        automaton = self._first or self._standard(data)
        return reference_mode() or bool(automaton.find_matches_as_indexes(data))

    def found_in(self, data: bytes) -> set[str]:
        """The names ``data`` holds (overlapping ones too); all of them in the reference pass."""
        if not self.words:
            return set()
        words = self.words
        if reference_mode():
            return set(words)
        if self._first is not None:
            if not self._first.find_matches_as_indexes(data):
                return set()
            if self._every is None:
                self._every = BytesAhoCorasick([w.encode() for w in words])
        return {words[i] for i, _, _ in self._standard(data).find_matches_as_indexes(data, overlapping=True)}


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
