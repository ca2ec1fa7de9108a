"""Which themes sit close: cosine similarity between theme centroids (merge candidates)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from themes.discovery.embed import unit_mean
from themes.report.model import Similarity, SimilarPair


def centroid_similarity(members: Mapping[int, Sequence[np.ndarray]], top: int = 10) -> Similarity:
    """Cosine similarity of the mean (unit) vector of each theme's segments.

    `members` maps theme id -> the vectors of its segments; themes with no vector are left out.
    """
    ids = [tid for tid in sorted(members) if len(members[tid]) > 0]
    if len(ids) < 2:
        return Similarity((), (), (), "Fewer than two themes have embeddings to compare.")
    unit = np.vstack([unit_mean(np.vstack(members[tid])) for tid in ids])
    matrix = np.clip(unit @ unit.T, -1.0, 1.0)
    pairs = [
        SimilarPair(ids[i], ids[j], round(float(matrix[i, j]), 4))
        for i in range(len(ids))
        for j in range(i + 1, len(ids))
    ]
    pairs.sort(key=lambda p: (-p.similarity, p.a, p.b))
    return Similarity(
        theme_ids=tuple(ids),
        matrix=tuple(tuple(round(float(v), 4) for v in row) for row in matrix),
        top_pairs=tuple(pairs[:top]),
        note="",
    )
