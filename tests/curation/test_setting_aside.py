"""Setting aside and bulk work: a whole theme discarded (undoable, in the set-aside list),
several segments moved or excluded in one event, lists of segments read from a file, and
every segment of a theme shown with where it is, who said it and the prompt."""

from __future__ import annotations

import pytest

from themes.core.errors import InputError, NotFoundError
from themes.curation import decisions as decide
from themes.curation.replay import EXCLUDED
from themes.curation.segment_file import read_segment_ids
from themes.curation.show import theme_segments
from themes.curation.view import load_view
from themes.export.tables import segment_rows


def test_a_discarded_theme_is_set_aside_whole_and_comes_back_on_undo(project) -> None:
    before = load_view(project)
    theme = before.themes[-1]
    event = decide.discard(project, theme.id, analyst="ann", memo="only restates the task")
    assert event.kind == "discard" and event.payload == {"theme": theme.id}
    view = load_view(project)
    assert view.theme(theme.id) is None
    assert {a.assigned_by for s, a in view.assignments.items() if s in theme.segment_ids} == {
        EXCLUDED
    }
    assert set(theme.segment_ids) <= {s.id for s in view.excluded()}
    (gone,) = view.curated.discarded
    assert {view.set_aside_why(s) for s in theme.segment_ids} == {f"theme {theme.id} discarded"}
    assert view.set_aside_why(view.order[0]) in ("", "excluded")
    assert gone.id == theme.id and gone.memos[0].text == "only restates the task"
    status = {r["segment_id"]: r["status"] for r in segment_rows(view)}
    assert {status[s] for s in theme.segment_ids} == {"excluded"}
    with pytest.raises(NotFoundError, match=f"theme {theme.id} is not among"):
        decide.discard(project, theme.id, analyst="ann")
    decide.undo(project, analyst="ann")
    again = load_view(project)
    assert again.themes == before.themes and not again.excluded()


def test_the_report_lists_a_discarded_themes_segments_as_set_aside(project) -> None:
    from themes.report.set_aside import set_aside_section

    theme = load_view(project).themes[0]
    decide.discard(project, theme.id, analyst="ann")
    listed = {i.segment_id for i in set_aside_section(load_view(project)).items}
    assert set(theme.segment_ids) <= listed


def test_several_segments_move_or_are_excluded_in_one_event(project) -> None:
    view = load_view(project)
    a, b = view.themes[0], view.themes[1]
    moving = list(b.segment_ids[:3])
    n_events = len(view.events)
    event = decide.move(project, [*moving, moving[0]], a.id, analyst="ann", memo="same idea")
    assert event.payload == {"segments": moving, "theme": a.id}
    after = load_view(project)
    assert len(after.events) == n_events + 1
    assert all(after.assignments[s].theme_id == a.id for s in moving)
    assert all(after.segment_memos(s)[0].text == "same idea" for s in moving)
    with pytest.raises(InputError, match="already in theme"):
        decide.move(project, [moving[0], b.segment_ids[4]], a.id, analyst="ann")
    with pytest.raises(NotFoundError, match="'nope:1'"):
        decide.move(project, [b.segment_ids[4], "nope:1"], a.id, analyst="ann")
    out = decide.exclude(project, moving[:2], analyst="ann")
    assert out.payload == {"segments": moving[:2]}
    excluded = {s.id for s in load_view(project).excluded()}
    assert set(moving[:2]) <= excluded
    with pytest.raises(InputError, match="already set aside"):
        decide.exclude(project, moving[:1], analyst="ann")
    decide.undo(project, analyst="ann")  # one undo takes the whole exclusion back
    assert not load_view(project).excluded()
    one = decide.exclude(project, moving[0], analyst="ann")
    assert one.payload == {"segment": moving[0]}


def test_segment_lists_in_files(tmp_path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text("\ufeffsegment_id\n# from the report\nP1:2\n\n  P1:3  \n", encoding="utf-8")
    assert read_segment_ids(path) == ["P1:2", "P1:3"]
    path.write_text("# nothing\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="lists no segment ids"):
        read_segment_ids(path)
    path.write_bytes(b"P1:2\nP1:\xff3\n")
    with pytest.raises(InputError, match=r"ids.txt:2: not UTF-8"):
        read_segment_ids(path)
    with pytest.raises(InputError, match="cannot read"):
        read_segment_ids(tmp_path / "missing.txt")


def test_show_lists_every_segment_with_where_who_and_the_prompt(project) -> None:
    view = load_view(project)
    theme = max(view.themes, key=lambda t: t.size)
    shown = theme_segments(view, theme.id, every=True)
    assert shown.n_total == theme.size == len(shown.segments)
    assert [s.segment_id for s in shown.segments] == [
        s for s in view.order if s in theme.segment_ids
    ]
    first = shown.segments[0]
    seg = view.segments[first.segment_id]
    assert first.location == seg.location and first.speaker == seg.speaker
    assert first.prompt == seg.prompt and first.text == seg.text
    assert {s.segment_id for s in shown.segments if s.exemplar} == set(theme.exemplar_ids)
    few = theme_segments(view, theme.id, most=3)
    assert len(few.segments) == 3 and few.n_total == theme.size
    with pytest.raises(NotFoundError, match="theme 999"):
        theme_segments(view, 999)
