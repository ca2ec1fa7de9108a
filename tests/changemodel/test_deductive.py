"""Deductive coding of a project's segments (fake embedder): zero-shot and trained codes,
stored with the run; confirmed codes overlay them and survive coding again."""

from __future__ import annotations

import shutil

import pytest
from fakes import TOPICS, FakeEmbedder

from themes.changemodel import decisions as decide
from themes.changemodel.codes import (
    codes_for,
    confirmed_codings,
    machine_codings,
    project_codes,
)
from themes.changemodel.codings import Codings
from themes.changemodel.deductive import (
    TRAINED,
    ZERO_SHOT,
    code_segments,
    coded_segments,
    store_codes,
)
from themes.changemodel.project_model import use_model
from themes.core.errors import CodingsError, InputError
from themes.curation import decisions as curate
from themes.curation.view import load_view
from themes.store.project import Project

TOPIC_ELEMENT = {"housing": "engagement", "trust": "trust", "training": "training", "risk": "risk"}


@pytest.fixture
def project(fake_study, tmp_path):
    shutil.copytree(fake_study(people=6) / "p", tmp_path / "p")
    with Project.open(tmp_path / "p") as store:
        yield store


def sample(view, transcripts: int = 3, blank: bool = False) -> Codings:
    """The first transcripts' segments coded by the topic of their question."""
    names = sorted({view.segments[i].transcript_id for i in view.order})[:transcripts]
    pairs: list[tuple[str, str | None]] = []
    for seg_id in view.order:
        seg = view.segments[seg_id]
        if seg.transcript_id in names:
            topic = next(t for t in TOPICS if t in (seg.prompt or ""))
            pairs.append((seg_id, None if blank and topic == "housing" else TOPIC_ELEMENT[topic]))
    return Codings.of("sample.csv", pairs)


def test_zero_shot_codes_every_segment_and_stores_them(project) -> None:
    view = load_view(project)
    model = use_model(project, "gillard2014")
    result = code_segments(project, view, model, embedder=FakeEmbedder())
    assert result.method == ZERO_SHOT and result.segments == tuple(coded_segments(view))
    assert result.codes and {c.method for c in result.codes} == {ZERO_SHOT}
    codable = {f.id for f in model.model.codable()}
    assert {c.element for c in result.codes} <= codable
    assert set(result.per_element()) == codable
    assert result.settings == {"min_score": 1.0, "margin": 0.25}
    assert store_codes(project, result) == len(result.codes)
    assert project.codes(view.run.id, model.hash) == list(result.codes)
    # a stricter threshold gives fewer codes; the same settings give the same codes
    strict = code_segments(project, view, model, threshold=2.0, embedder=FakeEmbedder())
    assert len(strict.codes) < len(result.codes)
    again = code_segments(project, view, model, embedder=FakeEmbedder())
    assert again.codes == result.codes


def test_trained_codes_follow_the_sample_and_report_cross_validation(project) -> None:
    view = load_view(project)
    model = use_model(project, "gillard2014")
    result = code_segments(project, view, model, training=sample(view), resamples=50)
    assert result.method == TRAINED and {c.method for c in result.codes} == {TRAINED}
    assert result.training is not None and len(result.training.used) == 48
    assert result.training.folds == 3  # three transcripts: folds by transcript
    assert set(result.training.elements) == set(TOPIC_ELEMENT.values())
    assert "role-modelling" in result.training.unused_elements
    assert result.cv is not None and result.cv.pooled.kappa.value > 0.8
    given = {c.segment_id: c.element for c in result.codes}
    for seg_id in coded_segments(view):  # the held-back transcripts too
        topic = next(t for t in TOPICS if t in (view.segments[seg_id].prompt or ""))
        assert given.get(seg_id) == TOPIC_ELEMENT[topic]
    assert all(0 < c.score <= 1 for c in result.codes)


def test_trained_learns_segments_coded_with_no_element(project) -> None:
    view = load_view(project)
    model = use_model(project, "gillard2014")
    result = code_segments(project, view, model, training=sample(view, 4, blank=True))
    housing = [i for i in coded_segments(view) if "housing" in view.segments[i].prompt]
    coded = {c.segment_id for c in result.codes}
    assert not coded & set(housing)


def test_a_bad_sample_says_what_to_fix(project) -> None:
    view = load_view(project)
    model = use_model(project, "gillard2014")
    first = coded_segments(view)[0]
    with pytest.raises(CodingsError, match="not codable elements of gillard2014.*nonsense"):
        code_segments(project, view, model, training=Codings.of("x.csv", [(first, "nonsense")]))
    with pytest.raises(CodingsError, match="none of its 1 segment ids"):
        code_segments(project, view, model, training=Codings.of("x.csv", [("Q9:1", "trust")]))
    one = Codings.of("x.csv", [(i, "trust") for i in coded_segments(view)[:10]])
    with pytest.raises(CodingsError, match="two classes"):
        code_segments(project, view, model, training=one)


def test_confirmed_codes_overlay_machine_codes_and_survive_coding_again(project) -> None:
    view = load_view(project)
    model = use_model(project, "gillard2014")
    store_codes(project, code_segments(project, view, model, training=sample(view)))
    seg, other = coded_segments(view)[0], coded_segments(view)[1]
    machine = project_codes(project, view, model).elements_of()
    (given,) = machine[seg]
    extra = next(e for e in ("role-modelling", "boundaries") if e not in machine[other])
    decide.code_clear(project, seg, given, model.hash, analyst="ann")
    decide.code_set(project, other, extra, model.hash, analyst="ann", memo="missed")
    for _ in range(2):  # before and after coding again (zero-shot this time)
        view = load_view(project)
        codes = project_codes(project, view, model)
        carried = codes.elements_of()
        assert given not in carried.get(seg, ())
        assert extra in carried[other]
        by_key = {(c.segment_id, c.element): c for c in codes.codes}
        assert by_key[(other, extra)].confirmed is True
        assert by_key[(seg, given)].confirmed is False and not by_key[(seg, given)].holds
        store_codes(project, code_segments(project, view, model, embedder=FakeEmbedder()))
    confirmed = confirmed_codings(load_view(project), model)
    assert confirmed.by_segment == {seg: frozenset(), other: frozenset({extra})}


def test_codings_for_agreement_and_exports(project) -> None:
    view = load_view(project)
    assert codes_for(project, view, None, required=False) is None
    with pytest.raises(InputError, match="no change model is in the project yet"):
        codes_for(project, view, None, required=True)
    model = use_model(project, "gillard2014")
    with pytest.raises(InputError, match="run `themes code"):
        machine_codings(project, view, model)
    with pytest.raises(InputError, match="no codes for"):
        codes_for(project, view, None, required=True)
    with pytest.raises(InputError, match="no segment has a confirmed code"):
        confirmed_codings(view, model)
    store_codes(project, code_segments(project, view, model, training=sample(view)))
    machine = machine_codings(project, view, model)
    assert set(machine.by_segment) == set(coded_segments(view))  # segments with none included
    curate.exclude(project, [coded_segments(view)[0]], analyst="ann")
    after = load_view(project)
    assert len(machine_codings(project, after, model).by_segment) == len(machine.by_segment) - 1
