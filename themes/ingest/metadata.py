"""Transcript metadata: the optional metadata.csv, patterns on the id, readable value labels."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from themes.core.config import IngestConfig
from themes.core.errors import InputError
from themes.ingest.csv_reader import header_names
from themes.ingest.decode import decode
from themes.ingest.files import Refusal, read_limited, refusal


@dataclass(frozen=True)
class MetadataTable:
    rows: dict[str, dict[str, str]]  # transcript id (or file name) -> column -> value
    warnings: tuple[str, ...] = ()


def read_metadata(folder: Path, config: IngestConfig) -> MetadataTable:
    """Read `ingest.metadata_file` from `folder` if it is there; problems become warnings."""
    name = config.metadata_file
    path = folder / name
    if not name:
        return MetadataTable({})
    try:
        path.lstat()
    except FileNotFoundError:
        return MetadataTable({})
    except OSError:
        pass  # `refusal` says why it cannot be read
    refused = refusal(path, folder, config)
    data = read_limited(path, config.max_file_mb) if refused is None else refused
    if isinstance(data, Refusal):
        return MetadataTable({}, (f"{name}: {data.what}; metadata ignored. {data.fix}",))
    try:
        text = decode(data, name).text
        csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
        records = list(csv.reader(io.StringIO(text, newline="")))
    except (InputError, csv.Error):
        return MetadataTable(
            {}, (f"{name}: cannot be read as CSV; metadata ignored. Save it as UTF-8 CSV.",)
        )
    if not records:
        return MetadataTable({}, (f"{name}: the file is empty; metadata ignored.",))
    header = [h.strip() for h in records[0]]
    id_column = config.metadata_id_column
    if id_column not in header:
        return MetadataTable(
            {},
            (
                f"{name}: no column {id_column!r} ({header_names(header)}); metadata ignored. "
                "Rename the id column or set ingest.metadata_id_column.",
            ),
        )
    at = header.index(id_column)
    rows: dict[str, dict[str, str]] = {}
    warnings: list[str] = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        key = record[at].strip() if len(record) > at else ""
        if not key:
            warnings.append(f"{name}, row {number}: empty {id_column!r}; row ignored.")
            continue
        if key in rows:
            warnings.append(
                f"{name}, row {number}: id {key!r} appears again; the first row is used."
            )
            continue
        rows[key] = {
            column: cell.strip()
            for column, cell in zip(header, record, strict=False)
            if column and column != id_column and cell.strip()
        }
    return MetadataTable(rows, tuple(warnings))


def metadata_for(
    transcript_id: str, source: str, table: MetadataTable, config: IngestConfig
) -> dict[str, str]:
    """Fields parsed from the id by `ingest.id_patterns`, overridden by metadata.csv."""
    values: dict[str, str] = {}
    for pattern in config.id_patterns:
        m = re.search(pattern, transcript_id)
        if m:
            values.update({k: v for k, v in m.groupdict().items() if v is not None})
            break
    values.update(table.rows.get(transcript_id) or table.rows.get(source) or {})
    return {
        key: config.value_labels.get(key, {}).get(value, value)
        for key, value in sorted(values.items())
    }


def unmatched_warnings(
    table: MetadataTable, transcripts: dict[str, str], config: IngestConfig
) -> list[str]:
    """Rows naming no transcript that was read, and transcripts with no row (id -> source)."""
    if not table.rows:
        return []
    name = config.metadata_file
    known = set(transcripts) | set(transcripts.values())
    out = [
        f"{name}: id {key!r} matches no transcript that was read; check the spelling "
        "(ids are file names without the extension)."
        for key in sorted(table.rows)
        if key not in known
    ]
    missing = sorted(
        i for i, s in transcripts.items() if i not in table.rows and s not in table.rows
    )
    if missing:
        out.append(
            f"{name}: no row for {', '.join(missing)}; add rows for them to record their metadata."
        )
    return out
