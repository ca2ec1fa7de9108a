"""Constant comparison: two themes side by side, likely merges, one segment against all themes.

Pure functions of a `ProjectView` and the segments' unit vectors (``{segment_id: vector}``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from themes.core.errors import NotFoundError
from themes.core.types import Segment, Theme
from themes.curation.view import ProjectView
from themes.discovery.embed import unit, unit_mean

Vectors = Mapping[str, np.ndarray]

# A pair is suggested for merging when the two are hardly separated (silhouette of the pair),
# their centroids nearly coincide, or they are close and share much of their vocabulary.
# On SERDIF (MiniLM), every pair with cosine >= 0.7 and keyword overlap >= 0.2 was one final
# code of the analysts (4 of 4); silhouettes of HDBSCAN themes stay above 0.1 (see
# benchmarks/README.md, "Merge suggestions").
MERGE_SILHOUETTE = 0.05
MERGE_COSINE = 0.9
MERGE_CLOSE_COSINE = 0.7
MERGE_KEYWORD_OVERLAP = 0.2


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
    suggestion: str  # "merge" | "keep apart"
    reason: str


@dataclass(frozen=True)
class MergeSuggestion:
    a: int
    b: int
    score: float
    centroid_cosine: float
    keyword_overlap: float  # Jaccard of the two keyword sets (words)
    shared_keywords: tuple[str, ...]


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


def require_theme(view: ProjectView, theme_id: int) -> Theme:
    theme = view.theme(theme_id)
    if theme is None:
        ids = ", ".join(str(t.id) for t in view.themes) or "none"
        raise NotFoundError(
            f"theme {theme_id} is not among the current themes of run {view.run.id} "
            f"(ids: {ids}); see `themes list --project DIR`."
        )
    return theme


def require_segment(view: ProjectView, segment_id: str) -> Segment:
    if segment_id not in view.assignments:
        raise NotFoundError(
            f"segment {segment_id!r} is not a clustered segment of run {view.run.id}; "
            "segment ids look like TRANSCRIPT:LINE (see `themes export --project DIR`)."
        )
    return view.segments[segment_id]


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


def _term_shares(view: ProjectView, ids: Sequence[Sequence[str]]) -> tuple[list[str], np.ndarray]:
    """Vocabulary and each group's term shares (stop words and fillers removed)."""
    from sklearn.feature_extraction.text import CountVectorizer

    from themes.discovery.describe import stop_words, terms

    segs = [view.segments[s] for group in ids for s in group]
    docs = [" ".join(view.segments[s].text for s in group) for group in ids]
    stop = stop_words(segs)
    vec = CountVectorizer(analyzer=lambda doc: terms(doc, stop))
    try:
        counts = np.asarray(vec.fit_transform(docs).todense(), dtype=np.float64)
    except ValueError:
        return [], np.zeros((len(ids), 0))
    totals = counts.sum(axis=1, keepdims=True)
    totals[totals == 0] = 1
    return [str(t) for t in vec.get_feature_names_out()], counts / totals


def keyword_contrast(
    view: ProjectView, a: Sequence[str], b: Sequence[str], n: int = 8
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(shared, A-only, B-only) terms: common to both by the smaller share; else by c-TF-IDF."""
    from themes.discovery.describe import ctfidf_keywords, stop_words

    terms, shares = _term_shares(view, [a, b])
    shared: list[str] = []
    if terms:
        both = np.minimum(shares[0], shares[1])
        order = np.lexsort((np.array(terms), -both))
        shared = [terms[i] for i in order[:n] if both[i] > 0]
    segs = [view.segments[s] for s in [*a, *b]]
    docs = [" ".join(view.segments[s].text for s in group) for group in (a, b)]
    kw_a, kw_b = ctfidf_keywords(docs, stop_words(segs), n + len(shared))
    only_a = [k for k in kw_a if k not in shared][:n]
    only_b = [k for k in kw_b if k not in shared][:n]
    return tuple(shared), tuple(only_a), tuple(only_b)


def _silhouette(ma: np.ndarray, mb: np.ndarray) -> float | None:
    if len(ma) < 2 or len(mb) < 2:
        return None
    from sklearn.metrics import silhouette_score

    x = np.vstack([ma, mb])
    labels = np.array([0] * len(ma) + [1] * len(mb))
    return round(float(silhouette_score(x, labels, metric="cosine")), 4)


def compare_themes(
    view: ProjectView, vectors: Vectors, a: int, b: int, n_pairs: int = 3, n_borderline: int = 5
) -> Comparison:
    """Similarity, separation, keywords, closest quotes, borderline segments, spread, suggestion."""
    if a == b:
        raise NotFoundError(f"compare needs two different themes (got {a} twice).")
    ta, tb = require_theme(view, a), require_theme(view, b)
    if not ta.segment_ids or not tb.segment_ids:
        empty = a if not ta.segment_ids else b
        raise NotFoundError(f"theme {empty} has no segments left to compare.")
    ma, mb = matrix(vectors, ta.segment_ids), matrix(vectors, tb.segment_ids)
    ca, cb = unit_mean(ma), unit_mean(mb)
    cos = round(float(ca @ cb), 4)
    a_own, a_other = ma @ ca, ma @ cb
    b_own, b_other = mb @ cb, mb @ ca
    sil = _silhouette(ma, mb)
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
    shared, only_a, only_b = keyword_contrast(view, ta.segment_ids, tb.segment_ids)
    a_cross = round(float(np.mean(a_other > a_own)), 4)
    b_cross = round(float(np.mean(b_other > b_own)), 4)
    overlap = keyword_overlap(ta, tb)
    suggestion, reason = _suggest(cos, sil, overlap, a_cross, b_cross)
    return Comparison(
        a=a,
        b=b,
        centroid_cosine=cos,
        silhouette=sil,
        keyword_overlap=overlap,
        a_closer_to_b=a_cross,
        b_closer_to_a=b_cross,
        shared_keywords=shared,
        a_keywords=only_a,
        b_keywords=only_b,
        closest_pairs=tuple(pairs),
        borderline=borderline,
        spreads=(spread(ta, vectors), spread(tb, vectors)),
        suggestion=suggestion,
        reason=reason,
    )


def _suggest(
    cos: float, sil: float | None, overlap: float, a_cross: float, b_cross: float
) -> tuple[str, str]:
    if sil is not None and sil < MERGE_SILHOUETTE:
        return "merge", (
            f"the two are hardly separated (silhouette {sil:.2f} < {MERGE_SILHOUETTE}); "
            f"{a_cross:.0%} and {b_cross:.0%} of their segments sit closer to the other theme."
        )
    if cos >= MERGE_COSINE:
        return "merge", f"their centres nearly coincide (cosine {cos:.2f} >= {MERGE_COSINE})."
    if cos >= MERGE_CLOSE_COSINE and overlap >= MERGE_KEYWORD_OVERLAP:
        return "merge", (
            f"they are close (centroid cosine {cos:.2f}) and share much of their keywords "
            f"(overlap {overlap:.2f}); check the closest quote pairs say the same thing."
        )
    sil_text = "n/a" if sil is None else f"{sil:.2f}"
    return "keep apart", (
        f"they are separated (silhouette {sil_text}, centroid cosine {cos:.2f}); "
        f"only {a_cross:.0%} / {b_cross:.0%} of segments sit closer to the other theme. "
        "Read the borderline segments before deciding."
    )


def _keyword_words(theme: Theme) -> set[str]:
    return {w for k in theme.keywords for w in k.split()}


def keyword_overlap(a: Theme, b: Theme) -> float:
    wa, wb = _keyword_words(a), _keyword_words(b)
    return round(len(wa & wb) / len(wa | wb), 4) if wa | wb else 0.0


def suggest_merges(
    view: ProjectView, vectors: Vectors, top: int = 10, keyword_weight: float = 0.25
) -> list[MergeSuggestion]:
    """Pairs of themes most likely to be one: centroid cosine plus keyword overlap, ranked."""
    themes = [t for t in view.themes if t.segment_ids]
    cents = {t.id: centroid(vectors, t.segment_ids) for t in themes}
    out = []
    for ta, tb in combinations(themes, 2):
        cos = float(cents[ta.id] @ cents[tb.id])
        jac = keyword_overlap(ta, tb)
        shared = tuple(sorted(_keyword_words(ta) & _keyword_words(tb)))
        score = (1 - keyword_weight) * cos + keyword_weight * jac
        out.append(
            MergeSuggestion(ta.id, tb.id, round(score, 4), round(cos, 4), round(jac, 4), shared)
        )
    out.sort(key=lambda m: (-m.score, m.a, m.b))
    return out[:top] if top > 0 else out


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
