"""Density clustering of the reduced vectors into candidate themes (HDBSCAN)."""

from __future__ import annotations

import math

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin

from themes.core.config import Config
from themes.discovery.embed import unit_mean


def auto_min_cluster_size(n: int) -> int:
    """Smallest theme from corpus size: round(sqrt(n) / 3) clipped to [5, 100].

    5 for up to ~250 segments, 10 at 900, 14 at 1,700, 47 at 20,000, 100 from 90,000.
    """
    return int(min(100, max(5, round(math.sqrt(max(n, 1)) / 3))))


def auto_min_samples(min_cluster_size: int) -> int:
    return max(2, min_cluster_size // 3)


class ThemeClusterer(ClusterMixin, BaseEstimator):  # type: ignore[misc]
    """HDBSCAN on reduced vectors; optionally attach unassigned points to the nearest theme.

    Fitted: ``labels_`` (-1 unassigned, themes numbered 0.. by size), ``probabilities_``,
    ``assigned_by_`` ("hdbscan", "nearest" or "").
    """

    def __init__(
        self,
        min_cluster_size: int | str = "auto",
        min_samples: int | str = "auto",
        cluster_selection_method: str = "eom",
        attach_threshold: float = 0.0,
    ) -> None:
        self.min_cluster_size = min_cluster_size
        self.min_samples = min_samples
        self.cluster_selection_method = cluster_selection_method
        self.attach_threshold = attach_threshold

    def fit(
        self, X: np.ndarray, y: object = None, vectors: np.ndarray | None = None
    ) -> ThemeClusterer:
        """Cluster ``X`` (reduced); ``vectors`` (unit embeddings) decide attachment."""
        from sklearn.utils.validation import validate_data

        X = np.array(validate_data(self, X, dtype=np.float64, ensure_min_samples=1), copy=True)
        n = X.shape[0]
        size = (
            auto_min_cluster_size(n)
            if self.min_cluster_size == "auto"
            else int(self.min_cluster_size)
        )
        self.min_cluster_size_ = max(2, min(size, n))
        samples = (
            auto_min_samples(self.min_cluster_size_)
            if self.min_samples == "auto"
            else int(self.min_samples)
        )
        self.min_samples_ = max(1, samples)
        import hdbscan

        model = hdbscan.HDBSCAN(
            min_cluster_size=self.min_cluster_size_,
            min_samples=self.min_samples_,
            cluster_selection_method=self.cluster_selection_method,
            core_dist_n_jobs=1,
        )
        raw = model.fit_predict(X) if n > self.min_cluster_size_ else np.full(n, -1)
        probabilities = getattr(model, "probabilities_", np.zeros(n))
        labels = renumber_by_size(np.asarray(raw))
        assigned_by = np.where(labels >= 0, "hdbscan", "").astype(object)
        probabilities = np.where(labels >= 0, probabilities, 0.0).astype(np.float64)
        if self.attach_threshold > 0 and vectors is not None and labels.max(initial=-1) >= 0:
            labels, probabilities, assigned_by = attach_nearest(
                labels, probabilities, assigned_by, vectors, self.attach_threshold
            )
        self.labels_ = labels
        self.probabilities_ = probabilities
        self.assigned_by_ = assigned_by
        return self

    def fit_predict(
        self, X: np.ndarray, y: object = None, vectors: np.ndarray | None = None
    ) -> np.ndarray:
        return self.fit(X, vectors=vectors).labels_


def clusterer_for(config: Config) -> ThemeClusterer:
    """The clusterer the settings describe."""
    return ThemeClusterer(
        min_cluster_size=config.cluster.min_cluster_size,
        min_samples=config.cluster.min_samples,
        cluster_selection_method=config.cluster.cluster_selection_method,
        attach_threshold=config.cluster.attach_threshold,
    )


def renumber_by_size(labels: np.ndarray) -> np.ndarray:
    """Cluster labels 0.. by decreasing size; ties broken by first occurrence."""
    out = np.full(labels.shape, -1, dtype=np.int64)
    ids = [c for c in dict.fromkeys(labels.tolist()) if c >= 0]
    order = sorted(ids, key=lambda c: (-int(np.sum(labels == c)), ids.index(c)))
    for new, old in enumerate(order):
        out[labels == old] = new
    return out


def centroids(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Unit-length mean vector of each theme (rows in label order 0..k-1)."""
    k = int(labels.max(initial=-1)) + 1
    cents = np.zeros((k, vectors.shape[1]), dtype=np.float32)
    for c in range(k):
        cents[c] = unit_mean(vectors[labels == c])
    return cents


def attach_nearest(
    labels: np.ndarray,
    probabilities: np.ndarray,
    assigned_by: np.ndarray,
    vectors: np.ndarray,
    threshold: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Give unassigned segments the theme whose centroid is most similar, if >= threshold."""
    cents = centroids(vectors, labels)
    labels, probabilities, assigned_by = labels.copy(), probabilities.copy(), assigned_by.copy()
    loose = np.flatnonzero(labels < 0)
    if loose.size == 0:
        return labels, probabilities, assigned_by
    sims = vectors[loose] @ cents.T
    best = sims.argmax(axis=1)
    score = sims[np.arange(loose.size), best]
    keep = score >= threshold
    labels[loose[keep]] = best[keep]
    probabilities[loose[keep]] = score[keep]
    assigned_by[loose[keep]] = "nearest"
    return labels, probabilities, assigned_by
