"""Writes: nothing outside the repository that the repository chose, no device replaced, never a
half-written file, every refusal one line and exit 2."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from integrations_drift.files_io import exclusive
from tests.gitrepo import CLEAN, commit, make_repo, write
from tests.hostile.helpers import cli, no_traceback

DRIFT = {**CLEAN, "app/extra.py": 'import os\n\nX = os.getenv("NEW_UNDOCUMENTED_VAR")\n'}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "r", DRIFT)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    target = tmp_path / "outside.txt"
    target.write_text("precious\n")
    return target


def test_output_through_a_planted_link_is_refused(repo: Path, outside: Path) -> None:
    (repo / "report.json").symlink_to(outside)
    line = cli("check", str(repo), "--format", "json", "--output", str(repo / "report.json")).one_line_error()
    assert "symbolic link" in line
    assert outside.read_text() == "precious\n"


def test_output_through_a_planted_folder_link_is_refused(repo: Path, tmp_path: Path) -> None:
    (repo / "out").symlink_to(tmp_path)
    cli("check", str(repo), "--format", f"json={repo / 'out' / 'r.json'}").one_line_error()
    assert not (tmp_path / "r.json").exists()


def test_output_outside_to_a_new_path_or_a_regular_file_is_allowed(repo: Path, tmp_path: Path) -> None:
    new = tmp_path / "new.json"
    no_traceback(cli("check", str(repo), "--format", "json", "--output", str(new)))
    assert new.read_text().startswith("{")
    no_traceback(cli("check", str(repo), "--format", "json", "--output", str(new)))  # now a regular file


def test_devices_pipes_directories_and_proc_are_refused(repo: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # A device node of our own in a temporary folder: the machine's /dev is never a target here.
    device = tmp_path / "null-device"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        targets = [fifo, device]
    except PermissionError:
        targets = [fifo]
    targets += [tmp_path, Path("/proc/self/integrations-drift-output")]
    for target in targets:
        line = cli("check", str(repo), "--format", "json", "--output", str(target)).one_line_error()
        assert str(target) in line
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    if device in targets:
        assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_init_output_to_a_directory(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"app.py": "print(1)\n"})
    (repo / "docs").mkdir()
    assert "is a directory" in cli("init", str(repo), "--output", "docs", "--force").one_line_error()


def test_config_baseline_outside_is_neither_read_nor_written(repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text("root-password-hash: x\n")
    write(repo, {".integrations-drift.yml": f"baseline: {secret}\n"})
    line = cli("check", str(repo)).one_line_error()
    assert "root-password-hash" not in line and "leaves the repository" in line
    write(repo, {".integrations-drift.yml": "baseline: ../made-by-tool.yml\n"})
    cli("baseline", str(repo)).one_line_error()
    assert not (tmp_path / "made-by-tool.yml").exists()


def test_default_baseline_through_a_link_is_refused(repo: Path, outside: Path) -> None:
    (repo / ".integrations-drift-baseline.yml").symlink_to(outside)
    assert "symbolic link" in cli("baseline", str(repo)).one_line_error()
    assert outside.read_text() == "precious\n"


def test_nul_in_any_path_is_a_usage_error(repo: Path) -> None:
    write(repo, {".integrations-drift.yml": 'baseline: "base\\0line.yml"\n'})
    assert "NUL" in cli("check", str(repo)).one_line_error()
    (repo / ".integrations-drift.yml").unlink()
    from integrations_drift.cli import main

    assert main(["check", str(repo), "--output", "a\0b"]) == 2
    assert main(["check", str(repo), "--doc", "INTEG\0RATIONS.md"]) == 2


def test_read_only_document_is_not_fixed(repo: Path) -> None:
    doc = repo / "INTEGRATIONS.md"
    before = doc.read_bytes()
    doc.chmod(0o444)
    assert "read-only" in cli("fix", str(repo)).one_line_error()
    assert doc.read_bytes() == before


def test_immutable_document_is_not_fixed(repo: Path) -> None:
    doc = repo / "INTEGRATIONS.md"
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(doc)], capture_output=True).returncode != 0:
        pytest.skip("this file system (or user) cannot mark a file immutable")
    try:
        before = doc.read_bytes()
        cli("fix", str(repo)).one_line_error()
        assert doc.read_bytes() == before
    finally:
        subprocess.run([chattr, "-i", str(doc)], check=True)


def _small_disk() -> None:
    # A file-size limit stands in for a full disk: the write fails part-way, as ENOSPC would.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))


def test_a_write_that_fails_midway_leaves_the_old_file_whole(repo: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text("old report\n")
    line = cli(
        "check", str(repo), "--format", "json", "--output", str(report), preexec=_small_disk
    ).one_line_error()
    assert "nothing was written" in line
    assert report.read_text() == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".report")) == []
    doc = repo / "INTEGRATIONS.md"
    before = doc.read_bytes()
    cli("fix", str(repo), preexec=_small_disk).one_line_error()
    assert doc.read_bytes() == before


def _wait_until_blocked(proc: subprocess.Popen[str]) -> None:
    """Until the kernel lists ``proc`` as waiting for a lock (a ``->`` line in /proc/locks): a fix
    that took no lock would finish instead, and the test would fail here."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        for line in Path("/proc/locks").read_text().splitlines():
            fields = line.split()
            if "->" in fields and str(proc.pid) in fields:
                return
        assert proc.poll() is None, "fix ran while another held the repository"
        time.sleep(0.05)
    raise AssertionError("fix never waited for the lock")


def test_two_fix_runs_take_turns_and_no_edit_is_lost(repo: Path) -> None:
    doc = repo / "INTEGRATIONS.md"
    with exclusive(repo):
        # Another fix holds the repository: this one must wait, then edit what that one wrote.
        proc = subprocess.Popen(
            [sys.executable, "-m", "integrations_drift", "fix", str(repo)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        _wait_until_blocked(proc)
        doc.write_text(doc.read_text() + "\nA note the other run added.\n")
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    text = doc.read_text()
    assert "A note the other run added." in text
    assert "NEW_UNDOCUMENTED_VAR" in text


def test_concurrent_fix_processes_both_succeed_with_one_result(repo: Path) -> None:
    write(repo, {"app/more.py": 'import os\n\nY = os.getenv("SECOND_UNDOCUMENTED_VAR")\n'})
    commit(repo, "more")
    results: list[int] = []

    def run() -> None:
        results.append(cli("fix", str(repo)).code)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [0, 0]
    text = (repo / "INTEGRATIONS.md").read_text()
    assert text.count("NEW_UNDOCUMENTED_VAR") == 1 and text.count("SECOND_UNDOCUMENTED_VAR") == 1


def test_init_through_a_planted_link_is_refused(tmp_path: Path, outside: Path) -> None:
    repo = make_repo(tmp_path / "r", {"app.py": "print(1)\n"})
    (repo / "INTEGRATIONS.md").symlink_to(outside)
    assert "symbolic link" in cli("init", str(repo), "--force").one_line_error()
    (repo / "docs").symlink_to(tmp_path)
    assert "symbolic link" in cli("init", str(repo), "--output", "docs/NEW.md").one_line_error()
    assert outside.read_text() == "precious\n" and not (tmp_path / "NEW.md").exists()


def test_baseline_output_typed_through_a_planted_link_is_refused(repo: Path, outside: Path) -> None:
    (repo / "accepted.yml").symlink_to(outside)
    assert "symbolic link" in cli("baseline", str(repo), "--output", "accepted.yml").one_line_error()
    assert outside.read_text() == "precious\n"
