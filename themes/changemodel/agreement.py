"""Agreement between two codings of the same segments (two analysts, or analyst and machine).

`agreement(a, b)` scores the segments both coded (those only one coded are counted and
listed, not scored). Multi-label codes are read as one present/absent decision per element and
segment. Reported, each with a percentile bootstrap interval (segments resampled with
replacement, seeded):

- **per element**: prevalence in each coding (share of segments given the element), percent
  agreement, Cohen's kappa, Gwet's AC1 and Krippendorff's alpha (nominal) of the present/absent
  decisions over the scored segments;
- **pooled** (the overall figure): the same statistics over all element x segment decisions
  taken together as one binary table (every scored segment contributes one decision per
  element, so common elements weigh more);
- **mean of elements**: the unweighted mean of the per-element values, over the elements where
  the statistic is defined (each element counts once, however rare);
- **exact match**: the share of segments given exactly the same set of elements;
- **single-label**, only when every scored segment has exactly one of the scored elements in
  both codings: percent agreement, kappa, AC1 and alpha over the elements as categories, with
  the confusion table (rows: coding A, columns: coding B).

A statistic that is undefined (kappa when both coders answer the same for every segment,
alpha without variation) is None with a reason, never NaN. Bootstrap resamples where a
statistic is undefined are left out of its interval; with fewer than half defined there is no
interval. Formulas: see `themes.changemodel.agreement_stats`.
"""

from __future__ import annotations

import warnings
from collections.abc import Collection, Sequence
from typing import Any

import numpy as np

from themes.changemodel.agreement_report import (
    Agreement,
    AgreementReport,
    ConfusionTable,
    Disagreement,
    Estimate,
    report_csv,
)
from themes.changemodel.agreement_stats import (
    STATISTICS,
    UNDEFINED,
    binary_tables,
    bootstrap_weights,
    coefficients,
    library_alpha,
    library_kappa,
    percentile_interval,
)
from themes.changemodel.codings import Codings
from themes.core.errors import AgreementError
from themes.core.order import natural_key

__all__ = [
    "Agreement",
    "AgreementReport",
    "ConfusionTable",
    "Disagreement",
    "Estimate",
    "agreement",
    "report_csv",
]

RESAMPLES = 1000
SEED = 0
LEVEL = 0.95


def agreement(
    a: Codings,
    b: Codings,
    elements: Sequence[str] | None = None,
    segments: Collection[str] | None = None,
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    level: float = LEVEL,
) -> AgreementReport:
    """Compare coding `a` (e.g. the gold standard) with coding `b` (see the module docstring).

    `elements` limits (and orders) the elements scored, default every element either coding
    used on the scored segments; `segments` limits the segments scored (e.g. a held-out part).
    Raises `AgreementError` when no segment was coded in both or there is no element to score.
    """
    scope = set(segments) if segments is not None else None
    ids_a = {s for s in a.by_segment if scope is None or s in scope}
    ids_b = {s for s in b.by_segment if scope is None or s in scope}
    common = tuple(sorted(ids_a & ids_b, key=natural_key))
    if not common:
        raise AgreementError(
            f"no segment was coded in both {a.source} ({len(ids_a)} segments) and {b.source} "
            f"({len(ids_b)}); check that both use TRANSCRIPT:LINE ids of the same segmentation."
        )
    chosen = _elements(a, b, common, elements)
    col = {e: i for i, e in enumerate(chosen)}
    mat_a = np.zeros((len(common), len(chosen)), dtype=bool)
    mat_b = np.zeros_like(mat_a)
    for row, seg in enumerate(common):
        for mat, coding in ((mat_a, a), (mat_b, b)):
            for e in coding.by_segment[seg]:
                if e in col:
                    mat[row, col[e]] = True
    boot = _bootstrap(mat_a, mat_b, resamples, seed) if resamples > 0 else {}
    rows = tuple(
        _binary_row(e, mat_a[:, i], mat_b[:, i], _column(boot, "elements", i), level)
        for i, e in enumerate(chosen)
    )
    pooled = _binary_row("pooled", mat_a.ravel(), mat_b.ravel(), boot.get("pooled"), level)
    same = (mat_a == mat_b).all(axis=1)
    exact = _estimate(float(same.mean()), boot.get("exact"), level, "percent")
    single, confusion = _single_label(chosen, mat_a, mat_b, boot.get("single"), level)
    disagreements = tuple(
        Disagreement(
            seg,
            frozenset(e for e, on in zip(chosen, mat_a[i], strict=True) if on),
            frozenset(e for e, on in zip(chosen, mat_b[i], strict=True) if on),
        )
        for i, seg in enumerate(common)
        if not same[i]
    )
    return AgreementReport(
        source_a=a.source,
        source_b=b.source,
        segments=common,
        only_a=tuple(sorted(ids_a - ids_b, key=natural_key)),
        only_b=tuple(sorted(ids_b - ids_a, key=natural_key)),
        elements=rows,
        pooled=pooled,
        mean=_mean_row(rows, boot.get("mean"), level),
        exact=exact,
        single_label=single,
        confusion=confusion,
        disagreements=disagreements,
        resamples=max(resamples, 0),
        seed=seed,
        level=level,
    )


def _elements(
    a: Codings, b: Codings, common: Sequence[str], elements: Sequence[str] | None
) -> tuple[str, ...]:
    if elements is not None:
        chosen = tuple(dict.fromkeys(e.strip() for e in elements if e.strip()))
    else:
        used: set[str] = set()
        for seg in common:
            used |= a.by_segment[seg] | b.by_segment[seg]
        chosen = tuple(sorted(used))
    if not chosen and elements is not None:
        raise AgreementError("no element to score: the element list given is empty.")
    if not chosen:
        raise AgreementError(
            f"no element to score: neither {a.source} nor {b.source} gives an element to the "
            f"{len(common)} segments both coded; check the element column."
        )
    return chosen


def _bootstrap(mat_a: Any, mat_b: Any, resamples: int, seed: int) -> dict[str, Any]:
    """Every statistic on every resample: ``{part: {statistic: array (resamples[, E])}}``."""
    n, k = mat_a.shape
    same = (mat_a == mat_b).all(axis=1)
    parts = [mat_a & mat_b, mat_a & ~mat_b, ~mat_a & mat_b, same[:, None]]
    single = _single_indices(mat_a, mat_b)
    cell = single[0] * k + single[1] if single is not None else None  # confusion cell
    design = np.concatenate(parts, axis=1).astype(float)
    out: dict[str, list[Any]] = {}
    for weights in bootstrap_weights(n, resamples, seed):
        sums = weights @ design
        both, only_a, only_b = sums[:, :k], sums[:, k : 2 * k], sums[:, 2 * k : 3 * k]
        neither = n - both - only_a - only_b
        per = coefficients(binary_tables(both, only_a, only_b, neither))
        pooled = coefficients(
            binary_tables(both.sum(1), only_a.sum(1), only_b.sum(1), neither.sum(1))
        )
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an element undefined throughout
            mean = {s: np.nanmean(per[s], axis=1) for s in STATISTICS}
        chunk = {"elements": per, "pooled": pooled, "mean": mean}
        if cell is not None:
            tables = [np.bincount(cell, weights=w, minlength=k * k) for w in weights]
            chunk["single"] = coefficients(np.reshape(tables, (-1, k, k)))
        for part, stats in chunk.items():
            for s in STATISTICS:
                out.setdefault(f"{part}.{s}", []).append(stats[s])
        out.setdefault("exact", []).append(sums[:, 3 * k] / n)
    joined = {key: np.concatenate(values) for key, values in out.items()}
    result: dict[str, Any] = {"exact": joined.pop("exact")}
    for key, values in joined.items():
        part, stat = key.split(".")
        result.setdefault(part, {})[stat] = values
    return result


def _column(boot: dict[str, Any], part: str, i: int) -> dict[str, Any] | None:
    if part not in boot:
        return None
    return {s: boot[part][s][:, i] for s in STATISTICS}


def _binary_row(name: str, a: Any, b: Any, boot: dict[str, Any] | None, level: float) -> Agreement:
    n = int(a.size)
    ai, bi = a.astype(int), b.astype(int)
    table = binary_tables(
        int((a & b).sum()), int((a & ~b).sum()), int((~a & b).sum()), int((~a & ~b).sum())
    )
    closed = coefficients(np.asarray(table))
    values = {
        "percent": _value(closed["percent"]),
        "kappa": library_kappa(ai, bi, [0, 1]),
        "ac1": _value(closed["ac1"]),
        "alpha": library_alpha(ai, bi, [0, 1]),
    }
    return Agreement(
        name,
        n,
        float(a.mean()),
        float(b.mean()),
        **{s: _estimate(values[s], boot[s] if boot else None, level, s) for s in STATISTICS},
    )


def _mean_row(rows: Sequence[Agreement], boot: dict[str, Any] | None, level: float) -> Agreement:
    stats: dict[str, Estimate] = {}
    for s in STATISTICS:
        defined = [v for r in rows if (v := r.statistic(s).value) is not None]
        if defined:
            value = sum(defined) / len(defined)
            stats[s] = _estimate(value, boot[s] if boot else None, level, s)
        else:
            stats[s] = Estimate(None, reason=f"undefined for every element ({UNDEFINED[s]})")
    prev_a = [r.prevalence_a for r in rows if r.prevalence_a is not None]
    prev_b = [r.prevalence_b for r in rows if r.prevalence_b is not None]
    return Agreement(
        "mean of elements",
        rows[0].decisions * len(rows) if rows else 0,
        sum(prev_a) / len(prev_a) if prev_a else None,
        sum(prev_b) / len(prev_b) if prev_b else None,
        **stats,
    )


def _single_indices(mat_a: Any, mat_b: Any) -> tuple[Any, Any] | None:
    """Each segment's one element index in A and B, when both codings are single-label."""
    if mat_a.shape[1] < 2:
        return None
    if not ((mat_a.sum(axis=1) == 1).all() and (mat_b.sum(axis=1) == 1).all()):
        return None
    return mat_a.argmax(axis=1), mat_b.argmax(axis=1)


def _single_label(
    chosen: Sequence[str], mat_a: Any, mat_b: Any, boot: dict[str, Any] | None, level: float
) -> tuple[Agreement | None, ConfusionTable | None]:
    indices = _single_indices(mat_a, mat_b)
    if indices is None:
        return None, None
    ia, ib = indices
    k = len(chosen)
    counts = np.zeros((k, k), dtype=int)
    np.add.at(counts, (ia, ib), 1)
    closed = coefficients(counts)
    labels = list(range(k))
    values = {
        "percent": _value(closed["percent"]),
        "kappa": library_kappa(ia, ib, labels),
        "ac1": _value(closed["ac1"]),
        "alpha": library_alpha(ia, ib, labels),
    }
    row = Agreement(
        "single-label",
        int(len(ia)),
        None,
        None,
        **{s: _estimate(values[s], boot[s] if boot else None, level, s) for s in STATISTICS},
    )
    return row, ConfusionTable(tuple(chosen), tuple(tuple(int(x) for x in r) for r in counts))


def _value(array: Any) -> float | None:
    value = float(np.asarray(array))
    return None if np.isnan(value) else value


def _estimate(value: float | None, boot: Any, level: float, statistic: str) -> Estimate:
    if value is None:
        return Estimate(None, reason=UNDEFINED[statistic])
    interval = percentile_interval(boot, level) if boot is not None else None
    if interval is None:
        return Estimate(value)
    return Estimate(value, interval[0], interval[1])
