import numpy as np

from themes.discovery.cluster import (
    ThemeClusterer,
    attach_nearest,
    auto_min_cluster_size,
    auto_min_samples,
    centroids,
    renumber_by_size,
)
from themes.discovery.reduce import auto_n_neighbors


def test_renumber_by_size_orders_largest_first_and_keeps_noise():
    labels = np.array([3, 3, -1, 7, 7, 7, 3, 3, 1])
    out = renumber_by_size(labels)
    assert out.tolist() == [0, 0, -1, 1, 1, 1, 0, 0, 2]


def test_auto_rules_grow_with_corpus_and_stay_in_bounds():
    sizes = [auto_min_cluster_size(n) for n in (30, 300, 3_000, 30_000, 300_000)]
    assert sizes == sorted(sizes)
    assert sizes[0] == 5 and sizes[-1] == 100
    assert all(2 <= auto_min_samples(s) <= s for s in sizes)
    neighbours = [auto_n_neighbors(n) for n in (30, 300, 3_000, 30_000)]
    assert neighbours == sorted(neighbours) and neighbours[0] == 10 and neighbours[-1] == 50


def _blobs(seed=0):
    rng = np.random.default_rng(seed)
    centres = np.eye(8)[:3] * 10
    points = np.vstack([c + rng.normal(0, 0.3, (30, 8)) for c in centres])
    return points


def test_clusterer_finds_separated_groups():
    X = _blobs()
    model = ThemeClusterer(min_cluster_size=10, min_samples=3).fit(X)
    assert model.labels_.max() + 1 == 3
    # each blob maps to one label
    for b in range(3):
        assert len(set(model.labels_[b * 30 : (b + 1) * 30]) - {-1}) == 1
    assert set(model.assigned_by_[model.labels_ >= 0]) == {"hdbscan"}


def test_attach_nearest_respects_threshold_and_records_it():
    vectors = np.array(
        [[1, 0], [0.99, 0.14], [0, 1], [0.1, 0.99], [0.7, 0.7], [-1, 0]], dtype=np.float32
    )
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    labels = np.array([0, 0, 1, 1, -1, -1])
    probs = np.array([1.0, 1.0, 1.0, 1.0, 0.0, 0.0])
    by = np.array(["hdbscan"] * 4 + ["", ""], dtype=object)
    new_labels, new_probs, new_by = attach_nearest(labels, probs, by, vectors, threshold=0.5)
    assert new_labels[4] in (0, 1) and new_by[4] == "nearest" and new_probs[4] >= 0.5
    assert new_labels[5] == -1 and new_by[5] == ""  # opposite direction: stays unassigned
    assert labels[4] == -1  # inputs untouched


def test_centroids_are_unit_length():
    X = np.random.default_rng(1).normal(size=(20, 5)).astype(np.float32)
    labels = np.array([0] * 10 + [1] * 10)
    assert np.allclose(np.linalg.norm(centroids(X, labels), axis=1), 1.0)
