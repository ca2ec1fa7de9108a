"""Deductive coding trained on the analyst's own coded sample.

`TrainedCoder` is a logistic regression over the elements (multinomial: one probability per
element, summing to one with "no element"), fitted on segment features
(`themes.changemodel.coding_features`). A segment the analyst gave several elements counts
once, shared between them; a segment coded with no element teaches the coder what belongs
nowhere.

Multi-label decisions: a segment gets its most probable element (none when "no element" is
more probable), and every other element whose probability is at least `threshold_`. That
threshold is chosen by cross-validation (folds keep each group, e.g. a transcript, whole): the
one of 0.05, 0.10, ..., 1.0 whose out-of-fold decisions agree best with the sample (pooled
Cohen's kappa over every element x segment decision; ties go to the higher threshold, fewer
codes). Per-element thresholds were measured too: on SERDIF they over-fitted (each element's
best F1 threshold on the other folds gave fewer agreeing decisions than one threshold).

The cross-validated decisions (``cv_predict_``), made for each fold with thresholds chosen on
the other folds, are what the analyst is shown before trusting the coder: they are scored
against the sample with `themes.changemodel.agreement`.

Given plain labels (a 1-d `y`) it is an ordinary single-label classifier (scikit-learn's
conventions hold: `predict` gives the most probable label).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin


class TrainedCoder(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Parameters: `C` (inverse regularisation of the logistic regression), `cv` (folds),
    `threshold` (for further elements; None: chosen by cross-validation), `max_iter`,
    `random_state` (fold shuffling when there are no groups).

    Fitted: ``classes_`` (labels, or element column indices for a 0/1 matrix),
    ``multilabel_``, ``threshold_``, ``cv_proba_`` and ``cv_predict_`` (out of fold, in the
    training rows' order; None when there were too few rows to fold), ``n_splits_``,
    ``n_iter_``, ``n_features_in_``.
    """

    cv_proba_: np.ndarray | None
    cv_predict_: np.ndarray | None

    def __init__(
        self,
        C: float = 10.0,
        cv: int = 5,
        threshold: float | None = None,
        max_iter: int = 1000,
        random_state: int | None = 0,
    ) -> None:
        self.C = C
        self.cv = cv
        self.threshold = threshold
        self.max_iter = max_iter
        self.random_state = random_state

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    # fitting ------------------------------------------------------------------------------

    def fit(self, X: Any, y: Any, groups: Any = None) -> TrainedCoder:
        """`y`: labels (1-d) or a 0/1 matrix, one column per element (several per row allowed,
        none = coded with no element). `groups` (e.g. transcript ids) keep folds apart."""
        from sklearn.exceptions import DataConversionWarning
        from sklearn.utils.multiclass import check_classification_targets, type_of_target
        from sklearn.utils.validation import validate_data

        if self.C <= 0 or self.cv < 0:
            raise ValueError(f"C must be positive and cv 0 or more, got C={self.C}, cv={self.cv}")
        if self.threshold is not None and not 0 <= self.threshold <= 1:
            raise ValueError(f"threshold must be between 0 and 1, got {self.threshold}")
        y_arr = np.asarray(y)
        if y_arr.ndim == 2 and y_arr.shape[1] == 1 and not np.isin(y_arr, (0, 1)).all():
            warnings.warn(
                "A column-vector y was passed when a 1d array was expected; read as labels.",
                DataConversionWarning,
                stacklevel=2,
            )
            y_arr = y_arr.ravel()  # a column of labels, not a 0/1 matrix
        self.multilabel_ = y_arr.ndim == 2
        if self.multilabel_:
            X = validate_data(self, X, accept_sparse="csr", ensure_min_samples=2)
            if type_of_target(y_arr) != "multilabel-indicator" and not np.isin(y_arr, (0, 1)).all():
                raise ValueError("a 2-d y must be a 0/1 matrix (segments x elements)")
            Y = y_arr.astype(bool)
            self.classes_ = np.arange(Y.shape[1])
        else:
            X, y_arr = validate_data(self, X, y_arr, accept_sparse="csr", ensure_min_samples=2)
            check_classification_targets(y_arr)
            self.classes_, codes = np.unique(y_arr, return_inverse=True)
            Y = np.eye(len(self.classes_), dtype=bool)[codes]
        if len(Y) != X.shape[0]:
            raise ValueError(f"X has {X.shape[0]} rows but y has {len(Y)}")
        rows, labels, weights = _expand(Y)
        if len(np.unique(labels)) < 2:
            raise ValueError(
                "the training sample needs at least two classes: two elements, or one element "
                "and segments coded with no element"
            )
        self._model = self._fit_model(X[rows], labels, weights)
        self.n_iter_ = int(np.max(self._model.n_iter_))
        self.n_splits_, folds = self._folds(len(Y), groups)
        if folds:
            self.cv_proba_ = np.zeros(Y.shape)
            for train, test in folds:
                r, lab, w = _expand(Y[train])
                if len(np.unique(lab)) < 2:
                    continue  # a fold with one class learns nothing: its rows stay at 0
                model = self._fit_model(X[train][r], lab, w)
                self.cv_proba_[test] = _element_proba(model, X[test], Y.shape[1])
            self.threshold_ = self._choose(self.cv_proba_, Y)
            self.cv_predict_ = np.zeros(Y.shape, dtype=bool)
            for train, test in folds:
                own = self._choose(self.cv_proba_[train], Y[train])
                self.cv_predict_[test] = _decide(self.cv_proba_[test], own)
        else:
            self.cv_proba_ = self.cv_predict_ = None
            self.threshold_ = 0.5 if self.threshold is None else float(self.threshold)
        return self

    def _choose(self, proba: np.ndarray, Y: np.ndarray) -> float:
        if self.threshold is not None:
            return float(self.threshold)
        return _best_threshold(proba, Y)

    def _fit_model(self, X: Any, labels: np.ndarray, weights: np.ndarray) -> Any:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=self.C, max_iter=self.max_iter)
        return model.fit(X, labels, sample_weight=weights)

    def _folds(self, n: int, groups: Any) -> tuple[int, list[tuple[np.ndarray, np.ndarray]]]:
        from sklearn.model_selection import GroupKFold, KFold

        if self.cv < 2 or n < 4:
            return 0, []
        if groups is not None and len(set(np.asarray(groups).tolist())) >= 2:
            groups = np.asarray(groups)
            k = min(self.cv, len(set(groups.tolist())))
            return k, list(GroupKFold(k).split(np.zeros(n), groups=groups))
        k = min(self.cv, n // 2)
        splitter = KFold(k, shuffle=True, random_state=self.random_state)
        return k, list(splitter.split(np.zeros(n)))

    # predicting ---------------------------------------------------------------------------

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probability of each class (element); for a 0/1 matrix `y` a row sums to one with
        the probability of "no element"."""
        from sklearn.utils.validation import check_is_fitted, validate_data

        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        return _element_proba(self._model, X, len(self.classes_))

    def predict(self, X: Any) -> np.ndarray:
        """Labels (1-d `y`), or a 0/1 matrix of the elements given (thresholds, see above)."""
        proba = self.predict_proba(X)
        if not self.multilabel_:
            return np.asarray(self.classes_[proba.argmax(axis=1)])
        return _decide(proba, self.threshold_).astype(np.int64)

    def decide(self, proba: np.ndarray) -> np.ndarray:
        """The decisions (bool matrix) for probabilities from `predict_proba`."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self)
        return _decide(np.asarray(proba), self.threshold_)


def _expand(Y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One training row per (segment, element), weighted 1/number of elements; a segment with
    none is one row of class -1 ("no element")."""
    counts = Y.sum(axis=1)
    rows, cols = np.nonzero(Y)
    empty = np.flatnonzero(counts == 0)
    all_rows = np.concatenate([rows, empty])
    labels = np.concatenate([cols, np.full(len(empty), -1)])
    weights = np.concatenate([1.0 / counts[rows], np.ones(len(empty))])
    order = np.argsort(all_rows, kind="stable")
    return all_rows[order], labels[order], weights[order]


def _element_proba(model: Any, X: Any, n_elements: int) -> np.ndarray:
    """Probabilities of elements 0..n-1 (absent from training: 0), without "no element"."""
    proba = model.predict_proba(X)
    out = np.zeros((proba.shape[0], n_elements))
    for j, label in enumerate(model.classes_):
        if label >= 0:
            out[:, label] = proba[:, j]
    return out


GRID = np.round(np.arange(0.05, 1.0001, 0.05), 2)


def _best_threshold(proba: np.ndarray, Y: np.ndarray) -> float:
    """The threshold of `GRID` whose decisions have the best pooled kappa against `Y`."""
    best, chosen = -np.inf, 1.0
    for t in GRID[::-1]:  # from the top: ties keep the higher threshold
        kappa = pooled_kappa(_decide(proba, float(t)), Y)
        if kappa > best + 1e-12:
            best, chosen = kappa, float(t)
    return chosen


def pooled_kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's kappa of two 0/1 matrices read as one list of decisions (-inf if undefined)."""
    a, b = np.asarray(a, dtype=bool).ravel(), np.asarray(b, dtype=bool).ravel()
    if not a.size:
        return -np.inf
    observed = float(np.mean(a == b))
    pa, pb = float(a.mean()), float(b.mean())
    expected = pa * pb + (1 - pa) * (1 - pb)
    return -np.inf if expected >= 1 else (observed - expected) / (1 - expected)


def _decide(proba: np.ndarray, threshold: float) -> np.ndarray:
    """The most probable element (unless "no element" is more probable) and every element at
    or above `threshold`."""
    chosen = proba >= threshold
    none = 1.0 - proba.sum(axis=1)
    rows = np.flatnonzero(proba.max(axis=1, initial=0.0) > none)
    chosen[rows, proba[rows].argmax(axis=1)] = True
    return chosen
