"""Everything the rules need from a tree, gathered in one pass over its files."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from integrations_drift.catalog import Catalog
from integrations_drift.scan.endpoints import endpoints_in, images_in
from integrations_drift.scan.env.scanner import scan_env
from integrations_drift.scan.files import FileIndex, is_prose, is_support_path
from integrations_drift.scan.manifests import Dependency, scan_manifests
from integrations_drift.scan.services import ServiceDetector, ServiceEvidence
from integrations_drift.scan.types import EnvRef, SourceFile

Progress = Callable[[str], None]


@dataclass
class Evidence:
    env_refs: list[EnvRef]
    code_texts: dict[str, bytes]  # every scanned file but the document and prose
    deps: list[Dependency]
    services: dict[str, ServiceEvidence]
    files_scanned: int
    warnings: list[str] = field(default_factory=list)


def observe(detector: ServiceDetector, texts: dict[str, bytes], sf: SourceFile, doc_path: str) -> None:
    """What one file tells besides its env refs: its text (for mention checks) and service signals.
    The document and prose files are evidence of nothing."""
    if sf.path == doc_path or is_prose(sf.path):
        return
    texts[sf.path] = sf.data
    detector.add_source(sf.path, sf.data, sf.is_support)
    detector.add_endpoints(endpoints_in(sf))
    detector.add_images(images_in(sf))


def gather(
    root: Path,
    index: FileIndex,
    doc_path: str,
    catalog: Catalog,
    progress: Progress | None = None,
) -> Evidence:
    detector = ServiceDetector(catalog)
    texts: dict[str, bytes] = {}
    test_paths: set[str] = set()
    counter = [0]

    def each_file(files: Iterable[SourceFile]) -> Iterator[SourceFile]:
        last = time.monotonic()
        for sf in files:
            counter[0] += 1
            observe(detector, texts, sf, doc_path)
            if sf.is_support:
                test_paths.add(sf.path)
            if progress is not None and time.monotonic() - last > 0.25:
                progress(f"scanning: {counter[0]} files")
                last = time.monotonic()
            yield sf

    env = scan_env(each_file(index.source_files()))
    detector.add_env(env.refs)

    def read(path: str) -> bytes | None:
        sf = index.read(path)
        return sf.data if sf is not None else None

    manifests = scan_manifests(index.all_paths, read)
    support = [p for p in {d.path for d in manifests.deps} if is_support_path(p, index.support)]
    detector.add_dependencies(manifests.deps, support)
    detector.locate_clients(texts, test_paths)
    return Evidence(
        env_refs=env.refs,
        code_texts=texts,
        deps=manifests.deps,
        services=detector.evidence,
        files_scanned=counter[0],
        warnings=[*env.warnings, *manifests.warnings],
    )
