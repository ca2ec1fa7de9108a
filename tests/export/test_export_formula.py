"""Issue 11, finding 7: CSV exports never hand a spreadsheet a formula (OWASP's rule for CSV
injection: a cell starting with = + - @ tab or CR gets a leading single quote)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from themes.export.tables import FORMULA_START, safe_cell, write_rows

FORMULAS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_cells_are_prefixed(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["plain text", "", " =1", "a=b", "'quoted", 3, -1.5, None])
def test_other_cells_are_left_alone(value: object) -> None:
    assert safe_cell(value) == value


def test_csv_rows_header_and_lists_are_safe() -> None:
    rows = [
        {"run_id": 1, "text": "=1+2", "keywords": ["-x", "y"], "meta_=bad": "@me", "n": -3},
        {"run_id": 1, "text": "- I think so", "keywords": [], "meta_=bad": "ok", "n": 0},
    ]
    out = io.StringIO()
    write_rows(rows, "csv", out)
    table = list(csv.reader(io.StringIO(out.getvalue())))
    cells = [cell for row in table for cell in row]
    assert [c for c in cells if c.startswith(FORMULA_START)] == ["-3"]  # a number stays one
    assert table[1] == ["1", "'=1+2", "'-x; y", "'@me", "-3"]
    assert table[2][1] == "'- I think so"


def test_jsonl_is_never_changed() -> None:
    out = io.StringIO()
    write_rows([{"text": "=1+2"}], "jsonl", out)
    assert json.loads(out.getvalue()) == {"text": "=1+2"}


def test_exported_segments_and_saturation_are_safe(tmp_path, monkeypatch) -> None:
    """End to end: a transcript named like a formula, answers that start with one."""
    import sys

    from fakes import FakeEmbedder, write_study

    from themes.cli.app import main
    from themes.core.config import load_config
    from themes.discovery.pipeline import run

    study = tmp_path / "study"
    write_study(study)
    first = sorted(study.glob("*.txt"))[0]
    text = first.read_text().replace("Participant: Well", "Participant: =1+2 Well")
    first.unlink()
    (study / "=cmd.txt").write_text(text)
    project = tmp_path / "p"
    config = load_config(overrides=["cluster.min_cluster_size=4"])
    run(study, project, config, embedder=FakeEmbedder())
    for args in (
        ["export", "-p", str(project), "--out", str(tmp_path / "s.csv")],
        ["saturation", "-p", str(project), "--csv", str(tmp_path / "sat.csv")],
    ):
        monkeypatch.setattr(sys, "argv", ["themes", *args])
        with pytest.raises(SystemExit) as info:
            main()
        assert info.value.code == 0
    segments = list(csv.DictReader((tmp_path / "s.csv").open(encoding="utf-8")))
    assert {r["transcript"] for r in segments} >= {"'=cmd"}
    assert any(r["text"].startswith("'=1+2 Well") for r in segments)
    saturation = (tmp_path / "sat.csv").read_text(encoding="utf-8")
    assert "'=cmd" in saturation and ",=cmd" not in saturation
