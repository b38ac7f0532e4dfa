"""The scanners' vocabularies, kept as data: what a path says about a file (``data/paths.yml``)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator

from integrations_drift.datafiles import DataModel, load


def _join_alternatives(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "|".join(value)
    return value


# A list of regex alternatives in the file, one compiled alternation in the model: a list keeps a
# comment beside each alternative.
Alternation = Annotated[re.Pattern[str], BeforeValidator(_join_alternatives)]


class PathVocabulary(DataModel):
    """``data/paths.yml``."""

    vendored_dirs: frozenset[str]
    manifest_skipped_dirs: frozenset[str]
    test_path: Alternation
    tooling_path: Alternation


def path_vocabulary() -> PathVocabulary:
    return load("paths.yml", PathVocabulary)
