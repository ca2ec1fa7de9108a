"""The context tests against hand-computed cases, and the Benjamini-Hochberg correction."""

from __future__ import annotations

import math

import pytest

from themes.analysis.stats import (
    CHI_SQUARE,
    FISHER,
    ShareTest,
    benjamini_hochberg,
    corrected,
    format_p,
    share_test,
)


def test_two_contexts_use_fishers_exact_test_worked_by_hand() -> None:
    # 8 of 10 segments in context A carry the theme, 1 of 6 in context B.
    # Margins: 9 with the theme, 16 in all, 10 in A. P(a in A) = C(10,a) C(6,9-a) / C(16,9):
    # a = 3..9 -> 120, 1260, 3780, 4200, 1800, 270, 10 (sum 11440). Two-sided: every table as
    # or less likely than the observed a = 8 (270): a = 3, 8, 9 -> 400 / 11440.
    assert math.comb(16, 9) == 11440
    result = share_test([8, 1], [10, 6])
    assert result.method == FISHER and result.tested
    assert result.p == pytest.approx(400 / 11440, abs=1e-9)
    assert result.statistic is None


def test_three_contexts_use_chi_square_worked_by_hand() -> None:
    # 10, 20, 30 of 50 each: expected 20 with, 30 without in every context.
    # chi2 = 100/20 + 0 + 100/20 + 100/30 + 0 + 100/30 = 16.667, 2 degrees of freedom,
    # p = exp(-chi2 / 2) for 2 degrees of freedom.
    result = share_test([10, 20, 30], [50, 50, 50])
    assert result.method == CHI_SQUARE and result.dof == 2
    assert result.statistic == pytest.approx(50 / 3, abs=1e-3)
    assert result.p == pytest.approx(math.exp(-25 / 3), rel=1e-6)


def test_too_few_to_test() -> None:
    few = share_test([2, 1], [10, 10])
    assert not few.tested and few.note == "too few to test: 3 segments"
    # 6 segments, but expected counts of 1.5 in four of eight cells (Cochran's rule fails)
    sparse = share_test([3, 2, 1, 0], [10, 10, 10, 10])
    assert not sparse.tested and sparse.note == "too few to test: expected < 5 in 4 of 8 cells"
    assert share_test([5, 0], [10, 0]).note == "one context only"
    assert share_test([5, 5], [5, 5]).note == "not testable: every segment carries it"
    # contexts without segments are left out of the table
    assert share_test([8, 0, 1], [10, 0, 6]).p == pytest.approx(400 / 11440)


def test_benjamini_hochberg_worked_by_hand() -> None:
    # 4 tests: sorted 0.01, 0.03, 0.04, 0.5 -> p * 4 / rank = 0.04, 0.06, 0.0533, 0.5;
    # each q is the smallest of those at its rank or above -> 0.04, 0.0533, 0.0533, 0.5.
    q = benjamini_hochberg([0.01, 0.04, 0.03, None, 0.5])
    assert q[3] is None
    assert q[0] == pytest.approx(0.04)
    assert q[1] == pytest.approx(0.04 * 4 / 3)
    assert q[2] == pytest.approx(0.04 * 4 / 3)
    assert q[4] == pytest.approx(0.5)
    assert benjamini_hochberg([0.9, 0.8]) == [0.9, 0.9]
    assert benjamini_hochberg([]) == []


def test_benjamini_hochberg_agrees_with_scipy() -> None:
    from scipy.stats import false_discovery_control

    ps = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216]
    assert benjamini_hochberg(ps) == pytest.approx(list(false_discovery_control(ps)))


def test_corrected_fills_q_and_differs() -> None:
    results = corrected([share_test([8, 1], [10, 6]), share_test([2, 1], [10, 10])])
    assert results[0].p_adjusted == pytest.approx(400 / 11440) and results[0].differs()
    assert results[1].p_adjusted is None and not results[1].differs()
    assert ShareTest(FISHER, p=0.2, p_adjusted=0.2).q_text == "0.200"
    assert format_p(0.0004) == "<0.001" and format_p(None) == ""
