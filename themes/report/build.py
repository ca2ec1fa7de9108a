"""Build the report model from a project view (plus transcripts and cached vectors)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from themes.errors import ProjectError
from themes.project import Project
from themes.report.cards import single_speaker_transcripts, theme_card, truncate
from themes.report.cross import context_fields, cross_tables
from themes.report.curation import annotate_cards, decision_entries, saturation_rows
from themes.report.model import (
    DecisionEntry,
    MappingEntry,
    MapPoint,
    ReportModel,
    SaturationRow,
    Similarity,
    UnassignedItem,
)
from themes.report.overview import build_overview
from themes.report.palette import UNASSIGNED
from themes.report.similarity import centroid_similarity
from themes.types import Segment, Transcript
from themes.vectors import run_config, view_vectors
from themes.view import ProjectView, load_view

MAP_QUOTE_CHARS = 160
EXCLUDED = "excluded"  # assigned_by of segments an analyst set aside (themes.curate)


def _location(seg: Segment) -> str:
    if seg.line_end > seg.line_start:
        return f"{seg.transcript_id}:{seg.line_start}-{seg.line_end}"
    return f"{seg.transcript_id}:{seg.line_start}"


def map_points(view: ProjectView, max_points: int) -> tuple[tuple[MapPoint, ...], str]:
    """Every clustered segment with coordinates, evenly thinned to `max_points` if needed."""
    ids = [
        i
        for i in view.order
        if i in view.coords and i in view.segments and view.assignments[i].assigned_by != EXCLUDED
    ]
    note = ""
    if max_points and len(ids) > max_points:
        step = len(ids) / max_points
        ids = [ids[int(k * step)] for k in range(max_points)]
        note = f"Showing {len(ids)} of {len(view.coords)} segments (report.max_map_points)."
    points = []
    for seg_id in ids:
        seg = view.segments[seg_id]
        x, y = view.coords[seg_id]
        points.append(
            MapPoint(
                x=float(x),
                y=float(y),
                theme_id=view.assignments[seg_id].theme_id,
                segment_id=seg_id,
                quote=truncate(seg.text, MAP_QUOTE_CHARS),
                speaker=seg.speaker,
                location=_location(seg),
            )
        )
    return tuple(points), note


def theme_similarity(view: ProjectView, vectors: Mapping[str, np.ndarray]) -> Similarity:
    members = {t.id: [vectors[i] for i in t.segment_ids if i in vectors] for t in view.themes}
    similarity = centroid_similarity(members)
    if similarity.note:
        return similarity
    missing = sum(1 for t in view.themes for i in t.segment_ids if i not in vectors)
    note = (
        f"Cosine similarity between the mean vectors ({view.run.get('model_id', '')}) of "
        "each theme's segments as they were clustered (prompt context as configured), the "
        "same vectors `themes compare` and `themes suggest-merges` use."
    )
    if missing:
        note += f" {missing} segment(s) had no cached embedding and are left out."
    return Similarity(similarity.theme_ids, similarity.matrix, similarity.top_pairs, note)


def build_report(
    view: ProjectView,
    transcripts: Sequence[Transcript],
    vectors: Mapping[str, np.ndarray],
    *,
    project_name: str = "",
    decisions: Sequence[DecisionEntry] = (),
    mappings: Sequence[MappingEntry] = (),
    saturation: Sequence[SaturationRow] = (),
) -> ReportModel:
    """The report of one view; `vectors` maps segment id -> its vector as clustered."""
    settings = run_config(view.run)  # the run's settings over today's defaults
    by_id = {t.id: t for t in transcripts}
    clustered = [view.segments[i] for i in view.order if i in view.segments]
    fields = list(settings.report.context_fields) or context_fields(clustered)
    single = single_speaker_transcripts(view)
    cards = tuple(
        theme_card(
            t,
            view,
            by_id,
            settings.describe.prompt_concentration,
            fields,
            single,
        )
        for t in view.themes
    )
    cards = annotate_cards(cards, view)  # the analyst's names, definitions and memos
    points, map_note = map_points(view, settings.report.max_map_points)
    theme_of = {i: a.theme_id for i, a in view.assignments.items()}
    return ReportModel(
        overview=build_overview(view, len(transcripts), project_name),
        themes=cards,
        points=points,
        map_note=map_note,
        similarity=theme_similarity(view, vectors),
        cross_tables=cross_tables(clustered, theme_of, [t.id for t in view.themes], fields),
        unassigned=tuple(
            UnassignedItem(s.id, s.text, s.speaker, _location(s), s.prompt)
            for s in view.unassigned()
        ),
        decisions=tuple(decisions),
        mappings=tuple(mappings),
        unassigned_colour=UNASSIGNED,
        saturation=tuple(saturation),
    )


def report_from_project(project: Project, run_id: int | None = None) -> ReportModel:
    """Load the run's view, transcripts and cached vectors, and build its report."""
    view = load_view(project, run_id)
    try:
        vectors = view_vectors(project, view)
    except ProjectError:  # a damaged cache: the report still renders, similarity explains
        vectors = {}
    return build_report(
        view,
        project.transcripts(),
        vectors,
        project_name=project.folder.resolve().name,
        decisions=decision_entries(view),
        saturation=saturation_rows(view, project.transcript_batches()),
    )
