"""`themes map suggest|set|clear|list` through the CLI (fake-embedder project)."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from themes.cli.app import app
from themes.curation.view import load_view
from themes.store.project import Project

runner = CliRunner()


@pytest.fixture
def p(fake_study, tmp_path, monkeypatch) -> str:
    shutil.copytree(fake_study(people=6) / "p", tmp_path / "p")
    monkeypatch.setenv("THEMES_ANALYST", "tester")
    return str(tmp_path / "p")


def invoke(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, (result.output, result.exception)
    return result.output


def test_every_map_command_has_help() -> None:
    for name in ("suggest", "set", "clear", "list"):
        assert "--project" in invoke("map", name, "--help")


def test_suggest_ranks_elements_and_stores_the_model(p) -> None:
    out = invoke("map", "suggest", "--project", p, "--model", "gillard2014", "--top", "2")
    assert "Change model: gillard2014 (Peer worker change model)" in out
    assert "a fit needs 0.50 or more" in out and "themes fit an element" in out
    with Project.open(p) as store:
        (stored,) = store.change_models()
        n_themes = len(load_view(store).themes)
    assert stored.name == "gillard2014"
    assert out.count("\n") > n_themes  # a row per theme
    # the model is remembered: no --model needed now; one theme, a threshold nothing meets
    out = invoke("map", "suggest", "--project", p, "--theme", "1", "--threshold", "9")
    assert "no good fit" in out and "(weak)" in out and "0 of 1 themes" in out


def test_set_list_clear_and_undo(p) -> None:
    invoke("map", "suggest", "-p", p, "--model", "gillard2014", "--theme", "1")
    out = invoke("map", "set", "1", "trust", "-p", p, "--memo", "shared experience")
    assert "Event 1: theme 1 mapped onto trust (Building trusting relationships" in out
    assert "themes undo 1" in out
    invoke("map", "set", "2", "risk", "-p", p)
    out = invoke("map", "list", "-p", p)
    assert "trust: Building trusting relationships" in out and "<- 1. " in out
    assert "role-modelling: Role-modelling recovery and living well: no evidence yet" in out
    assert "organisation: Organisational conditions [category]" in out
    assert "2 of 14 codable elements have a theme; 12 have no evidence yet." in out
    assert "Themes mapped onto no element: 3," in out
    out = invoke("map", "clear", "2", "-p", p)
    assert "theme 2 no longer mapped onto any element" in out
    out = invoke("history", "-p", p)
    assert "map theme 1 onto 'trust'" in out and "memo: shared experience" in out
    assert "unmap theme 2 from every element" in out
    invoke("undo", "3", "-p", p, "--yes")
    assert "<- 2. " in invoke("map", "list", "-p", p)


def test_mistakes_get_messages_and_exit_codes(p, capsys) -> None:
    from themes.cli.exits import run

    def fails(code: int, *args: str) -> str:
        assert run(app, list(args)) == code
        return " ".join(capsys.readouterr().err.split())

    out = fails(2, "map", "set", "1", "trust", "-p", p)
    assert "no change model is in the project yet" in out and "--model" in out
    out = fails(2, "map", "set", "1", "organisation", "-p", p, "--model", "gillard2014")
    assert "is a category, not codable" in out
    assert "not in the change model gillard2014" in fails(5, "map", "set", "1", "trsut", "-p", p)
    out = fails(5, "map", "set", "99", "trust", "-p", p)
    assert "theme 99 is not among the current themes" in out
    assert "not mapped onto 'trust'" in fails(2, "map", "clear", "1", "trust", "-p", p)
    out = fails(2, "map", "list", "-p", p, "--model", "nowhere.yaml")
    assert "no such change-model file" in out
    assert "theme 99" in fails(5, "map", "suggest", "-p", p, "--theme", "99")
    assert "--top" in fails(2, "map", "suggest", "-p", p, "--top", "0")
