"""Zero-shot deductive coding: segments coded by their similarity to each element, with no
coded examples from the analyst.

How a segment and an element are compared (as `themes map suggest` compares themes, see
`themes.changemodel.mapping`): the element is its prototype, the unit mean of the vectors of
``name. description`` and of its example quotes; the segment is its vector as the run
embedded it (with the prompt as context when the run blends it in). The signal is their
cosine similarity, less `exclusion_weight` times the amount by which the segment is closer to
one of the element's exclusions (near misses) than to the element.

Per-element thresholds: signals are standardised per element over the segments being coded
(`ZeroShotCoder.fit`): a score says how many standard deviations a segment is above the
average segment on that element. Elements worded in general terms are close to nearly
everything; standardising stops them from taking every segment and makes one threshold mean
the same for every element. A segment gets each element whose score is at least
`min_score` and within `margin` of its best score (zero, one or several elements).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator

_MIN_SD = 1e-6
SHRINK = 0.25  # as mapping: sd shrunk a quarter towards the elements' pooled variance


def element_signal(
    vectors: np.ndarray,
    prototypes: np.ndarray,
    exclusions: tuple[np.ndarray, ...],
    exclusion_weight: float = 1.0,
) -> np.ndarray:
    """Per segment (row) and element (column): cosine similarity to the element's prototype,
    less the near miss (how much closer the segment is to the element's nearest exclusion
    than to the element, times `exclusion_weight`; nothing when it is not or there are none).
    Rows of `vectors` and `prototypes` are unit vectors."""
    sims = np.asarray(vectors, dtype=np.float64) @ np.asarray(prototypes, dtype=np.float64).T
    if exclusion_weight:
        for j, rows in enumerate(exclusions):
            if len(rows):
                nearest = (vectors @ np.asarray(rows, dtype=np.float64).T).max(axis=1)
                sims[:, j] -= exclusion_weight * np.maximum(0.0, nearest - sims[:, j])
    return sims


class ZeroShotCoder(BaseEstimator):  # type: ignore[misc]
    """Per-element thresholds on a signal matrix (segments x elements, `element_signal`).

    Parameters: `min_score`, the standardised score an element needs (1.0: one standard
    deviation above the average segment); `margin`, how far below the segment's best score
    another element may be and still be given (0: the best only; multi-label above 0).
    Fitted: ``mean_`` and ``scale_`` per element (the shrunk standard deviation),
    ``n_features_in_``.
    """

    def __init__(self, min_score: float = 1.0, margin: float = 0.25) -> None:
        self.min_score = min_score
        self.margin = margin

    def fit(self, X: Any, y: object = None) -> ZeroShotCoder:
        """Learn each element's score distribution over the segments to be coded."""
        from sklearn.utils.validation import validate_data

        X = validate_data(self, X, dtype=np.float64)
        if self.margin < 0:
            raise ValueError(f"margin must be 0 or more, got {self.margin}")
        var = X.var(axis=0)
        self.mean_ = X.mean(axis=0)
        self.scale_ = np.maximum(np.sqrt((1 - SHRINK) * var + SHRINK * var.mean()), _MIN_SD)
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        """Standardised scores: standard deviations above the average segment, per element."""
        from sklearn.utils.validation import check_is_fitted, validate_data

        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return np.asarray((X - self.mean_) / self.scale_)

    def predict(self, X: Any) -> np.ndarray:
        """0/1 per segment and element: score >= min_score and within margin of the best."""
        scores = self.decision_function(X)
        best = scores.max(axis=1, keepdims=True)
        chosen = (scores >= self.min_score) & (scores >= best - self.margin)
        return np.asarray(chosen, dtype=np.int64)
