"""`themes undo` lists the later decisions it would leave without effect and asks first
(`--yes` applies; without a terminal it refuses); decision commands print what was recorded."""

from __future__ import annotations

import re
import shutil

import pytest
from fakes import FakeEmbedder, write_study
from typer.testing import CliRunner

import themes.curation.split
from themes.cli import common
from themes.cli.app import app
from themes.core.config import load_config
from themes.core.errors import ConfirmationNeeded, NotFoundError
from themes.curation import decisions as decide
from themes.curation.view import load_view
from themes.discovery.pipeline import run
from themes.discovery.run_vectors import view_vectors
from themes.store.project import Project

CONFIG = load_config(overrides=["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"])
runner = CliRunner()


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli-undo")
    write_study(root / "study", people=6)
    run(root / "study", root / "p", CONFIG, embedder=FakeEmbedder())
    return root


@pytest.fixture
def p(base, tmp_path, monkeypatch) -> str:
    shutil.copytree(base / "p", tmp_path / "p")
    monkeypatch.setenv("THEMES_ANALYST", "tester")
    monkeypatch.setenv("COLUMNS", "200")
    return str(tmp_path / "p")


def invoke(*args: str, input: str | None = None):
    result = runner.invoke(app, list(args), input=input)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def events(p: str):
    with Project.open(p) as store:
        return load_view(store).events


def split_move_rename(p: str) -> tuple[int, int, int]:
    """The issue's steps: `split 1`, `move X 13`, `rename 13 ...`; their event ids."""
    out = invoke("split", "1", "--k", "2", "--yes", "-p", p)
    split_id, first = map(int, re.search(r"Event (\d+): split theme 1 into (\d+),", out).groups())
    with Project.open(p) as store:
        seg = load_view(store).theme(2).segment_ids[0]
    move_id = int(re.search(r"Event (\d+)", invoke("move", seg, str(first), "-p", p)).group(1))
    out = invoke("rename", str(first), "Part one", "-p", p)
    return split_id, move_id, int(re.search(r"Event (\d+)", out).group(1))


def test_undo_without_a_terminal_refuses_and_lists_what_it_would_void(p) -> None:
    split, move, rename = split_move_rename(p)
    result = runner.invoke(app, ["undo", str(split), "-p", p])
    assert isinstance(result.exception, ConfirmationNeeded)
    assert "pass --yes" in str(result.exception)
    assert f"#{move} move" in result.output and f"#{rename} rename" in result.output
    assert [e.id for e in events(p)] == [split, move, rename]  # nothing recorded


def test_undo_yes_applies_and_says_what_lost_its_effect(p) -> None:
    split, move, rename = split_move_rename(p)
    out = invoke("undo", str(split), "--yes", "-p", p)
    assert f"cancelled event {split}" in out
    assert f"now without effect: #{move} move" in out and f"#{rename} rename" in out


def test_undo_asks_at_a_terminal(p, monkeypatch) -> None:
    monkeypatch.setattr(common, "interactive", lambda: True)
    split, move, rename = split_move_rename(p)
    result = runner.invoke(app, ["undo", str(split), "-p", p], input="n\n")
    assert "Undo it anyway?" in result.output and "Nothing changed." in result.output
    assert result.exit_code != 0 and len(events(p)) == 3
    out = invoke("undo", str(split), "-p", p, input="y\n")
    assert f"cancelled event {split}" in out and len(events(p)) == 4


def test_undo_that_voids_nothing_does_not_ask(p) -> None:
    invoke("rename", "1", "First", "-p", p)
    assert "cancelled event 1" in invoke("undo", "-p", p)
    result = runner.invoke(app, ["undo", "77", "-p", p])
    assert isinstance(result.exception, NotFoundError)


def test_split_prints_the_ids_recorded_when_another_split_came_first(p, monkeypatch) -> None:
    """Another analyst's split lands between the preview and the recording: the parts get
    other ids than the preview showed, and the command says so and prints the recorded ones."""
    propose = themes.curation.split.propose_split

    def meanwhile(view, vectors, theme_id, k=None, **more):
        proposal = propose(view, vectors, theme_id, k, **more)
        with Project.open(p) as other:
            now = load_view(other)
            decide.split(other, propose(now, view_vectors(other, now), 2, k=2))
        return proposal

    monkeypatch.setattr(themes.curation.split, "propose_split", meanwhile)
    with Project.open(p) as store:
        top = max(t.id for t in load_view(store).themes)
    out = invoke("split", "1", "--k", "2", "--yes", "-p", p)
    assert f"Part {top + 1}" in out  # the preview
    assert "Another decision was recorded meanwhile" in out
    assert f"split theme 1 into {top + 3}, {top + 4}." in out
    recorded = events(p)[-1]
    assert decide.part_ids(recorded) == [top + 3, top + 4]


def test_merge_prints_what_was_recorded(p) -> None:
    out = invoke("merge", "3", "2", "2", "--name", "[bold]Both[/]", "-p", p)
    assert "merged 2, 3 into theme 2 '[bold]Both[/]'" in out
