"""Co-occurrence: which labels turn up together in the same unit of talk.

Units (each a set of labels):
- ``participant``: every label a participant's segments carry;
- ``adjacent``: two neighbouring segments of a transcript (the next clustered segment, with
  at most `MAX_TURN_GAP` - 1 turns between them, such as the interviewer's next question):
  the labels of both, so labels of the same or adjacent segments meet here;
- ``segment``: the labels of one segment; only a multi-label coding (deductive codes of
  change-model elements) can have two labels in one segment, so this unit is offered for
  those only.

For each pair of labels: the number of units carrying both, and Jaccard's index, the units
carrying both over the units carrying either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from themes.analysis.coding import Coding, LabelInfo
from themes.analysis.groups import group_ids, participant_labels
from themes.core.errors import AnalysisError
from themes.core.types import Segment

PARTICIPANT = "participant"
ADJACENT = "adjacent"
SEGMENT = "segment"
UNITS = (PARTICIPANT, ADJACENT, SEGMENT)
MAX_TURN_GAP = 2  # neighbours: the next clustered segment at most this many turns on
DESCRIBE = {
    PARTICIPANT: "participants who speak to both",
    ADJACENT: "pairs of neighbouring segments (same transcript, at most one turn between) "
    "that carry both",
    SEGMENT: "segments that carry both",
}


@dataclass(frozen=True)
class Pair:
    a: LabelInfo
    b: LabelInfo
    count: int
    jaccard: float


@dataclass(frozen=True)
class Cooccurrence:
    unit: str  # participant | adjacent | segment
    labels: tuple[LabelInfo, ...]
    n_units: int
    counts: tuple[tuple[int, ...], ...]  # units carrying both; the diagonal: units carrying it
    jaccard: tuple[tuple[float, ...], ...]  # the diagonal is 1 where a label occurs
    source: str = "theme"  # the coding's source: theme | element

    @property
    def description(self) -> str:
        return DESCRIBE[self.unit]

    def pairs(self, top: int | None = None) -> list[Pair]:
        """Pairs that occur together at least once, highest Jaccard first (then count)."""
        found = [
            Pair(self.labels[i], self.labels[j], self.counts[i][j], self.jaccard[i][j])
            for i in range(len(self.labels))
            for j in range(i + 1, len(self.labels))
            if self.counts[i][j]
        ]
        found.sort(key=lambda p: (-p.jaccard, -p.count))
        return found if top is None else found[:top]


def available_units(coding: Coding) -> tuple[str, ...]:
    return UNITS if coding.multi_label else (PARTICIPANT, ADJACENT)


def unit_sets(coding: Coding, segments: Mapping[str, Segment], unit: str) -> list[frozenset[str]]:
    """The label sets of every unit of kind `unit`."""
    ids = [i for i in coding.segment_ids if i in segments]
    if unit == SEGMENT:
        if not coding.multi_label:
            raise AnalysisError(
                "--by segment: each segment carries one theme, so no two meet in a segment; "
                "use participant or adjacent (segment works with element codes)."
            )
        return [coding.by_segment[i] for i in ids]
    if unit == PARTICIPANT:
        people = group_ids(ids, segments, participant_labels([segments[i] for i in ids]))
        return [frozenset().union(*(coding.by_segment[i] for i in m)) for m in people.values()]
    if unit == ADJACENT:
        return _windows(coding, segments, ids)
    raise AnalysisError(f"--by {unit!r}: use one of {', '.join(available_units(coding))}.")


def _windows(
    coding: Coding, segments: Mapping[str, Segment], ids: Sequence[str]
) -> list[frozenset[str]]:
    by_transcript: dict[str, list[Segment]] = {}
    for seg_id in ids:
        seg = segments[seg_id]
        by_transcript.setdefault(seg.transcript_id, []).append(seg)
    windows = []
    for transcript in sorted(by_transcript):
        ordered = sorted(by_transcript[transcript], key=lambda s: (s.turn_index, s.char_start))
        for first, second in zip(ordered, ordered[1:], strict=False):
            if second.turn_index - first.turn_index <= MAX_TURN_GAP:
                windows.append(coding.by_segment[first.id] | coding.by_segment[second.id])
    return windows


def cooccurrence(coding: Coding, segments: Mapping[str, Segment], unit: str) -> Cooccurrence:
    """Counts and Jaccard's index for every pair of the coding's labels, over `unit`s."""
    sets = unit_sets(coding, segments, unit)
    labels = coding.label_list()
    index = {label.id: k for k, label in enumerate(labels)}
    n = len(labels)
    counts = [[0] * n for _ in range(n)]
    for found in sets:
        present = sorted(index[x] for x in found if x in index)
        for i in present:
            for j in present:
                counts[i][j] += 1
    jaccard = [
        [
            round(counts[i][j] / union, 4)
            if (union := counts[i][i] + counts[j][j] - counts[i][j])
            else 0.0
            for j in range(n)
        ]
        for i in range(n)
    ]
    return Cooccurrence(
        unit=unit,
        labels=labels,
        n_units=len(sets),
        counts=tuple(tuple(row) for row in counts),
        jaccard=tuple(tuple(row) for row in jaccard),
        source=coding.source,
    )
