"""`themes code`, `themes code set|clear`, the codes in exports and in `themes agreement
--with machine|confirmed` (fake-embedder project)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from entry import run_main
from fakes import TOPICS
from typer.testing import CliRunner

from themes.cli.app import app
from themes.curation.view import load_view
from themes.store.project import Project

runner = CliRunner()
TOPIC_ELEMENT = {"housing": "engagement", "trust": "trust", "training": "training", "risk": "risk"}


@pytest.fixture
def p(fake_study, tmp_path, monkeypatch) -> str:
    shutil.copytree(fake_study(people=6) / "p", tmp_path / "p")
    monkeypatch.setenv("THEMES_ANALYST", "tester")
    return str(tmp_path / "p")


def invoke(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, (result.output, result.exception)
    return result.output


def topic_file(p: str, path: Path, transcripts: int = 3) -> Path:
    """`segment_id,element` rows: the first transcripts' segments by their question's topic."""
    with Project.open(p) as store:
        view = load_view(store)
    names = sorted({view.segments[i].transcript_id for i in view.order})[:transcripts]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["segment_id", "element"])
        for seg_id in view.order:
            seg = view.segments[seg_id]
            if seg.transcript_id in names:
                topic = next(t for t in TOPICS if t in (seg.prompt or ""))
                writer.writerow([seg_id, TOPIC_ELEMENT[topic]])
    return path


def rows(p: str, what: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(invoke("export", "-p", p, "--what", what))))


def test_code_help_and_subcommands() -> None:
    out = invoke("code", "--help")
    assert "--train" in out and "--threshold" in out and "set" in out and "clear" in out
    assert "--project" in invoke("code", "set", "--help")
    assert "Missing option" in invoke("code", code=2) or "--project" in invoke("code", code=2)


def test_zero_shot_then_trained_coding(p, tmp_path) -> None:
    out = invoke("code", "-p", p, "--model", "gillard2014")
    assert "Method: zero-shot (min_score 1.00, margin 0.25)" in out
    assert "Codes per element" in out and "Stored with run 1" in out
    assert "CV kappa" not in out  # nothing to cross-validate without a sample
    sample = topic_file(p, tmp_path / "coded.csv")
    out = " ".join(invoke("code", "-p", p, "--train", str(sample), "--resamples", "50").split())
    assert "Method: trained" in out and "Trained on 48 coded segments" in out
    assert "3-fold cross-validation by transcript" in out and "CV kappa" in out
    assert "Cross-validated agreement with your sample (48 segments" in out
    assert "overall (pooled): kappa 1.00" in out
    assert "Not in the sample, so never given: connection" in out
    codes = rows(p, "codes")
    assert codes and {r["method"] for r in codes} == {"trained"}  # the zero-shot codes replaced
    assert set(codes[0]) == {
        "run_id", "segment_id", "transcript", "speaker", "element", "element_name", "score",
        "method", "confirmed", "holds", "model",
    }  # fmt: skip
    assert {r["confirmed"] for r in codes} == {""}


def test_threshold_is_checked_for_trained_coding(p, tmp_path) -> None:
    sample = topic_file(p, tmp_path / "coded.csv")
    out = invoke("code", "-p", p, "--model", "gillard2014", "--train", str(sample),
                 "--threshold", "3", code=2)  # fmt: skip
    assert "probability from 0 to 1" in out


def test_confirmed_codes_survive_coding_again_and_show_in_exports(
    p, tmp_path, monkeypatch, capsys
) -> None:
    sample = topic_file(p, tmp_path / "coded.csv")
    invoke("code", "-p", p, "--model", "gillard2014", "--train", str(sample), "--resamples", "0")
    first = rows(p, "codes")[0]
    seg, given = first["segment_id"], first["element"]
    out = invoke("code", "clear", seg, given, "-p", p, "--memo", "not about that")
    assert f"segment {seg} does not carry {given}" in out and "themes undo" in out
    invoke("code", "set", seg, "boundaries", "-p", p)
    capsys.readouterr()
    assert run_main(monkeypatch, "code", "set", seg, "boundaries", "-p", p) == 2
    assert "already confirmed as one that carries 'boundaries'" in capsys.readouterr().err
    assert run_main(monkeypatch, "code", "set", seg, "no-such-element", "-p", p) == 5
    assert "codable elements are: trust" in " ".join(capsys.readouterr().err.split())
    invoke("code", "-p", p)  # zero-shot now: the model is remembered
    codes = {(r["segment_id"], r["element"]): r for r in rows(p, "codes")}
    assert codes[(seg, "boundaries")]["confirmed"] == "yes"
    assert codes[(seg, "boundaries")]["holds"] == "True"
    if (seg, given) in codes:  # the zero-shot coder may give it again: the correction holds
        assert codes[(seg, given)]["confirmed"] == "no"
        assert codes[(seg, given)]["holds"] == "False"
    segments = {r["segment_id"]: r for r in rows(p, "segments")}
    assert "boundaries" in segments[seg]["elements"].split("; ")
    assert given not in segments[seg]["elements"].split("; ")
    out = invoke("code", "-p", p)
    assert "1 segment(s) have confirmed codes" in out and "confirmed +/-" in out
    jsonl = invoke("export", "-p", p, "--what", "segments", "-f", "jsonl")
    by_id = {row["segment_id"]: row for row in map(json.loads, jsonl.splitlines())}
    assert "boundaries" in by_id[seg]["elements"]


def test_exports_before_coding(p, monkeypatch, capsys) -> None:
    segments = rows(p, "segments")
    assert segments and "elements" in segments[0] and {r["elements"] for r in segments} == {""}
    assert run_main(monkeypatch, "export", "-p", p, "--what", "codes") == 2
    assert "themes code --model" in " ".join(capsys.readouterr().err.split())
    invoke("code", "-p", p, "--model", "gillard2014")
    assert run_main(monkeypatch, "export", "-p", p, "--what", "themes", "--model", "x") == 2


def test_agreement_with_machine_and_confirmed_codes(p, tmp_path) -> None:
    sample = topic_file(p, tmp_path / "coded.csv", transcripts=3)
    gold = topic_file(p, tmp_path / "gold.csv", transcripts=6)
    invoke("code", "-p", p, "--model", "gillard2014", "--train", str(sample), "--resamples", "0")
    out = " ".join(
        invoke("agreement", "--gold", str(gold), "--with", "machine", "-p", p,
               "--resamples", "0").split()
    )  # fmt: skip
    assert "B = machine" in out and "Scored 96 segments" in out
    assert "No disagreements." in out
    invoke("code", "set", "VOL1PW01:3", "trust", "-p", p)
    out = " ".join(
        invoke("agreement", "--gold", str(gold), "--with", "confirmed", "-p", p,
               "--resamples", "0").split()
    )  # fmt: skip
    assert "B = confirmed" in out and "Scored 1 segments" in out


def test_matrix_by_element_reads_the_codes(p, tmp_path) -> None:
    coded = topic_file(p, tmp_path / "coded.csv")
    invoke("code", "-p", p, "--model", "gillard2014", "--train", str(coded))
    out = tmp_path / "matrix.csv"
    invoke(
        "matrix",
        "-p",
        p,
        "--rows",
        "participant",
        "--cols",
        "element",
        "--format",
        "csv",
        "--out",
        str(out),
    )
    cells = list(csv.DictReader(out.open(encoding="utf-8")))
    carried = {c["element_id"] for c in cells if int(c["segments"])}
    assert {"trust", "training", "risk"} <= carried
    book = tmp_path / "matrix.xlsx"
    invoke(
        "matrix",
        "-p",
        p,
        "--rows",
        "participant",
        "--cols",
        "element",
        "--format",
        "xlsx",
        "--out",
        str(book),
    )
    assert book.stat().st_size > 0


def test_refi_exports_carry_mappings_and_codes(p, tmp_path) -> None:
    import zipfile

    coded = topic_file(p, tmp_path / "coded.csv")
    invoke("code", "-p", p, "--model", "gillard2014", "--train", str(coded))
    invoke("map", "set", "1", "trust", "-p", p)
    qdc = tmp_path / "book.qdc"
    invoke("export", "-p", p, "--format", "qdc", "--out", str(qdc))
    book = qdc.read_text(encoding="utf-8")
    assert "<Sets>" in book and 'name="Building trusting relationships' in book
    qdpx = tmp_path / "project.qdpx"
    invoke("export", "-p", p, "--format", "qdpx", "--out", str(qdpx))
    with zipfile.ZipFile(qdpx) as archive:
        qde = archive.read("project.qde").decode("utf-8")
    trust_guid = book.split('name="Building trusting relationships')[0].rsplit('guid="', 1)[1][:36]
    assert qde.count(f'targetGUID="{trust_guid}"') >= 3  # segments coded with the element
