"""The agreement report: typed, immutable values `agreement` returns, and its CSV form."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from themes.changemodel.agreement_stats import STATISTICS


@dataclass(frozen=True)
class Estimate:
    """A statistic, its bootstrap interval, and why it is missing when it is."""

    value: float | None
    low: float | None = None
    high: float | None = None
    reason: str = ""


@dataclass(frozen=True)
class Agreement:
    """One row of the agreement table: an element, the pooled or mean figure, or single-label."""

    name: str
    decisions: int  # segments (per element, single-label) or element x segment decisions
    prevalence_a: float | None
    prevalence_b: float | None
    percent: Estimate
    kappa: Estimate
    ac1: Estimate
    alpha: Estimate

    def statistic(self, name: str) -> Estimate:
        value: Estimate = getattr(self, name)
        return value


@dataclass(frozen=True)
class ConfusionTable:
    """Single-label confusion counts: ``counts[i][j]`` segments A coded ``labels[i]`` and B
    coded ``labels[j]``."""

    labels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Disagreement:
    """A segment the two codings code differently (on the scored elements)."""

    segment_id: str
    a: frozenset[str]
    b: frozenset[str]


@dataclass(frozen=True)
class AgreementReport:
    source_a: str
    source_b: str
    segments: tuple[str, ...]  # scored: coded in both (and in scope), natural order
    only_a: tuple[str, ...]  # coded (in scope) in A only
    only_b: tuple[str, ...]
    elements: tuple[Agreement, ...]
    pooled: Agreement
    mean: Agreement
    exact: Estimate
    single_label: Agreement | None
    confusion: ConfusionTable | None
    disagreements: tuple[Disagreement, ...]
    resamples: int
    seed: int
    level: float

    @property
    def rows(self) -> tuple[Agreement, ...]:
        """Every table row: the elements, then pooled, mean and (if any) single-label."""
        extra = (self.single_label,) if self.single_label else ()
        return (*self.elements, self.pooled, self.mean, *extra)


def report_csv(report: AgreementReport) -> str:
    """The agreement table as CSV text: one row per element, then pooled, mean, single-label,
    exact match; each statistic with its interval; ``note`` says why a value is missing."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["row", "decisions", "prevalence_a", "prevalence_b"]
    for s in STATISTICS:
        header += [s, f"{s}_low", f"{s}_high"]
    writer.writerow([*header, "note"])
    for r in report.rows:
        cells: list[object] = [r.name, r.decisions, _num(r.prevalence_a), _num(r.prevalence_b)]
        notes = []
        for s in STATISTICS:
            e = r.statistic(s)
            cells += [_num(e.value), _num(e.low), _num(e.high)]
            if e.reason:
                notes.append(f"{s}: {e.reason}")
        writer.writerow([*cells, "; ".join(notes)])
    e = report.exact
    blanks = ["", "", ""] * (len(STATISTICS) - 1)
    writer.writerow(
        ["exact match", len(report.segments), "", "", _num(e.value), _num(e.low), _num(e.high)]
        + blanks
        + ["share of segments given exactly the same elements (in the percent columns)"]
    )
    return out.getvalue()


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"
