"""Building blocks of the Word report (python-docx): text safe for XML, tables in Word's own
"Table Grid" style with a repeated header row, cell shading, landscape sections."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from themes.core.colour import heat_rgb, hex_colour, text_on

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
A4 = (21.0, 29.7)  # cm
MARGIN = 2.2  # cm
PORTRAIT_WIDTH = A4[0] - 2 * MARGIN  # the text width, cm
LANDSCAPE_WIDTH = A4[1] - 2 * MARGIN


def a4(doc: Any) -> None:
    """Every section A4 with even margins (UK and European papers)."""
    for sec in doc.sections:
        wide = sec.page_width > sec.page_height
        w, h = (A4[1], A4[0]) if wide else A4
        sec.page_width, sec.page_height = Cm(w), Cm(h)
        sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Cm(MARGIN)


def clean(text: object) -> str:
    """Text Word can hold: characters XML forbids are dropped."""
    return _NOT_XML.sub("", str(text))


def labelled(doc: Any, label: str, text: str, style: str | None = None) -> Any:
    """A paragraph starting with a bold label: "Definition: ..."."""
    para = doc.add_paragraph(style=style)
    para.add_run(clean(label)).bold = True
    para.add_run(" " + clean(text))
    return para


def shade(cell: Any, fill: str) -> None:
    """Background of a table cell, `fill` as "RRGGBB"."""
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def _repeat_header(row: Any) -> None:
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _write(cell: Any, text: str, size: float, bold: bool = False, right: bool = False) -> Any:
    para = cell.paragraphs[0]
    run = para.add_run(clean(text))
    run.font.size = Pt(size)
    run.bold = bold
    para.paragraph_format.space_after = Pt(0)
    if right:
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return run


def table(
    doc: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    numeric: Sequence[int] = (),
    size: float = 9,
    widths: Sequence[float] = (),
) -> Any:
    """A "Table Grid" table: bold header row repeated on every page, numbers right-aligned,
    columns `widths` cm wide (when given)."""
    out = doc.add_table(rows=1, cols=len(headers))
    out.style = "Table Grid"
    out.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = out.rows[0]
    _repeat_header(header)
    for k, text in enumerate(headers):
        _write(header.cells[k], text, size, bold=True, right=k in numeric)
        shade(header.cells[k], "DDE4EE")
    for values in rows:
        cells = out.add_row().cells
        for k, value in enumerate(values):
            _write(cells[k], "" if value is None else str(value), size, right=k in numeric)
    if widths:
        out.autofit = False
        for k, width in enumerate(widths):
            out.columns[k].width = Cm(width)
            for cell in out.columns[k].cells:
                cell.width = Cm(width)
    doc.add_paragraph()
    return out


def spread(total: float, fixed: Sequence[float], n: int) -> list[float]:
    """`n` equal widths filling what `fixed` widths leave of `total` (cm)."""
    return [max(0.8, (total - sum(fixed)) / max(1, n))] * n


def heat_fill(cell: Any, fraction: float) -> None:
    """White (0) to dark blue (1) behind a cell's text, with black or white text, whichever
    contrasts more (WCAG AA at every shade)."""
    rgb = heat_rgb(fraction)
    shade(cell, hex_colour(rgb)[1:].upper())
    for para in cell.paragraphs:
        for run in para.runs:
            run.font.color.rgb = RGBColor.from_string(text_on(rgb)[1:].upper())


def section(doc: Any, landscape: bool) -> None:
    """Start a new page in landscape or portrait orientation."""
    new = doc.add_section(WD_SECTION.NEW_PAGE)
    wide = new.page_width > new.page_height
    if wide != landscape:
        new.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        new.page_width, new.page_height = new.page_height, new.page_width
