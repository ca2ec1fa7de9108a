"""Write a file so that readers see the old version or the new one, never half of one.

The data goes to a temporary file in the same folder (``.NAME.tmp-PID-RANDOM``), is flushed to
disk (fsync), then renamed over the target (``os.replace``), and the folder is synced so the
rename survives a power cut. Temporary files left by a killed process (its PID is in the name)
are removed the next time a file is written to the same folder.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from themes.core.errors import OutputError

_TMP = ".{name}.tmp-{pid}-{token}"  # token: 8 hex digits
_TEMP = re.compile(r"\..+\.tmp-(\d+)-[0-9a-f]{8}")


def temp_pattern(name: str) -> re.Pattern[str]:
    """Matches the temporary files of target file `name`; group 1 is the writer's PID."""
    return re.compile(rf"\.{re.escape(name)}\.tmp-(\d+)-[0-9a-f]{{8}}")


def write_atomic(path: Path | str, data: str | bytes) -> Path:
    """Write `data` (text is written as UTF-8, newlines as given) to `path` atomically and
    durably; returns the path. Raises `OutputError` naming the file when it cannot be written."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "is a folder")
        path.parent.mkdir(parents=True, exist_ok=True)
        clear_stale(path)
        tmp = path.with_name(
            _TMP.format(name=path.name, pid=os.getpid(), token=secrets.token_hex(4))
        )
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _sync_folder(path.parent)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise OutputError(
            f"{path}: cannot write this file ({reason}); choose another path, or check that "
            "the folder exists, is writable and the disk has space."
        ) from None
    return path


def clear_stale(path: Path) -> list[Path]:
    """Remove the temporary files in `path`'s folder (of any file written this way) whose
    writing process is gone; returns them."""
    removed: list[Path] = []
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP.fullmatch(entry.name)
        if match is None or _alive(int(match.group(1))):
            continue
        try:
            entry.unlink()
            removed.append(entry)
        except OSError:
            pass  # another writer cleared it first, or it cannot be removed: leave it
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # another thread of this process may be writing it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists (another user's) or cannot tell: leave its file alone
    return True


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
