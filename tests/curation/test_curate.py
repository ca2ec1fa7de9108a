"""Replay of analyst decisions: rules per event kind, and properties (Hypothesis)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from themes.core.types import Assignment, Theme
from themes.curation.analyst import resolve_analyst
from themes.curation.events import describe_event
from themes.curation.replay import (
    EXCLUDED,
    Event,
    cancelled_ids,
    next_theme_id,
    replay,
)

N_SEGMENTS = 24


def _theme(tid: int, segs: list[str]) -> Theme:
    return Theme(
        id=tid,
        label=f"label {tid}",
        keywords=("a",),
        size=len(segs),
        segment_ids=tuple(segs),
        exemplar_ids=tuple(segs[:1]),
        n_transcripts=1,
        n_participants=1,
        top_share=1.0,
        one_voice=True,
        spread={},
        prompt_share=0.0,
        top_prompt=None,
    )


def run_fixture() -> tuple[list[Theme], list[Assignment]]:
    """4 themes of 5 segments each, 4 unassigned."""
    segs = [f"T{i // 8}:{i}" for i in range(N_SEGMENTS)]
    themes = [_theme(t + 1, segs[5 * t : 5 * t + 5]) for t in range(4)]
    assignments = [
        Assignment(
            s, (i // 5) + 1 if i < 20 else None, 0.9 if i < 20 else 0.0, "hdbscan" if i < 20 else ""
        )
        for i, s in enumerate(segs)
    ]
    return themes, assignments


def ev(eid: int, kind: str, memo: str = "", **payload: object) -> Event:
    return Event(eid, 1, f"2026-01-01T00:00:{eid:02d}", "ann", kind, payload, memo)


def test_no_events_gives_the_run() -> None:
    themes, assignments = run_fixture()
    state = replay(themes, assignments, [])
    assert [t.id for t in state.themes] == [1, 2, 3, 4]
    assert [t.segment_ids for t in state.themes] == [t.segment_ids for t in themes]
    assert list(state.assignments) == assignments


def test_merge_keeps_smallest_id_and_name() -> None:
    themes, assignments = run_fixture()
    state = replay(themes, assignments, [ev(1, "merge", "alike", themes=[3, 2], name="Both")])
    assert [t.id for t in state.themes] == [1, 2, 4]
    merged = state.theme(2)
    assert merged is not None and merged.name == "Both" and len(merged.segment_ids) == 10
    assert merged.origin == (2, 3) and merged.memos[0].text == "alike"
    assert {a.theme_id for a in state.assignments if a.segment_id in merged.segment_ids} == {2}


def test_split_parts_get_new_ids_and_members() -> None:
    themes, assignments = run_fixture()
    segs = list(themes[0].segment_ids)
    split = ev(
        1,
        "split",
        theme=1,
        parts=[{"id": 5, "segment_ids": segs[:2]}, {"id": 6, "segment_ids": segs[2:]}],
    )
    state = replay(themes, assignments, [split])
    assert [t.id for t in state.themes] == [2, 3, 4, 5, 6]
    assert state.theme(5).segment_ids == tuple(segs[:2])  # type: ignore[union-attr]
    assert next_theme_id(themes, [split]) == 7


def test_move_exclude_rename_define_memo() -> None:
    themes, assignments = run_fixture()
    events = [
        ev(1, "move", "fits better", segment="T0:0", theme=2),
        ev(2, "exclude", segment="T2:20"),
        ev(3, "rename", theme=2, name="Trust"),
        ev(4, "define", theme=2, definition="About trust", include="honesty", exclude="risk"),
        ev(5, "memo", "check P3", target="theme", id=2),
        ev(6, "memo", "overall", target="project", id=None),
    ]
    state = replay(themes, assignments, events)
    by = {a.segment_id: a for a in state.assignments}
    assert by["T0:0"].theme_id == 2 and by["T0:0"].assigned_by == "analyst"
    assert by["T2:20"].assigned_by == EXCLUDED and state.excluded == ("T2:20",)
    t2 = state.theme(2)
    assert t2 is not None and t2.name == "Trust" and t2.definition == "About trust"
    assert (t2.include, t2.exclude) == ("honesty", "risk")
    assert [m.text for m in t2.memos] == ["check P3"]
    assert state.segment_memos["T0:0"][0].text == "fits better"
    assert state.project_memos[0].text == "overall"


def test_undo_and_redo() -> None:
    themes, assignments = run_fixture()
    rename = ev(1, "rename", theme=1, name="X")
    base = replay(themes, assignments, [])
    assert replay(themes, assignments, [rename, ev(2, "undo", event=1)]) == base
    redo = replay(themes, assignments, [rename, ev(2, "undo", event=1), ev(3, "undo", event=2)])
    assert redo.theme(1).name == "X"  # type: ignore[union-attr]
    assert cancelled_ids([rename, ev(2, "undo", event=1), ev(3, "undo", event=2)]) == {2}


def test_event_that_no_longer_applies_is_skipped_with_a_reason() -> None:
    themes, assignments = run_fixture()
    events = [ev(1, "merge", themes=[1, 2], name="M"), ev(2, "rename", theme=2, name="gone")]
    state = replay(themes, assignments, events)
    assert 2 in state.skipped and "theme 2" in state.skipped[2]


def test_add_event_places_new_segments() -> None:
    themes, assignments = run_fixture()
    add = ev(
        1,
        "add",
        transcripts=["N"],
        assign=[["N:1", 2, 0.8]],
        new_themes=[{"id": 5, "segment_ids": ["N:2", "N:3"]}],
        unassigned=["N:4"],
    )
    state = replay(themes, assignments, [add])
    by = {a.segment_id: a for a in state.assignments}
    assert by["N:1"].theme_id == 2 and by["N:2"].theme_id == 5 and by["N:4"].theme_id is None
    assert [a.segment_id for a in state.assignments][-4:] == ["N:1", "N:2", "N:3", "N:4"]
    assert replay(themes, assignments, [add, ev(2, "undo", event=1)]) == replay(
        themes, assignments, []
    )
    assert "1 transcript" in describe_event(add)


def test_analyst_from_option_env_or_user(monkeypatch) -> None:
    monkeypatch.setenv("THEMES_ANALYST", "env-name")
    assert resolve_analyst("given") == "given"
    assert resolve_analyst(None) == "env-name"
    monkeypatch.delenv("THEMES_ANALYST")
    assert resolve_analyst(None)


# -- properties ----------------------------------------------------------------------------
SEG_IDS = [f"T{i // 8}:{i}" for i in range(N_SEGMENTS)] + ["X:1"]  # X:1 does not exist


@st.composite
def event_lists(draw: st.DrawFn) -> list[Event]:
    """Random decision sequences, valid or not (invalid ones must be skipped, not crash)."""
    themes, _ = run_fixture()
    n = draw(st.integers(0, 10))
    events: list[Event] = []
    for eid in range(1, n + 1):
        kind = draw(
            st.sampled_from(
                ["merge", "split", "rename", "define", "move", "exclude", "memo", "undo", "add"]
            )
        )
        theme = draw(st.integers(1, 9))
        seg = draw(st.sampled_from(SEG_IDS))
        memo = draw(st.sampled_from(["", "why"]))
        if kind == "merge":
            ids = draw(st.lists(st.integers(1, 9), min_size=2, max_size=3))
            e = ev(eid, kind, memo, themes=ids, name=f"m{eid}")
        elif kind == "split":
            members = draw(st.lists(st.sampled_from(SEG_IDS), min_size=2, max_size=6, unique=True))
            first = next_theme_id(themes, events)
            cut = draw(st.integers(1, len(members) - 1))
            e = ev(
                eid,
                kind,
                memo,
                theme=theme,
                parts=[
                    {"id": first, "segment_ids": members[:cut]},
                    {"id": first + 1, "segment_ids": members[cut:]},
                ],
            )
        elif kind == "rename":
            e = ev(eid, kind, memo, theme=theme, name=f"n{eid}")
        elif kind == "define":
            e = ev(eid, kind, memo, theme=theme, definition=f"d{eid}", include="", exclude="")
        elif kind in ("move", "exclude"):
            e = ev(eid, kind, memo, segment=seg, theme=theme)
        elif kind == "memo":
            e = ev(
                eid,
                kind,
                "note",
                target=draw(st.sampled_from(["theme", "segment", "project"])),
                id=draw(st.sampled_from([theme, seg])),
            )
        elif kind == "add":
            first = next_theme_id(themes, events)
            e = ev(
                eid,
                kind,
                memo,
                transcripts=[f"A{eid}"],
                assign=[[f"A{eid}:1", theme, 0.7]],
                new_themes=[{"id": first, "segment_ids": [f"A{eid}:2", f"A{eid}:3"]}],
                unassigned=[f"A{eid}:4"],
            )
        else:
            if eid == 1:
                continue
            e = ev(eid, "undo", event=draw(st.integers(1, eid - 1)))
        events.append(e)
    return events


def _invariants(state) -> None:
    members = [s for t in state.themes for s in t.segment_ids]
    assert len(members) == len(set(members))  # no segment in two themes
    by = {a.segment_id: a for a in state.assignments}
    for t in state.themes:
        for s in t.segment_ids:
            assert by[s].theme_id == t.id
    for a in state.assignments:
        if a.theme_id is not None:
            assert a.segment_id in state.theme(a.theme_id).segment_ids


@settings(max_examples=200, deadline=None)
@given(event_lists(), st.randoms(use_true_random=False))
def test_replay_is_deterministic_whatever_the_input_order(events, rnd: random.Random) -> None:
    themes, assignments = run_fixture()
    first = replay(themes, assignments, events)
    shuffled = list(events)
    rnd.shuffle(shuffled)
    again = replay(themes, assignments, shuffled)
    assert first == again and first.skipped == again.skipped and first.cancelled == again.cancelled
    _invariants(first)


@settings(max_examples=200, deadline=None)
@given(event_lists(), st.data())
def test_undo_of_the_latest_decision_restores_the_previous_state(events, data) -> None:
    themes, assignments = run_fixture()
    last = max((e.id for e in events), default=0)
    decision = data.draw(event_lists().filter(lambda es: any(e.kind != "undo" for e in es)))
    extra = next(e for e in decision if e.kind != "undo")
    extra = Event(
        last + 1, 1, extra.created_at, extra.analyst, extra.kind, extra.payload, extra.memo
    )
    before = replay(themes, assignments, events)
    undo = Event(last + 2, 1, "t", "bob", "undo", {"event": last + 1})
    after = replay(themes, assignments, [*events, extra, undo])
    assert after == before
    # and undoing the undo brings the decision back exactly
    redo = Event(last + 3, 1, "t", "bob", "undo", {"event": last + 2})
    assert replay(themes, assignments, [*events, extra, undo, redo]) == replay(
        themes, assignments, [*events, extra]
    )
