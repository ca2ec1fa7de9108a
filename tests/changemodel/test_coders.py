"""The deductive coders on small synthetic data: scikit-learn conventions, thresholds,
multi-label decisions, determinism, and the features the trained coder reads."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from themes.changemodel.coding_features import FeatureSettings, coding_features, neighbour_mean
from themes.changemodel.trained import TrainedCoder, pooled_kappa
from themes.changemodel.zero_shot import ZeroShotCoder, element_signal


@parametrize_with_checks([ZeroShotCoder(), TrainedCoder()])
def test_sklearn_conventions(estimator, check) -> None:
    check(estimator)


def unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def topics(n_per: int = 20, k: int = 3, dim: int = 12, seed: int = 0):
    """Vectors near one of `k` axes (+ noise), their topic, and the axes as prototypes."""
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(k), n_per)
    X = unit(np.eye(dim)[labels] + 0.35 * rng.normal(size=(len(labels), dim)))
    return X, labels, np.eye(dim)[:k]


# zero-shot ---------------------------------------------------------------------------------


def test_element_signal_takes_off_near_misses() -> None:
    prototypes = np.eye(3)[:2]
    exclusions = (np.eye(3)[[2]], np.zeros((0, 3)))
    close_to_miss = unit(np.array([[0.6, 0.0, 0.8]]))  # nearer element 0's exclusion than it
    plain = element_signal(close_to_miss, prototypes, exclusions, exclusion_weight=0)
    taken = element_signal(close_to_miss, prototypes, exclusions, exclusion_weight=1)
    assert plain[0, 0] == pytest.approx(0.6)
    assert taken[0, 0] == pytest.approx(0.6 - (0.8 - 0.6))
    assert taken[0, 1] == plain[0, 1]  # no exclusions: unchanged
    far = unit(np.array([[0.9, 0.1, 0.1]]))
    assert element_signal(far, prototypes, exclusions)[0, 0] == pytest.approx(far[0, 0])


def test_zero_shot_codes_by_nearest_element() -> None:
    X, labels, prototypes = topics()
    signal = element_signal(X, prototypes, (np.zeros((0, 12)),) * 3)
    coder = ZeroShotCoder(min_score=0.0, margin=0.0).fit(signal)
    chosen = coder.predict(signal)
    assert chosen.shape == (60, 3) and set(np.unique(chosen)) <= {0, 1}
    assert (chosen.sum(axis=1) <= 1).all()  # margin 0: the best element at most
    assert (chosen.argmax(axis=1) == labels)[chosen.any(axis=1)].mean() > 0.9


def test_zero_shot_standardises_per_element() -> None:
    """An element close to everything (worded in general terms) does not take every segment."""
    X, labels, prototypes = topics()
    shared = np.eye(12)[11]  # what every segment has in common
    X = unit(X + 1.2 * shared)
    general = unit((shared + 0.1 * prototypes.sum(axis=0))[None, :])
    signal = element_signal(X, np.vstack([prototypes, general]), (np.zeros((0, 12)),) * 4)
    assert (signal.argmax(axis=1) == 3).mean() > 0.9  # raw similarity: the general one wins
    coder = ZeroShotCoder(min_score=0.0, margin=0.0).fit(signal)
    best = coder.decision_function(signal).argmax(axis=1)
    assert (best == 3).mean() < 0.2 and (best == labels).mean() > 0.8
    assert coder.scale_.shape == (4,) and coder.mean_.shape == (4,)


def test_zero_shot_thresholds_give_zero_one_or_several_elements() -> None:
    X, _, prototypes = topics()
    signal = element_signal(X, prototypes, (np.zeros((0, 12)),) * 3)
    strict = ZeroShotCoder(min_score=5.0).fit(signal).predict(signal)
    assert strict.sum() == 0  # nothing is five standard deviations above the average
    loose = ZeroShotCoder(min_score=-5.0, margin=10.0).fit(signal).predict(signal)
    assert (loose.sum(axis=1) == 3).all()  # every element, for every segment
    default = ZeroShotCoder().fit(signal).predict(signal)
    counts = default.sum(axis=1)
    assert counts.min() >= 0 and counts.max() <= 3 and 0 < counts.mean() < 3
    with pytest.raises(ValueError, match="margin"):
        ZeroShotCoder(margin=-1).fit(signal)


# trained -----------------------------------------------------------------------------------


def multilabel(labels: np.ndarray, k: int, every: int = 5, empty: int = 7) -> np.ndarray:
    """One element per row by topic; every `every`-th row also the next topic's; every
    `empty`-th row coded with no element."""
    Y = np.eye(k, dtype=bool)[labels]
    Y[::every, :] |= np.roll(np.eye(k, dtype=bool), 1, axis=1)[labels[::every]]
    Y[::empty] = False
    return Y


def test_trained_multilabel_shapes_and_cross_validation() -> None:
    X, labels, _ = topics(n_per=30)
    Y = multilabel(labels, 3)
    groups = np.arange(len(X)) % 6  # six "transcripts"
    coder = TrainedCoder().fit(X, Y, groups=groups)
    assert coder.multilabel_ and coder.n_splits_ == 5 and coder.n_iter_ >= 1
    proba = coder.predict_proba(X)
    assert proba.shape == (90, 3) and (proba.sum(axis=1) <= 1 + 1e-9).all()
    chosen = coder.predict(X)
    assert chosen.shape == (90, 3) and chosen.dtype.kind == "i"
    assert 0.05 <= coder.threshold_ <= 1.0
    assert coder.cv_proba_.shape == (90, 3) and coder.cv_predict_.shape == (90, 3)
    assert pooled_kappa(coder.cv_predict_, Y) > 0.6
    # the top element is the topic for nearly every segment the sample gave one
    coded = Y.any(axis=1)
    assert (proba.argmax(axis=1) == labels)[coded].mean() > 0.9


def test_trained_learns_no_element_and_several() -> None:
    rng = np.random.default_rng(1)
    X, labels, _ = topics(n_per=30, k=4)
    Y = np.eye(4, dtype=bool)[labels][:, :3]  # topic 3 is "no element"
    both = labels == 0
    Y[both, 1] = True  # topic 0 always carries elements 0 and 1
    coder = TrainedCoder(random_state=0).fit(X, Y)
    chosen = coder.predict(X + 0.01 * rng.normal(size=X.shape)).astype(bool)
    assert (chosen[labels == 3].sum(axis=1) == 0).mean() > 0.8  # mostly none
    assert (chosen[both][:, [0, 1]].all(axis=1)).mean() > 0.8  # mostly both


def test_trained_is_deterministic_and_threshold_can_be_fixed() -> None:
    X, labels, _ = topics(n_per=15)
    Y = multilabel(labels, 3)
    a = TrainedCoder(random_state=3).fit(X, Y)
    b = TrainedCoder(random_state=3).fit(X, Y)
    np.testing.assert_array_equal(a.cv_predict_, b.cv_predict_)
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    fixed = TrainedCoder(threshold=0.0).fit(X, Y)
    assert fixed.threshold_ == 0.0 and fixed.predict(X).all()  # every element passes 0
    with pytest.raises(ValueError, match="threshold"):
        TrainedCoder(threshold=2.0).fit(X, Y)


def test_trained_needs_two_classes_and_enough_rows_to_fold() -> None:
    X, labels, _ = topics(n_per=5)
    with pytest.raises(ValueError, match="two classes"):
        TrainedCoder().fit(X, np.ones((len(X), 1), dtype=int))
    few = TrainedCoder().fit(X[:3], np.eye(3, dtype=int)[[0, 1, 2]])
    assert few.cv_predict_ is None and few.n_splits_ == 0 and few.threshold_ == 0.5
    assert few.predict(X).shape == (15, 3)


def test_pooled_kappa_matches_hand_computation() -> None:
    a = np.array([[1, 0], [1, 1], [0, 0]])
    b = np.array([[1, 0], [0, 1], [0, 1]])
    # decisions: a = 1 0 1 1 0 0, b = 1 0 0 1 0 1: observed 4/6, expected .5*.5 + .5*.5 = .5
    assert pooled_kappa(a, b) == pytest.approx((4 / 6 - 0.5) / 0.5)
    assert pooled_kappa(np.ones((2, 2)), np.ones((2, 2))) == -np.inf  # undefined


# features ----------------------------------------------------------------------------------


def test_neighbour_mean_stays_within_a_transcript() -> None:
    vectors = np.arange(10, dtype=float).reshape(5, 2)
    keys = [("B", 0.0), ("A", 5.0), ("A", 1.0), ("A", 9.0), ("C", 0.0)]
    out = neighbour_mean(vectors, keys)
    # A in order: rows 2 (pos 1), 1 (pos 5), 3 (pos 9)
    np.testing.assert_allclose(out[1], (vectors[2] + vectors[3]) / 2)
    np.testing.assert_allclose(out[2], vectors[1])
    np.testing.assert_allclose(out[3], vectors[1])
    assert not out[0].any() and not out[4].any()  # alone in their transcript


def test_coding_features_parts_and_weights() -> None:
    vectors = unit(np.random.default_rng(0).normal(size=(4, 3)))
    texts = ["the heat map", "the heat map again", "export the data", "export data now"]
    prompts = ["task one", "task one", "task two", ""]
    keys = [("T", float(i)) for i in range(4)]
    full = coding_features(vectors, texts, prompts, keys)
    only = coding_features(vectors, texts, prompts, keys, FeatureSettings(0, 0, 0))
    assert only.shape == (4, 3) and full.shape[0] == 4 and full.shape[1] > 6
    np.testing.assert_allclose(only.toarray(), vectors)
    words = coding_features(vectors, ["", "", "", ""], prompts, keys, FeatureSettings(0, 1, 0))
    assert words.shape == (4, 3)  # no word at all: the text part is left out
    one = coding_features(vectors[:1], ["unique words"], [""], keys[:1])
    assert one.shape[1] > 3  # one segment: min_df falls back to 1
    with pytest.raises(ValueError, match="one entry per segment"):
        coding_features(vectors, texts[:2], prompts, keys)
