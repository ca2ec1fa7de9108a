"""Co-occurrence by participant, by neighbouring segments, and within a segment."""

from __future__ import annotations

import pytest
from handmade import coding, seg

from themes.analysis.cooccur import (
    ADJACENT,
    PARTICIPANT,
    SEGMENT,
    available_units,
    cooccurrence,
    unit_sets,
)
from themes.core.errors import AnalysisError

SEGMENTS = {
    s.id: s
    for s in [
        seg("A:1", 1, speaker="Ann"),
        seg("A:3", 3, speaker="Ann"),
        seg("A:9", 9, speaker="Ann"),  # four turns after A:5: not a neighbour
        seg("A:5", 5, speaker="Bob"),
        seg("B:2", 2, speaker="Cy"),
        seg("B:4", 4, speaker="Cy"),
        seg("B:6", 6, speaker="Cy"),
    ]
}
CODES = {"A:1": ["1"], "A:3": ["2"], "A:9": ["3"], "A:5": ["1"], "B:2": ["2"], "B:4": ["3"]}
CODES["B:6"] = []
THEMES = coding({"1": "One", "2": "Two", "3": "Three"}, CODES)


def test_by_participant() -> None:
    # A/Ann {1, 2, 3}, A/Bob {1}, B {2, 3}
    c = cooccurrence(THEMES, SEGMENTS, PARTICIPANT)
    assert c.n_units == 3
    assert c.counts == ((2, 1, 1), (1, 2, 2), (1, 2, 2))
    assert c.jaccard[1][2] == 1.0 and c.jaccard[0][1] == pytest.approx(1 / 3, abs=1e-4)
    top = c.pairs()
    assert (top[0].a.id, top[0].b.id, top[0].count, top[0].jaccard) == ("2", "3", 2, 1.0)


def test_by_adjacent_segments() -> None:
    # A: (A:1, A:3) {1, 2}; (A:3, A:5) {1, 2}; (A:5, A:9) four turns apart: no window.
    # B: (B:2, B:4) {2, 3}; (B:4, B:6) {3}.
    assert sorted(map(sorted, unit_sets(THEMES, SEGMENTS, ADJACENT))) == [
        ["1", "2"], ["1", "2"], ["2", "3"], ["3"]
    ]  # fmt: skip
    c = cooccurrence(THEMES, SEGMENTS, ADJACENT)
    assert c.n_units == 4
    assert c.counts[0][1] == 2 and c.counts[1][2] == 1 and c.counts[0][2] == 0
    assert c.jaccard[0][1] == pytest.approx(2 / 3, abs=1e-4)  # 2 / (2 + 3 - 2)
    assert c.jaccard[1][2] == 0.25  # 1 / (3 + 2 - 1)
    assert [(p.a.id, p.b.id) for p in c.pairs()] == [("1", "2"), ("2", "3")]
    assert "neighbouring" in c.description


def test_within_a_segment_needs_multi_label_codes() -> None:
    assert available_units(THEMES) == (PARTICIPANT, ADJACENT)
    with pytest.raises(AnalysisError, match="--by segment: each segment carries one theme"):
        cooccurrence(THEMES, SEGMENTS, SEGMENT)
    multi = coding({"x": "X", "y": "Y", "z": "Z"}, {"A:1": "xy", "A:3": "x", "B:2": "yz"}, True)
    assert SEGMENT in available_units(multi)
    c = cooccurrence(multi, SEGMENTS, SEGMENT)
    assert c.n_units == 3 and c.counts[0][1] == 1 and c.counts[1][2] == 1
    assert c.jaccard[0][1] == pytest.approx(1 / 3, abs=1e-4) and c.jaccard[1][2] == 0.5
    with pytest.raises(AnalysisError, match="--by 'turn'"):
        cooccurrence(THEMES, SEGMENTS, "turn")
