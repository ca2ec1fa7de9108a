"""Constant comparison: two themes side by side, likely merges, one segment against all themes.

Pure functions of a `ProjectView` and the segments' unit vectors (``{segment_id: vector}``).
Whether two themes are one is decided in one place (`themes.curation.criterion`), so
`compare` and `suggest-merges` (and the report) always agree on a pair. Keywords come from the
words of the view (`themes.curation.derived.Words`; computed when not given).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from themes.core.errors import NotFoundError
from themes.core.types import Theme
from themes.curation.criterion import Neighbours, PairEvidence, neighbours, single_threaded
from themes.curation.derived import Words, words_of
from themes.curation.theme_words import contrast
from themes.curation.view import ProjectView, require_segment, require_theme
from themes.discovery.embed import unit, unit_mean

Vectors = Mapping[str, np.ndarray]
__all__ = ["require_segment", "require_theme"]  # here too, for callers that import them here


@dataclass(frozen=True)
class Spread:
    theme_id: int
    size: int
    n_transcripts: int
    n_participants: int
    top_share: float
    cohesion: float  # mean cosine of members to their centroid


@dataclass(frozen=True)
class QuotePair:
    a: str  # segment id in theme A
    b: str  # segment id in theme B
    similarity: float


@dataclass(frozen=True)
class Borderline:
    segment_id: str
    theme_id: int  # where it is now
    margin: float  # cosine to own centroid minus cosine to the other; small = borderline


@dataclass(frozen=True)
class Comparison:
    a: int
    b: int
    centroid_cosine: float
    silhouette: float | None  # of the two themes, cosine distance; None when too small
    keyword_overlap: float  # Jaccard of the two themes' keyword words
    a_closer_to_b: float  # share of A's segments closer to B's centroid than to A's
    b_closer_to_a: float
    shared_keywords: tuple[str, ...]
    a_keywords: tuple[str, ...]  # terms that tell A apart from B
    b_keywords: tuple[str, ...]
    closest_pairs: tuple[QuotePair, ...]
    borderline: tuple[Borderline, ...]
    spreads: tuple[Spread, Spread]
    evidence: PairEvidence  # the shared criterion (`themes.curation.criterion`)

    @property
    def suggestion(self) -> str:
        """``merge``, ``look closer`` or ``keep apart``."""
        return self.evidence.verdict

    @property
    def reason(self) -> str:
        return self.evidence.reason


@dataclass(frozen=True)
class MergeSuggestion:
    a: int
    b: int
    score: float  # the neighbour share (`criterion.PairEvidence.share`)
    centroid_cosine: float
    keyword_overlap: float  # Jaccard of the two keyword sets (words)
    shared_keywords: tuple[str, ...]
    evidence: PairEvidence

    @property
    def verdict(self) -> str:
        return self.evidence.verdict


@dataclass(frozen=True)
class NearTheme:
    theme_id: int
    similarity: float  # cosine of the segment to the theme's centroid
    exemplars: tuple[tuple[str, float], ...]  # closest members: (segment id, cosine)


@dataclass(frozen=True)
class SegmentComparison:
    segment_id: str
    theme_id: int | None  # its theme now
    nearest: tuple[NearTheme, ...]


def matrix(vectors: Vectors, ids: Sequence[str]) -> np.ndarray:
    return np.vstack([vectors[i] for i in ids]).astype(np.float32)


def centroid(vectors: Vectors, ids: Sequence[str]) -> np.ndarray:
    return unit_mean(matrix(vectors, ids))


def spread(theme: Theme, vectors: Vectors) -> Spread:
    cohesion = 0.0
    if theme.segment_ids:
        m = matrix(vectors, theme.segment_ids)
        cohesion = float((m @ centroid(vectors, theme.segment_ids)).mean())
    return Spread(
        theme.id,
        theme.size,
        theme.n_transcripts,
        theme.n_participants,
        theme.top_share,
        round(cohesion, 4),
    )


def keyword_contrast(
    view: ProjectView, a: Sequence[str], b: Sequence[str], n: int = 8, words: Words | None = None
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(shared, A-only, B-only) terms (`theme_words.contrast`)."""
    return contrast(words or view_words_now(view), a, b, n)


def view_words_now(view: ProjectView) -> Words:
    """The words of the view's segments, computed (without the project's cache)."""
    from themes.curation.settings import run_setting

    extra = run_setting(view.run, "describe", "extra_stop_words")
    return words_of([view.segments[i] for i in view.order], extra)


def silhouette(ma: np.ndarray, mb: np.ndarray) -> float | None:
    """The mean silhouette (cosine distance) of two groups of unit rows; None when either
    has fewer than two."""
    if len(ma) < 2 or len(mb) < 2:
        return None
    x = np.vstack([ma, mb]).astype(np.float64)
    dist = 1.0 - x @ x.T
    n_a = len(ma)
    own = np.zeros(len(x))
    other = np.zeros(len(x))
    own[:n_a] = (dist[:n_a, :n_a].sum(axis=1)) / (n_a - 1)
    own[n_a:] = (dist[n_a:, n_a:].sum(axis=1)) / (len(mb) - 1)
    other[:n_a] = dist[:n_a, n_a:].mean(axis=1)
    other[n_a:] = dist[n_a:, :n_a].mean(axis=1)
    scale = np.maximum(own, other)
    scale[scale == 0] = 1.0
    return round(float(np.mean((other - own) / scale)), 4)


@single_threaded
def compare_themes(
    view: ProjectView,
    vectors: Vectors,
    a: int,
    b: int,
    n_pairs: int = 3,
    n_borderline: int = 5,
    words: Words | None = None,
) -> Comparison:
    """Similarity, separation, keywords, closest quotes, borderline segments, spread, and the
    verdict of the shared criterion (`themes.curation.criterion`)."""
    if a == b:
        raise NotFoundError(f"compare needs two different themes (got {a} twice).")
    ta, tb = require_theme(view, a), require_theme(view, b)
    if not ta.segment_ids or not tb.segment_ids:
        empty = a if not ta.segment_ids else b
        raise NotFoundError(f"theme {empty} has no segments left to compare.")
    ma, mb = matrix(vectors, ta.segment_ids), matrix(vectors, tb.segment_ids)
    ca, cb = unit_mean(ma), unit_mean(mb)
    a_own, a_other = ma @ ca, ma @ cb
    b_own, b_other = mb @ cb, mb @ ca
    cross = ma @ mb.T
    flat = np.argsort(-cross, axis=None, kind="stable")
    pairs: list[QuotePair] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for idx in flat:
        i, j = divmod(int(idx), cross.shape[1])
        if i in used_a or j in used_b:
            continue
        pairs.append(QuotePair(ta.segment_ids[i], tb.segment_ids[j], round(float(cross[i, j]), 4)))
        used_a.add(i)
        used_b.add(j)
        if len(pairs) >= n_pairs:
            break
    margins = [
        Borderline(s, a, round(float(a_own[i] - a_other[i]), 4))
        for i, s in enumerate(ta.segment_ids)
    ] + [
        Borderline(s, b, round(float(b_own[i] - b_other[i]), 4))
        for i, s in enumerate(tb.segment_ids)
    ]
    borderline = tuple(sorted(margins, key=lambda m: (m.margin, m.segment_id))[:n_borderline])
    shared, only_a, only_b = keyword_contrast(view, ta.segment_ids, tb.segment_ids, words=words)
    evidence = theme_neighbours(view, vectors, only=(a, b)).pair(a, b)
    assert evidence is not None  # both themes have members, every member a vector
    return Comparison(
        a=a,
        b=b,
        centroid_cosine=round(float(ca @ cb), 4),
        silhouette=silhouette(ma, mb),
        keyword_overlap=keyword_overlap(ta, tb),
        a_closer_to_b=round(float(np.mean(a_other > a_own)), 4),
        b_closer_to_a=round(float(np.mean(b_other > b_own)), 4),
        shared_keywords=shared,
        a_keywords=only_a,
        b_keywords=only_b,
        closest_pairs=tuple(pairs),
        borderline=borderline,
        spreads=(spread(ta, vectors), spread(tb, vectors)),
        evidence=evidence,
    )


def theme_neighbours(
    view: ProjectView, vectors: Vectors, only: Sequence[int] | None = None
) -> Neighbours:
    """The shared criterion's neighbours of the view's themes (`only`: of these themes)."""
    members = {t.id: t.segment_ids for t in view.themes if t.segment_ids}
    return neighbours(vectors, members, only)


def _keyword_words(theme: Theme) -> set[str]:
    return {w for k in theme.keywords for w in k.split()}


def keyword_overlap(a: Theme, b: Theme) -> float:
    wa, wb = _keyword_words(a), _keyword_words(b)
    return round(len(wa & wb) / len(wa | wb), 4) if wa | wb else 0.0


def suggest_merges(view: ProjectView, vectors: Vectors, top: int = 10) -> list[MergeSuggestion]:
    """Pairs of themes most likely to be one, ranked by the shared criterion (the neighbour
    share, `themes.curation.criterion`); each with its verdict, as `compare_themes` gives it."""
    by_id = {t.id: t for t in view.themes}
    out = []
    for evidence in theme_neighbours(view, vectors).ranked():
        ta, tb = by_id[evidence.a], by_id[evidence.b]
        out.append(
            MergeSuggestion(
                a=evidence.a,
                b=evidence.b,
                score=evidence.share,
                centroid_cosine=evidence.centroid_cosine,
                keyword_overlap=keyword_overlap(ta, tb),
                shared_keywords=tuple(sorted(_keyword_words(ta) & _keyword_words(tb))),
                evidence=evidence,
            )
        )
    return out[:top] if top > 0 else out


@single_threaded
def compare_segment(
    view: ProjectView, vectors: Vectors, segment_id: str, top: int = 3, n_exemplars: int = 3
) -> SegmentComparison:
    """The themes nearest to one segment, each with its members closest to that segment."""
    require_segment(view, segment_id)
    v = unit(np.asarray(vectors[segment_id], dtype=np.float32))
    scored = []
    for theme in view.themes:
        members = [s for s in theme.segment_ids if s != segment_id]
        if not members:
            continue
        m = matrix(vectors, members)
        sims = m @ v
        order = np.argsort(-sims, kind="stable")[:n_exemplars]
        ex = tuple((members[i], round(float(sims[i]), 4)) for i in order)
        scored.append(NearTheme(theme.id, round(float(unit_mean(m) @ v), 4), ex))
    scored.sort(key=lambda n: (-n.similarity, n.theme_id))
    return SegmentComparison(segment_id, view.assignments[segment_id].theme_id, tuple(scored[:top]))
