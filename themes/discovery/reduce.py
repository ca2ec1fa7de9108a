"""Dimension reduction with UMAP (seeded), scikit-learn style."""

from __future__ import annotations

import hashlib
import json
import math
import warnings
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from themes.core.config import Config

# Up to this many segments the neighbours are exact (blocked cosine products, a few seconds at
# the limit); above it UMAP's approximate search (pynndescent) takes over.
EXACT_NEIGHBOURS_MAX = 20_000
_BLOCK_CELLS = 2**21  # distances held at once (block rows x n): about 50 MB with the indices


def auto_n_neighbors(n: int) -> int:
    """Neighbourhood size from corpus size: 10 for small studies, growing slowly with n.

    round(sqrt(n) / 3) clipped to [10, 50]: 10 up to ~900 segments, 15 at 2,000,
    50 from ~22,500.
    """
    return int(min(50, max(10, round(math.sqrt(max(n, 1)) / 3))))


def exact_cosine_neighbours(X: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k nearest rows of each row by cosine distance, itself first at distance 0.

    Returns (indices int32, distances float32), each (n, k), nearest first. Computed in
    blocks of rows so memory stays at about `_BLOCK_CELLS` distances.
    """
    X64 = np.asarray(X, dtype=np.float64)
    norms = np.linalg.norm(X64, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    X64 = X64 / norms
    n = X64.shape[0]
    k = min(k, n)
    indices = np.empty((n, k), dtype=np.int32)
    distances = np.empty((n, k), dtype=np.float32)
    block_rows = max(1, _BLOCK_CELLS // n)
    for start in range(0, n, block_rows):
        stop = min(start + block_rows, n)
        rows = np.arange(start, stop)
        block = np.maximum(1.0 - X64[start:stop] @ X64.T, 0.0)
        block[rows - start, rows] = -1.0  # each row is its own nearest neighbour
        if k < n:
            nearest = np.argpartition(block, k - 1, axis=1)[:, :k]
        else:
            nearest = np.argsort(block, axis=1)
        near_d = np.take_along_axis(block, nearest, axis=1)
        order = np.argsort(near_d, axis=1, kind="stable")
        indices[start:stop] = np.take_along_axis(nearest, order, axis=1)
        distances[start:stop] = np.maximum(np.take_along_axis(near_d, order, axis=1), 0.0)
    return indices, distances


_NUMBA_CACHE_ON = False


def _import_umap() -> Any:
    """umap, with its compiled functions cached on disk like pynndescent's.

    umap-learn compiles most of its numba functions in every new process (about 5-10 s);
    turning on numba's file cache for them makes every run after the first load them instead.
    The cache lives beside umap's sources, or under NUMBA_CACHE_DIR where that is set.
    """
    global _NUMBA_CACHE_ON
    import umap  # heavy: imported only when a run needs it

    if not _NUMBA_CACHE_ON:
        from numba.core.registry import CPUDispatcher
        from umap import layouts, spectral, umap_, utils

        for module in (umap_, layouts, utils, spectral):
            for obj in vars(module).values():
                if isinstance(obj, CPUDispatcher) and not obj.targetoptions.get("cache"):
                    try:
                        obj.enable_caching()
                    except Exception:  # noqa: BLE001 - caching is an optimisation only
                        continue
        _NUMBA_CACHE_ON = True
    return umap


class Reducer(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """UMAP to a few dimensions before density clustering."""

    def __init__(
        self,
        n_components: int = 5,
        n_neighbors: int | str = "auto",
        min_dist: float = 0.0,
        metric: str = "cosine",
        random_state: int = 42,
        remove_top: int = 0,
    ) -> None:
        self.n_components = n_components
        self.n_neighbors = n_neighbors
        self.min_dist = min_dist
        self.metric = metric
        self.random_state = random_state
        self.remove_top = remove_top

    def resolved_n_neighbors(self, n: int) -> int:
        """The neighbourhood size used for `n` points ("auto" resolved, capped at n - 1)."""
        neighbours = auto_n_neighbors(n) if self.n_neighbors == "auto" else int(self.n_neighbors)
        return max(2, min(neighbours, n - 1))

    def _exact(self, n: int) -> bool:
        return self.metric == "cosine" and n <= EXACT_NEIGHBOURS_MAX

    def cache_key(self, X: np.ndarray) -> str:
        """Identifies the output: the input vectors, every parameter and the UMAP version."""
        from importlib.metadata import version

        digest = hashlib.sha256(np.ascontiguousarray(X, dtype=np.float32).tobytes())
        n = X.shape[0]
        params = dict(
            self.get_params(),
            n_neighbors=self.resolved_n_neighbors(n),
            neighbours="exact" if self._exact(n) else "umap",
        )
        digest.update(json.dumps(params, sort_keys=True).encode())
        digest.update(version("umap-learn").encode())
        return digest.hexdigest()

    def fit(self, X: np.ndarray, y: object = None) -> Reducer:
        self.fit_transform(X)
        return self

    def fit_transform(self, X: np.ndarray, y: object = None) -> np.ndarray:
        from sklearn.utils.validation import validate_data

        X = validate_data(self, X, dtype=np.float32, ensure_min_samples=3)
        if self.remove_top:
            X = all_but_the_top(X, self.remove_top)
        n = X.shape[0]
        self.n_neighbors_ = self.resolved_n_neighbors(n)
        components = max(2, min(self.n_components, n - 2))
        umap = _import_umap()
        neighbours = None
        if self._exact(n):
            # exact neighbours as UMAP's own small-data path finds them, minus its per-pair
            # Python loop; the result is the same graph up to float rounding
            knn = exact_cosine_neighbours(X, self.n_neighbors_)
            neighbours = (knn[0], knn[1], None)
        self.umap_ = umap.UMAP(
            n_components=components,
            n_neighbors=self.n_neighbors_,
            min_dist=self.min_dist,
            metric=self.metric,
            random_state=self.random_state,
            n_jobs=1,
            low_memory=True,
            precomputed_knn=neighbours or (None, None, None),
        )
        with warnings.catch_warnings():
            # "no search index: transform unavailable" - themes never calls transform
            warnings.filterwarnings("ignore", message=r"precomputed_knn\[2\]")
            self.embedding_ = np.asarray(self.umap_.fit_transform(X), dtype=np.float32)
        return self.embedding_


def all_but_the_top(X: np.ndarray, k: int) -> np.ndarray:
    """Rows less their mean and their projections on the top `k` principal directions,
    scaled to unit length (Mu and Viswanath's post-processing: the dominant directions carry
    what all rows share, such as frequency and form, not what tells them apart)."""
    centred = np.asarray(X, dtype=np.float64) - X.mean(axis=0, keepdims=True)
    k = min(k, max(0, min(centred.shape) - 1))
    if k:
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        top = vt[:k]
        centred = centred - (centred @ top.T) @ top
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(centred / norms, dtype=np.float32)


def reducer_for(config: Config, seed: int | None = None) -> Reducer:
    """The reducer the settings describe (seed: the config's unless given)."""
    return Reducer(
        n_components=config.reduce.n_components,
        n_neighbors=config.reduce.n_neighbors,
        min_dist=config.reduce.min_dist,
        metric=config.reduce.metric,
        random_state=config.seed if seed is None else seed,
        remove_top=config.reduce.remove_top,
    )


def to_2d(reduced: np.ndarray) -> np.ndarray:
    """Coordinates for the map: the first two principal axes of the reduced space."""
    centred = reduced - reduced.mean(axis=0, keepdims=True)
    if centred.shape[0] < 2:
        return np.zeros((centred.shape[0], 2), dtype=np.float32)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    xy = centred @ vt[:2].T
    # fix the sign of each axis so the map does not flip between identical runs
    for k in range(xy.shape[1]):
        if xy[np.argmax(np.abs(xy[:, k])), k] < 0:
            xy[:, k] = -xy[:, k]
    return np.asarray(xy, dtype=np.float32)
