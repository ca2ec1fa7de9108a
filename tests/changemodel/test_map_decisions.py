"""Recording change-model decisions: checked against the view and the stored model in one
transaction, refused with a message that says what to do, undoable."""

from __future__ import annotations

import shutil

import pytest

from themes.changemodel import decisions as decide
from themes.changemodel.project_model import use_model
from themes.core.errors import InputError, NotFoundError
from themes.curation import decisions as curation
from themes.curation.view import load_view
from themes.store.project import Project


@pytest.fixture
def store(fake_study, tmp_path, monkeypatch):
    shutil.copytree(fake_study(people=6) / "p", tmp_path / "p")
    monkeypatch.setenv("THEMES_ANALYST", "ann")
    with Project.open(tmp_path / "p") as project:
        yield project


@pytest.fixture
def model(store):
    return use_model(store, "gillard2014")


def test_map_set_and_clear_are_events_the_view_replays(store, model) -> None:
    event = decide.map_set(store, 1, "trust", model.hash, memo="they talk about trust")
    assert (event.kind, event.analyst, event.memo) == ("map_set", "ann", "they talk about trust")
    assert event.payload == {"theme": 1, "element": "trust", "model": model.hash}
    decide.map_set(store, 1, "risk", model.hash)
    decide.map_set(store, 2, "trust", model.hash)
    state = load_view(store).element_state
    assert state.elements_of(1, model.hash) == ("trust", "risk")
    assert state.themes_of("trust", model.hash) == (1, 2)
    cleared = decide.map_clear(store, 1, "risk", model.hash)
    assert cleared.payload["element"] == "risk"
    assert load_view(store).element_state.elements_of(1, model.hash) == ("trust",)
    every = decide.map_clear(store, 1, None, model.hash)
    assert every.payload["element"] is None
    assert load_view(store).element_state.elements_of(1, model.hash) == ()
    curation.undo(store, every.id)
    assert load_view(store).element_state.elements_of(1, model.hash) == ("trust",)


def test_a_merge_keeps_the_mappings_of_both_themes(store, model) -> None:
    decide.map_set(store, 1, "trust", model.hash)
    decide.map_set(store, 2, "engagement", model.hash)
    curation.merge(store, [1, 2], "Both")
    state = load_view(store).element_state
    assert state.elements_of(1, model.hash) == ("trust", "engagement")
    with pytest.raises(NotFoundError, match="theme 2 is not among the current themes"):
        decide.map_set(store, 2, "risk", model.hash)


def test_bad_decisions_are_refused_and_nothing_is_recorded(store, model) -> None:
    decide.map_set(store, 1, "trust", model.hash)
    before = store.last_event_id()
    with pytest.raises(InputError, match="already mapped onto 'trust'"):
        decide.map_set(store, 1, "trust", model.hash)
    with pytest.raises(InputError, match="category, not codable"):
        decide.map_set(store, 1, "organisation", model.hash)
    with pytest.raises(NotFoundError, match="not in the change model"):
        decide.map_set(store, 1, "trsut", model.hash)
    with pytest.raises(NotFoundError, match="theme 999"):
        decide.map_set(store, 999, "trust", model.hash)
    with pytest.raises(NotFoundError, match="no change model with hash"):
        decide.map_set(store, 1, "risk", "0" * 64)
    with pytest.raises(InputError, match="not mapped onto 'risk' \\(it is mapped onto trust\\)"):
        decide.map_clear(store, 1, "risk", model.hash)
    with pytest.raises(InputError, match="not mapped onto any element"):
        decide.map_clear(store, 2, None, model.hash)
    assert store.last_event_id() == before


def test_mappings_onto_two_models_are_kept_apart(store, model, tmp_path) -> None:
    other_file = tmp_path / "other.yaml"
    other_file.write_text("name: Other\nelements:\n  - {id: trust, name: Trust}\n", "utf-8")
    other = use_model(store, str(other_file))
    decide.map_set(store, 1, "trust", model.hash)
    decide.map_set(store, 1, "trust", other.hash)  # the same id in another model
    state = load_view(store).element_state
    assert [m.model for m in state.mapped()] == [model.hash, other.hash]
    assert state.elements_of(1, other.hash) == ("trust",)


def test_confirmed_codes_set_clear_and_refuse_repeats(store, model) -> None:
    seg = load_view(store).themes[0].segment_ids[0]
    decide.code_set(store, seg, "trust", model.hash)
    decide.code_clear(store, seg, "risk", model.hash, memo="a machine code, wrong")
    state = load_view(store).element_state
    assert state.confirmed(model.hash) == {seg: frozenset({"trust"})}
    assert state.decided(model.hash) == {seg: {"trust": True, "risk": False}}
    with pytest.raises(InputError, match="already confirmed as one that carries 'trust'"):
        decide.code_set(store, seg, "trust", model.hash)
    with pytest.raises(InputError, match="does not carry 'risk'"):
        decide.code_clear(store, seg, "risk", model.hash)
    with pytest.raises(NotFoundError, match="is not a clustered segment"):
        decide.code_set(store, "nope:1", "trust", model.hash)
    with pytest.raises(InputError, match="category"):
        decide.code_set(store, seg, "organisation", model.hash)
    decide.code_clear(store, seg, "trust", model.hash)  # taken back
    assert load_view(store).element_state.confirmed(model.hash) == {}
