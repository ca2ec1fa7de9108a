"""Comparing themes, suggesting merges, splitting and comparing one segment (fake embedder)."""

from __future__ import annotations

import pytest

from themes.core.config import load_config
from themes.core.errors import InputError, NotFoundError
from themes.curation import decisions as decide
from themes.curation.compare import compare_segment, compare_themes, suggest_merges
from themes.curation.split import propose_split
from themes.curation.view import load_view
from themes.discovery.run_vectors import view_vectors
from themes.export.tables import segment_rows, theme_rows

CONFIG = load_config(overrides=["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"])


def test_compare_two_themes(project) -> None:
    view = load_view(project)
    vectors = view_vectors(project, view)
    c = compare_themes(view, vectors, 1, 2)
    assert -1 <= c.centroid_cosine <= 1 and c.silhouette is not None
    assert 0 <= c.a_closer_to_b <= 1 and 0 <= c.b_closer_to_a <= 1
    assert c.closest_pairs and all(p.a in view.theme(1).segment_ids for p in c.closest_pairs)
    assert len(c.borderline) == 5 and c.suggestion in {"merge", "keep apart"} and c.reason
    assert [s.theme_id for s in c.spreads] == [1, 2]
    assert not set(c.a_keywords) & set(c.shared_keywords)


def test_suggest_merges_ranks_the_same_topic_first(project) -> None:
    view = load_view(project)
    pairs = suggest_merges(view, view_vectors(project, view), top=3)
    assert len(pairs) == 3 and pairs[0].score >= pairs[1].score >= pairs[2].score
    # the fake study has 4 topics and more themes: the top pair shares its topic's keywords
    assert pairs[0].keyword_overlap > 0.3


def test_compare_segment_lists_nearest_themes_with_exemplars(project) -> None:
    view = load_view(project)
    seg = view.theme(1).segment_ids[0]
    result = compare_segment(view, view_vectors(project, view), seg, top=2)
    assert result.theme_id == 1 and len(result.nearest) == 2
    assert result.nearest[0].similarity >= result.nearest[1].similarity
    assert all(s != seg for n in result.nearest for s, _ in n.exemplars)


def test_split_proposal_and_applied_ids(project) -> None:
    view = load_view(project)
    vectors = view_vectors(project, view)
    proposal = propose_split(view, vectors, 1, k=2)
    assert proposal.k == 2 and len(proposal.parts) == 2
    assert sorted(s for p in proposal.parts for s in p.segment_ids) == sorted(
        view.theme(1).segment_ids
    )
    auto = propose_split(view, vectors, 1)
    assert 2 <= auto.k <= 6 and auto.scores
    decide.split(project, proposal, analyst="ann")
    after = load_view(project)
    top = max(t.id for t in view.themes)
    assert after.theme(1) is None and {top + 1, top + 2} <= {t.id for t in after.themes}
    assert after.theme(top + 1).keywords  # described again


def test_merge_is_reflected_in_view_and_exports(project) -> None:
    decide.merge(project, [2, 1], "Housing and trust", analyst="ann", memo="same idea")
    decide.move(project, load_view(project).theme(3).segment_ids[0], 1, analyst="ann")
    view = load_view(project)
    assert view.theme(2) is None and view.title(1) == "Housing and trust"
    rows = segment_rows(view)
    assert {r["theme_label"] for r in rows if r["theme_id"] == 1} == {"Housing and trust"}
    assert any(r["assigned_by"] == "analyst" for r in rows)
    names = {r["theme_id"]: r["name"] for r in theme_rows(view)}
    assert names[1] == "Housing and trust"


def test_unknown_ids_name_the_id_and_the_fix(project) -> None:
    view = load_view(project)
    vectors = view_vectors(project, view)
    with pytest.raises(NotFoundError, match="theme 99 .*themes list"):
        compare_themes(view, vectors, 1, 99)
    with pytest.raises(NotFoundError, match="segment 'nope:1'"):
        compare_segment(view, vectors, "nope:1")
    with pytest.raises(NotFoundError, match="event 42"):
        decide.undo(project, 42)
    with pytest.raises(InputError, match="at least two"):
        decide.merge(project, [1, 1], "x")
    with pytest.raises(InputError, match="choose k"):
        propose_split(view, vectors, 1, k=99)


def test_run_config_tolerates_settings_added_or_removed_since_the_run() -> None:
    from themes.core.config import stored_config

    stored = load_config(overrides=["seed=7"]).to_dict()
    del stored["report"]
    stored["retired_section"] = {"x": 1}
    cfg = stored_config(stored)
    assert cfg.seed == 7 and cfg.report == load_config().report
