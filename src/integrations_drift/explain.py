"""``check --verbose``: why something was not reported, one line each."""

from __future__ import annotations

from collections.abc import Iterator

from integrations_drift.config import Settings
from integrations_drift.engine import CheckResult, KindFilter

MAX_SUPPORT_LINES = 50
_LEFT_OUT = {
    "vendored": "in vendored or build folders (node_modules, vendor, …)",
    "include": "outside the config's include",
    "exclude": "matched by the config's exclude",
}


def explain(result: CheckResult, settings: Settings, kinds: KindFilter) -> Iterator[str]:
    if kinds.select or settings.select:
        chosen = sorted(kinds.select or settings.select)
        yield f"reporting only: {', '.join(chosen)}"
    if kinds.ignore:
        yield f"not reporting: {', '.join(sorted(kinds.ignore))} (--ignore)"
    if result.index is not None:
        left = result.index.left_out(settings.exclude)
        for reason, text in _LEFT_OUT.items():
            if reason in left:
                n, examples = left[reason].count, left[reason].examples
                more = ", …" if n > len(examples) else ""
                yield f"not scanned: {n} path{'s' * (n != 1)} {text}: {', '.join(examples)}{more}"
    yield from result.silenced
    seen: set[str] = set()
    shown = 0
    for name, path, line in result.support_only:
        if name in seen:
            continue
        seen.add(name)
        if shown == MAX_SUPPORT_LINES:
            yield "… and more variables read only in test or tooling code"
            break
        shown += 1
        yield f"not reported: {name}: read only in test or tooling code ({path}:{line})"
    s = result.suppressed
    for kind, count in sorted(s.inline.items()):
        yield f"not reported: {count} {kind} finding{'s' * (count != 1)}: inline ignore comments"
    if s.accepted:
        many = "s" * (s.accepted != 1)
        yield f"not reported: {s.accepted} finding{many} the baseline {s.baseline_name} accepts"
