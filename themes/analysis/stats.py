"""Does a label's share differ between contexts more than chance? One test per label, on the
2 x k table (segments with the label / without it, by context), then a correction across
labels.

- Two contexts: Fisher's exact test (two-sided), exact at any size.
- Three or more: Pearson's chi-square test of independence, when Cochran's rule holds (every
  expected count at least 1 and no more than 20 % of them below 5); otherwise "too few to test".
- A label with fewer than `MIN_SEGMENTS` segments in the compared contexts is not tested.
- Correction: Benjamini-Hochberg (false discovery rate) across the labels tested for one
  field. The comparison is exploratory, over many themes, so the share of false leads is what
  to control; the tests treat segments as independent, which segments of one participant are
  not, so a small p says where to read, not what to claim.

scipy is imported when a test runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

MIN_SEGMENTS = 5
FISHER = "Fisher's exact"
CHI_SQUARE = "chi-square"
CORRECTION = "Benjamini-Hochberg"
ALPHA = 0.05


@dataclass(frozen=True)
class ShareTest:
    method: str  # FISHER, CHI_SQUARE, or "" when not tested
    p: float | None = None
    p_adjusted: float | None = None  # after the correction across labels
    statistic: float | None = None  # chi-square (None for Fisher's exact)
    dof: int | None = None
    note: str = ""  # why it was not tested

    @property
    def tested(self) -> bool:
        return self.p is not None

    def differs(self, alpha: float = ALPHA) -> bool:
        return self.p_adjusted is not None and self.p_adjusted < alpha

    @property
    def p_text(self) -> str:
        return format_p(self.p)

    @property
    def q_text(self) -> str:
        return format_p(self.p_adjusted)


def format_p(value: float | None) -> str:
    """``0.042``, ``<0.001``, or empty when not tested."""
    if value is None:
        return ""
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def share_test(with_label: Sequence[int], totals: Sequence[int]) -> ShareTest:
    """Test one label: `with_label[k]` of `totals[k]` segments of context k carry it."""
    pairs = [(w, t) for w, t in zip(with_label, totals, strict=True) if t > 0]
    if len(pairs) < 2:
        return ShareTest("", note="one context only")
    n_label = sum(w for w, _ in pairs)
    n_all = sum(t for _, t in pairs)
    if n_label < MIN_SEGMENTS:
        return ShareTest("", note=f"too few to test: {n_label} segments")
    if n_label == n_all:
        return ShareTest("", note="not testable: every segment carries it")
    table = [[w for w, _ in pairs], [t - w for w, t in pairs]]
    if len(pairs) == 2:
        from scipy.stats import fisher_exact

        result = fisher_exact(table, alternative="two-sided")
        return ShareTest(FISHER, p=_p(result.pvalue))
    import numpy as np
    from scipy.stats import chi2_contingency

    observed = np.asarray(table, dtype=float)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()
    small = int((expected < 5).sum())
    if expected.min() < 1 or small > 0.2 * expected.size:
        return ShareTest(
            "",
            note=f"too few to test: expected < 5 in {small} of {expected.size} cells",
        )
    stat, p, dof, _ = chi2_contingency(observed, correction=False)
    return ShareTest(CHI_SQUARE, p=_p(p), statistic=round(float(stat), 4), dof=int(dof))


def _p(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


def benjamini_hochberg(pvalues: Sequence[float | None]) -> list[float | None]:
    """Benjamini-Hochberg adjusted p-values (q-values) of the given p-values; None stays None
    and does not count towards the number of tests."""
    tested = sorted((p, k) for k, p in enumerate(pvalues) if p is not None)
    m = len(tested)
    out: list[float | None] = [None] * len(pvalues)
    running = 1.0
    for rank in range(m, 0, -1):  # from the largest p down: q_i = min_{j>=i} p_j * m / j
        p, k = tested[rank - 1]
        running = min(running, p * m / rank)
        out[k] = min(1.0, running)
    return out


def corrected(results: Sequence[ShareTest]) -> list[ShareTest]:
    """The results with `p_adjusted` filled by the Benjamini-Hochberg correction."""
    adjusted = benjamini_hochberg([r.p for r in results])
    return [replace(r, p_adjusted=q) for r, q in zip(results, adjusted, strict=True)]
