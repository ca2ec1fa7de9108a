"""One theme's evidence, segment by segment (`themes show`): where each segment is
(transcript:line), who said it, the prompt it answers, how it joined the theme, and the text.

Segments come in transcript order; the theme's exemplars are marked. Without `every`, the
first `most` are listed and the rest counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from themes.core.types import Theme
from themes.curation.view import ProjectView, require_theme

MOST = 20


@dataclass(frozen=True)
class ShownSegment:
    segment_id: str
    location: str  # transcript:line or transcript:first-last
    speaker: str
    prompt: str | None
    assigned_by: str  # hdbscan, nearest, analyst, added
    exemplar: bool
    text: str


@dataclass(frozen=True)
class ThemeSegments:
    theme: Theme
    title: str  # the analyst's name, else the run's label
    segments: tuple[ShownSegment, ...]
    n_total: int  # every segment of the theme (more than listed without `every`)


def theme_segments(
    view: ProjectView, theme_id: int, every: bool = False, most: int = MOST
) -> ThemeSegments:
    """The segments of theme `theme_id` (see the module docstring)."""
    theme = require_theme(view, theme_id)
    members = set(theme.segment_ids)
    ordered = [s for s in view.order if s in members]
    exemplars = set(theme.exemplar_ids)
    shown = ordered if every else ordered[:most]
    rows = tuple(
        ShownSegment(
            segment_id=s,
            location=view.segments[s].location,
            speaker=view.segments[s].speaker,
            prompt=view.segments[s].prompt,
            assigned_by=view.assignments[s].assigned_by,
            exemplar=s in exemplars,
            text=view.segments[s].text,
        )
        for s in shown
    )
    return ThemeSegments(theme, view.title(theme_id), rows, len(ordered))
