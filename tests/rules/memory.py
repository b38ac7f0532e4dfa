"""Rule contexts built in memory: a document and a few files, scanned the way a real run scans them,
with no repository on disk."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from integrations_drift.catalog import load_catalog
from integrations_drift.doc.parse import parse_document
from integrations_drift.rules.base import Rule, RuleContext
from integrations_drift.scan.evidence import assemble
from integrations_drift.scan.files import FileIndex, is_support_path
from integrations_drift.scan.types import SourceFile
from integrations_drift.treeview import GitTreeView

DOC_PATH = "INTEGRATIONS.md"


def rule_context(doc: str, files: dict[str, str] | None = None) -> RuleContext:
    """The context a rule sees for ``doc`` (INTEGRATIONS.md's text) beside ``files``."""
    files = files or {}
    data = {p: c.encode() for p, c in files.items()}
    data[DOC_PATH] = doc.encode()
    paths = sorted(data)
    sources = [SourceFile(p, data[p], is_support_path(p)) for p in paths]
    catalog = load_catalog()
    evidence = assemble(sources, paths, data.get, DOC_PATH, catalog)
    return RuleContext(
        root=Path("/nonexistent"),
        doc=parse_document(data[DOC_PATH], DOC_PATH),
        files=FileIndex(root=Path("/nonexistent"), all_paths=paths),
        env_refs=evidence.env_refs,
        env_ignore=[],
        rename_source=dict,
        doc_lines=doc.splitlines(),
        catalog=catalog,
        tree_view=GitTreeView(dict.fromkeys(paths, "100644"), data.get),
        services=evidence.services,
        code_texts=evidence.code_texts,
    )


def example(rule: Rule, which: str) -> str:
    """The literal block after the docstring's ``Passing`` or ``Failing`` paragraph."""
    m = re.search(rf"^{which}\b[^\n]*::\n\n((?:    [^\n]*\n|\n)+)", rule.doc, re.M)
    assert m is not None, f"{rule.kind}: no {which} example in the docstring"
    return textwrap.dedent(m.group(1)).strip("\n") + "\n"
