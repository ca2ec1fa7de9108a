"""One CLI test per curation command (typer's CliRunner, fake-embedder projects)."""

from __future__ import annotations

import shutil

import pytest
from fakes import FakeEmbedder
from typer.testing import CliRunner

from themes.cli import add_cmd
from themes.cli.app import app
from themes.core.config import load_config
from themes.core.errors import NotFoundError
from themes.curation.view import load_view
from themes.store.project import Project

CONFIG = load_config(overrides=["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"])
COMMANDS = [
    "history",
    "undo",
    "merge",
    "split",
    "rename",
    "define",
    "move",
    "exclude",
    "memo",
    "compare",
    "suggest-merges",
    "compare-segment",
    "add",
    "saturation",
]
runner = CliRunner()


@pytest.fixture(scope="module")
def base(fake_study):
    return fake_study(people=7, hold=1)


@pytest.fixture
def p(base, tmp_path, monkeypatch) -> str:
    shutil.copytree(base / "p", tmp_path / "p")
    monkeypatch.setenv("THEMES_ANALYST", "tester")
    return str(tmp_path / "p")


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def view_of(p: str):
    with Project.open(p) as store:
        return load_view(store)


def a_segment(p: str, theme: int = 1) -> str:
    return view_of(p).theme(theme).segment_ids[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    out = invoke(command, "--help")
    assert "--project" in out
    assert command in invoke("--help")


def test_merge_documents_the_id_scheme() -> None:
    assert "smallest id" in invoke("merge", "--help")


def test_cli_merge(p) -> None:
    out = invoke(
        "merge", "1", "2", "--name", "Housing", "--memo", "same", "-p", p, "--analyst", "ann"
    )
    assert "into theme 1" in out
    view = view_of(p)
    assert view.title(1) == "Housing" and view.theme(2) is None
    assert view.events[-1].analyst == "ann" and view.events[-1].memo == "same"


def test_cli_split_shows_then_applies(p) -> None:
    out = invoke("split", "1", "--k", "2", "-p", p)
    assert "Nothing changed" in out and not view_of(p).events
    top = max(t.id for t in view_of(p).themes)
    out = invoke("split", "1", "--k", "2", "--yes", "-p", p)
    assert f"{top + 1}, {top + 2}" in out and view_of(p).theme(1) is None


def test_cli_rename(p) -> None:
    invoke("rename", "3", "Risk work", "-p", p)
    assert view_of(p).title(3) == "Risk work"
    assert "Risk work" in invoke("list", "-p", p)


def test_cli_define(p) -> None:
    invoke(
        "define", "3", "How risk is handled", "--include", "policy", "--exclude", "crisis", "-p", p
    )
    notes = view_of(p).notes(3)
    assert (notes.definition, notes.include, notes.exclude) == (
        "How risk is handled",
        "policy",
        "crisis",
    )


def test_cli_move(p) -> None:
    seg = a_segment(p, 1)
    invoke("move", seg, "2", "-p", p)
    a = view_of(p).assignments[seg]
    assert a.theme_id == 2 and a.assigned_by == "analyst"


def test_cli_exclude(p) -> None:
    seg = a_segment(p, 1)
    invoke("exclude", seg, "-p", p, "--memo", "off topic")
    view = view_of(p)
    assert seg in {s.id for s in view.excluded()} and seg not in {s.id for s in view.unassigned()}


def test_cli_memo_on_theme_segment_and_project(p) -> None:
    seg = a_segment(p, 1)
    invoke("memo", "2", "theme memo", "-p", p)
    invoke("memo", seg, "segment memo", "-p", p)
    invoke("memo", "project memo", "-p", p)
    view = view_of(p)
    assert [m.text for m in view.notes(2).memos] == ["theme memo"]
    assert view.segment_memos(seg)[0].text == "segment memo"
    assert view.curated.project_memos[0].analyst == "tester"


def test_cli_history_and_undo(p) -> None:
    invoke("rename", "1", "First", "-p", p)
    invoke("rename", "1", "Second", "-p", p)
    assert view_of(p).title(1) == "Second"
    out = invoke("undo", "-p", p)
    assert "cancelled event 2" in out and view_of(p).title(1) == "First"
    out = invoke("history", "-p", p)
    assert "cancelled by 3" in out and "tester" in out and "rename 1" in out
    result = runner.invoke(app, ["undo", "77", "-p", p])
    assert isinstance(result.exception, NotFoundError) and "event 77" in str(result.exception)


def test_cli_compare(p) -> None:
    out = invoke("compare", "1", "2", "-p", p)
    assert "Centroid cosine" in out and "Suggestion:" in out and "Closest quote pairs" in out


def test_cli_suggest_merges(p) -> None:
    out = invoke("suggest-merges", "--top", "3", "-p", p)
    assert "candidate merges" in out


def test_cli_compare_segment(p) -> None:
    seg = a_segment(p, 1)
    out = invoke("compare-segment", seg, "-p", p)
    assert "Now: theme 1" in out and "cosine to its centre" in out


def test_cli_add_and_saturation(base, p, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(add_cmd, "_embedder", lambda: FakeEmbedder())
    out = invoke("add", str(base / "more"), "-p", p)
    assert "fit existing themes" in out and "new candidate themes" in out
    csv_path = tmp_path / "curve.csv"
    out = invoke("saturation", "-p", p, "--csv", str(csv_path))
    assert "Saturation" in out
    assert len(csv_path.read_text().splitlines()) == 1 + 7
    assert view_of(p).events[-1].kind == "add"
