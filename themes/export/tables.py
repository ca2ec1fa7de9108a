"""Segments, themes and the run that made them, as rows written as CSV or JSON Lines.

Every row carries `run_id`; `--what run` gives that run's settings, model and versions.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from themes.changemodel.codes import ProjectCodes
from themes.core.atomic import write_atomic
from themes.core.order import natural_key
from themes.core.types import Assignment, Segment
from themes.curation.replay import EXCLUDED
from themes.curation.view import ProjectView
from themes.discovery.setaside import status_of


def segment_status(view: ProjectView, seg: Segment) -> tuple[str, str]:
    """(status, reason) of a segment (`setaside.status_of`), ``excluded`` when the analyst set
    it aside."""
    assignment = view.assignments.get(seg.id)
    if assignment is not None and assignment.assigned_by == EXCLUDED:
        return "excluded", "set aside by the analyst"
    return status_of(seg, assignment is not None)


def segment_rows(view: ProjectView, codes: ProjectCodes | None = None) -> list[dict[str, Any]]:
    """One row per segment of the project, in transcript order, with its `segment_status`:
    the run's segments with their theme (empty when unassigned), and the others (short,
    echo, filler, other speakers) with an empty theme. `elements`: the change-model elements
    it carries (`codes`: machine codes overlaid by confirmed ones; empty without codes)."""
    carried = codes.elements_of() if codes is not None else {}
    labels = {t.id: view.title(t.id) for t in view.themes}  # the analyst's name once renamed
    meta_keys = sorted({k for seg in view.segments.values() for k in seg.metadata}, key=natural_key)
    missing = Assignment(segment_id="", theme_id=None, probability=0.0, assigned_by="")
    rows = []
    for seg in view.segments.values():
        a = view.assignments.get(seg.id, missing)
        status, reason = segment_status(view, seg)
        row: dict[str, Any] = {
            "run_id": view.run.id,
            "segment_id": seg.id,
            "status": status,
            "status_reason": reason,
            "transcript": seg.transcript_id,
            "source_file": seg.source,
            "speaker": seg.speaker,
            "role": seg.role,
            "line_start": seg.line_start,
            "line_end": seg.line_end,
            "char_start": seg.char_start,
            "char_end": seg.char_end,
            "text": seg.text,
            "prompt": seg.prompt or "",
            "theme_id": a.theme_id if a.theme_id is not None else "",
            "theme_label": labels.get(a.theme_id, "") if a.theme_id is not None else "",
            "theme_probability": a.probability if a.theme_id is not None else "",
            "assigned_by": a.assigned_by,
            "elements": list(carried.get(seg.id, ())),
        }
        for key in meta_keys:
            row[f"meta_{key}"] = seg.metadata.get(key, "")
        rows.append(row)
    return rows


def theme_rows(view: ProjectView) -> list[dict[str, Any]]:
    """One row per curated theme: the analyst's name, definition, include/exclude notes and
    memos, the description, and one column per metadata value it spreads over
    (``spread_org_context_statutory``: its segments with that value; see `spread_columns`)."""
    columns = spread_columns(view)
    return [
        {
            "run_id": view.run.id,
            "theme_id": t.id,
            "label": t.label,
            "subtitle": t.subtitle,
            "name": view.name(t.id) or "",
            "definition": getattr(view.notes(t.id), "definition", ""),
            "include": getattr(view.notes(t.id), "include", ""),
            "exclude": getattr(view.notes(t.id), "exclude", ""),
            "memos": [
                f"{m.text} ({m.analyst}, {m.created_at})"
                for m in getattr(view.notes(t.id), "memos", ())
            ],
            "keywords": list(t.keywords),
            "size": t.size,
            "n_transcripts": t.n_transcripts,
            "n_participants": t.n_participants,
            "top_share": t.top_share,
            "one_voice": t.one_voice,
            "prompt_share": t.prompt_share,
            "top_prompt": t.top_prompt or "",
            "echo_share": t.echo_share,
            "filler_share": t.filler_share,
            "stability": t.stability if t.stability is not None else "",
            "exemplar_ids": list(t.exemplar_ids),
            **{name: t.spread.get(f, {}).get(v, 0) for name, (f, v) in columns.items()},
        }
        for t in view.themes
    ]


def spread_columns(view: ProjectView) -> dict[str, tuple[str, str]]:
    """``spread_<field>_<value>`` -> (field, value) for every metadata value any theme spreads
    over, in natural order (`natural_key`: site 2 before site 10); names are lower case with
    runs of other characters as ``_`` (a clash gets ``_2``, ``_3``...), so every theme row has
    the same columns."""
    out: dict[str, tuple[str, str]] = {}
    pairs = sorted(
        {(f, v) for t in view.themes for f, vs in t.spread.items() for v in vs},
        key=lambda p: (natural_key(p[0]), natural_key(p[1])),
    )
    for field, value in pairs:
        base = "spread_" + "_".join(
            re.sub(r"[^0-9a-z]+", "_", part.lower()).strip("_") or "x" for part in (field, value)
        )
        name, k = base, 1
        while name in out:
            k += 1
            name = f"{base}_{k}"
        out[name] = (field, value)
    return out


# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google
# Sheets (CSV injection): OWASP's rule is to prefix such a cell with a single quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value` for a CSV cell: text starting with = + - @ tab or CR gets a leading ``'`` so a
    spreadsheet shows it as text instead of running it (numbers are left as they are)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_value(value: Any) -> Any:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return safe_cell(value)


def write_rows(rows: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    rows = list(rows)
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")
        return len(rows)
    columns = list(rows[0]) if rows else []
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writerow({c: safe_cell(c) for c in columns})  # the header, made safe too
    for row in rows:
        writer.writerow({k: _csv_value(v) for k, v in row.items()})
    return len(rows)


def run_rows(view: ProjectView) -> list[dict[str, Any]]:
    """The run as one row: when, model, seed, package versions, resolved settings."""
    run = view.run
    return [
        {
            "run_id": run.id,
            "created_at": run.created_at,
            "model": run.model_id,
            "seed": run.seed,
            "folder": run.folder,
            "n_decisions": len(view.events),
            "versions": run.versions,
            "config": run.config,
        }
    ]


ROWS = {"segments": segment_rows, "themes": theme_rows, "run": run_rows}


def rows_for(
    view: ProjectView, what: str, codes: ProjectCodes | None = None
) -> list[dict[str, Any]]:
    """The rows `--what` names; segments and codes read `codes` (`themes.changemodel.codes`)."""
    if what == "codes":
        from themes.export.code_table import code_rows

        return code_rows(view, codes) if codes is not None else []
    if what == "segments":
        return segment_rows(view, codes)
    return ROWS[what](view)


def export(
    view: ProjectView, what: str, fmt: str, path: Path, codes: ProjectCodes | None = None
) -> int:
    """Write segments, themes, the run or deductive codes to a file atomically
    (`write_atomic`); returns the number of rows."""
    buffer = io.StringIO(newline="")
    count = write_rows(rows_for(view, what, codes), fmt, buffer)
    write_atomic(path, buffer.getvalue())
    return count
