"""Propose a split of one theme: re-cluster its members' vectors (agglomerative, Ward).

The number of parts is chosen by silhouette (cosine) when not given. A proposal is only a
proposal: `themes.curation.decisions.split` records it as an event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from themes.core.errors import InputError
from themes.curation.view import ProjectView
from themes.discovery.embed import unit_mean

MAX_K = 6


@dataclass(frozen=True)
class SplitPart:
    segment_ids: tuple[str, ...]
    keywords: tuple[str, ...]
    exemplar_ids: tuple[str, ...]


@dataclass(frozen=True)
class SplitProposal:
    theme_id: int
    k: int
    silhouette: float | None
    scores: tuple[tuple[int, float], ...]  # (k, silhouette) tried when k was chosen
    parts: tuple[SplitPart, ...]  # largest first


def _cluster(x: np.ndarray, k: int) -> np.ndarray:
    from sklearn.cluster import AgglomerativeClustering

    return np.asarray(AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(x))


def propose_split(
    view: ProjectView,
    vectors: Mapping[str, np.ndarray],
    theme_id: int,
    k: int | None = None,
    n_keywords: int = 8,
    n_exemplars: int = 3,
) -> SplitProposal:
    """Split theme `theme_id` into `k` parts (or the k in 2..6 with the best silhouette)."""
    from sklearn.metrics import silhouette_score

    from themes.curation.compare import require_theme
    from themes.discovery.describe import (
        ctfidf_keywords,
        participant_of,
        select_exemplars,
        stop_words,
    )

    theme = require_theme(view, theme_id)
    ids = list(theme.segment_ids)
    if len(ids) < 4:
        raise InputError(f"theme {theme_id} has {len(ids)} segments; a split needs at least 4.")
    if k is not None and not 2 <= k <= len(ids) // 2:
        raise InputError(
            f"--k {k}: theme {theme_id} has {len(ids)} segments; "
            f"choose k from 2 to {len(ids) // 2}."
        )
    x = np.vstack([vectors[i] for i in ids]).astype(np.float64)
    scores: list[tuple[int, float]] = []
    if k is None:
        best = None
        for kk in range(2, min(MAX_K, len(ids) // 2) + 1):
            labels = _cluster(x, kk)
            if len(set(labels.tolist())) < 2:
                continue
            s = round(float(silhouette_score(x, labels, metric="cosine")), 4)
            scores.append((kk, s))
            if best is None or s > best[1]:
                best = (kk, s, labels)
        if best is None:
            raise InputError(
                f"theme {theme_id}: its segments cannot be told apart; nothing to split."
            )
        k, sil, labels = best
    else:
        labels = _cluster(x, k)
        sil = round(float(silhouette_score(x, labels, metric="cosine")), 4)
    groups = sorted(
        range(k), key=lambda c: (-int(np.sum(labels == c)), int(np.argmax(labels == c)))
    )
    segs = [view.segments[i] for i in ids]
    docs = [" ".join(segs[i].text for i in np.flatnonzero(labels == c)) for c in groups]
    keywords = ctfidf_keywords(docs, stop_words(segs), n_keywords)
    parts = []
    for c, kw in zip(groups, keywords, strict=True):
        rows = np.flatnonzero(labels == c)
        cent = unit_mean(x[rows])
        people = [participant_of(segs[i]) for i in rows]
        picks = select_exemplars(x[rows], cent, people, np.ones(len(rows), bool), n_exemplars)
        parts.append(
            SplitPart(tuple(ids[i] for i in rows), tuple(kw), tuple(ids[rows[p]] for p in picks))
        )
    return SplitProposal(theme_id, int(k), sil, tuple(scores), tuple(parts))
