"""`themes agreement` through typer's CliRunner and the console entry point, and agreement on
the SERDIF analysts' codes (skipped when ../shared is absent; its data is never copied here)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from entry import run_main
from typer.testing import CliRunner

from themes.changemodel.agreement import agreement
from themes.changemodel.codings import read_codings
from themes.cli.app import app
from themes.core.types import Segment, Transcript, Turn
from themes.store.project import Project

SECRET = "the night the crisis team came"
runner = CliRunner()


def write_codes(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["segment_id", "element"])
        writer.writerows(rows)
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    gold = [("P1:1", "trust"), ("P1:1", "engage"), ("P1:2", "trust"), ("P1:3", "role")]
    gold += [("P1:4", "engage"), ("P1:9", "trust")]
    other = [("P1:1", "trust"), ("P1:2", "role"), ("P1:3", "role"), ("P1:4", "engage")]
    other += [("P2:1", "trust")]
    return (
        str(write_codes(tmp_path / "gold.csv", gold)),
        str(write_codes(tmp_path / "b.csv", other)),
    )


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    assert "Traceback" not in result.output
    return result.output


def test_help_names_every_option_and_the_project_sources() -> None:
    out = " ".join(invoke("agreement", "--help").split())
    for option in ("--gold", "--with", "--project", "--element", "--csv", "--disagreements"):
        assert option in out
    assert "FILE|machine|confirmed" in out and "`machine` (the codes `themes code`" in out
    assert "agreement" in invoke("--help")


def test_table_overall_and_disagreements(files: tuple[str, str], tmp_path: Path) -> None:
    gold, other = files
    out = invoke("agreement", "--gold", gold, "--with", other, "--csv", str(tmp_path / "t.csv"))
    text = " ".join(out.split())
    assert "Scored 4 segments coded in both" in text
    assert "1 coded only in A, 1 only in B" in text
    for word in ("trust", "engage", "role", "pooled", "mean", "kappa", "AC1", "alpha"):
        assert word in out
    assert "Disagreements (2 of 2)" in text and "P1:2" in out
    with (tmp_path / "t.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["row"] for r in rows] == [
        "engage",
        "role",
        "trust",
        "pooled",
        "mean of elements",
        "exact match",
    ]
    assert rows[3]["decisions"] == "12" and rows[3]["kappa_low"] != ""


def test_element_filter_and_no_disagreement_list(files: tuple[str, str]) -> None:
    gold, other = files
    out = invoke("agreement", "--gold", gold, "--with", other, "-e", "engage", "-n", "0")
    assert "engage" in out and "trust" not in out and "Disagreements (" not in out


def test_single_label_files_get_a_confusion_table(tmp_path: Path) -> None:
    a = write_codes(tmp_path / "a.csv", [("P1:1", "x"), ("P1:2", "y"), ("P1:3", "y")])
    b = write_codes(tmp_path / "b.csv", [("P1:1", "x"), ("P1:2", "x"), ("P1:3", "y")])
    out = invoke("agreement", "--gold", str(a), "--with", str(b), "--resamples", "0")
    assert "Confusion table" in out and "single-label" in out


def test_project_shows_speaker_and_quote_and_unknown_ids(
    files: tuple[str, str], tmp_path: Path
) -> None:
    text = "R: I trust her.\nR: She had been there.\n"
    turns = (
        Turn(0, "R", "I trust her.", 1, 1, 3, 15),
        Turn(1, "R", "She had been there.\x1b[2J", 2, 2, 19, 42),
    )
    transcript = Transcript("P1", "P1.txt", "txt", text, turns, {}, "h")
    segments = [
        Segment(
            f"P1:{t.index + 1}",
            "P1",
            "P1.txt",
            t.index,
            "Rosa",
            "participant",
            t.text,
            t.line_start,
            t.line_end,
            t.char_start,
            t.char_end,
        )
        for t in turns
    ]
    with Project.open(tmp_path / "p", create=True) as store:
        store.save_corpus([transcript], segments)
    gold, other = files
    result = runner.invoke(
        app, ["agreement", "--gold", gold, "--with", other, "-p", str(tmp_path / "p")]
    )
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Rosa" in out and "She had been there." in out  # P1:2's quote
    assert "not in the project" in out and "P1:9" in out and "P2:1" in out
    assert "\x1b[2J" not in result.output  # a control sequence in a quote is shown, not run


def test_bad_file_exits_2_with_a_message(
    files: tuple[str, str], tmp_path: Path, monkeypatch, capsys
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(f"segment_id,element\nP1:1,trust\n{SECRET},trust\n", encoding="utf-8")
    gold, other = files
    assert run_main(monkeypatch, "agreement", "--gold", str(bad), "--with", other) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "bad.csv: row 3" in err and "Traceback" not in err and SECRET not in err
    assert run_main(monkeypatch, "agreement", "--gold", gold, "--with", "machine") == 2
    assert "give the project whose machine codes to compare" in capsys.readouterr().err
    lone = write_codes(tmp_path / "lone.csv", [("Q9:1", "trust")])
    assert run_main(monkeypatch, "agreement", "--gold", gold, "--with", str(lone)) == 2
    assert "no segment was coded in both" in " ".join(capsys.readouterr().err.split())


def serdif_codes(serdif: Path, tmp_path: Path) -> Path:
    """The analysts' final codes of Participant turns as a coding file (segment ids as
    `themes` numbers lines: labels.csv's 0-based turn_index + 1)."""
    rows: list[tuple[str, str]] = []
    with (serdif / "labels.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["speaker"] == "Participant" and row["all_labels"]:
                seg = f"{row['transcript']}:{int(row['turn_index']) + 1}"
                rows += [(seg, code) for code in row["all_labels"].split(";")]
    return write_codes(tmp_path / "serdif_gold.csv", rows)


@pytest.mark.serdif
def test_serdif_codes_against_themselves_and_a_perturbed_copy(serdif: Path, tmp_path: Path) -> None:
    gold = read_codings(serdif_codes(serdif, tmp_path))
    assert len(gold) > 1000 and len(gold.elements) >= 20
    same = agreement(gold, gold, resamples=100)
    for row in same.rows:
        for s in ("percent", "kappa", "ac1", "alpha"):
            value = row.statistic(s).value
            assert value is None or value == pytest.approx(1.0)
    assert same.pooled.kappa.value == pytest.approx(1.0) and same.disagreements == ()
    assert same.exact.value == 1.0
    # perturb every 7th segment: replace its codes by the next code in alphabetical order
    codes = gold.elements
    rows: list[tuple[str, str]] = []
    changed = 0
    for i, (seg, elements) in enumerate(sorted(gold.by_segment.items())):
        if i % 7 == 0:
            first = sorted(elements)[0]
            elements = frozenset({codes[(codes.index(first) + 1) % len(codes)]})
            changed += 1
        rows += [(seg, e) for e in elements]
    perturbed = read_codings(write_codes(tmp_path / "perturbed.csv", rows))
    r = agreement(gold, perturbed, resamples=200)
    assert len(r.disagreements) == changed
    assert r.exact.value == pytest.approx(1 - changed / len(gold))
    assert r.pooled.kappa.value is not None and 0.6 < r.pooled.kappa.value < 0.95
    assert r.pooled.kappa.low is not None and r.pooled.kappa.low < r.pooled.kappa.value
    out = invoke("agreement", "--gold", gold.source, "--with", perturbed.source, "-n", "3")
    assert f"Disagreements (3 of {changed})" in " ".join(out.split())
