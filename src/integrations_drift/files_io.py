"""Writing files so that a reader never sees half of one and a failure leaves the old one intact."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(target: Path, content: str) -> None:
    """Replace ``target``'s content; a symbolic link keeps pointing at the file it names, which is
    the one rewritten (replacing the link with a plain file would cut it loose)."""
    if target.is_symlink():
        target = target.resolve()
    parent = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
