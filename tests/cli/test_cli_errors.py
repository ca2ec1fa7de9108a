"""Issue 11, findings 5-7 at the command line: one error path. Usage mistakes print click's
one-screen usage message and exit 2 before any work; an unexpected exception prints where its
traceback was written (never the traceback) and exits 70; names with terminal escape
sequences are shown escaped."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from entry import run_main
from fakes import FakeEmbedder, write_study
from hostile import SECRET, escape_name, good_transcript

from themes.cli.exits import EXIT_CODES, INTERNAL, log_folder

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    study = tmp_path / "study"
    study.mkdir()
    good_transcript(study)
    return study


USAGE = [
    (["list"], "Missing option '--project'"),
    (["undo", "-1", "-p", "{project}"], "No such option: -1"),
    (["frobnicate"], "No such command 'frobnicate'"),
    (["ingest", "-dashfolder"], "after '--'"),
    (["report", "-p", "{project}", "--format", "pdf"], "'pdf' is not one of"),
    (["run", "{folder}", "-p", "{project}", "--seed", "-1"], "--seed"),
    (["run", "{folder}", "-p", "{project}", "--seed", str(2**40)], "--seed"),
    (["run", "{folder}", "-p", "{project}", "--stability", "-2"], "--stability"),
    (["suggest-merges", "--top", "-5", "-p", "{project}"], "--top"),
    (["compare-segment", "P1:1", "--top", "0", "-p", "{project}"], "--top"),
    (["ingest", "{folder}/missing"], "does not exist"),
    (["ingest", "{folder}", "--set", "cluster.min_cluster_size=0"], "cluster.min_cluster_size"),
    (["run", "{folder}", "-p", "{project}", "--set", "reduce.n_neighbors=1"], "reduce.n_neighbors"),
    (["run", "{folder}", "-p", "{project}", "--set", "seed=-1"], "seed"),
]


@pytest.mark.parametrize("args, expected", USAGE, ids=[" ".join(a) for a, _ in USAGE])
def test_usage_errors_print_a_short_message_and_exit_2(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys, args: list[str], expected: str
) -> None:
    project = folder.parent / "p"
    argv = [a.format(folder=folder, project=project) for a in args]
    assert run_main(monkeypatch, *argv) == 2
    captured = capsys.readouterr()
    err = captured.err
    assert expected in " ".join(err.split())
    assert "Traceback" not in err + captured.out and len(err.splitlines()) <= 12
    assert not project.exists()  # rejected before any work


def test_unreadable_folder_is_a_usage_error(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(os, "access", lambda *a, **k: False)
    assert run_main(monkeypatch, "ingest", folder) == 2
    err = capsys.readouterr().err
    assert "Usage: themes ingest" in err and "not readable" in err


def test_folder_that_cannot_be_listed(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    def denied(self: Path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", denied)
    assert run_main(monkeypatch, "ingest", folder) == 2
    assert "cannot list the folder (Permission denied)" in " ".join(capsys.readouterr().err.split())


def boom(*args: object, **kwargs: object) -> None:
    transcript_text = f"P1: {SECRET}"  # a local variable holding transcript text
    raise RuntimeError(f"could not handle {transcript_text}")


def test_unexpected_error_writes_its_traceback_to_a_log(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("THEMES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("themes.ingest.summary.summarise", boom)
    assert run_main(monkeypatch, "ingest", folder) == INTERNAL == 70
    err = capsys.readouterr().err
    assert "Traceback" not in err and SECRET not in err and len(err.splitlines()) <= 4
    (log,) = (tmp_path / "cache" / "logs").iterdir()
    assert f"written to {log};" in err
    text = log.read_text()
    assert "builtins.RuntimeError" in text and "test_cli_errors.py" in text and "in boom" in text
    assert SECRET not in text and "raise RuntimeError" in text  # the code line, not the values


def test_unexpected_error_logs_into_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    project = tmp_path / "p"
    project.mkdir()
    monkeypatch.setattr("themes.store.project.Project.open", boom)
    assert run_main(monkeypatch, "list", "--project", project) == INTERNAL
    (log,) = (project / "logs").iterdir()
    assert log.name.startswith("crash-") and log.name in capsys.readouterr().err.replace("\n", "")
    assert log_folder(["list", f"--project={project}"]) == project / "logs"
    assert log_folder(["list", f"-p{project}"]) == project / "logs"


def test_exit_codes_are_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for code in EXIT_CODES:
        assert re.search(rf"^\| `?{code}`? \|", readme, re.M), code


def test_ingest_escapes_control_characters_in_names(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    name = escape_name(folder)
    (folder / "x.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v \x1b[31mRed\x1b[0m>Hello there.\n"
    )
    assert run_main(monkeypatch, "ingest", folder) == 0
    out = capsys.readouterr().out
    assert not RAW_CONTROL.search(out) and "\\x1b" in out
    assert run_main(monkeypatch, "ingest", folder, "--json") == 0
    captured = capsys.readouterr()
    assert not RAW_CONTROL.search(captured.out.replace("\n", ""))
    data = json.loads(captured.out)
    assert Path(name).stem in {row["id"] for row in data["transcripts"]}  # the same data


@pytest.fixture
def project(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from themes.core.config import load_config
    from themes.discovery.pipeline import run

    study = folder.parent / "fake-study"
    write_study(study)
    path = folder.parent / "project"
    config = load_config(overrides=["cluster.min_cluster_size=4"])
    run(study, path, config, embedder=FakeEmbedder())
    monkeypatch.setenv("THEMES_ANALYST", "tester")
    return path


def test_list_escapes_control_characters_and_markup(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from themes.cli import common

    assert run_main(monkeypatch, "rename", 1, "\x1b]0;owned\x07\x1b[2J[/] risk", "-p", project) == 0
    capsys.readouterr()
    monkeypatch.setenv("COLUMNS", "400")  # one line per theme
    common.console.cache_clear()
    try:
        assert run_main(monkeypatch, "list", "-p", project) == 0
    finally:
        common.console.cache_clear()
    out = capsys.readouterr().out
    assert not RAW_CONTROL.search(out) and "\\x1b]0;owned\\x07\\x1b[2J[/] risk" in out
