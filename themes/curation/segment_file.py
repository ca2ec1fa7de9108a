"""Segment ids listed in a file, one per line (`themes move/exclude --from-file`).

Blank lines, lines starting with ``#`` and a first line ``segment_id`` (a one-column CSV's
header) are skipped; each line is stripped of spaces.
"""

from __future__ import annotations

from pathlib import Path

from themes.core.errors import InputError

MAX_BYTES = 10_000_000


def read_segment_ids(path: Path | str) -> list[str]:
    """The segment ids in `path`, in file order (see the module docstring)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read the list of segments ({exc.strerror}).") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: over {MAX_BYTES // 1_000_000} MB; list fewer segments.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{at}: not UTF-8 text; save the list as UTF-8.") from None
    ids: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if number == 1 and line.strip('"') == "segment_id":
            continue
        ids.append(line)
    if not ids:
        raise InputError(f"{path}: lists no segment ids (one TRANSCRIPT:LINE per line).")
    return ids
