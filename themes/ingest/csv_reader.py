"""CSV transcripts: one row per turn; the columns are named in the `ingest` settings.

Rows are read strictly, so a quote that is never closed (or closed in the wrong place) cannot
silently fold the turns after it into one cell: that row is read alone, up to the end of its
line, reading goes on with the next line, and a warning names the line. Rows too short to
reach the text column are skipped with a warning naming their lines.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from themes.core.config import IngestConfig
from themes.core.errors import InputError
from themes.ingest.base import Parsed, Piece, build_turns
from themes.ingest.decode import decode
from themes.ingest.labels import parse_time
from themes.ingest.lines import UNKNOWN

MAX_LISTED = 10  # line numbers listed in one warning
_NAME_LIKE = re.compile(r"[\w ./#()\-]{1,30}")


def read_csv(data: bytes, source: str, config: IngestConfig) -> Parsed:
    decoded = decode(data, source)
    csv.field_size_limit(max(csv.field_size_limit(), len(decoded.text) + 1))
    broken: list[int] = []
    rows = _rows(decoded.text, broken)
    try:
        _, _, header = next(rows)
    except StopIteration:
        raise InputError(f"{source}: the file is empty; skipped.") from None
    columns = [h.strip() for h in header]
    speaker_at = _column(columns, config.csv_speaker_column, "csv_speaker_column", source)
    text_at = _column(columns, config.csv_text_column, "csv_text_column", source)
    time_at = (
        _column(columns, config.csv_time_column, "csv_time_column", source)
        if config.csv_time_column
        else None
    )
    pieces: list[Piece] = []
    short: list[int] = []
    for first, last, row in rows:
        if len(row) <= text_at or not row[text_at].strip():
            if len(row) <= text_at and any(cell.strip() for cell in row):
                short.append(first)
            continue
        speaker = row[speaker_at].strip() if len(row) > speaker_at else ""
        start = _time(row, time_at, source, first)
        pieces.append(Piece(speaker or UNKNOWN, row[text_at], first, last, start, None))
    text, turns = build_turns(pieces, merge=False)
    if not turns:
        raise InputError(
            f"{source}: no rows with text in column {config.csv_text_column!r}; skipped."
        )
    warnings = [decoded.warning] if decoded.warning else []
    if broken:
        warnings.append(
            f'{source}, {_lines(broken)}: a quote (") opens a cell that is not closed where '
            "it should be; each such line was read as one row on its own. Check the quoting "
            'there (a quote inside a cell is written twice: "").'
        )
    if short:
        warnings.append(
            f"{source}, {_lines(short)}: rows with fewer cells than the text column "
            f"({columns[text_at]!r} is column {text_at + 1}) were skipped. Check the "
            "delimiters (commas) on those lines."
        )
    return Parsed(text=text, turns=turns, encoding=decoded.encoding, warnings=tuple(warnings))


def _rows(text: str, broken: list[int]) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of each row. A row whose quoting is broken is read
    alone from its first line (its line number goes to `broken`); reading goes on after it."""
    handle = io.StringIO(text, newline="")
    line = 1  # the line the current reader started on
    while True:
        reader = csv.reader(handle, strict=True)
        start, first = handle.tell(), line
        try:
            for row in reader:
                last = line + reader.line_num - 1
                yield first, last, row
                start, first = handle.tell(), last + 1
            return
        except csv.Error:
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            broken.append(first)
            yield first, first, next(csv.reader([text[start:end]]), [])
            handle.seek(min(end + 1, len(text)))
            line = first + 1


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:MAX_LISTED]))
    more = f" and {len(numbers) - MAX_LISTED} more" if len(numbers) > MAX_LISTED else ""
    return f"line{'s' if len(numbers) > 1 else ''} {shown}{more}"


def header_names(columns: list[str]) -> str:
    """The header's column names for a message, only when the row looks like a header (two
    or more short names of one or two words): a first row that is really data (transcript
    text) is described, never quoted."""
    looks_like_names = len(columns) >= 2 and all(
        _NAME_LIKE.fullmatch(c) and len(c.split()) <= 2 for c in columns
    )
    if looks_like_names:
        return f"the file has columns {', '.join(map(repr, columns))}"
    return (
        f"its first row ({len(columns)} cell{'s' if len(columns) != 1 else ''}) is not quoted "
        "here as it may be transcript text; the first row must be a header naming the "
        "columns (e.g. speaker,text)"
    )


def _column(columns: list[str], wanted: str, setting: str, source: str) -> int:
    for exact in (True, False):
        for i, name in enumerate(columns):
            if name == wanted if exact else name.casefold() == wanted.strip().casefold():
                return i
    raise InputError(
        f"{source}: no column {wanted!r}; {header_names(columns)}. "
        f"Set ingest.{setting} to the right one, e.g. --set ingest.{setting}=<column>."
    )


def _time(row: list[str], at: int | None, source: str, line: int) -> float | None:
    if at is None or len(row) <= at or not row[at].strip():
        return None
    try:
        return parse_time(row[at].strip()) if ":" in row[at] else float(row[at])
    except ValueError:
        raise InputError(
            f"{source}, line {line}: the time column holds something that is not a time; "
            "use seconds or hh:mm:ss, or clear ingest.csv_time_column."
        ) from None
