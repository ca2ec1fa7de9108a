"""Change-model decisions in the replay: mappings follow their theme through merges, splits and
undos; confirmed codes (set/clear, latest wins); invalid payloads are never replayed."""

from __future__ import annotations

from test_curate import ev, run_fixture

from themes.curation.events import describe_event, event_statuses
from themes.curation.replay import replay

M = "a" * 64
OTHER = "b" * 64


def _state(*events):
    themes, assignments = run_fixture()
    return replay(themes, assignments, list(events))


def test_a_theme_maps_onto_several_elements_and_an_element_holds_several_themes() -> None:
    state = _state(
        ev(1, "map_set", "fits", theme=1, element="trust", model=M),
        ev(2, "map_set", theme=1, element="engagement", model=M),
        ev(3, "map_set", theme=2, element="trust", model=M),
        ev(4, "map_set", theme=3, element="trust", model=OTHER),
    )
    es = state.elements
    assert es.elements_of(1, M) == ("trust", "engagement")
    assert es.themes_of("trust", M) == (1, 2) and es.themes_of("trust") == (1, 2, 3)
    assert es.mapped(OTHER)[0].theme == 3 and es.models() == (M, OTHER)
    first = es.mapped(M)[0]
    assert (first.event_id, first.analyst) == (1, "ann")
    assert state.theme(1).memos[0].text == "fits"  # type: ignore[union-attr]


def test_clear_takes_back_one_mapping_or_every_mapping_of_the_model() -> None:
    state = _state(
        ev(1, "map_set", theme=1, element="trust", model=M),
        ev(2, "map_set", theme=1, element="risk", model=M),
        ev(3, "map_set", theme=1, element="risk", model=OTHER),
        ev(4, "map_clear", theme=1, element="trust", model=M),
    )
    assert state.elements.elements_of(1, M) == ("risk",)
    state = _state(
        ev(1, "map_set", theme=1, element="trust", model=M),
        ev(2, "map_set", theme=1, element="risk", model=M),
        ev(3, "map_set", theme=1, element="risk", model=OTHER),
        ev(4, "map_clear", theme=1, element=None, model=M),
    )
    assert state.elements.elements_of(1, M) == () and state.elements.elements_of(1) == ("risk",)


def test_decisions_that_no_longer_apply_are_skipped_with_a_reason() -> None:
    events = [
        ev(1, "map_set", theme=1, element="trust", model=M),
        ev(2, "map_set", theme=1, element="trust", model=M),  # twice (e.g. two terminals)
        ev(3, "map_clear", theme=2, element="trust", model=M),  # never mapped
        ev(4, "map_set", theme=99, element="trust", model=M),  # no such theme
        ev(5, "code_set", segment="nope:1", element="trust", model=M),
    ]
    state = _state(*events)
    assert state.elements.elements_of(1, M) == ("trust",)
    assert sorted(state.skipped) == [2, 3, 4, 5]
    assert "already mapped" in state.skipped[2] and "not mapped" in state.skipped[3]
    assert "theme 99 no longer exists" in state.skipped[4]
    assert event_statuses(events, state)[5].startswith("no effect: segment nope:1")


def test_a_merged_theme_keeps_the_union_of_the_mappings() -> None:
    state = _state(
        ev(1, "map_set", theme=2, element="trust", model=M),
        ev(2, "map_set", theme=3, element="trust", model=M),
        ev(3, "map_set", theme=3, element="risk", model=M),
        ev(4, "merge", themes=[3, 2], name="Both"),
    )
    assert state.elements.elements_of(2, M) == ("trust", "risk")
    assert state.elements.themes_of("risk", M) == (2,)
    assert {m.theme for m in state.elements.mappings} == {2}
    # a mapping made after the merge onto the id merged away no longer applies
    state = _state(
        ev(1, "merge", themes=[2, 3], name="Both"), ev(2, "map_set", theme=3, element="x", model=M)
    )
    assert state.elements.mappings == () and 2 in state.skipped


def test_split_parts_keep_the_source_mappings_and_undo_brings_them_back() -> None:
    themes, assignments = run_fixture()
    segs = list(themes[0].segment_ids)
    parts = [{"id": 5, "segment_ids": segs[:2]}, {"id": 6, "segment_ids": segs[2:]}]
    events = [
        ev(1, "map_set", theme=1, element="trust", model=M),
        ev(2, "split", theme=1, parts=parts),
        ev(3, "map_clear", theme=6, element="trust", model=M),
        ev(4, "map_set", theme=6, element="risk", model=M),
    ]
    state = replay(themes, assignments, events)
    assert state.elements.elements_of(5, M) == ("trust",)
    assert state.elements.elements_of(6, M) == ("risk",)
    assert state.elements.elements_of(1, M) == ()
    undone = replay(themes, assignments, [*events, ev(5, "undo", event=2)])
    assert undone.elements.elements_of(1, M) == ("trust",)
    assert undone.elements.themes_of("risk", M) == ()
    assert set(undone.skipped) == {3, 4}  # the decisions about part 6 lose their effect


def test_undo_of_a_mapping_and_of_its_clear() -> None:
    set_, clear = (
        ev(1, "map_set", theme=1, element="trust", model=M),
        ev(2, "map_clear", theme=1, element="trust", model=M),
    )
    assert _state(set_, ev(2, "undo", event=1)).elements.mappings == ()
    state = _state(set_, clear, ev(3, "undo", event=2))
    assert state.elements.elements_of(1, M) == ("trust",)


def test_confirmed_codes_latest_decision_wins_and_undo_restores() -> None:
    seg = run_fixture()[0][0].segment_ids[0]
    events = [
        ev(1, "code_set", "clearly", segment=seg, element="trust", model=M),
        ev(2, "code_set", segment=seg, element="risk", model=M),
        ev(3, "code_clear", segment=seg, element="risk", model=M),
        ev(4, "code_clear", segment=seg, element="engagement", model=M),
        ev(5, "code_set", segment=seg, element="risk", model=OTHER),
    ]
    state = _state(*events)
    es = state.elements
    assert es.confirmed(M) == {seg: frozenset({"trust"})}
    assert es.decided(M) == {seg: {"trust": True, "risk": False, "engagement": False}}
    assert es.confirmed(OTHER) == {seg: frozenset({"risk"})}
    assert state.segment_memos[seg][0].text == "clearly"
    undone = _state(*events, ev(6, "undo", event=3))
    assert undone.elements.confirmed(M) == {seg: frozenset({"trust", "risk"})}
    twice = _state(events[0], ev(2, "code_set", segment=seg, element="trust", model=M))
    assert "already confirmed" in twice.skipped[2]


def test_codes_follow_the_segment_not_its_theme() -> None:
    themes, _ = run_fixture()
    seg = themes[0].segment_ids[0]
    state = _state(
        ev(1, "code_set", segment=seg, element="trust", model=M),
        ev(2, "move", segment=seg, theme=2),
        ev(3, "merge", themes=[1, 2], name="x"),
    )
    assert state.elements.confirmed(M) == {seg: frozenset({"trust"})}


def test_invalid_payloads_are_reported_not_replayed() -> None:
    seg = run_fixture()[0][0].segment_ids[0]
    events = [
        ev(1, "map_set", theme=1, element="trust", model="short"),
        ev(2, "map_set", theme=1, element="has space", model=M),
        ev(3, "map_set", theme=1, element="trust"),
        ev(4, "map_clear", theme=1, model=M),  # element must be given (null for every one)
        ev(5, "code_set", segment=seg, element="trust", model=M, score=0.9),
        ev(6, "code_clear", segment="", element="trust", model=M),
        ev(7, "map_set", theme="1", element="trust", model=M),
    ]
    state = _state(*events)
    assert sorted(state.invalid) == [1, 2, 3, 4, 5, 6, 7]
    assert state.elements.mappings == () and state.elements.codes == ()
    assert state.invalid[3] == "model: Field required"
    assert "has space" not in state.invalid[2]  # reasons name fields, never values


def test_describe_names_ids_and_elements() -> None:
    assert describe_event(ev(1, "map_set", theme=3, element="trust", model=M)) == (
        "map theme 3 onto 'trust'"
    )
    assert describe_event(ev(1, "map_clear", theme=3, element=None, model=M)) == (
        "unmap theme 3 from every element"
    )
    assert describe_event(ev(1, "code_set", segment="P1:2", element="risk", model=M)) == (
        "code P1:2 as 'risk'"
    )
    assert describe_event(ev(1, "code_clear", segment="P1:2", element="risk", model=M)) == (
        "code P1:2 as not 'risk'"
    )
