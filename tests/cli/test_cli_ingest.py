"""`themes ingest`: table summary, --json, exit codes, --strict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from entry import run_main
from typer.testing import CliRunner

from themes.cli.app import app

SECRET = "my neighbour's diagnosis"


@pytest.fixture
def study(tmp_path: Path) -> Path:
    (tmp_path / "P1.txt").write_text(
        f"Interviewer: How was the first week?\nP1: Hard, because of {SECRET}.\n"
        "It got better.\nInterviewer: Thanks.\n",
        encoding="utf-8",
    )
    (tmp_path / "P2.srt").write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nInterviewer: And you?\n\n"
        "2\n00:00:02,000 --> 00:00:05,000\nP2: Much the same for me, really.\n",
        encoding="utf-8",
    )
    (tmp_path / "readme.pdf").write_bytes(b"%PDF")
    return tmp_path


def test_table_summary(study: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(study)])
    assert result.exit_code == 0, result.output
    for expected in ("P1", "P2", "srt", "Interviewer", "interviewer", "readme.pdf", "total: 2"):
        assert expected in result.output
    assert SECRET not in result.output


def test_json_summary(study: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(study), "--json", "--speaker", "P2"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["totals"]["transcripts"] == 2 and data["totals"]["turns"] == 5
    assert data["totals"]["clustered"] == 1
    assert {row["id"] for row in data["transcripts"]} == {"P1", "P2"}
    assert {s["speaker"]: s["role"] for s in data["speakers"]}["Interviewer"] == "interviewer"
    assert data["skipped"][0]["source"] == "readme.pdf"


def test_json_keeps_warnings_off_stdout(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "P1.txt").write_text("No labels in this file at all.\n", encoding="utf-8")
    assert run_main(monkeypatch, "ingest", str(tmp_path), "--json") == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert len(data["warnings"]) == 1
    assert "warning: P1.txt" in captured.err


def test_exit_code_2_when_nothing_usable(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    assert run_main(monkeypatch, "ingest", str(tmp_path)) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "no usable transcripts" in err and ".docx" in err


def test_exit_code_2_for_missing_folder(tmp_path: Path, monkeypatch) -> None:
    assert run_main(monkeypatch, "ingest", str(tmp_path / "missing")) == 2


def test_strict_makes_a_warning_fatal(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "P1.txt").write_bytes(f"P1: caf\xe9 and {SECRET}\n".encode("cp1252"))
    assert run_main(monkeypatch, "ingest", str(tmp_path)) == 0
    capsys.readouterr()
    assert run_main(monkeypatch, "ingest", str(tmp_path), "--strict") == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "--strict" in err and "P1.txt" in err and SECRET not in err


def test_help_describes_the_command() -> None:
    result = CliRunner().invoke(app, ["ingest", "--help"])
    assert result.exit_code == 0 and "--json" in result.output and "--strict" in result.output


def test_warns_when_nothing_is_selected(study: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(study), "--json", "--speaker", "Nobody"])
    data = json.loads(result.stdout)
    assert data["totals"]["clustered"] == 0
    assert any("no segment is selected" in w for w in data["warnings"])
