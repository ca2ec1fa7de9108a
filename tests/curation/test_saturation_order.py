"""Saturation that means something: transcripts in the order added, by id (natural order) or
by a metadata field; a new theme counts only when it is a theme by discovery's rules and not
a near-duplicate of an earlier one; new codes are change-model elements first evidenced."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from themes.core.errors import InputError
from themes.core.order import natural_key
from themes.curation import decisions as decide
from themes.curation.derived import view_vectors
from themes.curation.saturation import (
    element_evidence,
    saturation,
    transcript_order,
)
from themes.curation.view import load_view
from themes.store.project import Project


def test_natural_order_puts_p2_before_p10() -> None:
    ids = ["P10", "P2", "p1", "P1b", "2021-3-10", "2021-3-9"]
    assert sorted(ids, key=natural_key) == ["2021-3-9", "2021-3-10", "p1", "P1b", "P2", "P10"]


@pytest.fixture(scope="module")
def base(fake_study):
    return fake_study(people=7, hold=1)


@pytest.fixture
def project(base, tmp_path):
    shutil.copytree(base / "p", tmp_path / "p")
    with Project.open(tmp_path / "p") as store:
        yield store


def test_orders_added_id_and_a_metadata_field(project) -> None:
    view = load_view(project)
    ids = sorted({view.segments[s].transcript_id for s in view.order})
    batches = {t: (2 if t == ids[0] else 1) for t in ids}  # as if the first came later
    added = [t for t, _ in transcript_order(view, ids, batches, "added")]
    assert added == [*ids[1:], ids[0]]
    assert [t for t, _ in transcript_order(view, ["P10", "P2", "P1"], {}, "id")] == [
        "P1",
        "P2",
        "P10",
    ]
    by_site = transcript_order(view, ids, batches, "site")
    sites = [value for _, value in by_site]
    assert sites == sorted(sites, key=natural_key) and set(sites) == {"1", "2"}
    with pytest.raises(InputError, match="no transcript has a metadata field 'date'.*site"):
        transcript_order(view, ids, batches, "date")


def test_new_themes_count_only_when_they_are_themes_by_the_rules(project) -> None:
    view = load_view(project)
    points = saturation(view, project.transcript_batches(), order="id")
    firsts = {}
    for seg_id in sorted(view.order, key=lambda s: natural_key(view.segments[s].transcript_id)):
        theme = view.assignments[seg_id].theme_id
        if theme is not None:
            firsts.setdefault(theme, view.segments[seg_id].transcript_id)
    for p in points:  # each theme of the study is new where it is first voiced
        assert set(p.new_theme_ids) == {
            t for t, where in firsts.items() if where == p.transcript_id
        }
    assert sum(p.n_new_themes for p in points) == points[-1].n_themes == len(view.themes)
    # a theme of one participant is first voiced but not counted
    small = view.themes[-1]
    one = view.segments[small.segment_ids[0]].transcript_id
    lonely = replace(small, n_participants=1, top_share=1.0, one_voice=True)
    narrowed = replace(view, themes=(*view.themes[:-1], lonely))
    again = saturation(narrowed, project.transcript_batches(), order="id")
    where = next(p for p in again if p.transcript_id == one)
    assert (small.id, "one voice (1 participant(s), largest 100%)") in where.not_counted
    assert again[-1].n_themes == points[-1].n_themes - 1


def test_a_near_duplicate_of_an_earlier_theme_is_not_a_new_theme(project) -> None:
    from themes.curation.compare import suggest_merges

    view = load_view(project)
    vectors = view_vectors(project, view)
    top = suggest_merges(view, vectors, top=1)[0]
    points = saturation(view, project.transcript_batches(), order="id", vectors=vectors)
    reasons = [why for p in points for _, why in p.not_counted]
    if top.verdict == "merge":
        assert any(why.startswith("near-duplicate of theme") for why in reasons)
    plain = saturation(view, project.transcript_batches(), order="id")
    assert points[-1].n_themes <= plain[-1].n_themes


def test_new_codes_are_elements_first_evidenced(project) -> None:
    from themes.changemodel import decisions as coding
    from themes.changemodel.project_model import use_model

    view = load_view(project)
    assert element_evidence(project, view) is None  # no change model yet
    model = use_model(project, "gillard2014")
    element = model.model.codable()[0].id
    theme = view.themes[0]
    coding.map_set(project, theme.id, element, model.hash, analyst="ann")
    later = view.order[-1]
    other = model.model.codable()[1].id
    coding.code_set(project, later, other, model.hash, analyst="ann")
    view = load_view(project)
    codes = element_evidence(project, view)
    assert codes is not None and other in codes[later]
    points = saturation(view, project.transcript_batches(), order="id", codes=codes)
    first = next(p for p in points if p.new_codes)
    assert element in first.new_codes and points[-1].n_codes == 2
    assert sum(p.n_new_codes or 0 for p in points) == 2
    decide.undo(project, analyst="ann")  # the confirmed code taken back
    codes = element_evidence(project, load_view(project))
    assert codes is not None and later not in codes or other not in codes.get(later, ())
