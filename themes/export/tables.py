"""Segments, themes and the run that made them, as rows written as CSV or JSON Lines.

Every row carries `run_id`; `--what run` gives that run's settings, model and versions.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from themes.curation.view import ProjectView


def segment_rows(view: ProjectView) -> list[dict[str, Any]]:
    """One row per clustered segment of the run; unassigned segments have an empty theme."""
    labels = {t.id: view.title(t.id) for t in view.themes}  # the analyst's name once renamed
    meta_keys = sorted({k for i in view.order for k in view.segments[i].metadata})
    rows = []
    for seg_id in view.order:
        seg = view.segments[seg_id]
        a = view.assignments[seg_id]
        row: dict[str, Any] = {
            "run_id": view.run.id,
            "segment_id": seg.id,
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
        }
        for key in meta_keys:
            row[f"meta_{key}"] = seg.metadata.get(key, "")
        rows.append(row)
    return rows


def theme_rows(view: ProjectView) -> list[dict[str, Any]]:
    return [
        {
            "run_id": view.run.id,
            "theme_id": t.id,
            "label": t.label,
            "name": view.name(t.id) or "",
            "definition": getattr(view.notes(t.id), "definition", ""),
            "keywords": list(t.keywords),
            "size": t.size,
            "n_transcripts": t.n_transcripts,
            "n_participants": t.n_participants,
            "top_share": t.top_share,
            "one_voice": t.one_voice,
            "prompt_share": t.prompt_share,
            "top_prompt": t.top_prompt or "",
            "stability": t.stability if t.stability is not None else "",
            "exemplar_ids": list(t.exemplar_ids),
            "spread": {k: dict(v) for k, v in t.spread.items()},
        }
        for t in view.themes
    ]


def _csv_value(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


def write_rows(rows: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    rows = list(rows)
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")
        return len(rows)
    columns = list(rows[0]) if rows else []
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
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


def export(view: ProjectView, what: str, fmt: str, path: Path) -> int:
    """Write segments, themes or the run to a file atomically; returns the number of rows."""
    rows = ROWS[what](view)
    tmp = path.with_name(path.name + ".part")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        count = write_rows(rows, fmt, handle)
    tmp.replace(path)
    return count
