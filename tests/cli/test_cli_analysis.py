"""`themes matrix`, `themes compare-contexts` and `themes cooccurrence` through typer's runner."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from fakes import FakeEmbedder, write_study
from typer.testing import CliRunner

from themes.cli.app import app, main
from themes.core.config import load_config
from themes.discovery.pipeline import run

CONFIG = load_config(overrides=["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"])


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cli-analysis")
    write_study(root / "study")  # VOL1PW01, VOL2PW02, ...: sites 1 and 2
    run(root / "study", root / "p", CONFIG, embedder=FakeEmbedder())
    return root / "p"


def invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def fails(monkeypatch: pytest.MonkeyPatch, capsys, *args: object) -> tuple[int, str]:
    """Run the real entry point (errors become messages and exit codes there)."""
    monkeypatch.setattr(sys, "argv", ["themes", *map(str, args)])
    with pytest.raises(SystemExit) as info:
        main()
    return int(info.value.code or 0), " ".join(capsys.readouterr().err.split())


def test_matrix_xlsx_to_the_default_path(project: Path) -> None:
    from openpyxl import load_workbook

    result = invoke("matrix", "--project", project)
    assert result.exit_code == 0, result.output
    path = project / "reports" / "matrix-participant-theme.xlsx"
    assert "Matrix (6 rows x " in result.output and str(path) in result.output
    book = load_workbook(path)
    assert book["Counts"]["A1"].value == "participant" and book["Counts"].max_row == 7


def test_matrix_csv_and_md_by_metadata_field(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    result = invoke("matrix", "-p", project, "--rows", "site", "-f", "csv", "-o", out, "-q", "1")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["site"] for r in rows} == {"1", "2"}
    assert "quote_1_text" in rows[0] and "quote_2_text" not in rows[0]
    md = tmp_path / "m.md"
    assert invoke("matrix", "-p", project, "-r", "transcript", "-f", "md", "-o", md).exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("# Framework matrix: transcript by theme")


def test_matrix_errors_say_what_to_do(project: Path, monkeypatch, capsys) -> None:
    code, err = fails(monkeypatch, capsys, "matrix", "-p", project, "--cols", "element")
    assert code == 2
    assert err == "error: no deductive codes yet: run `themes code --model M` first."
    code, err = fails(monkeypatch, capsys, "matrix", "-p", project, "--rows", "sitee")
    assert code == 2 and "--rows 'sitee'" in err and "participant, transcript" in err


def test_compare_contexts(project: Path, monkeypatch, capsys) -> None:
    result = invoke("compare-contexts", "-p", project, "--by", "site")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "themes by site" in text and "Benjamini-Hochberg" in text
    assert "Fisher's exact" in text or "too few to test" in text
    assert "Quotes that differ most between contexts" in text
    quiet = invoke("compare-contexts", "-p", project, "--by", "site", "--quotes", "0")
    assert "Quotes that differ most" not in quiet.output
    code, err = fails(monkeypatch, capsys, "compare-contexts", "-p", project, "--by", "org_context")
    assert code == 2 and "needs at least two" in err  # every participant is voluntary


def test_cooccurrence(project: Path, monkeypatch, capsys) -> None:
    result = invoke("cooccurrence", "-p", project, "--top", "3")
    assert result.exit_code == 0, result.output
    assert "Together by participant: 6 units" in result.output
    assert "Together by adjacent" in result.output and "Jaccard" in result.output
    one = invoke("cooccurrence", "-p", project, "--by", "participant")
    assert "adjacent" not in one.output.split("Jaccard")[0]
    code, err = fails(monkeypatch, capsys, "cooccurrence", "-p", project, "--by", "segment")
    assert code == 2 and "segment works with element codes" in err
