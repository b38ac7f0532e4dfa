"""Which of many literal names a file holds, in one pass over its bytes.

A regex alternating over hundreds of names (with a look-behind for the word boundary) makes
Python's ``re`` try every alternative at every position of every file; an Aho-Corasick automaton
finds whether any name occurs at all in one linear pass, so the regex runs only on the few files
that can match.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick


class Needles:
    def __init__(self, names: Iterable[str]) -> None:
        words = sorted(set(names))
        self._automaton: ahocorasick.Automaton | None = None
        if words:
            automaton = ahocorasick.Automaton()
            for word in words:
                automaton.add_word(word, word)
            automaton.make_automaton()
            self._automaton = automaton

    def any_in(self, data: bytes) -> bool:
        if self._automaton is None:
            return False
        # latin-1 maps bytes to code points one to one, so ASCII names match where they are.
        return next(iter(self._automaton.iter(data.decode("latin-1"))), None) is not None
