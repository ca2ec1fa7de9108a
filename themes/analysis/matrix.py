"""The framework matrix: rows (participants, transcripts or a metadata field's values) by
labels (themes or change-model elements); each cell holds the number of segments, their share
of the row, and the row's most typical quotes for the label."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from themes.analysis.coding import Coding, LabelInfo
from themes.analysis.groups import group_ids, grouper
from themes.analysis.typical import Vectors, centre, most_typical
from themes.core.types import Segment


@dataclass(frozen=True)
class MatrixQuote:
    segment_id: str
    location: str  # transcript:line
    speaker: str
    role: str
    text: str
    closeness: float | None  # cosine to the label's centre (None: no cached vector)


@dataclass(frozen=True)
class MatrixCell:
    count: int  # the row's segments carrying the label
    share: float  # count / the row's segments (0 for an empty row)
    quotes: tuple[MatrixQuote, ...]  # most typical first


@dataclass(frozen=True)
class FrameworkMatrix:
    rows_by: str  # participant, transcript, or a metadata field
    source: str  # the coding's source: theme | element
    rows: tuple[str, ...]
    row_totals: tuple[int, ...]  # the row's segments in the coding (the share's denominator)
    labels: tuple[LabelInfo, ...]
    cells: tuple[tuple[MatrixCell, ...], ...]  # [row][label]
    n_quotes: int
    note: str  # what a row total counts

    def cell(self, row: str, label_id: str) -> MatrixCell:
        r = self.rows.index(row)
        c = next(k for k, label in enumerate(self.labels) if label.id == label_id)
        return self.cells[r][c]

    def column_totals(self) -> tuple[int, ...]:
        return tuple(sum(row[k].count for row in self.cells) for k in range(len(self.labels)))


def build_matrix(
    coding: Coding,
    segments: Mapping[str, Segment],
    rows_by: str,
    vectors: Vectors,
    n_quotes: int = 2,
) -> FrameworkMatrix:
    """The matrix of `coding` with rows grouped by `rows_by`.

    A cell's quotes are the row's segments carrying the label that lie closest to the
    label's centre (the unit mean of all its segments, every row together), so each row's
    quotes show how that row voices the label as a whole.
    """
    ids = [i for i in coding.segment_ids if i in segments]
    key = grouper(rows_by, [segments[i] for i in ids])
    groups = group_ids(ids, segments, key)
    labels = coding.label_list()
    centres = {label.id: centre(coding.members(label.id), vectors) for label in labels}
    cells = []
    for members in groups.values():
        row = []
        for label in labels:
            carrying = [i for i in members if label.id in coding.by_segment[i]]
            picks = most_typical(carrying, centres[label.id], vectors, n_quotes)
            quotes = tuple(_quote(segments[i], score) for i, score in picks)
            share = round(len(carrying) / len(members), 4) if members else 0.0
            row.append(MatrixCell(len(carrying), share, quotes))
        cells.append(tuple(row))
    return FrameworkMatrix(
        rows_by=rows_by,
        source=coding.source,
        rows=tuple(groups),
        row_totals=tuple(len(m) for m in groups.values()),
        labels=labels,
        cells=tuple(cells),
        n_quotes=n_quotes,
        note=coding.note,
    )


def _quote(seg: Segment, score: float | None) -> MatrixQuote:
    return MatrixQuote(seg.id, seg.location, seg.speaker, seg.role, seg.text, score)
