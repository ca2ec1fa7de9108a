"""Agreement statistics, each checked against hand-computed cases (the arithmetic is in the
comments) and against the libraries (scikit-learn's kappa, `krippendorff`'s alpha).

Gwet's AC1: `irrCAC` pins scipy==1.12 (and coverage<7), which does not fit this environment, so
AC1 is computed here and checked against the values irrCAC documents for Gwet's published
example (and the closed forms matched irrCAC 0.4.4's `table.CAC` on 300 random tables in a
one-off check outside the project).
"""

from __future__ import annotations

import random

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from themes.changemodel.agreement import agreement
from themes.changemodel.agreement_stats import binary_tables, bootstrap_weights, coefficients
from themes.changemodel.codings import Codings
from themes.core.errors import AgreementError


def binary(a: list[int], b: list[int], element: str = "x") -> tuple[Codings, Codings]:
    """Two codings of segments T:1..T:n from 0/1 lists (1 = the element is given)."""
    ca = Codings.of("A", [(f"T:{i + 1}", element if v else None) for i, v in enumerate(a)])
    cb = Codings.of("B", [(f"T:{i + 1}", element if v else None) for i, v in enumerate(b)])
    return ca, cb


def from_table(cells: list[tuple[str, str, int]]) -> tuple[Codings, Codings]:
    """Single-label codings from (A's code, B's code, count) cells of a confusion table."""
    pairs_a, pairs_b, i = [], [], 0
    for code_a, code_b, count in cells:
        for _ in range(count):
            i += 1
            pairs_a.append((f"T:{i}", code_a))
            pairs_b.append((f"T:{i}", code_b))
    return Codings.of("A", pairs_a), Codings.of("B", pairs_b)


def test_textbook_2x2_kappa_example() -> None:
    # The textbook example of Cohen's kappa (Wikipedia, "Cohen's kappa"): 50 proposals,
    # both yes 20, A yes / B no 5, A no / B yes 10, both no 15.
    a, b = from_table([("yes", "yes", 20), ("yes", "no", 5), ("no", "yes", 10), ("no", "no", 15)])
    r = agreement(a, b, elements=["yes"], resamples=0)
    row = r.elements[0]
    # po = (20 + 15) / 50 = 0.70
    assert row.percent.value == pytest.approx(0.70)
    # prevalence: A 25/50 = 0.5, B 30/50 = 0.6
    assert (row.prevalence_a, row.prevalence_b) == pytest.approx((0.5, 0.6))
    # kappa: pe = 0.5 * 0.6 + 0.5 * 0.4 = 0.50; (0.70 - 0.50) / (1 - 0.50) = 0.40
    assert row.kappa.value == pytest.approx(0.40)
    # AC1: pi = (0.5 + 0.6) / 2 = 0.55; pe = 2 * 0.55 * 0.45 = 0.495;
    # (0.70 - 0.495) / (1 - 0.495) = 0.205 / 0.505 = 0.405941
    assert row.ac1.value == pytest.approx(0.205 / 0.505)
    # alpha: N = 100 values; yes used 2*20 + 5 + 10 = 55 times, no 45; 15 disagreeing units;
    # 1 - (N - 1) * 15 / (55 * 45) = 1 - 1485 / 2475 = 0.40
    assert row.alpha.value == pytest.approx(0.40)
    # single label over {yes}: "no" is not a scored element, so no confusion table
    assert r.confusion is None and r.single_label is None


def test_krippendorff_binary_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", binary data, two
    # observers, 10 units; published alpha = 0.095.
    a, b = binary([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0])
    row = agreement(a, b, resamples=0).elements[0]
    # 2x2: both 1 = 1 (unit 2), A only = 1 (unit 9), B only = 3 (units 1, 3, 6), neither = 5
    # po = 6 / 10 = 0.6
    assert row.percent.value == pytest.approx(0.6)
    # kappa: pA = 0.2, pB = 0.4; pe = 0.2 * 0.4 + 0.8 * 0.6 = 0.56; (0.6 - 0.56) / 0.44 = 0.0909
    assert row.kappa.value == pytest.approx(0.04 / 0.44)
    # AC1: pi = 0.3; pe = 2 * 0.3 * 0.7 = 0.42; (0.6 - 0.42) / 0.58 = 0.3103
    assert row.ac1.value == pytest.approx(0.18 / 0.58)
    # alpha: n0 = 14, n1 = 6 of N = 20 values, o01 = 4; 1 - 19 * 4 / (14 * 6) = 0.0952
    assert row.alpha.value == pytest.approx(1 - 76 / 84)
    assert round(row.alpha.value, 3) == 0.095


def test_gwet_three_category_example_and_confusion_table() -> None:
    # Gwet, Handbook of Inter-Rater Reliability: two abstractors, 100 pregnant women,
    # categories Ectopic / AIU / NIU (irrCAC's `table_cont3x3abstractors`; its documented
    # AC1 = 0.84933 with pa = 0.89, pe = 0.26992).
    cells = [("E", "E", 13), ("A", "A", 20), ("A", "N", 7), ("N", "A", 4), ("N", "N", 56)]
    r = agreement(*from_table(cells), resamples=0)
    assert r.confusion is not None and r.single_label is not None
    assert r.confusion.labels == ("A", "E", "N")
    assert r.confusion.counts == ((20, 0, 7), (0, 13, 0), (4, 0, 56))
    s = r.single_label
    # po = (13 + 20 + 56) / 100 = 0.89
    assert s.percent.value == pytest.approx(0.89)
    # AC1: A's shares E .13 A .27 N .60, B's E .13 A .24 N .63 -> pi = .13, .255, .615;
    # pe = (.13 * .87 + .255 * .745 + .615 * .385) / (3 - 1) = .53985 / 2 = .269925;
    # (.89 - .269925) / (1 - .269925) = 0.84933
    assert s.ac1.value == pytest.approx(0.620075 / 0.730075)
    assert round(s.ac1.value, 5) == 0.84933
    # kappa: pe = .13 * .13 + .27 * .24 + .60 * .63 = .4597; (.89 - .4597) / .5403 = 0.79641
    assert s.kappa.value == pytest.approx(0.4303 / 0.5403)
    # alpha: value counts E 26, A 51, N 123 of N = 200; De = 200^2 - (26^2 + 51^2 + 123^2)
    # = 40000 - 18406 = 21594; Do = 2 * 11 = 22; 1 - 199 * 22 / 21594 = 0.797258
    assert s.alpha.value == pytest.approx(1 - 199 * 22 / 21594)


def test_multi_label_is_scored_per_element_pooled_and_mean() -> None:
    a = Codings.of("A", [("T:1", "x"), ("T:1", "y"), ("T:2", "x"), ("T:3", None), ("T:4", "y")])
    b = Codings.of("B", [("T:1", "x"), ("T:2", "x"), ("T:2", "y"), ("T:3", None), ("T:4", "y")])
    r = agreement(a, b, resamples=0)
    x, y = r.elements
    # x: A 1,1,0,0 and B 1,1,0,0 -> perfect on every statistic
    assert [x.statistic(s).value for s in ("percent", "kappa", "ac1", "alpha")] == [1, 1, 1, 1]
    # y: A 1,0,0,1 and B 0,1,0,1 -> both 1, A only 1, B only 1, neither 1; po = 0.5;
    # kappa: pe = .5 * .5 + .5 * .5 = .5 -> 0; AC1: pi = .5, pe = 2 * .5 * .5 = .5 -> 0;
    # alpha: N = 8, n1 = n0 = 4, 2 disagreements: 1 - 7 * 2 / 16 = 0.125
    assert (y.percent.value, y.kappa.value, y.ac1.value) == pytest.approx((0.5, 0.0, 0.0))
    assert y.alpha.value == pytest.approx(0.125)
    # pooled over 8 decisions: both 3, A only 1, B only 1, neither 3; po = 6 / 8 = .75;
    # kappa: pA = pB = .5, pe = .5 -> .5; AC1: pe = .5 -> .5; alpha: N = 16, n1 = n0 = 8,
    # 1 - 15 * 2 / 64 = 0.53125
    p = r.pooled
    assert p.decisions == 8
    assert (p.percent.value, p.kappa.value, p.ac1.value) == pytest.approx((0.75, 0.5, 0.5))
    assert p.alpha.value == pytest.approx(0.53125)
    # mean of elements: kappa (1 + 0) / 2, alpha (1 + .125) / 2
    assert r.mean.kappa.value == pytest.approx(0.5)
    assert r.mean.alpha.value == pytest.approx(0.5625)
    # exact match: T:3 and T:4 agree, T:1 and T:2 do not -> 0.5
    assert r.exact.value == pytest.approx(0.5)
    assert [(d.segment_id, set(d.a), set(d.b)) for d in r.disagreements] == [
        ("T:1", {"x", "y"}, {"x"}),
        ("T:2", {"x"}, {"x", "y"}),
    ]
    assert r.confusion is None  # T:1 has two elements


def test_statistics_match_the_libraries_on_random_codings() -> None:
    rng = random.Random(3)
    elements = ["a", "b", "c", "d"]
    pairs_a, pairs_b = [], []
    for i in range(80):
        seg = f"P{i % 5}:{i}"
        for e in elements:
            in_a = rng.random() < 0.3
            in_b = in_a if rng.random() < 0.7 else rng.random() < 0.3
            pairs_a += [(seg, e)] if in_a else [(seg, None)]
            pairs_b += [(seg, e)] if in_b else [(seg, None)]
    a, b = Codings.of("A", pairs_a), Codings.of("B", pairs_b)
    r = agreement(a, b, resamples=0)
    segs = r.segments
    for row in r.elements:
        va = [int(row.name in a.by_segment[s]) for s in segs]
        vb = [int(row.name in b.by_segment[s]) for s in segs]
        assert row.kappa.value == pytest.approx(cohen_kappa_score(va, vb))
        lib = krippendorff.alpha(reliability_data=[va, vb], level_of_measurement="nominal")
        assert row.alpha.value == pytest.approx(lib)
        # the closed forms the bootstrap uses give the libraries' numbers too
        x, y = np.array(va, dtype=bool), np.array(vb, dtype=bool)
        table = binary_tables((x & y).sum(), (x & ~y).sum(), (~x & y).sum(), (~x & ~y).sum())
        closed = coefficients(table)
        assert float(closed["kappa"]) == pytest.approx(row.kappa.value)
        assert float(closed["alpha"]) == pytest.approx(row.alpha.value)


def test_element_nobody_used_and_zero_variance_are_none_with_a_reason() -> None:
    a, b = binary([1, 1, 1, 1], [1, 1, 1, 1])
    r = agreement(a, b, elements=["x", "z"], resamples=50)
    x, z = r.elements
    for row in (x, z):
        # every segment answered the same by both coders: pe = 1, kappa = 0 / 0
        assert row.kappa.value is None and "undefined" in row.kappa.reason
        assert row.alpha.value is None and "no variation" in row.alpha.reason
        assert row.percent.value == 1.0
        # AC1: pi = 1 (x) or 0 (z), pe = 2 * pi * (1 - pi) = 0, AC1 = po = 1
        assert row.ac1.value == 1.0
    assert (z.prevalence_a, z.prevalence_b) == (0.0, 0.0)
    assert r.mean.kappa.value is None and "every element" in r.mean.kappa.reason
    assert r.mean.ac1.value == 1.0
    assert r.disagreements == ()


def test_no_common_segment_or_element_is_an_error() -> None:
    a = Codings.of("A", [("P1:1", "x")])
    with pytest.raises(AgreementError, match="no segment was coded in both"):
        agreement(a, Codings.of("B", [("P2:1", "x")]))
    with pytest.raises(AgreementError, match="no element to score"):
        agreement(Codings.of("A", [("P1:1", None)]), Codings.of("B", [("P1:1", None)]))


def test_only_one_coder_and_scope_are_counted() -> None:
    a = Codings.of("A", [("P1:1", "x"), ("P1:2", "x"), ("P1:3", None), ("P1:9", "x")])
    b = Codings.of("B", [("P1:1", "x"), ("P1:2", None), ("P1:3", None), ("P2:1", "x")])
    r = agreement(a, b, resamples=0)
    assert r.segments == ("P1:1", "P1:2", "P1:3")
    assert (r.only_a, r.only_b) == (("P1:9",), ("P2:1",))
    scoped = agreement(a, b, segments={"P1:1", "P1:3", "P1:9"}, resamples=0)
    assert scoped.segments == ("P1:1", "P1:3") and scoped.only_a == ("P1:9",)
    assert scoped.only_b == ()


def test_bootstrap_interval_contains_the_estimate_and_is_seeded() -> None:
    rng = random.Random(7)
    a_bits = [int(rng.random() < 0.4) for _ in range(120)]
    b_bits = [x if rng.random() < 0.8 else 1 - x for x in a_bits]
    a, b = binary(a_bits, b_bits)
    first = agreement(a, b, seed=1)
    again = agreement(a, b, seed=1)
    other = agreement(a, b, seed=2)
    assert first == again
    assert first.pooled.kappa != other.pooled.kappa  # the interval moves with the seed
    for row in first.rows:
        for s in ("percent", "kappa", "ac1", "alpha"):
            e = row.statistic(s)
            assert e.low is not None and e.high is not None and e.value is not None
            assert e.low <= e.value <= e.high
            assert e.high - e.low < 0.5
    assert first.exact.low is not None and first.exact.low <= first.exact.value  # type: ignore[operator]
    assert agreement(a, b, resamples=0).pooled.kappa.low is None


def test_bootstrap_weights_draw_n_units_per_resample() -> None:
    chunks = list(bootstrap_weights(7, 25, seed=0, chunk_cells=50))
    weights = np.concatenate(chunks)
    assert len(chunks) > 1 and weights.shape == (25, 7)
    assert (weights.sum(axis=1) == 7).all()
    again = np.concatenate(list(bootstrap_weights(7, 25, seed=0, chunk_cells=50)))
    assert (weights == again).all()


def test_perfect_agreement_with_variance_is_one_everywhere() -> None:
    a, b = from_table([("x", "x", 6), ("y", "y", 4), ("z", "z", 5)])
    r = agreement(a, b, resamples=200)
    for row in r.rows:
        for s in ("percent", "kappa", "ac1", "alpha"):
            e = row.statistic(s)
            assert e.value == pytest.approx(1.0) and e.low == pytest.approx(1.0)
    assert r.confusion is not None and r.confusion.counts == ((6, 0, 0), (0, 4, 0), (0, 0, 5))


def test_large_tables_fall_back_to_the_closed_form_alpha(monkeypatch) -> None:
    # krippendorff builds an (n, V, V) array; past LIBRARY_CELLS the closed form is used
    import themes.changemodel.agreement_stats as stats

    cells = [("E", "E", 13), ("A", "A", 20), ("A", "N", 7), ("N", "A", 4), ("N", "N", 56)]
    expected = 1 - 199 * 22 / 21594  # the hand-computed alpha of Gwet's example above
    assert agreement(*from_table(cells), resamples=0).single_label.alpha.value == pytest.approx(
        expected
    )
    monkeypatch.setattr(stats, "LIBRARY_CELLS", 0)
    r = agreement(*from_table(cells), resamples=0)
    assert r.single_label is not None and r.single_label.alpha.value == pytest.approx(expected)
