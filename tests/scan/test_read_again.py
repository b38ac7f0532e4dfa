"""The env scan need not hold the bytes of the files its prefilter rejects: it reads them again
when a cross-file pass (here, a wrapper's call sites) looks at them, with the same answer."""

from __future__ import annotations

from integrations_drift.scan.env.scanner import scan_env
from integrations_drift.scan.types import ReadAgain, SourceFile

FILES = {
    "app/settings.py": 'import os\n\n\ndef get_setting(name):\n    return os.environ.get(name, "")\n',
    "app/billing.py": 'from app.settings import get_setting\n\nKEY = get_setting("BILLING_KEY")\n',
    "app/plain.py": "def f(x):\n    return x + 1\n",
}


def _refs(read_again: bool) -> tuple[list[tuple[str, str, int]], list[str]]:
    reads: list[str] = []

    def load(path: str) -> bytes:
        reads.append(path)
        return FILES[path].encode()

    files = (SourceFile(p, t.encode()) for p, t in FILES.items())
    scan = scan_env(files, read_again=load if read_again else None)
    return [(r.name, r.path, r.line) for r in scan.refs], reads


def test_rejected_files_are_read_again_with_the_same_answer() -> None:
    held, no_reads = _refs(read_again=False)
    lazy, reads = _refs(read_again=True)
    assert ("BILLING_KEY", "app/billing.py", 3) in held
    assert lazy == held
    assert no_reads == []
    assert "app/billing.py" in reads and "app/settings.py" not in reads


def test_read_again_holds_no_bytes() -> None:
    sf = ReadAgain("a.py", True, lambda p: b"x = 1\n")
    assert not hasattr(sf, "__dict__")
    assert (sf.path, sf.is_support, sf.data, sf.text()) == ("a.py", True, b"x = 1\n", "x = 1\n")
