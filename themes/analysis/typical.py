"""Which quotes to show: those closest to a label's centre, and those that tell contexts apart.

Vectors are the run's unit vectors of each segment (`themes.discovery.run_vectors`). Segments
without a vector (a damaged cache) are ranked last, in their given order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from themes.discovery.embed import unit_mean

Vectors = Mapping[str, np.ndarray]


def centre(segment_ids: Sequence[str], vectors: Vectors) -> np.ndarray | None:
    """The unit mean of the segments' vectors (None when none has a vector)."""
    rows = [vectors[i] for i in segment_ids if i in vectors]
    if not rows:
        return None
    return unit_mean(np.vstack(rows))


def closeness(
    segment_ids: Sequence[str], point: np.ndarray | None, vectors: Vectors
) -> list[float | None]:
    """Cosine of each segment to `point` (None where either is missing)."""
    return [
        None if point is None or i not in vectors else round(float(vectors[i] @ point), 4)
        for i in segment_ids
    ]


def most_typical(
    segment_ids: Sequence[str], point: np.ndarray | None, vectors: Vectors, n: int
) -> list[tuple[str, float | None]]:
    """The `n` segments closest to `point`, closest first (ties and missing vectors keep the
    given order), each with its cosine."""
    if n <= 0:
        return []
    scores = closeness(segment_ids, point, vectors)
    ranked = sorted(
        range(len(segment_ids)),
        key=lambda k: (scores[k] is None, -(scores[k] or 0.0), k),
    )
    return [(segment_ids[k], scores[k]) for k in ranked[:n]]


def distinguishing(
    groups: Mapping[str, Sequence[str]], vectors: Vectors, n: int
) -> dict[str, list[tuple[str, float, float]]]:
    """Per group (a context's segments within one label), the `n` segments most typical of
    that group and least like the other groups: among the group's segments at least as close to
    its centre as its median segment, those with the largest cosine to the group's centre
    minus the highest cosine to another group's centre. Returns group -> [(segment id, own, other)];
    `other` is 0 where there is no other group."""
    centres = {g: centre(ids, vectors) for g, ids in groups.items()}
    out: dict[str, list[tuple[str, float, float]]] = {}
    for g, ids in groups.items():
        own_centre = centres[g]
        if own_centre is None or n <= 0:
            out[g] = []
            continue
        others = [c for h, c in centres.items() if h != g and c is not None]
        scored = []
        for k, seg_id in enumerate(ids):
            if seg_id not in vectors:
                continue
            own = float(vectors[seg_id] @ own_centre)
            other = max((float(vectors[seg_id] @ c) for c in others), default=0.0)
            scored.append((-(own - other), k, seg_id, round(own, 4), round(other, 4)))
        # only the more typical half of the group competes, so a stray short turn that is
        # merely unlike everything is not taken for the group's view
        median = float(np.median([own for *_, own, _ in scored])) if scored else 0.0
        scored = sorted(s for s in scored if s[3] >= median - 1e-6)
        out[g] = [(seg_id, own, other) for _, _, seg_id, own, other in scored[:n]]
    return out
