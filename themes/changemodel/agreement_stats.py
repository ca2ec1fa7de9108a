"""Two-coder, nominal agreement coefficients from confusion tables, vectorised with numpy.

Every coefficient here is a function of the two coders' confusion table ``C`` (rows: coder A's
category, columns: coder B's; ``n`` units, ``q`` categories):

- percent agreement ``po = trace(C) / n``;
- Cohen's kappa ``(po - pe) / (1 - pe)`` with ``pe = sum_k rowshare_k * colshare_k``;
- Gwet's AC1 ``(po - pe) / (1 - pe)`` with ``pe = sum_k pi_k (1 - pi_k) / (q - 1)`` and
  ``pi_k = (rowshare_k + colshare_k) / 2`` (Gwet 2008, eq. 20);
- Krippendorff's alpha (nominal, no missing values) ``1 - (N - 1) * Do / De`` with ``N = 2n``
  values, ``Do = 2 (n - trace(C))`` (off-diagonal coincidences) and
  ``De = N^2 - sum_k n_k^2`` (``n_k``: how often either coder used category k).

The functions take a stack of tables (``(..., q, q)``) and return NaN where a coefficient is
undefined, so a whole bootstrap is one call. `agreement` turns NaN into None with a reason.
Point estimates also come from scikit-learn (kappa) and `krippendorff` (alpha), see
`library_kappa` and `library_alpha`; the tests check both paths give the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

STATISTICS = ("percent", "kappa", "ac1", "alpha")
LIBRARY_CELLS = 20_000_000
_EPS = 1e-12

UNDEFINED = {
    "kappa": "both coders gave every segment the same answer, so chance agreement is 1 and "
    "kappa is undefined",
    "alpha": "only one value was used by both coders (no variation), so alpha is undefined",
    "ac1": "fewer than two categories, so AC1 is undefined",
    "percent": "no segments to compare",
}


def coefficients(tables: Any) -> dict[str, Any]:
    """``{statistic: array}`` for a stack of confusion tables of shape ``(..., q, q)``."""
    c = np.asarray(tables, dtype=float)
    q = c.shape[-1]
    n = c.sum(axis=(-2, -1))
    agree = np.trace(c, axis1=-2, axis2=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        po = agree / n
        rows = c.sum(axis=-1) / n[..., None]
        cols = c.sum(axis=-2) / n[..., None]
        pe_kappa = (rows * cols).sum(axis=-1)
        kappa = np.where(1 - pe_kappa > _EPS, (po - pe_kappa) / (1 - pe_kappa), np.nan)
        pi = (rows + cols) / 2
        if q >= 2:
            pe_ac1 = (pi * (1 - pi)).sum(axis=-1) / (q - 1)
            ac1 = (po - pe_ac1) / (1 - pe_ac1)
        else:
            ac1 = np.full_like(po, np.nan)
        big_n = 2 * n
        used = c.sum(axis=-1) + c.sum(axis=-2)
        d_o = 2 * (n - agree)
        d_e = big_n**2 - (used**2).sum(axis=-1)
        alpha = np.where(d_e > _EPS, 1 - (big_n - 1) * d_o / d_e, np.nan)
    po = np.where(n > 0, po, np.nan)
    return {"percent": po, "kappa": kappa, "ac1": np.where(n > 0, ac1, np.nan), "alpha": alpha}


def binary_tables(both: Any, only_a: Any, only_b: Any, neither: Any) -> Any:
    """Stack 2x2 tables (category 0 = present, 1 = absent) from four count arrays."""
    return np.stack(
        [np.stack([both, only_a], axis=-1), np.stack([only_b, neither], axis=-1)], axis=-2
    )


def percentile_interval(values: Any, level: float = 0.95) -> tuple[float, float] | None:
    """The percentile bootstrap interval; None when under half the resamples are defined."""
    v = np.asarray(values, dtype=float)
    ok = v[~np.isnan(v)]
    if v.size == 0 or ok.size < v.size / 2:
        return None
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(ok, [tail, 100 - tail])
    return float(low), float(high)


def bootstrap_weights(
    n: int, resamples: int, seed: int, chunk_cells: int = 4_000_000
) -> Iterator[Any]:
    """Yield ``(k, n)`` arrays of how often each unit is drawn in each resample (units drawn
    with replacement, ``n`` per resample), in chunks that keep memory bounded; seeded."""
    rng = np.random.default_rng(seed)
    per_chunk = max(1, chunk_cells // max(n, 1))
    done = 0
    while done < resamples:
        k = min(per_chunk, resamples - done)
        draws = rng.integers(0, n, size=(k, n)) + (np.arange(k) * n)[:, None]
        done += k
        yield np.bincount(draws.ravel(), minlength=k * n).reshape(k, n).astype(float)


def library_kappa(a: Any, b: Any, labels: Sequence[int]) -> float | None:
    """Cohen's kappa from scikit-learn; None where it is undefined (no variation)."""
    import warnings

    from sklearn.metrics import cohen_kappa_score

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = float(cohen_kappa_score(np.asarray(a), np.asarray(b), labels=list(labels)))
    return None if np.isnan(value) else value


def library_alpha(a: Any, b: Any, labels: Sequence[int]) -> float | None:
    """Krippendorff's alpha (nominal) from `krippendorff`; None with fewer than two values.

    `a` and `b` hold category indices ``0 .. len(labels) - 1``. `krippendorff` builds an
    ``(n, V, V)`` array; above `LIBRARY_CELLS` cells the closed form (the same number, see the
    tests) is used instead, so a large single-label comparison stays within memory.
    """
    import krippendorff

    a, b = np.asarray(a, dtype=int), np.asarray(b, dtype=int)
    if np.unique(np.concatenate([a, b])).size < 2:
        return None
    v = len(labels)
    if a.size * v * v > LIBRARY_CELLS:
        table = np.bincount(a * v + b, minlength=v * v).reshape(v, v)
        return float(coefficients(table)["alpha"])
    data = np.array([a, b], dtype=float)
    return float(
        krippendorff.alpha(
            reliability_data=data, level_of_measurement="nominal", value_domain=list(labels)
        )
    )
