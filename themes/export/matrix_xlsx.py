"""The framework matrix as an XLSX workbook (openpyxl), sheets in reading order:

- Counts: segments per row and column, heat-map fill by count;
- Shares: the same as shares of the row's segments, heat-map fill by share;
- Quotes: one quote per line with its row, column, rank, segment, speaker and full text,
  wrapped and filterable (prints well);
- Matrix: the framework grid, each cell's count, share and most typical quotes (shortened),
  for reading on screen; it prints four columns to a page width;
- Columns: each column's id, name, definition and size;
- Provenance: the run, model, settings, versions and export time.

Every table has a frozen, filterable header and prints in landscape with its header repeated.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from themes.analysis.matrix import FrameworkMatrix, MatrixCell
from themes.analysis.provenance import Provenance
from themes.export.xlsx_style import (
    BORDER,
    HEADER_FONT,
    WRAP_TOP,
    finish,
    fit_row,
    header_row,
    heat,
    put,
    widths,
)

GRID_WIDTH = 46.0  # a Quotes grid column, in characters
GRID_QUOTE_CHARS = 250  # longer quotes are shortened in the grid (full text: Quotes)
GRID_COLUMNS_PER_PAGE = 4
NUMBER_WIDTH = 7.0
HEADER_PT = 190.0  # upright column names


def _first_col_width(matrix: FrameworkMatrix) -> float:
    return min(32.0, max(12.0, max((len(r) for r in matrix.rows), default=0) + 2.0))


def _numbers(ws: Worksheet, matrix: FrameworkMatrix, shares: bool) -> None:
    header_row(ws, [matrix.rows_by, "segments", *(x.heading for x in matrix.labels)], rotate_from=2)
    ws.row_dimensions[1].height = HEADER_PT
    values = [[c.share if shares else c.count for c in row] for row in matrix.cells]
    top = max((v for row in values for v in row), default=0) or 1
    for r, (name, total, row) in enumerate(
        zip(matrix.rows, matrix.row_totals, values, strict=True), start=2
    ):
        put(ws, r, 1, name).border = BORDER
        put(ws, r, 2, total).border = BORDER
        for c, value in enumerate(row, start=3):
            cell = put(ws, r, c, value)
            cell.border = BORDER
            cell.number_format = '0%;-0%;"·"' if shares else '0;-0;"·"'  # zero shown as ·
            heat(cell, value / top)
    widths(ws, [_first_col_width(matrix), NUMBER_WIDTH, *[NUMBER_WIDTH] * len(matrix.labels)])
    finish(ws, len(matrix.rows), len(matrix.labels) + 2, freeze="C2")


def _grid_text(cell: MatrixCell) -> str:
    if not cell.count:
        return ""
    parts = [f"{cell.count} segment{'s' if cell.count != 1 else ''}, {cell.share:.0%} of the row"]
    for q in cell.quotes:
        text = " ".join(q.text.split())
        if len(text) > GRID_QUOTE_CHARS:
            text = text[: GRID_QUOTE_CHARS - 1].rstrip() + "…"
        parts.append(f"“{text}”\n— {q.speaker}, {q.location}")
    return "\n\n".join(parts)


def _grid(ws: Worksheet, matrix: FrameworkMatrix) -> None:
    header_row(ws, [matrix.rows_by, *(x.heading for x in matrix.labels)])
    first = _first_col_width(matrix)
    for r, (name, row) in enumerate(zip(matrix.rows, matrix.cells, strict=True), start=2):
        head = put(ws, r, 1, name)
        head.font = HEADER_FONT
        head.alignment = WRAP_TOP
        head.border = BORDER
        texts = []
        for c, cell in enumerate(row, start=2):
            text = _grid_text(cell)
            out = put(ws, r, c, text)
            out.alignment = WRAP_TOP
            out.border = BORDER
            texts.append((text, GRID_WIDTH))
        fit_row(ws, r, texts)
    fit_row(ws, 1, [(x.heading, GRID_WIDTH) for x in matrix.labels])
    widths(ws, [first, *[GRID_WIDTH] * len(matrix.labels)])
    pages = max(1, -(-len(matrix.labels) // GRID_COLUMNS_PER_PAGE))
    finish(ws, len(matrix.rows), len(matrix.labels) + 1, pages_wide=pages)


def _quote_list(ws: Worksheet, matrix: FrameworkMatrix) -> None:
    columns = [matrix.rows_by, matrix.source, "rank", "closeness", "segment", "location",
               "speaker", "role", "quote"]  # fmt: skip
    col_widths = [_first_col_width(matrix), 30.0, 6.0, 10.0, 14.0, 14.0, 14.0, 14.0, 90.0]
    header_row(ws, columns)
    r = 1
    for name, row in zip(matrix.rows, matrix.cells, strict=True):
        for label, cell in zip(matrix.labels, row, strict=True):
            for rank, q in enumerate(cell.quotes, start=1):
                r += 1
                values = [name, label.heading, rank, q.closeness, q.segment_id, q.location,
                          q.speaker, q.role, q.text]  # fmt: skip
                for c, value in enumerate(values, start=1):
                    out = put(ws, r, c, value)
                    out.alignment = WRAP_TOP
                    if c == 4:
                        out.number_format = "0.00"
                        out.alignment = Alignment(vertical="top", horizontal="center")
                fit_row(ws, r, [(label.heading, 30.0), (q.text, 90.0)])
    widths(ws, col_widths)
    finish(ws, r - 1, len(columns), freeze="C2", title_cols=None)


def _columns(ws: Worksheet, matrix: FrameworkMatrix) -> None:
    header_row(ws, ["id", "name", "definition", "segments", f"{matrix.rows_by} rows with any"])
    totals = matrix.column_totals()
    for r, (label, total) in enumerate(zip(matrix.labels, totals, strict=True), start=2):
        k = r - 2
        rows_with = sum(1 for row in matrix.cells if row[k].count)
        for c, value in enumerate([label.id, label.name, label.description, total, rows_with], 1):
            put(ws, r, c, value).alignment = WRAP_TOP
        fit_row(ws, r, [(label.name, 40.0), (label.description, 60.0)])
    widths(ws, [8.0, 40.0, 60.0, 10.0, 14.0])
    finish(ws, len(matrix.labels), 5, title_cols=None)


def _provenance(ws: Worksheet, prov: Provenance, matrix: FrameworkMatrix) -> None:
    header_row(ws, ["field", "value"])
    rows = prov.rows()
    rows.insert(8, ("rows", matrix.rows_by))
    rows.insert(9, ("row total counts", matrix.note))
    rows.insert(10, ("quotes per cell", f"{matrix.n_quotes}, the closest to the column's centre"))
    for r, (key, value) in enumerate(rows, start=2):
        put(ws, r, 1, key).alignment = WRAP_TOP
        put(ws, r, 2, value).alignment = WRAP_TOP
        fit_row(ws, r, [(value, 100.0)])
    widths(ws, [36.0, 100.0])
    finish(ws, len(rows), 2, title_cols=None)


def matrix_xlsx(matrix: FrameworkMatrix, prov: Provenance) -> bytes:
    """The workbook's bytes."""
    book = Workbook()
    counts = book.active
    assert counts is not None
    counts.title = "Counts"
    _numbers(counts, matrix, shares=False)
    _numbers(book.create_sheet("Shares"), matrix, shares=True)
    _quote_list(book.create_sheet("Quotes"), matrix)
    _grid(book.create_sheet("Matrix"), matrix)
    _columns(book.create_sheet("Columns"), matrix)
    _provenance(book.create_sheet("Provenance"), prov, matrix)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
