"""The report's "Set aside" section: segments kept out of the themes, and why."""

from __future__ import annotations

from collections import Counter

from themes.core.types import Segment
from themes.curation.replay import EXCLUDED
from themes.curation.view import ProjectView
from themes.discovery.setaside import status_of
from themes.report.model import Count, SetAside, SetAsideItem

LISTED = ("echo", "filler", "excluded")  # statuses whose segments are listed one by one
COUNTED = ("short", *LISTED)


def _status(view: ProjectView, seg: Segment) -> tuple[str, str]:
    assignment = view.assignments.get(seg.id)
    if assignment is not None and assignment.assigned_by == EXCLUDED:
        return "excluded", "set aside by the analyst"
    return status_of(seg, assignment is not None)


def set_aside_section(view: ProjectView, set_aside_on: bool = True) -> SetAside:
    """Counts of short, echo, filler and analyst-excluded segments among the segments of the
    clustered speakers (those in the run, or left out for one of these reasons), and the
    echo, filler and excluded segments in transcript order."""
    statuses = [(seg, *_status(view, seg)) for seg in view.segments.values()]
    eligible = [(s, k, r) for s, k, r in statuses if k in COUNTED or k == "clustered"]
    counts = Counter(k for _, k, _ in eligible if k in COUNTED)
    total = max(1, len(eligible))
    return SetAside(
        counts=tuple(Count(k, counts[k], round(counts[k] / total, 4)) for k in COUNTED),
        items=tuple(
            SetAsideItem(s.id, s.text, s.speaker, s.location, k, r)
            for s, k, r in statuses
            if k in LISTED
        ),
        clustered_back=not set_aside_on,
    )
