"""Every file the CLI writes (report, export, saturation curve) is replaced whole, and what a
killed writer left behind (``.NAME.tmp-PID-RANDOM``) is cleared by the next write."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from fakes import FakeEmbedder, write_study
from typer.testing import CliRunner

from themes.cli.app import app
from themes.core.config import load_config
from themes.discovery.pipeline import run

CONFIG = load_config(overrides=["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"])
runner = CliRunner()


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = tmp_path_factory.mktemp("files")
    write_study(root / "study", people=5)
    run(root / "study", root / "p", CONFIG, embedder=FakeEmbedder())
    return root


@pytest.fixture
def p(base, tmp_path) -> str:
    shutil.copytree(base / "p", tmp_path / "p")
    return str(tmp_path / "p")


def dead_pid() -> int:
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(proc.stdout)


@pytest.mark.parametrize(
    "name, args",
    [
        ("report.html", ["report"]),
        ("report.md", ["report", "--format", "md"]),
        ("segments.csv", ["export", "--out", "{out}"]),
        ("themes.jsonl", ["export", "--what", "themes", "--format", "jsonl", "--out", "{out}"]),
        ("curve.csv", ["saturation", "--csv", "{out}"]),
    ],
)
def test_output_files_replace_whole_and_clear_leftovers(p, tmp_path, name, args) -> None:
    folder = tmp_path / "p" / "reports" if name.startswith("report") else tmp_path / "out"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    target.write_text("old version")
    leftover = folder / f".{name}.tmp-{dead_pid()}-0badc0de"
    leftover.write_text("half of a file")
    argv = [a.replace("{out}", str(target)) for a in args] + ["-p", p]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, (result.output, result.exception)
    assert sorted(x.name for x in folder.iterdir()) == [name]
    assert target.read_text(encoding="utf-8") != "old version"


def test_an_unwritable_output_says_which_file_and_what_to_do(p, tmp_path) -> None:
    (tmp_path / "taken").mkdir()
    result = runner.invoke(app, ["export", "--out", str(tmp_path / "taken"), "-p", p])
    assert result.exit_code != 0
    assert "taken: cannot write" in str(result.exception)
    assert "choose another path" in str(result.exception)
