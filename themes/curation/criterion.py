"""One answer to "are these two themes one?", shared by `themes suggest-merges`, `themes
compare`, the report's similar themes and `themes saturation`.

Each segment of a theme has its `K` nearest segments among the *other* themes' segments
(cosine on the run's vectors). The **neighbour share** of a pair A, B is the share of those
neighbours of A's segments that lie in B, averaged with the same share for B's segments: how
much, when their segments look outside their own theme, they find the other one. The
verdict reads it against two thresholds calibrated on the analysts' real merges of the
SERDIF study (`benchmarks/merge_precision.py`: three runs, seeds 42-44, 40-41 themes
dominated by 17-18 final codes; a pair of themes dominated by one final code is one the
analysts merged; `benchmarks/results/merge_precision.json`):

- ``merge`` at `MERGE_SHARE` (35 %) or more: 9 of the 10 such pairs were one final code;
- ``look closer`` from `CLOSE_SHARE` (25 %): 13 of 20 were;
- ``keep apart`` below: 5.5 % were (6.4 % of all pairs).

Ranked by the neighbour share, 8, 7 and 8 of the top 10 pairs were one final code
(precision@10 0.77; by centroid cosine alone 0.27, by the score used before, 0.75 cosine +
0.25 keyword overlap, 0.33). The centres' cosine is shown beside it, as a check the analyst
can read, but decides nothing: on SERDIF it did not tell merges apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from itertools import combinations
from typing import Any, TypeVar

import numpy as np

from themes.discovery.embed import unit_mean

K = 10  # nearest other-theme segments per segment
MERGE_SHARE = 0.35
CLOSE_SHARE = 0.25
BLOCK = 256  # rows compared at a time (memory stays flat on large studies)
MERGE, CLOSER, APART = "merge", "look closer", "keep apart"

_F = TypeVar("_F", bound=Callable[..., Any])


@contextmanager
def one_thread() -> Iterator[None]:
    """BLAS on one thread: curation's products are small (a few hundred rows at a time), where
    threads cost more than they save, and on a busy machine far more."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - installed with scikit-learn
        yield
        return
    with threadpool_limits(1, user_api="blas"):
        yield


def single_threaded(func: _F) -> _F:
    """Run `func` with `one_thread`."""

    @wraps(func)
    def inner(*args: Any, **kwargs: Any) -> Any:
        with one_thread():
            return func(*args, **kwargs)

    return inner  # type: ignore[return-value]


@dataclass(frozen=True)
class PairEvidence:
    a: int
    b: int
    share: float  # neighbour share of the pair (mean of the two below)
    a_share: float  # of A's segments' nearest other-theme segments, the share in B
    b_share: float  # ... of B's in A
    centroid_cosine: float  # cosine of the two themes' centres (for reading, not deciding)

    @property
    def verdict(self) -> str:
        if self.share >= MERGE_SHARE:
            return MERGE
        return CLOSER if self.share >= CLOSE_SHARE else APART

    @property
    def reason(self) -> str:
        """The verdict in words the analyst can check."""
        found = (
            f"{self.share:.0%} of their segments' {K} nearest segments in other themes are in "
            f"the other one ({self.a_share:.0%} of theme {self.a}'s, {self.b_share:.0%} of "
            f"theme {self.b}'s); centres {self.centroid_cosine:.2f} similar"
        )
        if self.verdict == MERGE:
            rule = f"{MERGE_SHARE:.0%} or more: merge"
        elif self.verdict == CLOSER:
            rule = (
                f"{CLOSE_SHARE:.0%} to {MERGE_SHARE:.0%}: often one theme; read the closest "
                "quote pairs before deciding"
            )
        else:
            rule = f"below {CLOSE_SHARE:.0%}: keep apart"
        return f"{self.verdict}: {found} ({rule})."


class Neighbours:
    """The neighbour shares of pairs of themes, from each theme's member vectors (unit rows).

    Rows are compared in fixed blocks of `BLOCK` (by their place in the themes' id order),
    and a block is always computed the same way, so a pair gets the same figures whether
    every pair is asked for (`ranked`) or only themes `only` (`pair`, as `compare` asks)."""

    def __init__(self, groups: Mapping[int, np.ndarray], only: Iterable[int] | None = None) -> None:
        self.ids = [tid for tid in sorted(groups) if len(groups[tid]) > 0]
        self.index = {tid: i for i, tid in enumerate(self.ids)}
        mats = [np.asarray(groups[tid], dtype=np.float32) for tid in self.ids]
        n_groups = len(self.ids)
        self.sizes = np.array([len(m) for m in mats], dtype=np.int64)
        self.counts = np.zeros((n_groups, n_groups), dtype=np.float64)
        self.centres = (
            np.vstack([unit_mean(m) for m in mats]) if mats else np.zeros((0, 0), np.float32)
        )
        self.k = np.zeros(n_groups, dtype=np.int64)  # neighbours per segment, by theme
        self.done: set[int] = set()  # themes whose rows were compared
        if n_groups < 2:
            return
        x = np.vstack(mats)
        label = np.repeat(np.arange(n_groups), self.sizes)
        bounds = np.concatenate([[0], np.cumsum(self.sizes)])
        self.k = np.minimum(K, len(x) - self.sizes)
        wanted = set(range(n_groups)) if only is None else {self.index[t] for t in only}
        for start in range(0, len(x), BLOCK):
            rows = np.arange(start, min(start + BLOCK, len(x)))
            if not wanted & set(label[rows].tolist()):
                continue
            sims = x[rows] @ x.T
            own = label[rows]
            for g in np.unique(own):  # a theme's rows are contiguous: mask its own columns
                sims[own == g, bounds[g] : bounds[g + 1]] = -np.inf
            k = int(self.k[own].max())
            nearest = np.argpartition(-sims, k - 1, axis=1)[:, :k]
            if int(self.k[own].min()) < k:  # a theme with fewer other segments than K
                order = np.argsort(-np.take_along_axis(sims, nearest, axis=1), axis=1)
                nearest = np.take_along_axis(nearest, order, axis=1)
                keep = np.arange(k)[None, :] < self.k[own][:, None]
            else:
                keep = np.ones(nearest.shape, dtype=bool)
            pairs = np.repeat(own, k) * n_groups + label[nearest].ravel()
            self.counts += np.bincount(pairs[keep.ravel()], minlength=n_groups * n_groups).reshape(
                n_groups, n_groups
            )
        self.done = {self.ids[g] for g in wanted}

    def pair(self, a: int, b: int) -> PairEvidence | None:
        """The evidence for themes `a` and `b`; None when either has no vector."""
        if a not in self.done or b not in self.done:
            return None
        i, j = self.index[a], self.index[b]
        a_share = float(self.counts[i, j] / (self.sizes[i] * self.k[i]))
        b_share = float(self.counts[j, i] / (self.sizes[j] * self.k[j]))
        return PairEvidence(
            a=a,
            b=b,
            share=round((a_share + b_share) / 2, 4),
            a_share=round(a_share, 4),
            b_share=round(b_share, 4),
            centroid_cosine=round(float(self.centres[i] @ self.centres[j]), 4),
        )

    def ranked(self) -> list[PairEvidence]:
        """Every pair whose rows were compared, most likely one theme first (share, then
        cosine, then ids)."""
        found = [self.pair(a, b) for a, b in combinations(self.ids, 2)]
        pairs = [p for p in found if p is not None]
        pairs.sort(key=lambda p: (-p.share, -p.centroid_cosine, p.a, p.b))
        return pairs


@single_threaded
def neighbours(
    vectors: Mapping[str, np.ndarray],
    members: Mapping[int, Sequence[str]],
    only: Iterable[int] | None = None,
) -> Neighbours:
    """`Neighbours` of themes given as theme id -> member segment ids (members without a
    vector are left out); `only`: compare the rows of these themes only."""
    groups = {tid: [vectors[s] for s in ids if s in vectors] for tid, ids in members.items()}
    kept = {tid: np.vstack(rows) for tid, rows in groups.items() if rows}
    return Neighbours(kept, None if only is None else [t for t in only if t in kept])
