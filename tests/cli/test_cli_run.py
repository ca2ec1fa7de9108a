"""`themes run`, `list` and `export` through the CLI, with a fake embedder."""

import csv
import io
import json
import subprocess
import sys

import pytest
from fakes import write_study
from typer.testing import CliRunner

from themes.cli.app import app


@pytest.fixture
def fake_model():
    """`--model fake-bow`: the fake embedder registered as a model (see conftest.py)."""
    return ("--model", "fake-bow")


def invoke(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_run_list_export(tmp_path, fake_model):
    write_study(tmp_path / "study")
    project = tmp_path / "p"
    out = invoke(
        "run",
        tmp_path / "study",
        "--project",
        project,
        "--set",
        "cluster.min_cluster_size=4",
        "--quiet",
        *fake_model,
        "--no-report",
    )
    assert "candidate themes" in out and "Run 1" in out
    again = invoke(
        "run",
        tmp_path / "study",
        "--project",
        project,
        "--set",
        "cluster.min_cluster_size=4",
        "--quiet",
        *fake_model,
        "--no-report",
    )
    assert "Nothing changed since run 1" in again
    listing = invoke("list", "--project", project)
    assert "candidate themes" in listing and "Unassigned" in listing
    rows = list(csv.DictReader(io.StringIO(invoke("export", "--project", project))))
    assert len(rows) == 120 and rows[0]["segment_id"].startswith("VOL")  # every segment
    assert sum(r["status"] == "clustered" for r in rows) == 96  # the participants' turns
    themes_out = invoke("export", "--project", project, "--what", "themes", "--format", "jsonl")
    themes = [json.loads(line) for line in themes_out.splitlines()]
    assert themes and {"keywords", "size", "spread_site_1", "stability"} <= set(themes[0])
    run_row = json.loads(
        invoke("export", "--project", project, "--what", "run", "--format", "jsonl")
    )
    assert run_row["run_id"] == 1 and run_row["model"] == "fake-bow"
    assert run_row["config"]["cluster"]["min_cluster_size"] == 4 and run_row["versions"]["themes"]
    assert {r["run_id"] for r in rows} == {"1"} and themes[0]["run_id"] == 1
    target = tmp_path / "out" / "segments.jsonl"
    invoke("export", "--project", project, "--format", "jsonl", "--out", target)
    assert len(target.read_text().splitlines()) == 120


def test_speaker_selection_changes_what_is_clustered(tmp_path, fake_model):
    write_study(tmp_path / "study")
    out = invoke(
        "run",
        tmp_path / "study",
        "--project",
        tmp_path / "p",
        "--speaker",
        "Participant",
        "--speaker",
        "Interviewer",
        "--set",
        "cluster.min_cluster_size=4",
        "--set",
        "segment.set_aside=false",  # the interview guide's questions would be echoes
        "--quiet",
        *fake_model,
        "--no-report",
    )
    assert "120 of 120 segments clustered" in out


def run_main(*args):
    """The console script: library errors become messages and exit codes."""
    return subprocess.run(
        [sys.executable, "-c", "from themes.cli.app import main; main()", *map(str, args)],
        capture_output=True,
        text=True,
    )


def test_missing_project_is_a_clear_error(tmp_path):
    result = run_main("list", "--project", tmp_path / "none")
    assert result.returncode == 4
    assert "no project here" in result.stderr and "themes run" in result.stderr


def test_bad_setting_is_a_clear_error(tmp_path):
    result = run_main(
        "run", tmp_path, "--project", tmp_path / "p", "--set", "cluster.min_clustr_size=3"
    )
    assert result.returncode == 2
    assert "unknown setting 'min_clustr_size'" in result.stderr


def test_help_is_fast_and_imports_nothing_heavy():
    code = (
        "import sys\n"
        "from themes.cli.app import main\n"
        "sys.argv=['themes','--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy=[m for m in ('torch','sentence_transformers','umap','hdbscan','sklearn') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr


def test_every_command_has_help_and_is_in_the_readme():
    from pathlib import Path

    import typer.main

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert command.help, f"`themes {name}` has no help text"
        assert f"themes {name}" in readme, f"`themes {name}` is not in the README"
