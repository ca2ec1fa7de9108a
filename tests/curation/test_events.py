"""Typed events in replay: invalid rows are reported and never replayed, one handler per kind,
each event's status worked out once; and a property over random valid logs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_curate import SEG_IDS, ev, run_fixture

from themes.curation import replay as replay_module
from themes.curation.check import membership_problems
from themes.curation.events import LogHealth, describe_event, event_statuses, undone_by
from themes.curation.replay import (
    HANDLERS,
    Event,
    cancelled_ids,
    next_theme_id,
    replay,
)
from themes.store.chain import ChainProblem
from themes.store.payloads import PAYLOADS


def test_every_kind_has_a_schema_and_every_decision_a_handler() -> None:
    assert set(HANDLERS) | {"undo"} == set(PAYLOADS)


def test_events_are_checked_when_made() -> None:
    assert ev(1, "rename", theme=1, name="X").valid
    bad = ev(2, "undo")
    assert not bad.valid and bad.typed is None and bad.problem == "event: Field required"
    assert (
        "payload is not JSON"
        in Event(3, 1, "t", "x", "move", {}, "", "the payload is not JSON").problem
    )
    assert ev(4, "teleport", theme=1).problem == "unknown kind 'teleport'"


def test_invalid_events_are_reported_never_replayed_and_cancel_nothing() -> None:
    themes, assignments = run_fixture()
    events = [
        ev(1, "rename", theme=1, name="Kept"),
        ev(2, "undo"),  # the hand-inserted row of finding 6
        ev(3, "rename", theme="1", name="Not applied"),
        ev(4, "merge", themes=[1, 2], name="M", secret="not part of a merge"),
    ]
    state = replay(themes, assignments, events)
    assert state.theme(1).name == "Kept" and state.theme(2) is not None  # type: ignore[union-attr]
    assert sorted(state.invalid) == [2, 3, 4] and state.skipped == {}
    assert state.invalid[4] == "secret: Extra inputs are not permitted"
    assert cancelled_ids(events) == frozenset()
    assert event_statuses(events, state) == {
        1: "in force",
        2: "invalid: event: Field required",
        3: "invalid: theme: Input should be a valid integer",
        4: "invalid: secret: Extra inputs are not permitted",
    }
    assert describe_event(events[1]) == "invalid 'undo' event"
    assert "secret" not in describe_event(events[3]) and "not part" not in state.invalid[4]


def test_statuses_say_what_became_of_each_event() -> None:
    themes, assignments = run_fixture()
    events = [
        ev(1, "split", theme=1, parts=[{"id": 5, "segment_ids": ["T0:0"]}]),
        ev(2, "rename", theme=5, name="Part"),
        ev(3, "undo", event=1),
        ev(4, "rename", theme=2, name="Two"),
        ev(5, "undo", event=4),
        ev(6, "undo", event=5),  # redo of 4
        ev(7, "undo", event=9),  # a later event: cancels nothing
    ]
    state = replay(themes, assignments, events)
    assert event_statuses(events, state) == {
        1: "cancelled by 3",
        2: "no effect: theme 5 no longer exists",
        3: "in force",
        4: "in force",
        5: "cancelled by 6",
        6: "in force",
        7: "no effect: event 9 is not an earlier decision of this run",
    }
    assert undone_by(events) == {1: 3, 5: 6}


def test_a_handler_bug_is_not_disguised_as_a_bad_payload(monkeypatch) -> None:
    def broken(builder, payload, memo) -> None:
        raise TypeError("a bug")

    monkeypatch.setitem(replay_module.HANDLERS, "rename", broken)
    themes, assignments = run_fixture()
    with pytest.raises(TypeError, match="a bug"):
        replay(themes, assignments, [ev(1, "rename", theme=1, name="X")])


def test_log_health_summary_names_counts_and_ids() -> None:
    assert LogHealth().ok and LogHealth().summary() == ""
    health = LogHealth((ChainProblem(3, "event 3 was changed"),), {7: "event: Field required"})
    assert not health.ok
    assert health.summary() == (
        "the decision log cannot be trusted: it does not verify against its hash chain "
        "(1 place(s): events changed, deleted or added outside themes); 1 invalid event(s) "
        "are not replayed (7)"
    )


# -- property: random valid logs ---------------------------------------------------------
THEME_IDS = st.integers(1, 12)
MODELS = st.sampled_from(["a" * 64, "b" * 64])


@st.composite
def valid_logs(draw: st.DrawFn) -> list[Event]:
    """Random logs of events that all pass their schema (whether or not they still apply)."""
    themes, _ = run_fixture()
    events: list[Event] = []
    for eid in range(1, draw(st.integers(0, 14)) + 1):
        kind = draw(st.sampled_from(sorted(PAYLOADS)))
        memo = draw(st.sampled_from(["", "why"]))
        seg = draw(st.sampled_from(SEG_IDS))
        theme = draw(THEME_IDS)
        first = next_theme_id(themes, events)
        if kind == "merge":
            ids = draw(st.lists(THEME_IDS, min_size=2, max_size=3, unique=True))
            e = ev(eid, kind, memo, themes=ids, name=f"m{eid}")
        elif kind == "split":
            members = draw(st.lists(st.sampled_from(SEG_IDS), min_size=1, max_size=6, unique=True))
            cut = draw(st.integers(0, len(members)))
            parts = [
                {"id": first, "segment_ids": members[:cut]},
                {"id": first + 1, "segment_ids": members[cut:]},
            ]
            e = ev(eid, kind, memo, theme=theme, parts=parts)
        elif kind == "rename":
            e = ev(eid, kind, memo, theme=theme, name=f"n{eid}")
        elif kind == "define":
            e = ev(eid, kind, memo, theme=theme, definition=f"d{eid}", include="i", exclude="")
        elif kind in ("move", "exclude"):
            more = draw(st.lists(st.sampled_from(SEG_IDS), min_size=2, max_size=4, unique=True))
            which = {"segments": more} if draw(st.booleans()) else {"segment": seg}
            e = ev(eid, kind, memo, **which, **({"theme": theme} if kind == "move" else {}))
        elif kind == "discard":
            e = ev(eid, kind, memo, theme=theme)
        elif kind == "memo":
            target = draw(st.sampled_from(["theme", "segment", "project"]))
            ref = {"theme": theme, "segment": seg, "project": None}[target]
            e = ev(eid, kind, memo, target=target, id=ref)
        elif kind == "add":
            fresh = [f"A{eid}:{i}" for i in range(4)]
            reuse = draw(st.booleans())  # sometimes a segment already in the view
            e = ev(
                eid,
                kind,
                memo,
                transcripts=[f"A{eid}"],
                assign=[[seg if reuse else fresh[0], theme, 0.7]],
                new_themes=[{"id": first, "segment_ids": fresh[1:3]}],
                unassigned=[fresh[3]],
            )
        elif kind in ("map_set", "map_clear"):
            element = draw(st.sampled_from(["trust", "risk", None if kind == "map_clear" else "x"]))
            e = ev(eid, kind, memo, theme=theme, element=element, model=draw(MODELS))
        elif kind in ("code_set", "code_clear"):
            element = draw(st.sampled_from(["trust", "risk"]))
            e = ev(eid, kind, memo, segment=seg, element=element, model=draw(MODELS))
        else:
            e = ev(eid, kind, memo, event=draw(st.integers(1, eid + 2)))
        assert e.valid, e.problem
        events.append(e)
    return events


@settings(max_examples=300, deadline=None)
@given(valid_logs())
def test_replaying_valid_logs_never_raises_and_keeps_every_segment_in_one_place(events) -> None:
    themes, assignments = run_fixture()
    state = replay(themes, assignments, events)
    assert membership_problems(state) == []
    assert state.invalid == {}
    run_ids = {a.segment_id for a in assignments}
    assert run_ids <= {a.segment_id for a in state.assignments}  # nothing is lost
    statuses = event_statuses(events, state)
    assert set(statuses) == {e.id for e in events}
    alive = {t.id for t in state.themes}
    assert {m.theme for m in state.elements.mappings} <= alive  # mappings follow their theme
    assert all(describe_event(e) for e in events)
