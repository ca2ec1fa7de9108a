"""How stable each theme is when the clustering is repeated on samples with other seeds."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from themes.discovery.cluster import ThemeClusterer
from themes.discovery.reduce import Reducer


def best_match_jaccard(members: np.ndarray, other_labels: np.ndarray) -> float:
    """Highest Jaccard overlap between a set of row indices and any cluster of other_labels."""
    if members.size == 0:
        return 0.0
    best = 0.0
    member_set = set(members.tolist())
    for c in np.unique(other_labels[members]):
        if c < 0:
            continue
        cluster = set(np.flatnonzero(other_labels == c).tolist())
        best = max(best, len(member_set & cluster) / len(member_set | cluster))
    return best


def theme_stability(
    vectors: np.ndarray,
    labels: np.ndarray,
    reducer: Reducer,
    clusterer: ThemeClusterer,
    runs: int,
    sample: float,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[float]:
    """Mean best-match Jaccard of each theme over `runs` re-clusterings.

    Each repetition draws `sample` of the segments without replacement, reduces them with
    another seed and clusters them with the same settings; a theme's members are compared
    with the clusters found among the sampled segments.
    """
    k = int(labels.max(initial=-1)) + 1
    n = vectors.shape[0]
    if runs <= 0 or k == 0:
        return [float("nan")] * k
    rng = np.random.default_rng(seed)
    scores = np.zeros((runs, k))
    for r in range(runs):
        rows = np.sort(rng.choice(n, size=max(3, int(round(sample * n))), replace=False))
        params = reducer.get_params()
        params["random_state"] = seed + 1000 + r
        reduced = Reducer(**params).fit_transform(vectors[rows])
        sub = ThemeClusterer(**clusterer.get_params()).fit(reduced, vectors=vectors[rows]).labels_
        full = np.full(n, -1)
        full[rows] = sub
        for c in range(k):
            members = np.intersect1d(np.flatnonzero(labels == c), rows)
            scores[r, c] = best_match_jaccard(members, full)
        if progress:
            progress(r + 1, runs)
    return [round(float(s), 4) for s in scores.mean(axis=0)]
