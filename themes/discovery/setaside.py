"""Segments set aside before discovery: echoes of a prompt and fillers.

A segment is marked, with its reason in `Segment.skip_reason`:
- ``filler``: nothing but fillers, backchannels and talk about the session ("Okay, yeah, so
  I think that one's done."), or a transcriber's note alone (`talk.filler_reason`;
  decided when segmenting).
- ``echo``: it restates a prompt (a question or task read aloud): at least
  `segment.echo_overlap` of its word pairs are in one prompt of the study, and its embedding
  is at least `segment.echo_similarity` (cosine) from that prompt's. Or it recites a shared
  text: near word for word (the same share of word pairs, both ways) what participants say in
  at least `segment.echo_recited` transcripts, with the same embedding similarity; read-out
  task sheets and screen text look like this, answers never do.

With `segment.set_aside: true` (the default) marked segments are not clustered; they stay in
the project, the report's set-aside section and exports (status ``echo`` / ``filler``). With
``false`` they are clustered and keep their mark, so a theme made mostly of them is flagged.
Word pairs skip fillers, numbers and item labels, and pairs of two function words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from themes.core.config import Config
from themes.core.types import Segment
from themes.discovery.embed import Embedder, embed_texts
from themes.discovery.talk import is_function, is_talk, neutral, strip_notes, words

if TYPE_CHECKING:
    from themes.store.project import Project

Embed = Callable[[Sequence[str]], np.ndarray]  # texts -> unit rows
ECHO, FILLER = "echo", "filler"
# Fewer word pairs than this cannot show an echo: of a prompt ("so, the heat map" is two), or
# of what others recite (which takes `segment.echo_recited` transcripts, so fewer will do).
MIN_PROMPT_PAIRS, MIN_RECITED_PAIRS = 3, 2


def mark_kind(seg: Segment) -> str:
    """``echo``, ``filler`` or "" from a segment's mark."""
    head = seg.skip_reason.split(":", 1)[0]
    return head if head in (ECHO, FILLER) else ""


def word_pairs(text: str) -> frozenset[tuple[str, str]]:
    """Adjacent word pairs of a text without its notes, fillers and item labels; a pair of two
    function words says nothing about which text it came from and is left out."""
    kept = [w for w in words(strip_notes(text)) if not is_talk(w) and not neutral(w)]
    return frozenset(
        (a, b)
        for a, b in zip(kept, kept[1:], strict=False)
        if not is_function(a) or not is_function(b)
    )


@dataclass(frozen=True)
class _Pairs:
    """Texts as rows of a sparse 0/1 matrix over word pairs, and each row's pair count."""

    matrix: Any  # scipy.sparse.csr_matrix
    sizes: np.ndarray


def _pair_matrices(groups: Sequence[Sequence[str]]) -> list[_Pairs]:
    """One matrix per group of texts, over one shared vocabulary of word pairs."""
    from scipy.sparse import csr_matrix

    vocabulary: dict[tuple[str, str], int] = {}
    coded = [
        [[vocabulary.setdefault(p, len(vocabulary)) for p in sorted(word_pairs(t))] for t in texts]
        for texts in groups
    ]
    width = max(1, len(vocabulary))
    out = []
    for rows in coded:
        indptr = np.cumsum([0, *(len(r) for r in rows)])
        indices = np.fromiter((c for r in rows for c in r), dtype=np.int64, count=int(indptr[-1]))
        data = np.ones(indices.size, dtype=np.float32)
        matrix = csr_matrix((data, indices, indptr), shape=(len(rows), width))
        out.append(_Pairs(matrix, np.diff(indptr)))
    return out


def _overlaps(
    a: _Pairs, b: _Pairs, share: float, both_ways: bool, min_pairs: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows of a, rows of b, share) where at least `share` of a row of a's pairs (and, both
    ways, of b's) are in the row of b."""
    shared = (a.matrix @ b.matrix.T).tocoo()
    i, j, n = shared.row, shared.col, shared.data
    denominator = a.sizes[i].astype(np.float64)
    if both_ways:
        denominator = np.maximum(denominator, b.sizes[j])
    fraction = n / np.maximum(denominator, 1)
    keep = (fraction >= share) & (a.sizes[i] >= min_pairs)
    return i[keep], j[keep], fraction[keep]


def prompt_texts(segments: Sequence[Segment], prompt_roles: Sequence[str]) -> list[str]:
    """Every prompt of the study, once each, in a stable order."""
    found = {s.prompt for s in segments if s.prompt}
    found |= {s.text for s in segments if s.role in prompt_roles}
    return sorted(found)


def echo_reasons(
    candidates: Sequence[Segment], prompts: Sequence[str], embed: Embed, config: Config
) -> dict[str, str]:
    """Segment id -> why it is an echo, for the candidates that are."""
    settings = config.segment
    if not candidates:
        return {}
    texts = [s.text for s in candidates]
    seg_pairs, prompt_pairs = _pair_matrices([texts, list(prompts)])
    out: dict[str, str] = {}
    rows, cols, shares = _overlaps(
        seg_pairs, prompt_pairs, settings.echo_overlap, False, MIN_PROMPT_PAIRS
    )
    if rows.size:
        needed_rows = sorted(set(rows.tolist()))
        needed_prompts = sorted(set(cols.tolist()))
        seg_vec = dict(zip(needed_rows, embed([texts[i] for i in needed_rows]), strict=True))
        prompt_vec = dict(
            zip(needed_prompts, embed([prompts[j] for j in needed_prompts]), strict=True)
        )
        best: dict[int, tuple[float, float]] = {}
        for i, j, share in zip(rows.tolist(), cols.tolist(), shares.tolist(), strict=True):
            cosine = float(seg_vec[i] @ prompt_vec[j])
            if cosine >= settings.echo_similarity and (share, cosine) > best.get(i, (-1, -1)):
                best[i] = (share, cosine)
        for i, (share, cosine) in best.items():
            out[candidates[i].id] = (
                f"{ECHO}: restates a prompt ({share:.0%} of its word pairs, cosine {cosine:.2f})"
            )
    if settings.echo_recited > 0:
        out.update(_recited(candidates, seg_pairs, embed, config, skip=out))
    return out


def _recited(
    candidates: Sequence[Segment],
    pairs: _Pairs,
    embed: Embed,
    config: Config,
    skip: Mapping[str, str],
) -> dict[str, str]:
    """Candidates said near word for word in at least `segment.echo_recited` transcripts."""
    settings = config.segment
    rows, cols, _ = _overlaps(pairs, pairs, settings.echo_overlap, True, MIN_RECITED_PAIRS)
    transcript = [s.transcript_id for s in candidates]
    alike: dict[int, list[int]] = {}
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if transcript[i] != transcript[j]:
            alike.setdefault(i, []).append(j)
    wanted = settings.echo_recited - 1  # other transcripts besides its own
    groups = {
        i: js
        for i, js in alike.items()
        if len({transcript[j] for j in js}) >= wanted and candidates[i].id not in skip
    }
    if not groups:
        return {}
    involved = sorted({i for i in groups} | {j for js in groups.values() for j in js})
    vectors = dict(zip(involved, embed([candidates[k].text for k in involved]), strict=True))
    out = {}
    for i, js in groups.items():
        close = {
            transcript[j] for j in js if float(vectors[i] @ vectors[j]) >= settings.echo_similarity
        }
        if len(close) >= wanted:
            out[candidates[i].id] = (
                f"{ECHO}: recites a shared text (near word for word in {len(close) + 1} "
                "transcripts)"
            )
    return out


def set_aside(
    segments: Sequence[Segment], reasons: Mapping[str, str], config: Config
) -> tuple[Segment, ...]:
    """The segments with their echo marks; marked segments leave discovery unless
    `segment.set_aside` is false."""
    if not reasons:
        return tuple(segments)
    keep = not config.segment.set_aside
    return tuple(
        replace(s, clustered=keep, skip_reason=reasons[s.id]) if s.id in reasons else s
        for s in segments
    )


def mark_echoes(
    segments: Sequence[Segment],
    candidates: Sequence[Segment],
    config: Config,
    embedder: Embedder,
    project: Project | None,
) -> tuple[Segment, ...]:
    """`segments` with the clustering `candidates` that echo a prompt or a shared text marked
    (and set aside, as `segment.set_aside` says); vectors come from the project's cache."""
    prompts = prompt_texts(segments, config.speakers.prompt_roles)
    reasons = echo_reasons(
        candidates, prompts, lambda texts: embed_texts(texts, embedder, project), config
    )
    return set_aside(segments, reasons, config)


def status_of(seg: Segment, in_run: bool) -> tuple[str, str]:
    """(status, reason) of a segment: ``clustered`` when it is in the run (the reason is its
    mark, if echo or filler were clustered), else ``echo``, ``filler``, ``short``,
    ``not-selected`` (a speaker or role that is not clustered) or ``not-in-run``. Whether an
    analyst excluded it is for the caller, which knows the decisions."""
    if in_run:
        return "clustered", seg.skip_reason
    head = seg.skip_reason.split(":", 1)[0]
    if head in (ECHO, FILLER, "short"):
        return head, seg.skip_reason
    if seg.skip_reason:
        return "not-selected", seg.skip_reason
    return "not-in-run", "not in this run"
