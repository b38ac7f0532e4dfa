"""The slow reference pass: every byte-level gate open, so every file reaches every regex. The
benchmark (bench/large_tree.py --verify) compares the fast paths' findings with it."""

from __future__ import annotations

import os


def reference_mode() -> bool:
    return os.environ.get("INTEGRATIONS_DRIFT_REFERENCE") == "1"
