"""One merge criterion: the neighbour share, computed the same way for one pair as for every
pair, so `compare`, `suggest-merges` and the report's similar themes agree by construction;
its verdicts and their words; Ward and silhouette in numpy, as scikit-learn computes them."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from themes.curation.compare import compare_themes, suggest_merges
from themes.curation.criterion import (
    APART,
    CLOSE_SHARE,
    CLOSER,
    MERGE,
    MERGE_SHARE,
    Neighbours,
    PairEvidence,
)
from themes.curation.derived import view_vectors, words_for
from themes.curation.split import cut, silhouette_score, ward_tree
from themes.curation.view import load_view
from themes.report.similarity import merge_candidates
from themes.store.project import Project


def _groups(seed: int, n_groups: int, dim: int = 12) -> dict[int, np.ndarray]:
    rng = np.random.default_rng(seed)
    out = {}
    for g in range(n_groups):
        centre = rng.normal(size=dim)
        rows = centre + rng.normal(size=(int(rng.integers(1, 40)), dim)) * 1.2
        out[g + 1] = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
    return out


def _brute(groups: dict[int, np.ndarray], k: int = 10) -> np.ndarray:
    ids = sorted(groups)
    x = np.vstack([groups[t] for t in ids])
    label = np.repeat(np.arange(len(ids)), [len(groups[t]) for t in ids])
    sims = x @ x.T
    sims[label[:, None] == label[None, :]] = -np.inf
    counts = np.zeros((len(ids), len(ids)))
    for r in range(len(x)):
        nearest = np.argsort(-sims[r], kind="stable")[: min(k, int(np.sum(label != label[r])))]
        for j in label[nearest]:
            counts[label[r], j] += 1
    return counts


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 9))
def test_one_pair_gets_the_figures_of_every_pair(seed: int, n_groups: int) -> None:
    groups = _groups(seed, n_groups)
    every = Neighbours(groups)
    assert np.array_equal(every.counts, _brute(groups))  # each segment's 10 nearest outside
    for a, b in [(1, 2), (1, n_groups), (n_groups - 1, n_groups)]:
        if a < b:
            assert Neighbours(groups, only=(a, b)).pair(a, b) == every.pair(a, b)


def test_verdicts_and_their_words() -> None:
    def evidence(share: float) -> PairEvidence:
        return PairEvidence(3, 7, share, share + 0.02, share - 0.02, 0.81)

    assert evidence(MERGE_SHARE).verdict == MERGE
    assert evidence(CLOSE_SHARE).verdict == CLOSER
    assert evidence(CLOSE_SHARE - 0.01).verdict == APART
    words = evidence(0.41).reason
    assert words.startswith("merge: 41% of their segments' 10 nearest segments in other themes")
    assert "43% of theme 3's" in words and "39% of theme 7's" in words
    assert "centres 0.81 similar" in words and "35% or more: merge" in words
    assert "read the closest quote pairs" in evidence(0.3).reason
    assert "below 25%: keep apart" in evidence(0.1).reason


@pytest.fixture(scope="module")
def project(fake_study, tmp_path_factory):
    root = tmp_path_factory.mktemp("criterion")
    shutil.copytree(fake_study() / "p", root / "p")
    with Project.open(root / "p") as store:
        yield store


def test_compare_suggest_merges_and_the_report_agree_on_every_pair(project) -> None:
    view = load_view(project)
    vectors = view_vectors(project, view)
    words = words_for(project, view)
    ranked = suggest_merges(view, vectors, top=0)
    n = len([t for t in view.themes if t.segment_ids])
    assert len(ranked) == n * (n - 1) // 2
    shares = [p.score for p in ranked]
    assert shares == sorted(shares, reverse=True)
    for pair in ranked:
        c = compare_themes(view, vectors, pair.a, pair.b, words=words)
        assert c.evidence == pair.evidence and c.suggestion == pair.verdict
        assert c.reason == pair.evidence.reason and c.centroid_cosine == pair.centroid_cosine
    report = merge_candidates(vectors, {t.id: t.segment_ids for t in view.themes})
    shown = {(p.a, p.b): (p.share, p.verdict, p.reason) for p in report.top_pairs}
    assert shown and all(
        shown[(s.a, s.b)] == (s.score, s.verdict, s.evidence.reason)
        for s in ranked
        if (s.a, s.b) in shown
    )


def test_the_fake_studys_topics_are_merged_and_strangers_kept_apart(project) -> None:
    view = load_view(project)
    ranked = suggest_merges(view, view_vectors(project, view), top=0)
    keywords = {t.id: set(t.keywords) for t in view.themes}
    top, bottom = ranked[0], ranked[-1]
    assert top.verdict in (MERGE, CLOSER) and bottom.verdict == APART
    assert keywords[top.a] & keywords[top.b]  # one topic's words


def test_ward_and_silhouette_match_scikit_learn() -> None:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.metrics import silhouette_score as theirs

    rng = np.random.default_rng(7)
    for n in (6, 25, 90):
        x = rng.normal(size=(n, 10))
        x[: n // 2] += 1.5
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        tree = ward_tree(x)
        for k in (2, 3, 5):
            mine = cut(tree, n, k)
            sk = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(x)
            assert len(set(zip(mine.tolist(), sk.tolist(), strict=True))) == k  # same parts
            assert silhouette_score(x, mine) == pytest.approx(theirs(x, mine, metric="cosine"))
