"""The framework matrix written as CSV, Markdown and XLSX, read back cell by cell."""

from __future__ import annotations

import csv
import io

import pytest

from themes.analysis.coding import LabelInfo
from themes.analysis.matrix import FrameworkMatrix, MatrixCell, MatrixQuote
from themes.analysis.provenance import Provenance, flatten
from themes.core.errors import AnalysisError
from themes.export.matrix_files import matrix_csv, matrix_markdown, write_matrix

HOSTILE = '=HYPERLINK("http://x","click")'


def quote(seg_id: str, text: str, closeness: float | None = 0.9) -> MatrixQuote:
    return MatrixQuote(seg_id, seg_id, "Ann", "peer worker", text, closeness)


def hand_matrix() -> FrameworkMatrix:
    """Two participants by two themes; P1's trust cell quotes a formula-looking text."""
    return FrameworkMatrix(
        rows_by="participant",
        source="theme",
        rows=("P1", "P2"),
        row_totals=(4, 2),
        labels=(
            LabelInfo("1", "Trust", "1. Trust", "Being believed"),
            LabelInfo("2", "Risk", "2. Risk", ""),
        ),
        cells=(
            (
                MatrixCell(3, 0.75, (quote("P1:4", HOSTILE), quote("P1:2", "I felt heard."))),
                MatrixCell(0, 0.0, ()),
            ),
            (MatrixCell(1, 0.5, (quote("P2:7", "-she said no", None),)), MatrixCell(1, 0.5, ())),
        ),
        n_quotes=2,
        note="clustered segments",
    )


def hand_provenance() -> Provenance:
    return Provenance(
        project="demo",
        run_id=3,
        run_created_at="2026-11-29T10:00:00+00:00",
        model_id="fake-bow",
        seed=42,
        folder="study",
        n_decisions=5,
        coding="theme",
        exported_at="2026-11-30T09:00:00+00:00",
        versions=(("themes", "0.1.0"),),
        settings=tuple(flatten({"cluster": {"min_cluster_size": 4}, "seed": 42})),
    )


def test_csv_is_one_row_per_cell_with_quotes_in_columns_and_formulas_neutralised() -> None:
    rows = list(csv.DictReader(io.StringIO(matrix_csv(hand_matrix(), run_id=3))))
    assert len(rows) == 4  # every row x column, zeros included
    first = rows[0]
    assert list(first)[:8] == [
        "run_id", "participant", "row_segments", "column", "theme_id", "theme_name",
        "segments", "share_of_row",
    ]  # fmt: skip
    assert (first["participant"], first["theme_id"], first["segments"], first["share_of_row"]) == (
        "P1",
        "1",
        "3",
        "0.75",
    )
    assert first["quote_1_segment"] == "P1:4" and first["quote_1_text"] == "'" + HOSTILE
    assert first["quote_2_text"] == "I felt heard." and first["quote_2_location"] == "P1:2"
    assert rows[1]["segments"] == "0" and rows[1]["quote_1_text"] == ""
    assert rows[2]["quote_1_text"] == "'-she said no"


def test_markdown_has_counts_table_columns_key_and_quotes() -> None:
    text = matrix_markdown(hand_matrix(), hand_provenance())
    assert "| participant | segments | 1 | 2 |" in text
    assert "| P1 | 4 | 3 (75%) | · |" in text and "| P2 | 2 | 1 (50%) | 1 (50%) |" in text
    assert "- **1**: Trust" in text and "Run 3 of" in text
    assert "### P1" in text and "**1. Trust** (3 segments, 75%)" in text
    assert '> =HYPERLINK("http://x","click")' in text


def test_xlsx_sheets_read_back_cell_by_cell(tmp_path) -> None:
    from openpyxl import load_workbook

    path = write_matrix(hand_matrix(), hand_provenance(), "xlsx", tmp_path / "m.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Counts", "Shares", "Quotes", "Matrix", "Columns", "Provenance"]
    counts = book["Counts"]
    assert [c.value for c in counts[1]] == ["participant", "segments", "1. Trust", "2. Risk"]
    assert [c.value for c in counts[2]] == ["P1", 4, 3, 0]
    assert [c.value for c in counts[3]] == ["P2", 2, 1, 1]
    assert counts.freeze_panes == "C2" and counts.auto_filter.ref == "A1:D3"
    # heat map: the largest count darkest, zero white-ish (and shown as a dot); the text
    # colour is whichever of black and white contrasts more with the fill (WCAG AA)
    assert counts["C2"].fill.fgColor.rgb.endswith("08306B")
    assert counts["D2"].fill.fgColor.rgb.endswith("F7FBFF")
    assert counts["C2"].font.color.rgb.endswith("FFFFFF") and counts["C2"].font.name == "Calibri"
    assert counts["D2"].font.color.rgb.endswith("000000")
    assert counts["C2"].number_format == '0;-0;"·"'
    assert counts["C1"].alignment.textRotation == 90
    setup = counts.page_setup
    assert setup.orientation == "landscape" and setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert counts.sheet_properties.pageSetUpPr.fitToPage
    assert counts.print_title_rows == "$1:$1" and counts.print_title_cols == "$A:$A"
    shares = book["Shares"]
    assert [c.value for c in shares[2]] == ["P1", 4, 0.75, 0] and shares[
        "C2"
    ].number_format.startswith("0%")
    quotes = book["Quotes"]
    assert [c.value for c in quotes[1]] == [
        "participant", "theme", "rank", "closeness", "segment", "location", "speaker", "role", "quote",
    ]  # fmt: skip
    assert [c.value for c in quotes[2]][:3] == ["P1", "1. Trust", 1]
    assert quotes["I2"].value == HOSTILE and quotes["I2"].data_type == "s"  # text, not a formula
    assert quotes["I2"].alignment.wrap_text and quotes.max_row == 4
    assert quotes.auto_filter.ref == "A1:I4" and quotes.freeze_panes == "C2"
    grid = book["Matrix"]
    assert grid["A2"].value == "P1" and grid["B1"].value == "1. Trust"
    assert grid["B2"].value.startswith("3 segments, 75% of the row")
    assert "— Ann, P1:4" in grid["B2"].value and grid["C2"].value is None
    assert grid["B2"].alignment.wrap_text and grid.row_dimensions[2].height > 15
    columns = book["Columns"]
    assert [c.value for c in columns[2]] == ["1", "Trust", "Being believed", 4, 2]
    prov = {row[0].value: row[1].value for row in book["Provenance"].iter_rows(min_row=2)}
    assert (
        prov["run"] == "3" and prov["model"] == "fake-bow" and prov["exported"].startswith("2026")
    )
    assert prov["setting: cluster.min_cluster_size"] == "4" and prov["version: themes"] == "0.1.0"
    assert prov["rows"] == "participant"


def test_write_matrix_is_atomic_and_knows_its_formats(tmp_path) -> None:
    target = tmp_path / "out" / "m.csv"
    write_matrix(hand_matrix(), hand_provenance(), "csv", target)
    assert target.read_text(encoding="utf-8").startswith("run_id,participant")
    assert [p.name for p in target.parent.iterdir()] == ["m.csv"]  # no temporary file left
    with pytest.raises(AnalysisError, match="--format 'pdf'"):
        write_matrix(hand_matrix(), hand_provenance(), "pdf", tmp_path / "m.pdf")
