"""Propose a split of one theme: re-cluster its members' vectors (agglomerative, Ward).

The number of parts is chosen by silhouette (cosine) when not given. A proposal is only a
proposal: `themes.curation.decisions.split` records it as an event. Ward's clustering and the
silhouette are computed here with numpy (the nearest-neighbour chain, which builds the same
tree as scikit-learn's `AgglomerativeClustering(linkage="ward")`), so a preview loads no
scikit-learn; the parts' keywords come from the words of the view
(`themes.curation.derived.Words`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from themes.core.errors import InputError
from themes.curation.criterion import single_threaded
from themes.curation.derived import Words
from themes.curation.view import ProjectView, require_theme
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


Merge = tuple[float, int, int]  # (height, the row that stays, the row merged into it)


def ward_tree(x: np.ndarray) -> list[Merge]:
    """The merges of Ward's agglomerative clustering of the rows of `x` (Euclidean), by the
    nearest-neighbour chain with Lance-Williams updates of squared distances."""
    n = len(x)
    sq = np.einsum("ij,ij->i", x, x)
    dist = np.maximum(sq[:, None] + sq[None, :] - 2.0 * (x @ x.T), 0.0)
    np.fill_diagonal(dist, np.inf)
    size = np.ones(n)
    active = np.ones(n, dtype=bool)
    merges: list[Merge] = []
    chain: list[int] = []
    while active.sum() > 1:
        if not chain:
            chain.append(int(np.flatnonzero(active)[0]))
        while True:
            tip = chain[-1]
            row = dist[tip]
            near = int(np.argmin(row))
            if len(chain) > 1 and row[chain[-2]] <= row[near]:
                near = chain[-2]
            if len(chain) > 1 and near == chain[-2]:
                break
            chain.append(near)
        i, j = chain.pop(), chain.pop()
        keep, gone = min(i, j), max(i, j)
        merges.append((float(dist[i, j]), keep, gone))
        total = size[keep] + size[gone] + size
        new = ((size[keep] + size) * dist[keep] + (size[gone] + size) * dist[gone]) / total
        new -= size * dist[keep, gone] / total
        dist[keep, :], dist[:, keep] = new, new
        dist[gone, :], dist[:, gone] = np.inf, np.inf
        dist[keep, keep] = np.inf
        active[gone] = False
        size[keep] += size[gone]
    return merges


def cut(merges: list[Merge], n: int, k: int) -> np.ndarray:
    """Labels 0..k-1 (in order of first row) of the `k` clusters the lowest merges make."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, keep, gone in sorted(merges, key=lambda m: m[0])[: n - k]:
        parent[root(gone)] = root(keep)
    roots = [root(i) for i in range(n)]
    order = {r: c for c, r in enumerate(dict.fromkeys(roots))}
    return np.array([order[r] for r in roots], dtype=np.int64)


def silhouette_score(x: np.ndarray, labels: np.ndarray) -> float:
    """The mean silhouette of the rows of `x` with cosine distance (as scikit-learn's
    `silhouette_score(x, labels)`)."""
    unit = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    dist = np.maximum(1.0 - unit @ unit.T, 0.0)
    groups = np.unique(labels)
    means = np.vstack([dist[:, labels == g].mean(axis=1) for g in groups]).T  # n x groups
    sizes = np.array([np.sum(labels == g) for g in groups])
    col = np.searchsorted(groups, labels)
    own_size = sizes[col]
    own = means[np.arange(len(x)), col] * own_size / np.maximum(own_size - 1, 1)
    means[np.arange(len(x)), col] = np.inf
    other = means.min(axis=1)
    scale = np.maximum(own, other)
    score = np.where((own_size > 1) & (scale > 0), (other - own) / np.where(scale > 0, scale, 1), 0)
    return float(np.mean(score))


@single_threaded
def propose_split(
    view: ProjectView,
    vectors: Mapping[str, np.ndarray],
    theme_id: int,
    k: int | None = None,
    n_keywords: int = 8,
    n_exemplars: int = 3,
    words: Words | None = None,
) -> SplitProposal:
    """Split theme `theme_id` into `k` parts (or the k in 2..6 with the best silhouette);
    `words`: the view's (computed when not given)."""
    from themes.curation.redescribe import select_exemplars
    from themes.curation.theme_words import ctfidf, term_counts

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
    tree = ward_tree(x)
    scores: list[tuple[int, float]] = []
    if k is None:
        best = None
        for kk in range(2, min(MAX_K, len(ids) // 2) + 1):
            labels = cut(tree, len(ids), kk)
            if len(set(labels.tolist())) < 2:
                continue
            s = round(float(silhouette_score(x, labels)), 4)
            scores.append((kk, s))
            if best is None or s > best[1]:
                best = (kk, s, labels)
        if best is None:
            raise InputError(
                f"theme {theme_id}: its segments cannot be told apart; nothing to split."
            )
        k, sil, labels = best
    else:
        labels = cut(tree, len(ids), k)
        sil = round(float(silhouette_score(x, labels)), 4)
    groups = sorted(
        range(k), key=lambda c: (-int(np.sum(labels == c)), int(np.argmax(labels == c)))
    )
    segs = [view.segments[i] for i in ids]
    if words is None:
        from themes.curation.compare import view_words_now

        words = view_words_now(view)
    counts = [term_counts(words, [ids[i] for i in np.flatnonzero(labels == c)]) for c in groups]
    freq = sum(counts, Counter[str]())
    avg = sum(freq.values()) / len(groups)
    keywords = [ctfidf(c, freq, avg, n_keywords) for c in counts]
    parts = []
    for c, kw in zip(groups, keywords, strict=True):
        rows = np.flatnonzero(labels == c)
        cent = unit_mean(x[rows])
        people = [f"{segs[i].transcript_id}/{segs[i].speaker}" for i in rows]
        central = (x[rows] @ cent).tolist()
        picks = select_exemplars(x[rows].tolist(), central, people, [True] * len(rows), n_exemplars)
        parts.append(
            SplitPart(tuple(ids[i] for i in rows), tuple(kw), tuple(ids[rows[p]] for p in picks))
        )
    return SplitProposal(theme_id, int(k), sil, tuple(scores), tuple(parts))
