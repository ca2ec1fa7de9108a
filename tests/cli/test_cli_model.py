"""`themes model check` and `themes model import`: output, exit codes, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from entry import run_main
from typer.testing import CliRunner

from themes.changemodel.yaml_file import load_model
from themes.cli.app import app

CODEBOOK = "code,description,parent,examples\nTrust,Being believed,,a|b\nRisk,Records,Trust,\n"


def test_check_prints_the_shipped_tree() -> None:
    result = CliRunner().invoke(app, ["model", "check", "gillard2014"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Peer worker change model, version 1 (Gillard et al. 2014, paraphrased)" in out
    assert "  trust: Building trusting relationships based on shared lived experience" in out
    assert "    connection: Making a connection" in out
    assert "organisation: Organisational conditions  [category, not codable; provisional]" in out
    assert "risk: Risk  [provisional]" in out
    assert "link: trust -> engagement (leads_to)" in out
    assert "15 elements (14 codable, 1 category, 2 provisional), 2 links." in out


def test_check_a_bad_file_exits_2_with_line_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: m\nelements:\n  - id: a\n    name: A\n    colour: red\n")
    assert run_main(monkeypatch, "model", "check", str(path)) == 2
    captured = capsys.readouterr()
    err = " ".join(captured.err.split())
    assert "bad.yaml, line 5, field elements[0].colour" in err and "unknown field" in err
    assert "Traceback" not in captured.err + captured.out


def test_check_an_unknown_name_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(monkeypatch, "model", "check", "nosuchmodel") == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "nosuchmodel" in err and "gillard2014" in err


def test_import_prints_yaml_by_default(tmp_path: Path) -> None:
    path = tmp_path / "book.csv"
    path.write_text(CODEBOOK, encoding="utf-8")
    result = CliRunner().invoke(app, ["model", "import", str(path), "--name", "Book"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.stdout)
    assert data["name"] == "Book"
    assert data["elements"][0]["id"] == "trust"
    assert data["elements"][0]["children"][0]["id"] == "risk"


def test_import_writes_a_file_that_checks(tmp_path: Path) -> None:
    path = tmp_path / "book.csv"
    path.write_text(CODEBOOK, encoding="utf-8")
    out = tmp_path / "book.yaml"
    runner = CliRunner()
    result = runner.invoke(app, ["model", "import", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: 2 elements" in " ".join(result.output.split())
    assert load_model(out).name == "book"
    again = runner.invoke(app, ["model", "check", str(out)])
    assert again.exit_code == 0 and "    risk: Risk" in again.output


def test_import_does_not_overwrite_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "book.csv"
    path.write_text(CODEBOOK, encoding="utf-8")
    out = tmp_path / "book.yaml"
    out.write_text("keep me")
    assert run_main(monkeypatch, "model", "import", str(path), "--out", str(out)) != 0
    assert "--force" in capsys.readouterr().err and out.read_text() == "keep me"
    assert run_main(monkeypatch, "model", "import", str(path), "-o", str(out), "--force") == 0
    assert load_model(out).get("risk").parent == "trust"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("book.csv", "code,description\nA,x\nA,y\n", "line 3: the code 'A' is already on line 2"),
        ("book.csv", b"\x00\x01binary\xff", "not a text file"),
        ("book.qdc", "<CodeBook/>", "the codebook has no codes to import"),
        ("book.qdc", '<!DOCTYPE x [<!ENTITY a "aa">]><CodeBook/>', "document type declaration"),
    ],
)
def test_import_bad_input_exits_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | bytes,
    expected: str,
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    assert run_main(monkeypatch, "model", "import", str(path)) == 2
    captured = capsys.readouterr()
    err = " ".join(captured.err.split())
    assert name in err and expected in err
    assert "Traceback" not in captured.err + captured.out


def test_help_describes_the_commands() -> None:
    runner = CliRunner()
    assert "check" in runner.invoke(app, ["model", "--help"]).output
    text = " ".join(runner.invoke(app, ["model", "import", "--help"]).output.split())
    assert "separated by '|'" in text and "--out" in text


@pytest.mark.serdif
def test_import_the_serdif_codebook(serdif: Path, tmp_path: Path) -> None:
    out = tmp_path / "serdif.yaml"
    codebook = serdif / "codebook_final.csv"
    result = CliRunner().invoke(app, ["model", "import", str(codebook), "-o", str(out)])
    assert result.exit_code == 0, result.output
    check = CliRunner().invoke(app, ["model", "check", str(out)])
    assert check.exit_code == 0 and "22 elements (22 codable" in check.output
