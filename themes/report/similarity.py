"""Which themes sit close: cosine similarity between theme centroids, and the pairs most likely
to be one theme by the merge criterion of `themes suggest-merges` (merge candidates)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from themes.curation.criterion import Neighbours
from themes.discovery.embed import unit_mean
from themes.report.model import Similarity, SimilarPair


def centroid_similarity(members: Mapping[int, Sequence[np.ndarray]], top: int = 10) -> Similarity:
    """Cosine similarity of the mean (unit) vector of each theme's segments; `top_pairs` are
    ranked by the merge criterion (`themes.curation.criterion`), as `suggest-merges` ranks them.

    `members` maps theme id -> the vectors of its segments; themes with no vector are left out.
    """
    ids = [tid for tid in sorted(members) if len(members[tid]) > 0]
    if len(ids) < 2:
        return Similarity((), (), (), "Fewer than two themes have embeddings to compare.")
    unit = np.vstack([unit_mean(np.vstack(members[tid])) for tid in ids])
    matrix = np.clip(unit @ unit.T, -1.0, 1.0)
    # ranked by the merge criterion `suggest-merges` and `compare` use (the neighbour share,
    # `themes.curation.criterion`); each pair shows its centres' cosine
    ranked = Neighbours({tid: np.vstack(members[tid]) for tid in ids}).ranked()
    pairs = [
        SimilarPair(p.a, p.b, round(float(matrix[ids.index(p.a), ids.index(p.b)]), 4))
        for p in ranked
    ]
    return Similarity(
        theme_ids=tuple(ids),
        matrix=tuple(tuple(round(float(v), 4) for v in row) for row in matrix),
        top_pairs=tuple(pairs[:top]),
        note="",
    )
