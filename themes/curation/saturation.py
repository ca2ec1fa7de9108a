"""Saturation: how many new themes each transcript brings, in the order transcripts were added.

The initial run's transcripts are the first batch (in transcript-id order); each `themes add`
is a later batch. A theme is *new* at the first transcript that has a segment in it; a
segment *fits* when its theme had already appeared in an earlier transcript.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from themes.curation.replay import EXCLUDED
from themes.curation.view import ProjectView


@dataclass(frozen=True)
class SaturationPoint:
    position: int  # 1-based
    transcript_id: str
    batch: int  # 1: the initial run; 2..: each `themes add`
    n_segments: int  # clustered segments in the view (excluded ones left out)
    n_fit: int  # in a theme that had appeared before this transcript
    n_unassigned: int
    n_new_themes: int  # themes that first appear here
    n_themes: int  # themes seen so far (the curve)


def saturation(view: ProjectView, batches: Mapping[str, int]) -> tuple[SaturationPoint, ...]:
    per: dict[str, list[str]] = {}
    for seg_id in view.order:
        if view.assignments[seg_id].assigned_by == EXCLUDED:
            continue
        per.setdefault(view.segments[seg_id].transcript_id, []).append(seg_id)
    order = sorted(per, key=lambda t: (batches.get(t, 1), t))
    seen: set[int] = set()
    out = []
    for pos, tid in enumerate(order, start=1):
        themes = [view.assignments[s].theme_id for s in per[tid]]
        fit = sum(1 for t in themes if t is not None and t in seen)
        new = {t for t in themes if t is not None and t not in seen}
        seen |= new
        out.append(
            SaturationPoint(
                position=pos,
                transcript_id=tid,
                batch=batches.get(tid, 1),
                n_segments=len(themes),
                n_fit=fit,
                n_unassigned=sum(1 for t in themes if t is None),
                n_new_themes=len(new),
                n_themes=len(seen),
            )
        )
    return tuple(out)
