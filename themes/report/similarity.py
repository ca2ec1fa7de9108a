"""Which themes are likely one: the merge criterion of `themes compare` and `themes
suggest-merges` (`themes.curation.criterion`) over every pair of themes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from themes.curation.criterion import APART, neighbours
from themes.report.model import Similarity, SimilarPair

TOP_PAIRS = 10  # pairs listed; pairs to keep apart are listed only to fill up to 5
MIN_LISTED = 5


def merge_candidates(
    vectors: Mapping[str, np.ndarray], members: Mapping[int, Sequence[str]]
) -> Similarity:
    """The neighbour share of every pair of themes (the heat map) and the pairs most likely
    one theme, each with the verdict and its reason in words (`members`: theme id -> its
    segment ids; segments without a vector are left out)."""
    found = neighbours(vectors, members)
    ids = found.ids
    if len(ids) < 2:
        return Similarity((), (), (), "Fewer than two themes have embeddings to compare.")
    ranked = found.ranked()
    share = {(p.a, p.b): p.share for p in ranked}
    matrix = tuple(
        tuple(1.0 if a == b else share[(min(a, b), max(a, b))] for b in ids) for a in ids
    )
    listed = [p for p in ranked if p.verdict != APART][:TOP_PAIRS]
    listed += [p for p in ranked if p.verdict == APART][: max(0, MIN_LISTED - len(listed))]
    pairs = tuple(
        SimilarPair(p.a, p.b, p.share, p.a_share, p.b_share, p.centroid_cosine, p.verdict, p.reason)
        for p in listed
    )
    return Similarity(tuple(ids), matrix, pairs, "")
