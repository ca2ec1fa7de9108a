"""The reducer and the clusterer follow scikit-learn's estimator conventions."""

from __future__ import annotations

from sklearn.utils.estimator_checks import parametrize_with_checks

from themes.discovery.cluster import ThemeClusterer
from themes.discovery.reduce import Reducer


@parametrize_with_checks([Reducer(), ThemeClusterer()])
def test_sklearn_conventions(estimator, check) -> None:
    check(estimator)
