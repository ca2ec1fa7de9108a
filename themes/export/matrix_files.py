"""The framework matrix as a file: CSV (one row per row x column, quotes in their own columns),
Markdown (a counts table, then the quotes row by row) or XLSX (`matrix_xlsx`). Written
atomically (`write_atomic`)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from themes.analysis.matrix import FrameworkMatrix
from themes.analysis.provenance import Provenance
from themes.core.atomic import write_atomic
from themes.core.errors import AnalysisError
from themes.export.tables import safe_cell

FORMATS = ("csv", "xlsx", "md")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def matrix_rows(matrix: FrameworkMatrix, run_id: int) -> list[dict[str, Any]]:
    """One row per (row, column) pair, zeros included, so the file holds the whole matrix."""
    out = []
    for row, total, cells in zip(matrix.rows, matrix.row_totals, matrix.cells, strict=True):
        for label, cell in zip(matrix.labels, cells, strict=True):
            record: dict[str, Any] = {
                "run_id": run_id,
                matrix.rows_by: row,
                "row_segments": total,
                "column": matrix.source,
                f"{matrix.source}_id": label.id,
                f"{matrix.source}_name": label.name,
                "segments": cell.count,
                "share_of_row": cell.share,
            }
            for k in range(matrix.n_quotes):
                quote = cell.quotes[k] if k < len(cell.quotes) else None
                record[f"quote_{k + 1}_segment"] = quote.segment_id if quote else ""
                record[f"quote_{k + 1}_location"] = quote.location if quote else ""
                record[f"quote_{k + 1}_speaker"] = quote.speaker if quote else ""
                record[f"quote_{k + 1}_text"] = quote.text if quote else ""
            out.append(record)
    return out


def matrix_csv(matrix: FrameworkMatrix, run_id: int) -> str:
    """CSV text; every cell that a spreadsheet would run as a formula is made safe."""
    rows = matrix_rows(matrix, run_id)
    buffer = io.StringIO(newline="")
    if rows:
        columns = list(rows[0])
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writerow({c: safe_cell(c) for c in columns})
        for row in rows:
            writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return buffer.getvalue()


def _md(text: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def matrix_markdown(matrix: FrameworkMatrix, prov: Provenance) -> str:
    lines = [
        f"# Framework matrix: {_md(matrix.rows_by)} by {matrix.source}",
        "",
        f"Run {prov.run_id} of {_md(prov.run_created_at)} · model {_md(prov.model_id)} · "
        f"{prov.n_decisions} analyst decisions replayed · exported {prov.exported_at}",
        "",
        f"Each cell: the row's segments in the {matrix.source}, and their share of the row's "
        f"segments ({_md(matrix.note)}). Columns are numbered as in the list below the table.",
        "",
        f"| {_md(matrix.rows_by)} | segments | "
        + " | ".join(_md(label.id) for label in matrix.labels)
        + " |",
        "|---|---:|" + "---:|" * len(matrix.labels),
    ]
    for row, total, cells in zip(matrix.rows, matrix.row_totals, matrix.cells, strict=True):
        counts = " | ".join(f"{c.count} ({c.share:.0%})" if c.count else "·" for c in cells)
        lines.append(f"| {_md(row)} | {total} | {counts} |")
    lines += ["", "Columns:", ""]
    lines += [f"- **{_md(label.id)}**: {_md(label.name)}" for label in matrix.labels]
    if matrix.n_quotes:
        lines += ["", "## Quotes", ""]
        lines.append(
            f"The {matrix.n_quotes} most typical quote(s) of each cell: the row's segments "
            f"closest to the centre of the {matrix.source}."
        )
        for row, cells in zip(matrix.rows, matrix.cells, strict=True):
            lines += ["", f"### {_md(row)}"]
            for label, cell in zip(matrix.labels, cells, strict=True):
                if not cell.quotes:
                    continue
                lines += [
                    "",
                    f"**{_md(label.heading)}** ({cell.count} segments, {cell.share:.0%})",
                    "",
                ]
                for q in cell.quotes:
                    lines += [
                        f"> {_md(q.text)}",
                        ">",
                        f"> — {_md(q.speaker)}, {_md(q.location)}",
                        "",
                    ]
    return "\n".join(line.rstrip() for line in lines).strip() + "\n"


def write_matrix(matrix: FrameworkMatrix, prov: Provenance, fmt: str, path: Path) -> Path:
    """Write the matrix as `fmt` (csv, xlsx or md) to `path`, atomically; returns the path."""
    if fmt == "csv":
        return write_atomic(path, matrix_csv(matrix, prov.run_id))
    if fmt == "md":
        return write_atomic(path, matrix_markdown(matrix, prov))
    if fmt == "xlsx":
        from themes.export.matrix_xlsx import matrix_xlsx

        return write_atomic(path, matrix_xlsx(matrix, prov))
    raise AnalysisError(f"--format {fmt!r}: use one of {', '.join(FORMATS)}.")
