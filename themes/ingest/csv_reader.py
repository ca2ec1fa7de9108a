"""CSV transcripts: one row per turn; the columns are named in the `ingest` settings."""

from __future__ import annotations

import csv
import io

from themes.core.config import IngestConfig
from themes.core.errors import InputError
from themes.ingest.base import Parsed, Piece, build_turns
from themes.ingest.decode import decode
from themes.ingest.labels import parse_time
from themes.ingest.lines import UNKNOWN


def read_csv(data: bytes, source: str, config: IngestConfig) -> Parsed:
    decoded = decode(data, source)
    reader = csv.reader(io.StringIO(decoded.text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{source}: the file is empty; skipped.") from None
    except csv.Error:
        raise _malformed(source, 1) from None
    columns = [h.strip() for h in header]
    speaker_at = _column(columns, config.csv_speaker_column, "csv_speaker_column", source)
    text_at = _column(columns, config.csv_text_column, "csv_text_column", source)
    time_at = (
        _column(columns, config.csv_time_column, "csv_time_column", source)
        if config.csv_time_column
        else None
    )
    pieces: list[Piece] = []
    line = reader.line_num + 1
    try:
        for row in reader:
            first, line = line, reader.line_num + 1
            if len(row) <= text_at or not row[text_at].strip():
                continue
            speaker = row[speaker_at].strip() if len(row) > speaker_at else ""
            start = _time(row, time_at, source, first)
            pieces.append(Piece(speaker or UNKNOWN, row[text_at], first, line - 1, start, None))
    except csv.Error:
        raise _malformed(source, line) from None
    text, turns = build_turns(pieces, merge=False)
    if not turns:
        raise InputError(f"{source}: no rows with text in column {columns[text_at]!r}; skipped.")
    warnings = (decoded.warning,) if decoded.warning else ()
    return Parsed(text=text, turns=turns, encoding=decoded.encoding, warnings=warnings)


def _column(columns: list[str], wanted: str, setting: str, source: str) -> int:
    for exact in (True, False):
        for i, name in enumerate(columns):
            if name == wanted if exact else name.casefold() == wanted.strip().casefold():
                return i
    raise InputError(
        f"{source}: no column {wanted!r}; the file has columns {', '.join(map(repr, columns))}. "
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


def _malformed(source: str, line: int) -> InputError:
    return InputError(
        f"{source}, line {line}: not valid CSV; skipped. Check quoting near that line."
    )
