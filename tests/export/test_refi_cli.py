"""`themes export --format qdc|qdpx` and `themes model import` of what it wrote, from the
command line: files, messages, exit codes, no tracebacks."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from entry import run_main
from refi_support import make_project, read_qdpx, validate_codebook, validate_project

from themes.changemodel.yaml_file import load_model


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("cli"))


@pytest.fixture
def folder(base: Path, tmp_path: Path) -> Path:
    shutil.copytree(base, tmp_path / "p")
    return tmp_path / "p"


def test_qdc_to_standard_output_and_to_a_file(
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_main(monkeypatch, "export", "--project", str(folder), "--format", "qdc") == 0
    printed = capsys.readouterr().out
    validate_codebook(printed.encode("utf-8"))
    out = tmp_path / "codebook.qdc"
    args = ["export", "-p", str(folder), "-f", "qdc", "--model", "gillard2014", "-o", str(out)]
    assert run_main(monkeypatch, *args) == 0
    assert f"to {out}" in " ".join(capsys.readouterr().err.split())
    validate_codebook(out.read_bytes())
    assert out.read_bytes().count(b"<Code ") == printed.count("<Code ") + 15


def test_qdpx_goes_to_reports_by_default(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(monkeypatch, "export", "--project", str(folder), "--format", "qdpx") == 0
    path = folder / "reports" / "p.qdpx"
    err = " ".join(capsys.readouterr().err.split())
    assert str(path) in err and "coded quotes" in err and "line endings lf" in err
    assert zipfile.is_zipfile(path)
    validate_project(read_qdpx(path.read_bytes()).qde)


def test_qdpx_with_crlf(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "study.qdpx"
    args = ["export", "-p", str(folder), "-f", "qdpx", "--line-endings", "crlf", "-o", str(out)]
    assert run_main(monkeypatch, *args) == 0
    qdpx = read_qdpx(out.read_bytes())
    assert all(b"\r\n" in raw for raw in qdpx.raw.values())


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-f", "qdc", "--line-endings", "crlf"], "applies to --format qdpx only"),
        (
            ["-f", "csv", "-w", "themes", "--model", "gillard2014"],
            "--model applies to --format qdc and qdpx and to --what segments|codes only",
        ),
        (["-f", "qdc", "--model", "no-such-model"], "no such change-model file"),
    ],
)
def test_misused_options_exit_2(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    expected: str,
) -> None:
    assert run_main(monkeypatch, "export", "-p", str(folder), *args) == 2
    captured = capsys.readouterr()
    assert expected in " ".join(captured.err.split()) and "Traceback" not in captured.err


def test_model_import_reads_back_the_exported_codebook(
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    qdc = tmp_path / "codebook.qdc"
    args = ["export", "-p", str(folder), "-f", "qdc", "--model", "gillard2014", "-o", str(qdc)]
    assert run_main(monkeypatch, *args) == 0
    out = tmp_path / "imported.yaml"
    assert run_main(monkeypatch, "model", "import", str(qdc), "--name", "Back", "-o", str(out)) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    imported = load_model(out)
    names = [f.element.name for f in imported.walk()]
    assert "Organisational conditions" in names and imported.name == "Back"
    qdpx = folder / "reports" / "p.qdpx"
    assert (
        run_main(monkeypatch, "export", "-p", str(folder), "-f", "qdpx", "-m", "gillard2014") == 0
    )
    assert run_main(monkeypatch, "model", "import", str(qdpx)) == 0
    captured = capsys.readouterr()
    assert "read its codebook only" in captured.err and "Organisational conditions" in captured.out


def test_export_help_names_the_formats(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    assert run_main(monkeypatch, "export", "--help") == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "qdc" in text and "qdpx" in text and "--line-endings" in text and "--model" in text
