"""The framework matrix on a hand-built coding: counts, shares of the row, quote choice."""

from __future__ import annotations

import pytest
from handmade import coding, seg, unit

from themes.analysis.matrix import build_matrix
from themes.core.errors import AnalysisError

# Two transcripts; A has two speakers, B one. Theme 1 points at 0 degrees, theme 2 at 90.
SEGMENTS = {
    s.id: s
    for s in [
        seg("A:1", 1, speaker="Ann", org="statutory"),
        seg("A:3", 3, speaker="Ann", org="statutory"),
        seg("A:5", 5, speaker="Ann", org="statutory"),
        seg("A:7", 7, speaker="Bob", org="statutory"),
        seg("B:2", 2, speaker="Cy", org="voluntary"),
        seg("B:4", 4, speaker="Cy", org="voluntary"),
        seg("B:6", 6, speaker="Cy"),  # no org: the "(no value)" row
    ]
}
CODES = {
    "A:1": ["1"],
    "A:3": ["1"],
    "A:5": [],  # unassigned: counts in the row total only
    "A:7": ["2"],
    "B:2": ["1"],
    "B:4": ["2"],
    "B:6": ["2"],
}
VECTORS = {
    "A:1": unit(30),  # theme 1's members: 30, 0, -10 degrees -> centre near 6.7 degrees
    "A:3": unit(0),
    "B:2": unit(-10),
    "A:5": unit(45),
    "A:7": unit(90),
    "B:4": unit(80),
    "B:6": unit(100),
}


def test_counts_shares_and_rows_by_participant() -> None:
    m = build_matrix(coding({"1": "Trust", "2": "Risk"}, CODES), SEGMENTS, "participant", VECTORS)
    # A has two speakers so its participants are transcript/speaker; B has one: just B
    assert m.rows == ("A/Ann", "A/Bob", "B")
    assert m.row_totals == (3, 1, 3)
    assert [label.id for label in m.labels] == ["1", "2"]
    assert m.cell("A/Ann", "1").count == 2 and m.cell("A/Ann", "1").share == pytest.approx(0.6667)
    assert m.cell("A/Ann", "2").count == 0 and m.cell("A/Ann", "2").share == 0.0
    assert m.cell("A/Bob", "2").count == 1 and m.cell("A/Bob", "2").share == 1.0
    assert (m.cell("B", "1").count, m.cell("B", "2").count) == (1, 2)
    assert m.column_totals() == (3, 3)


def test_quotes_are_the_rows_segments_closest_to_the_theme_centre() -> None:
    m = build_matrix(
        coding({"1": "Trust", "2": "Risk"}, CODES), SEGMENTS, "participant", VECTORS, 2
    )
    # theme 1's centre is at about 6.7 degrees: A:3 (0) is closer than A:1 (30)
    assert [q.segment_id for q in m.cell("A/Ann", "1").quotes] == ["A:3", "A:1"]
    first = m.cell("A/Ann", "1").quotes[0]
    assert first.location == "A:3" and first.speaker == "Ann" and first.text == "text of A:3"
    assert first.closeness == pytest.approx(float(unit(0) @ unit(20 / 3)), abs=1e-3)
    # theme 2's centre is at 90 degrees: B:6 (100) and B:4 (80) tie; the given order decides
    assert [q.segment_id for q in m.cell("B", "2").quotes] == ["B:4", "B:6"]
    one = build_matrix(coding({"1": "T", "2": "R"}, CODES), SEGMENTS, "participant", VECTORS, 1)
    assert [q.segment_id for q in one.cell("A/Ann", "1").quotes] == ["A:3"]
    none = build_matrix(coding({"1": "T", "2": "R"}, CODES), SEGMENTS, "participant", VECTORS, 0)
    assert all(not c.quotes for row in none.cells for c in row)


def test_rows_by_transcript_and_by_metadata_field() -> None:
    codes = coding({"1": "Trust", "2": "Risk"}, CODES)
    by_t = build_matrix(codes, SEGMENTS, "transcript", VECTORS)
    assert by_t.rows == ("A", "B") and by_t.row_totals == (4, 3)
    by_org = build_matrix(codes, SEGMENTS, "org", VECTORS)
    assert by_org.rows == ("statutory", "voluntary", "(no value)")
    assert by_org.cell("statutory", "1").count == 2 and by_org.cell("voluntary", "2").count == 1


def test_missing_vectors_keep_the_given_order() -> None:
    m = build_matrix(coding({"1": "T"}, CODES), SEGMENTS, "transcript", {}, 3)
    assert [q.segment_id for q in m.cell("A", "1").quotes] == ["A:1", "A:3"]
    assert all(q.closeness is None for q in m.cell("A", "1").quotes)


def test_multi_label_codes_count_in_every_column() -> None:
    multi = coding({"x": "X", "y": "Y"}, {"A:1": ["x", "y"], "A:3": ["x"], "B:2": []}, multi=True)
    m = build_matrix(multi, SEGMENTS, "transcript", VECTORS)
    assert m.cell("A", "x").count == 2 and m.cell("A", "y").count == 1
    assert m.row_totals == (2, 1) and m.cell("B", "x").count == 0


def test_unknown_row_field_names_the_choices() -> None:
    with pytest.raises(AnalysisError, match=r"--rows 'sitee'.*participant, transcript, org"):
        build_matrix(coding({"1": "T"}, CODES), SEGMENTS, "sitee", VECTORS)
