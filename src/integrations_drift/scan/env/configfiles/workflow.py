"""GitHub Actions workflows: ``env:`` at workflow, job and step level sets variables.

``${{ env.X }}``, ``${{ secrets.X }}`` and ``$X`` inside ``run:`` scripts are left out: they are
read by CI, not by the application.
"""

from __future__ import annotations

from integrations_drift.scan.env.configfiles import yamltree as yt
from integrations_drift.scan.env.configfiles.common import RefList
from integrations_drift.scan.types import EnvRef, SourceFile

SOURCE = "workflow"


def wants(data: bytes) -> bool:
    return b"env" in data


def scan(sf: SourceFile) -> list[EnvRef]:
    roots = yt.compose_documents(sf.text())
    if roots is None:
        return []
    out = RefList(sf, SOURCE)
    for root in roots:
        out.set_keys(yt.get(root, "env"))
        for _, job in yt.mapping_items(yt.get(root, "jobs")):
            out.set_keys(yt.get(job, "env"))
            for step in yt.sequence_items(yt.get(job, "steps")):
                out.set_keys(yt.get(step, "env"))
    return out.refs
