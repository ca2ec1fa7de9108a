"""Cross-context comparison: each label's share of every context (the values of a metadata
field such as org_context), a test of whether the shares differ more than chance (`stats`),
and per context the quotes that tell that context's view of the label apart from the others'."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from themes.analysis.coding import Coding, LabelInfo
from themes.analysis.groups import NO_VALUE, group_ids, grouper
from themes.analysis.stats import CORRECTION, ShareTest, corrected, share_test
from themes.analysis.typical import Vectors, distinguishing
from themes.core.errors import AnalysisError
from themes.core.types import Segment


@dataclass(frozen=True)
class ContextQuote:
    context: str
    segment_id: str
    location: str
    speaker: str
    role: str
    text: str
    own: float  # cosine to the centre of this context's segments within the label
    other: float  # the highest cosine to another context's centre within the label


@dataclass(frozen=True)
class ContextRow:
    label: LabelInfo
    counts: tuple[int, ...]  # per context
    shares: tuple[float, ...]  # count / the context's segments
    test: ShareTest
    quotes: tuple[ContextQuote, ...]  # per context in context order, most distinctive first


@dataclass(frozen=True)
class ContextComparison:
    field: str
    source: str  # theme | element
    contexts: tuple[str, ...]
    totals: tuple[int, ...]  # the coding's segments per context
    rows: tuple[ContextRow, ...]
    n_without_value: int  # segments with no value for the field, left out
    correction: str = CORRECTION

    def highest(self, row: ContextRow) -> tuple[str, float]:
        """The context where the label takes the largest share of the segments."""
        k = max(range(len(self.contexts)), key=lambda i: (row.shares[i], -i))
        return self.contexts[k], row.shares[k]

    def lowest(self, row: ContextRow) -> tuple[str, float]:
        k = min(range(len(self.contexts)), key=lambda i: (row.shares[i], i))
        return self.contexts[k], row.shares[k]

    def differing(self) -> tuple[ContextRow, ...]:
        """Rows whose shares differ beyond chance after the correction, smallest p first."""
        rows = [r for r in self.rows if r.test.differs()]
        return tuple(sorted(rows, key=lambda r: r.test.p_adjusted or 0.0))


def compare_contexts(
    coding: Coding,
    segments: Mapping[str, Segment],
    field: str,
    vectors: Vectors,
    n_quotes: int = 1,
) -> ContextComparison:
    """Compare every label of `coding` across the values of `field`."""
    ids = [i for i in coding.segment_ids if i in segments]
    key = grouper(field, [segments[i] for i in ids], option="--by")
    groups = group_ids(ids, segments, key)
    missing = len(groups.pop(NO_VALUE, []))
    if len(groups) < 2:
        raise AnalysisError(
            f"--by {field!r}: its segments have {len(groups)} value(s); comparing contexts "
            "needs at least two. Choose another field."
        )
    contexts = tuple(groups)
    totals = tuple(len(groups[c]) for c in contexts)
    raw: list[tuple[LabelInfo, tuple[int, ...], ShareTest, tuple[ContextQuote, ...]]] = []
    for label in coding.label_list():
        within = {c: [i for i in groups[c] if label.id in coding.by_segment[i]] for c in contexts}
        counts = tuple(len(within[c]) for c in contexts)
        picks = distinguishing({c: v for c, v in within.items() if v}, vectors, n_quotes)
        quotes = tuple(
            _quote(c, segments[seg_id], own, other)
            for c in contexts
            for seg_id, own, other in picks.get(c, [])
        )
        raw.append((label, counts, share_test(counts, totals), quotes))
    tests = corrected([test for _, _, test, _ in raw])
    rows = tuple(
        ContextRow(
            label=label,
            counts=counts,
            shares=tuple(
                round(n / t, 4) if t else 0.0 for n, t in zip(counts, totals, strict=True)
            ),
            test=test,
            quotes=quotes,
        )
        for (label, counts, _, quotes), test in zip(raw, tests, strict=True)
    )
    return ContextComparison(field, coding.source, contexts, totals, rows, missing)


def _quote(context: str, seg: Segment, own: float, other: float) -> ContextQuote:
    return ContextQuote(context, seg.id, seg.location, seg.speaker, seg.role, seg.text, own, other)
