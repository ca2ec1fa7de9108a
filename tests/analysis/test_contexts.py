"""Cross-context comparison on a hand-built coding: shares, tests, the quotes that differ."""

from __future__ import annotations

import pytest
from handmade import coding, seg, unit

from themes.analysis.contexts import compare_contexts
from themes.analysis.stats import FISHER, share_test
from themes.core.errors import AnalysisError

STATUTORY = [seg(f"S:{k}", k, org="statutory") for k in range(1, 13)]
VOLUNTARY = [seg(f"V:{k}", k, org="voluntary") for k in range(1, 9)]
SEGMENTS = {s.id: s for s in [*STATUTORY, *VOLUNTARY, seg("N:1", 1)]}
CODES: dict[str, list[str]] = {s: [] for s in SEGMENTS}
CODES.update({f"S:{k}": ["1"] for k in range(1, 9)})
CODES.update({"V:1": ["1"], "N:1": ["1"], "V:5": ["3"]})
CODES.update({s: ["2"] for s in ("S:9", "S:10", "S:11", "S:12", "V:2", "V:3", "V:4")})
# theme 2: statutory talk near -15 degrees (S:12 an outlier at -60), voluntary near 85
ANGLES = {"S:9": -10, "S:10": 10, "S:11": 0, "S:12": -60, "V:2": 90, "V:3": 80, "V:4": 85}
VECTORS = {s: unit(ANGLES.get(s, 0)) for s in SEGMENTS}
LABELS = {"1": "Trust", "2": "Risk", "3": "Pay"}


def test_shares_and_tests_by_context() -> None:
    c = compare_contexts(coding(LABELS, CODES), SEGMENTS, "org", VECTORS)
    assert c.contexts == ("statutory", "voluntary") and c.totals == (12, 8)
    assert c.n_without_value == 1  # N:1 has no org value: left out
    trust, risk, pay = c.rows
    assert trust.counts == (8, 1) and trust.shares == (pytest.approx(0.6667), 0.125)
    assert trust.test.method == FISHER
    assert trust.test.p == pytest.approx(share_test([8, 1], [12, 8]).p)
    assert risk.counts == (4, 3) and risk.test.tested
    assert pay.counts == (0, 1) and pay.test.note.startswith("too few to test")
    # Benjamini-Hochberg over the two tested themes
    ps = sorted([trust.test.p, risk.test.p])
    assert trust.test.p_adjusted == pytest.approx(min(1.0, ps[0] * 2, ps[1]))
    assert c.highest(trust) == ("statutory", pytest.approx(0.6667))
    assert c.lowest(trust) == ("voluntary", 0.125)
    assert c.correction == "Benjamini-Hochberg"


def test_quotes_typical_of_their_context_and_unlike_the_others() -> None:
    c = compare_contexts(coding(LABELS, CODES), SEGMENTS, "org", VECTORS, n_quotes=1)
    risk = c.rows[1]
    chosen = {q.context: q.segment_id for q in risk.quotes}
    # S:12 (-60) is the furthest from the voluntary talk but not typical of the statutory
    # talk: S:9 (-10), close to the statutory centre and away from 85 degrees, is chosen.
    assert chosen == {"statutory": "S:9", "voluntary": "V:2"}
    q = risk.quotes[0]
    assert q.own > q.other and q.location == "S:9" and q.text == "text of S:9"
    two = compare_contexts(coding(LABELS, CODES), SEGMENTS, "org", VECTORS, n_quotes=2)
    assert [q.segment_id for q in two.rows[1].quotes if q.context == "statutory"] == ["S:9", "S:11"]
    assert compare_contexts(coding(LABELS, CODES), SEGMENTS, "org", VECTORS, 0).rows[1].quotes == ()


def test_differing_rows_and_errors() -> None:
    c = compare_contexts(coding(LABELS, CODES), SEGMENTS, "org", VECTORS)
    assert [r.label.id for r in c.differing()] == [r.label.id for r in c.rows if r.test.differs()]
    with pytest.raises(AnalysisError, match="--by 'nope'"):
        compare_contexts(coding(LABELS, CODES), SEGMENTS, "nope", VECTORS)
    one = {s: x for s, x in SEGMENTS.items() if s.startswith("S")}
    codes = {s: CODES[s] for s in one}
    with pytest.raises(AnalysisError, match="needs at least two"):
        compare_contexts(coding(LABELS, codes), one, "org", VECTORS)
