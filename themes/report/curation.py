"""The analyst's part of the report: decision log, names/definitions/memos, saturation curve."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from themes.curation.view import ProjectView
from themes.report.model import AnalystNote, DecisionEntry, SaturationRow, ThemeCard

if TYPE_CHECKING:
    import numpy as np


def decision_entries(view: ProjectView) -> tuple[DecisionEntry, ...]:
    """Every event of the run's decision log, oldest first, with its status (in force,
    cancelled by N, no effect, invalid)."""
    from themes.curation.events import describe_event

    statuses = view.statuses()
    return tuple(
        DecisionEntry(
            e.id, e.created_at, e.analyst, e.kind, describe_event(e), e.memo, statuses[e.id]
        )
        for e in view.events
    )


def annotate_cards(cards: Sequence[ThemeCard], view: ProjectView) -> tuple[ThemeCard, ...]:
    """Cards with the analyst's name, definition, inclusion/exclusion notes and memos."""
    out = []
    for card in cards:
        notes = view.notes(card.id)
        if notes is None:
            out.append(card)
            continue
        out.append(
            replace(
                card,
                name=notes.name or card.name,
                definition=notes.definition,
                include_note=notes.include,
                exclude_note=notes.exclude,
                memos=tuple(
                    AnalystNote(m.event_id, m.analyst, m.created_at, m.text) for m in notes.memos
                ),
            )
        )
    return tuple(out)


def saturation_rows(
    view: ProjectView,
    batches: Mapping[str, int],
    vectors: Mapping[str, np.ndarray] | None = None,
    codes: Mapping[str, frozenset[str]] | None = None,
) -> tuple[SaturationRow, ...]:
    """The curve of `themes saturation` (order: added): new themes by the same rules, with
    the near-duplicate check when `vectors` are given, and new codes when `codes` are."""
    from themes.curation.saturation import saturation

    return tuple(
        SaturationRow(
            p.position,
            p.transcript_id,
            p.batch,
            p.n_segments,
            p.n_fit,
            p.n_new_themes,
            p.n_themes,
            p.n_new_codes,
            p.n_codes,
            "; ".join(f"{tid}: {why}" for tid, why in p.not_counted),
        )
        for p in saturation(view, batches, vectors=vectors, codes=codes)
    )


def saturation_chart(
    rows: Sequence[SaturationRow], width: int = 640, height: int = 220, pad: int = 36
) -> dict[str, Any]:
    """Geometry of an inline SVG line chart: themes seen so far against transcripts added."""
    if not rows:
        return {}
    n = len(rows)
    with_codes = any(r.n_codes is not None for r in rows)
    top = max(max(max(r.n_themes, r.n_codes or 0) for r in rows), 1)
    w, h = width - 2 * pad, height - 2 * pad

    def xy(i: int, value: int) -> tuple[float, float]:
        x = pad + (w * i / max(n - 1, 1))
        return round(x, 1), round(pad + h - h * value / top, 1)

    points = [xy(i, r.n_themes) for i, r in enumerate(rows)]
    dots = [
        {
            "x": x,
            "y": y,
            "batch": r.batch,
            "new": r.n_new_themes,
            "title": f"{r.position}. {r.transcript_id} (batch {r.batch}): {r.n_new_themes} new, "
            f"{r.n_themes} themes so far"
            + (f"; {r.n_new_codes} new, {r.n_codes} codes so far" if with_codes else ""),
        }
        for (x, y), r in zip(points, rows, strict=True)
    ]
    breaks = [xy(i, 0)[0] for i in range(1, n) if rows[i].batch != rows[i - 1].batch]
    return {
        "width": width,
        "height": height,
        "pad": pad,
        "top": top,
        "n": n,
        "polyline": " ".join(f"{x},{y}" for x, y in points),
        "codes": " ".join("{},{}".format(*xy(i, r.n_codes or 0)) for i, r in enumerate(rows))
        if with_codes
        else "",
        "dots": dots,
        "breaks": breaks,
        "bottom": pad + h,
        "right": pad + w,
    }
