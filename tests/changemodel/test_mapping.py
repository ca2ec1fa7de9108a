"""Mapping suggestions: the scoring (standardised against the corpus, near misses taken off),
the project's change model (stored once, the current one by default), and suggestions on a
fake-embedder study whose themes each follow one topic."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from themes.changemodel.mapping import ElementVectors, score_themes, suggest_mappings
from themes.changemodel.project_model import codable_element, model_by_hash, use_model
from themes.core.errors import ChangeModelError, InputError, NotFoundError
from themes.curation.view import load_view
from themes.store.change_models import content_hash
from themes.store.project import Project

TOPIC_MODEL = """\
name: Fake topics
elements:
  - id: housing
    name: Housing
    description: housing flat landlord rent council tenancy
    examples: ["eviction bills tenancy"]
  - id: trust
    name: Trust
    description: trust believed lived experience understood listened honest shared
  - id: training
    name: Training
    description: training course induction accredited module certificate learning
    exclude: ["certificate learning module"]
  - id: risk
    name: Risk
    description: risk safeguarding assessment incident paperwork policy crisis
  - id: talk
    name: Well
    description: well really matters
  - id: group
    name: Group
    codable: false
    children:
      - {id: leaf, name: Leaf, description: nothing orange violin}
"""
# (the fake embedder hashes words into 64 dimensions: the words above avoid the dimensions
# that the study's words fall into, so no element is close to a topic by accident)
TOPIC_WORDS = {
    "housing": "housing flat landlord rent council tenancy eviction bills",
    "trust": "trust believed lived experience understood listened honest shared",
    "training": "training course induction accredited module certificate learning",
    "risk": "risk safeguarding assessment incident paperwork policy crisis",
}


def _unit(v):
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


# -- scoring --------------------------------------------------------------------------------


def test_an_element_close_to_everything_does_not_top_every_theme() -> None:
    rng = np.random.default_rng(0)
    generic = _unit([1, 0, 0, 0])
    topic = _unit([0, 1, 0, 0])
    # every segment leans towards "generic"; theme 1's also a little towards "topic"
    corpus = _unit(generic * 2 + rng.normal(0, 0.3, (200, 4)))
    members = _unit(generic * 2 + topic * 0.8 + rng.normal(0, 0.3, (20, 4)))
    elements = ElementVectors(
        ("generic", "topic"), np.vstack([generic, topic]), (np.zeros((0, 4)),) * 2
    )
    score, similarity, near = score_themes({1: (members, members[:3])}, corpus, elements)[1]
    assert similarity[0] > similarity[1]  # raw cosine favours the generic element
    assert score[1] > score[0]  # standardised, the theme is about the topic
    assert np.all(near == 0)


def test_a_theme_closer_to_an_exclusion_loses_the_difference() -> None:
    element, near_miss = _unit([1, 1, 0]), _unit([1, 0.2, 0])
    elements = ElementVectors(("e",), element[None], (near_miss[None],))
    corpus = _unit(np.eye(3)[[0, 1, 2, 1, 2]] + 0.1)
    theme = near_miss[None]  # exactly the near miss
    with_exclusion = score_themes({1: (theme, theme)}, corpus, elements, 1.0)[1]
    without = score_themes({1: (theme, theme)}, corpus, elements, 0.0)[1]
    gap = float(near_miss @ near_miss - near_miss @ element)
    assert with_exclusion[2][0] == pytest.approx(gap) and without[2][0] == 0
    assert with_exclusion[0][0] < without[0][0]


# -- the project's change model ---------------------------------------------------------------


@pytest.fixture
def p(fake_study, tmp_path):
    shutil.copytree(fake_study(people=6) / "p", tmp_path / "p")
    (tmp_path / "topics.yaml").write_text(TOPIC_MODEL, encoding="utf-8")
    return tmp_path


def test_a_model_is_stored_when_first_used_and_is_the_default_after(p) -> None:
    with Project.open(p / "p") as store:
        with pytest.raises(InputError, match="--model"):
            use_model(store, None)
        used = use_model(store, str(p / "topics.yaml"))
        assert used.hash == content_hash(TOPIC_MODEL) and used.name == "topics.yaml"
        assert use_model(store, None).hash == used.hash
        shipped = use_model(store, "gillard2014")
        assert shipped.name == "gillard2014" and use_model(store, None).hash == shipped.hash
        assert len(store.change_models()) == 2
    (p / "topics.yaml").unlink()  # the file is gone: the project still has the model
    with Project.open(p / "p") as store:
        assert use_model(store, "topics.yaml").hash == used.hash
        assert use_model(store, used.hash[:8]).hash == used.hash
        assert use_model(store, None).hash == used.hash  # used last
        assert model_by_hash(store, used.hash).model.name == "Fake topics"
        with pytest.raises(ChangeModelError, match="no such change-model file"):
            use_model(store, "elsewhere.yaml")


def test_elements_must_exist_and_be_codable(p) -> None:
    with Project.open(p / "p") as store:
        model = use_model(store, str(p / "topics.yaml"))
    assert codable_element(model, "leaf").id == "leaf"
    with pytest.raises(
        InputError, match="category, not codable: use one of its elements \\(leaf\\)"
    ):
        codable_element(model, "group")
    with pytest.raises(NotFoundError, match="codable elements are: housing, trust"):
        codable_element(model, "housin")


# -- suggestions ---------------------------------------------------------------------------


def _topic(view, theme) -> str:
    """The topic most of a theme's segments talk about."""
    counts = {
        topic: sum(
            any(w in view.segments[s].text for w in words.split()) for s in theme.segment_ids
        )
        for topic, words in TOPIC_WORDS.items()
    }
    return max(counts, key=lambda t: counts[t])


def test_each_theme_gets_its_topic_first_and_the_generic_element_never(p) -> None:
    with Project.open(p / "p") as store:
        view = load_view(store)
        model = use_model(store, str(p / "topics.yaml"))
        found = suggest_mappings(store, view, model, top=3)
        n_cached = store.count_cached("fake-bow")
        again = suggest_mappings(store, view, model, top=3)
        assert store.count_cached("fake-bow") == n_cached  # element vectors were cached
    assert found == again
    assert [t.theme_id for t in found.themes] == [t.id for t in view.themes]
    for item in found.themes:
        assert item.best is not None and item.fits, item
        assert item.best.element == _topic(view, view.theme(item.theme_id)), item
        assert "talk" not in [e.element for e in item.ranked[:1]]
        assert "group" not in [e.element for e in item.ranked]  # categories are never suggested
        assert [e.score for e in item.ranked] == sorted(
            (e.score for e in item.ranked), reverse=True
        )
    assert found.threshold == 0.5  # changemodel.map_threshold


def test_a_high_threshold_leaves_no_good_fit_and_one_theme_can_be_asked(p) -> None:
    with Project.open(p / "p") as store:
        view = load_view(store)
        model = use_model(store, str(p / "topics.yaml"))
        found = suggest_mappings(store, view, model, top=1, threshold=9.0, theme_ids=[2])
    (only,) = found.themes
    assert only.theme_id == 2 and len(only.ranked) == 1 and not only.fits
