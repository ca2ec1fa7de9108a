"""Small helpers for readable XLSX sheets (openpyxl): text cells that are never formulas,
heat-map fills, row heights for wrapped text, frozen headers, filters and print setup."""

from __future__ import annotations

import math
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from themes.core.colour import heat_rgb, hex_colour, text_on

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
FONT = "Calibri"
HEADER_FONT = Font(name=FONT, bold=True)
THIN = Side(style="thin", color="B0B7C3")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
LINE_PT = 15.0  # height of one line of 11 pt text
MAX_ROW_PT = 409.0  # Excel's largest row height
CHARS_PER_WIDTH = 1.1  # characters of 11 pt prose per unit of column width (a "0" is one)


def put(ws: Worksheet, row: int, col: int, value: Any) -> Any:
    """Write a value; text is always stored as text, so a quote that starts with "=" is shown,
    never run as a formula, and characters XML cannot hold are dropped."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def heat(cell: Any, fraction: float) -> None:
    """Fill from white-ish (0) to dark blue (1) (`themes.core.colour.heat_rgb`), with black or
    white text, whichever contrasts more (at least 4.5:1, WCAG AA)."""
    rgb = heat_rgb(fraction)
    cell.fill = PatternFill("solid", fgColor=hex_colour(rgb)[1:].upper())
    cell.font = Font(name=FONT, color=text_on(rgb)[1:].upper())


def header_row(ws: Worksheet, headings: list[str], rotate_from: int | None = None) -> None:
    """Row 1: bold, shaded, wrapped headings; columns from `rotate_from` (1-based) on are
    turned upright so narrow number columns can carry long names."""
    for col, text in enumerate(headings, start=1):
        cell = put(ws, 1, col, text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        upright = rotate_from is not None and col >= rotate_from
        cell.alignment = Alignment(
            wrap_text=True,
            vertical="bottom",
            horizontal="center" if upright else "left",
            text_rotation=90 if upright else 0,
        )


def widths(ws: Worksheet, values: list[float]) -> None:
    for col, width in enumerate(values, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` characters needs for `text` (a generous estimate)."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def fit_row(ws: Worksheet, row: int, texts_and_widths: list[tuple[str, float]]) -> None:
    lines = max((lines_needed(t, w) for t, w in texts_and_widths), default=1)
    ws.row_dimensions[row].height = min(MAX_ROW_PT, max(1, lines) * LINE_PT)


def finish(
    ws: Worksheet,
    n_rows: int,
    n_cols: int,
    freeze: str = "B2",
    title_cols: str | None = "A:A",
    pages_wide: int = 1,
) -> None:
    """Frozen header (and first column), a filter over the table, and print setup: landscape
    A4, the header row (and first column) repeated on every page, page numbers, the sheet
    scaled to `pages_wide` pages across (as many pages down as it takes)."""
    ws.freeze_panes = freeze
    last = get_column_letter(max(1, n_cols))
    ws.auto_filter.ref = f"A1:{last}{max(1, n_rows) + 1}"
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    setup.fitToWidth = pages_wide
    setup.fitToHeight = 0
    ws.print_title_rows = "1:1"
    if title_cols:
        ws.print_title_cols = title_cols
    ws.print_options.horizontalCentered = False
    margins = ws.page_margins
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.75
    margins.header = margins.footer = 0.3
    ws.oddHeader.left.text = "&A"
    ws.oddFooter.right.text = "page &P of &N"
