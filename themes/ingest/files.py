"""Opening input files safely: regular files only, links only inside the folder, bounded reads.

A folder may hold anything its owner's tools left there: links to files elsewhere (think
``/etc/shadow``), named pipes that block a reader forever, devices such as ``/dev/zero`` that
never end. Nothing here opens a file before it is known to be a regular file, and no read goes
past the size limit, so none of them can hang or exhaust memory.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from themes.core.config import IngestConfig

_CHUNK = 1 << 20
_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


@dataclass(frozen=True)
class Refusal:
    """Why a path is not read (`what`) and what to do about it (`fix`); no file name."""

    what: str
    fix: str


def refusal(path: Path, folder: Path, config: IngestConfig) -> Refusal | None:
    """Why `path` (an entry of `folder`) must not be opened, or None if it may be read."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return Refusal(
                "cannot be read (a link whose target does not exist, or that loops)",
                "Fix the link or remove it from the folder.",
            )
        if not config.follow_symlinks and not target.is_relative_to(folder.resolve()):
            return Refusal(
                "a link to a file outside the folder (links that leave it are not followed)",
                "Copy the file into the folder, or set ingest.follow_symlinks: true to follow "
                "links that leave it.",
            )
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return _os_refusal(exc)
    return _kind_refusal(mode)


def read_limited(path: Path, max_mb: float) -> bytes | Refusal:
    """The bytes of a regular file, or a Refusal (not regular, too large, unreadable).

    The file is opened without blocking (a FIFO swapped in after `refusal` cannot hang it),
    checked again once open, and read in chunks up to the limit (a file that grows while it is
    read cannot exhaust memory).
    """
    limit = int(max_mb * 1_000_000)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return _os_refusal(exc)
    try:
        info = os.fstat(fd)
        kind = _kind_refusal(info.st_mode)
        if kind is not None:
            return kind
        if info.st_size > limit:
            return too_large(info.st_size, max_mb)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                return too_large(total, max_mb)
    except OSError as exc:
        return _os_refusal(exc)
    finally:
        os.close(fd)


def too_large(size: int, max_mb: float) -> Refusal:
    return Refusal(
        f"{megabytes(size)} MB is larger than ingest.max_file_mb ({max_mb:g} MB)",
        "Raise that setting if it is a transcript.",
    )


def megabytes(size: int) -> str:
    """``0.42``, ``7.5``, ``1,074``: a size in MB for a message."""
    mb = size / 1_000_000
    return f"{mb:,.0f}" if mb >= 100 else f"{mb:.2g}"


def _kind_refusal(mode: int) -> Refusal | None:
    if stat.S_ISREG(mode):
        return None
    what = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return Refusal(
        f"{what}, not a regular file", "Only regular files are read; move it out of the folder."
    )


def _os_refusal(exc: OSError) -> Refusal:
    return Refusal(
        f"cannot be read ({exc.strerror or type(exc).__name__})",
        "Check that the file exists and that you may read it.",
    )
