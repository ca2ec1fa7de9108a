"""Exact neighbours for UMAP and the reducer built on them."""

from __future__ import annotations

import numpy as np
import pytest

from themes.discovery import reduce
from themes.discovery.reduce import Reducer, exact_cosine_neighbours


def _points(n: int, seed: int = 0) -> np.ndarray:
    X = np.random.default_rng(seed).normal(size=(n, 16)).astype(np.float32)
    return X / np.linalg.norm(X, axis=1, keepdims=True)


@pytest.mark.parametrize("cells", [7 * 60, 2**21])
def test_exact_neighbours_match_brute_force(monkeypatch: pytest.MonkeyPatch, cells: int) -> None:
    monkeypatch.setattr(reduce, "_BLOCK_CELLS", cells)  # blocks of 7 rows, or all at once
    X = _points(60)
    idx, dist = exact_cosine_neighbours(X, 6)
    full = 1.0 - (X.astype(np.float64) @ X.T.astype(np.float64))
    np.fill_diagonal(full, 0.0)
    expected = np.sort(full, axis=1)[:, :6]
    assert idx.shape == dist.shape == (60, 6)
    assert (idx[:, 0] == np.arange(60)).all() and (dist[:, 0] == 0).all()
    np.testing.assert_allclose(dist, np.maximum(expected, 0), atol=1e-6)
    np.testing.assert_allclose(dist, np.take_along_axis(full, idx, axis=1), atol=1e-6)
    assert (np.diff(dist, axis=1) >= 0).all()


def test_exact_neighbours_when_k_covers_every_row() -> None:
    idx, dist = exact_cosine_neighbours(_points(5), 9)
    assert idx.shape == (5, 5)
    assert sorted(idx[2].tolist()) == [0, 1, 2, 3, 4] and idx[2, 0] == 2


def test_reducer_builds_umaps_own_graph() -> None:
    """The precomputed neighbours give the graph UMAP's exact small-data path gives."""
    import umap

    X = _points(300, seed=3)
    ours = Reducer(n_neighbors=10, random_state=1).fit(X)
    theirs = umap.UMAP(  # the graph comes before the layout: one epoch is enough here
        n_components=5, n_neighbors=10, min_dist=0.0, metric="cosine", random_state=1,
        n_jobs=1, n_epochs=1, init="random",
    ).fit(X)  # fmt: skip
    assert abs(ours.umap_.graph_ - theirs.graph_).max() < 1e-4
    assert ours.embedding_.shape == (300, 5)


def test_umaps_compiled_functions_are_cached_on_disk() -> None:
    """Every run after the first loads umap's numba code instead of compiling it again."""
    from numba.core.caching import NullCache

    from themes.discovery.reduce import _import_umap

    umap = _import_umap()
    from umap import layouts, umap_

    for dispatcher in (
        layouts._nb_optimize_layout_euclidean_single_epoch,
        umap_.smooth_knn_dist,
        umap_.compute_membership_strengths,
    ):
        assert not isinstance(dispatcher._cache, NullCache), dispatcher
    assert umap.__name__ == "umap"
