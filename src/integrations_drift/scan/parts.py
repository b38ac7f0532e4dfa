"""A document's share of the repository's evidence: what lies in its part of the tree.

Files in the part count, less those in the parts of documents nested below it. Manifests at the top
of the repository (a workspace's shared dependencies) count for every part — as evidence that keeps a
row, not as a reason for a new one — and so does the text of top-level files when a document's entry
is looked for among mentions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from integrations_drift.scan.evidence import Evidence


def _in(path: str, folder: str) -> bool:
    return not folder or path.startswith(folder + "/")


def restrict(evidence: Evidence, part: str, nested: Sequence[str] = ()) -> Evidence:
    if not part and not nested:
        return evidence

    def mine(path: str) -> bool:
        return _in(path, part) and not any(_in(path, n) for n in nested)

    def shared(path: str) -> bool:
        return "/" not in path

    services = {}
    for name, found in evidence.services.items():
        # A shared manifest's dependency keeps a part's row from going stale, but is no reason on
        # its own for a new row in every part: it counts as context, as a development dependency does.
        signals = [
            s if mine(s.path) else dataclasses.replace(s, context=True)
            for s in found.signals
            if mine(s.path) or (s.kind == "package" and shared(s.path))
        ]
        if signals:
            services[name] = dataclasses.replace(found, signals=signals)
    return Evidence(
        env_refs=[r for r in evidence.env_refs if mine(r.path)],
        code_texts={p: d for p, d in evidence.code_texts.items() if mine(p) or shared(p)},
        deps=[d for d in evidence.deps if mine(d.path) or shared(d.path)],
        services=services,
        files_scanned=evidence.files_scanned,
        warnings=evidence.warnings,
    )
