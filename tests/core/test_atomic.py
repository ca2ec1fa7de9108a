"""Reports and exports are written to a temporary file, fsynced and renamed into place; what a
killed writer left behind is cleared on the next write."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from themes.core import atomic
from themes.core.atomic import clear_stale, temp_pattern, write_atomic
from themes.core.errors import OutputError


def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(proc.stdout)


def test_writes_text_and_bytes_and_replaces(tmp_path) -> None:
    path = tmp_path / "out" / "report.html"
    write_atomic(path, "first\n")
    assert path.read_text(encoding="utf-8") == "first\n"
    write_atomic(path, "zweite ü\r\n".encode())
    assert path.read_bytes() == "zweite ü\r\n".encode()
    assert sorted(p.name for p in path.parent.iterdir()) == ["report.html"]
    assert oct(path.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_temporary_names_are_recognisable(tmp_path, monkeypatch) -> None:
    seen = []
    replace = os.replace

    def spy(src, dst):
        seen.append(os.path.basename(src))
        replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", spy)
    write_atomic(tmp_path / "a.csv", "x")
    match = temp_pattern("a.csv").fullmatch(seen[0])
    assert match is not None and int(match.group(1)) == os.getpid()


def test_leftovers_of_killed_writers_are_cleared_on_the_next_write(tmp_path) -> None:
    path = tmp_path / "report.html"
    gone = tmp_path / f".report.html.tmp-{dead_pid()}-0badc0de"
    gone.write_text("half a report")
    other = tmp_path / f".report.md.tmp-{dead_pid()}-0badc0de"  # another file's, also dead
    other.write_text("x")
    alive = tmp_path / f".report.html.tmp-{os.getppid()}-12345678"  # a writer still at work
    alive.write_text("in progress")
    mine = tmp_path / ".notes.txt.tmp-1-a"  # not our pattern: never touched
    mine.write_text("x")
    write_atomic(path, "whole")
    assert not gone.exists() and not other.exists() and alive.exists() and mine.exists()
    assert clear_stale(path) == []


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing(tmp_path, monkeypatch) -> None:
    path = tmp_path / "segments.csv"
    write_atomic(path, "old")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(OutputError, match="segments.csv: cannot write .*No space left"):
        write_atomic(path, "new")
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["segments.csv"]


def test_a_folder_in_the_way_is_an_error_naming_it(tmp_path) -> None:
    (tmp_path / "report.html").mkdir()
    with pytest.raises(OutputError, match="report.html: cannot write"):
        write_atomic(tmp_path / "report.html", "x")


def test_reports_and_exports_are_written_only_through_write_atomic() -> None:
    """One way to write an output file: no other file writing anywhere in the package (the
    model's ONNX export to the user cache aside)."""
    package = Path(atomic.__file__).resolve().parents[1]
    allowed = {"core/atomic.py", "discovery/onnx_backend.py"}
    writes = re.compile(
        r"write_text\(|write_bytes\(|mkstemp|os\.replace|\.open\([^)]*[\"'][wax]"
        r"|\bopen\([^)]*[\"'][wax]"
    )
    found = [
        f"{path.relative_to(package)}:{n}"
        for path in sorted(package.rglob("*.py"))
        if path.relative_to(package).as_posix() not in allowed
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if writes.search(line)
    ]
    assert not found, f"write these with themes.core.atomic.write_atomic: {found}"
