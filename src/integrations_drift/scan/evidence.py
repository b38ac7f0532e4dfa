"""Everything the rules need from a tree, gathered in one pass over its files."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from integrations_drift.catalog import Catalog
from integrations_drift.scan.endpoints import endpoints_in, images_in, setting_hosts_in
from integrations_drift.scan.env import languages
from integrations_drift.scan.env.scanner import language_for, scan_env
from integrations_drift.scan.filecache import QUIET, FileCache, Record
from integrations_drift.scan.files import FileIndex, is_prose, is_support_path
from integrations_drift.scan.manifests import Dependency, read_manifest, scan_manifests
from integrations_drift.scan.needles import TextFilter
from integrations_drift.scan.project import project_apps, project_names
from integrations_drift.scan.reference import reference_mode
from integrations_drift.scan.roles import has_shell_shebang, offered_to_operators
from integrations_drift.scan.services import ServiceDetector, ServiceEvidence, import_needles
from integrations_drift.scan.types import EnvRef, ReadAgain, SourceFile, Unread

Progress = Callable[[str], None]


@dataclass
class Evidence:
    env_refs: list[EnvRef]
    code_texts: dict[str, bytes]  # scanned files but the document and prose (all, or those ``keep`` chose)
    deps: list[Dependency]
    services: dict[str, ServiceEvidence]
    files_scanned: int
    warnings: list[str] = field(default_factory=list)
    # Every scanned file but the document and prose, kept in ``code_texts`` or not: the files a
    # rebase may need to read again.
    observed: list[str] = field(default_factory=list)
    own_names: frozenset[str] = frozenset()  # the project's names (scan/project.py)
    own_apps: frozenset[str] = frozenset()  # the application's own catalog keys (scan/project.py)
    # Files whose language's prefilter rejected them (path -> language): a rebase looks them up
    # without reading them (an unchanged file's bytes are the same on both sides).
    rejected: dict[str, str] = field(default_factory=dict)


def observe(
    detector: ServiceDetector,
    texts: dict[str, bytes],
    sf: SourceFile,
    doc_path: str,
    keep: TextFilter | None = None,
) -> bool:
    """What one file tells besides its env refs: its text (for mention checks; only when ``keep``
    says it names a word someone will look for) and service signals. The document and prose files
    are evidence of nothing. Whether the file told nothing at all."""
    if sf.path == doc_path or is_prose(sf.path):
        return True
    kept = keep is None or keep(sf.data)
    if kept:
        texts[sf.path] = sf.data
    before = detector.added
    detector.add_source(sf.path, sf.data, sf.is_support)
    endpoints = endpoints_in(sf)
    detector.add_endpoints(endpoints)
    detector.add_setting_hosts(sf.path, setting_hosts_in(sf), sf.is_support)
    images = images_in(sf)
    detector.add_images(images)
    return not kept and not endpoints and not images and detector.added == before


def gather(
    root: Path,
    index: FileIndex,
    doc_path: str,
    catalog: Catalog,
    progress: Progress | None = None,
    keep: TextFilter | None = None,
) -> Evidence:
    """The evidence of the work tree at ``root``. ``keep``: see ``assemble``."""

    def read(path: str) -> bytes | None:
        sf = index.read(path)
        return sf.data if sf is not None else None

    def read_again(path: str) -> bytes:
        return read(path) or b""

    evidence = assemble(
        index.source_files(),
        index.all_paths,
        read,
        doc_path,
        catalog,
        index.support,
        progress,
        support_path=index.is_support_path,
        keep=keep,
        read_again=read_again,
        cache=index.cache,
    )
    evidence.env_refs = index.roles.given_by_runner(evidence.env_refs)
    if index.cache is not None:
        index.cache.save()
    return evidence


def assemble(
    files: Iterable[SourceFile],
    all_paths: Sequence[str],
    read: Callable[[str], bytes | None],
    doc_path: str,
    catalog: Catalog,
    support: Sequence[str] = (),
    progress: Progress | None = None,
    support_path: Callable[[str], bool] | None = None,
    keep: TextFilter | None = None,
    read_again: Callable[[str], bytes] | None = None,
    cache: FileCache | None = None,
) -> Evidence:
    """Evidence from any source of files: the manifests among ``all_paths`` through ``read``, then
    one pass over ``files`` (the ones worth scanning). ``keep``: which files' bytes stay in
    ``code_texts`` (those that name a word the rules look for; those that may import a declared
    dependency are added here); None keeps every file's, as PR mode's rebase needs. ``cache``:
    where the files every gate rejects are recorded; ``files`` may then hold ``Unread`` ones."""
    own_names = project_names(all_paths, read)
    own_apps = project_apps(all_paths, read)
    detector = ServiceDetector(catalog, own_names, own_apps)
    texts: dict[str, bytes] = {}
    test_paths: set[str] = set()
    observed: list[str] = []
    counter = [0]
    manifests = scan_manifests(all_paths, read)
    if keep is not None:
        keep.add(import_needles(manifests.deps))
    # A file is quiet when every gate rejects it; which gates there are, and what they look for,
    # is the key (besides the tool and settings the cache was made with).
    recording = cache is not None and keep is not None and not reference_mode()
    if cache is not None and recording and keep is not None:
        cache.open([doc_path, *sorted(own_names), *keep.words()], frozenset(languages.NAMES))
    quiet: dict[str, Record] = {}

    def each_file(files: Iterable[SourceFile]) -> Iterator[SourceFile]:
        last = time.monotonic()
        for sf in files:
            counter[0] += 1
            if isinstance(sf, Unread):
                pass  # every gate rejected these bytes: they tell nothing
            elif observe(detector, texts, sf, doc_path, keep) and recording:
                lang = language_for(sf)
                shebang = has_shell_shebang(sf.data)
                quiet[sf.path] = Record(QUIET, lang.NAME if lang else "", sf.is_support, shebang)
            if sf.path != doc_path and not is_prose(sf.path):
                observed.append(sf.path)
            if sf.is_support:
                test_paths.add(sf.path)
            if progress is not None and time.monotonic() - last > 0.25:
                progress(f"scanning: {counter[0]} files")
                last = time.monotonic()
            yield sf

    env = scan_env(each_file(files), read_again=read_again)
    detector.add_env(env.refs)
    if cache is not None:
        for path, rec in quiet.items():
            if path in env.quiet:
                cache.put(path, rec)

    def supporting(path: str) -> bool:
        return support_path(path) if support_path is not None else is_support_path(path, support)

    manifest_support = [p for p in {d.path for d in manifests.deps} if supporting(p)]
    detector.add_dependencies(manifests.deps, manifest_support)
    detector.locate_clients(texts, test_paths)
    return Evidence(
        env_refs=env.refs,
        code_texts=texts,
        deps=manifests.deps,
        services=detector.evidence,
        files_scanned=counter[0],
        warnings=[*env.warnings, *manifests.warnings],
        observed=observed,
        own_names=own_names,
        own_apps=own_apps,
        rejected=env.rejected,
    )


def rebase(
    head: Evidence,
    index: FileIndex,
    catalog: Catalog,
    *,
    head_changed: set[str],
    base_changed: set[str],
    base_read: dict[str, bytes],
    doc_path: str,
    read: Callable[[str], bytes | None],
    base_words: TextFilter | None = None,
) -> Evidence:
    """The evidence of another state of the tree (PR mode's base) from the head's: the files that
    changed (``head_changed`` at head, ``base_changed`` at base, whose contents are ``base_read``)
    swap their contributions; everything else is carried over, so the cost follows the change.
    ``read``: a head file's bytes, for the files ``head.code_texts`` does not hold (the head scan
    keeps only those its rules read; an unchanged file is the same on both sides). ``base_words``:
    the words the base's rules look for, when the head's filter did not keep every file naming one."""

    def text(path: str) -> bytes:
        data = head.code_texts.get(path)
        return data if data is not None else (read(path) or b"")

    order = head.observed or list(head.code_texts)
    observed = set(order)
    # Unchanged files that call an env wrapper (a function whose parameter names the variable it
    # reads) defined in a changed file: their reads through it may differ at base, so they are
    # scanned again (their own content is the same on both sides). Wrappers are few; call sites
    # are found with a bytes search for their names.
    changed_files = [SourceFile(p, text(p)) for p in sorted(head_changed) if p in observed]
    changed_files += [SourceFile(p, d) for p, d in sorted(base_read.items())]
    wrappers = scan_env(iter(changed_files)).wrappers
    unchanged = [p for p in order if p not in head_changed]
    affected: set[str] = set()
    if wrappers:
        needles = [w.encode() for w in sorted(wrappers)]
        names = re.compile(rb"\b(?:" + b"|".join(re.escape(n) for n in needles) + rb")\s*\(")
        for p in unchanged:
            data = text(p)
            if any(n in data for n in needles) and names.search(data):
                affected.add(p)
    removed = head_changed | affected

    base_files = [
        sf
        for path in sorted(base_changed)
        if path in base_read
        and index.scannable(path)
        and (sf := index.source_file(path, base_read[path])) is not None
    ]
    base_files.extend(SourceFile(p, d, index.is_support(p, d)) for p in sorted(affected) if (d := text(p)))
    # Unchanged files are looked up (not scanned) for the constants, tables and exported
    # environment objects that the rescanned files use; those whose bytes were not kept are read
    # again when looked at.
    rescanned = {sf.path for sf in base_files}

    def again(path: str) -> bytes:
        return read(path) or b""

    def looked_up(path: str) -> SourceFile:
        if path in head.code_texts:
            return SourceFile(path, head.code_texts[path])
        if path in head.rejected:  # the scan's gate rejected these bytes: no need to ask again
            return Unread(path, False, again, head.rejected[path])
        return ReadAgain(path, False, again)

    context = (looked_up(p) for p in unchanged if p not in rescanned)
    partial = scan_env(iter(base_files), context)
    texts = {p: d for p, d in head.code_texts.items() if p not in head_changed}
    if base_words is not None:
        for p in unchanged:
            if p not in texts and base_words(data := text(p)):
                texts[p] = data

    detector = ServiceDetector(catalog, head.own_names, head.own_apps)
    detector.carry_over(head.services, removed)
    for sf in base_files:
        if sf.path not in affected:
            observe(detector, texts, sf, doc_path)
    detector.add_env(r for r in partial.refs if r.path not in affected)
    deps = [d for d in head.deps if d.path not in head_changed]
    for path in sorted(base_changed):
        if path in base_read:
            found, _ = read_manifest(path, base_read[path])
            deps.extend(found)
    detector.add_dependencies([d for d in deps if d.path in base_changed])
    env_refs = [r for r in head.env_refs if r.path not in removed] + index.roles.given_by_runner(
        partial.refs, offered=offered_to_operators(head.env_refs)
    )
    return Evidence(
        env_refs=env_refs,
        code_texts=texts,
        deps=deps,
        services=detector.evidence,
        files_scanned=len(base_files),
        own_names=head.own_names,
        own_apps=head.own_apps,
    )
