"""Describe curated themes: unchanged run themes are kept, changed ones are described again."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from themes.core.config import DescribeConfig
from themes.core.types import Segment, Theme
from themes.curation.replay import EXCLUDED, CuratedState

VectorsFor = Callable[[Sequence[Segment]], np.ndarray]


def _empty(theme_id: int, label: str) -> Theme:
    return Theme(
        id=theme_id,
        label=label,
        keywords=(),
        size=0,
        segment_ids=(),
        exemplar_ids=(),
        n_transcripts=0,
        n_participants=0,
        top_share=0.0,
        one_voice=True,
        spread={},
        prompt_share=0.0,
        top_prompt=None,
    )


def curated_themes(
    state: CuratedState,
    run_themes: Sequence[Theme],
    segments: Mapping[str, Segment],
    vectors_for: VectorsFor,
    config: DescribeConfig,
) -> tuple[Theme, ...]:
    """One `Theme` per curated theme, in id order.

    A theme whose members are exactly a run theme's keeps that description (and stability).
    Changed themes get keywords (class-based TF-IDF against every curated theme), label,
    exemplars and spread computed again from their members' cached vectors.
    """
    from themes.discovery.describe import describe_themes

    by_id = {t.id: t for t in run_themes}
    kept: dict[int, Theme] = {}
    changed: list[int] = []
    for ct in state.themes:
        run_theme = by_id.get(ct.id)
        if run_theme is not None and set(run_theme.segment_ids) == set(ct.segment_ids):
            kept[ct.id] = replace(run_theme, segment_ids=tuple(ct.segment_ids))
        elif ct.segment_ids:
            changed.append(ct.id)
    if changed:
        groups = [ct for ct in state.themes if ct.segment_ids]
        rows: list[Segment] = []
        labels: list[int] = []
        for c, ct in enumerate(groups):
            rows.extend(segments[s] for s in ct.segment_ids)
            labels.extend([c] * len(ct.segment_ids))
        loose = [
            a.segment_id
            for a in state.assignments
            if a.theme_id is None and a.assigned_by != EXCLUDED and a.segment_id in segments
        ]
        rows.extend(segments[s] for s in loose)
        labels.extend([-1] * len(loose))
        how = {a.segment_id: a.assigned_by for a in state.assignments}
        core = np.array([how.get(s.id) != "nearest" for s in rows], dtype=bool)
        described = describe_themes(rows, vectors_for(rows), np.array(labels), core, config)
        for ct, theme in zip(groups, described, strict=True):
            if ct.id in changed:
                kept[ct.id] = replace(theme, id=ct.id)
    out = []
    for ct in state.themes:
        if ct.id in kept:
            out.append(kept[ct.id])
        else:
            label = by_id[ct.id].label if ct.id in by_id else "(empty)"
            out.append(_empty(ct.id, label))
    return tuple(out)
