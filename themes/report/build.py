"""Build the report model from a project view (plus transcripts and cached vectors)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from themes.core.errors import ProjectError
from themes.core.types import Transcript
from themes.curation.criterion import CLOSE_SHARE, MERGE_SHARE, K
from themes.curation.replay import EXCLUDED
from themes.curation.saturation import element_evidence
from themes.curation.view import ProjectView, load_view
from themes.discovery.run_vectors import run_config, view_vectors
from themes.report.analyses import report_analyses
from themes.report.cards import single_speaker_transcripts, theme_card, truncate
from themes.report.change_model import change_model_section
from themes.report.cross import context_fields
from themes.report.curation import annotate_cards, decision_entries, saturation_rows
from themes.report.model import (
    ChangeModelSection,
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
from themes.report.set_aside import set_aside_section
from themes.report.similarity import merge_candidates
from themes.store.project import Project

MAP_QUOTE_CHARS = 160
PLACE_NEIGHBOURS = 5  # segments added after a run sit at the mean position of this many


def placed_coords(
    view: ProjectView, vectors: Mapping[str, np.ndarray], k: int = PLACE_NEIGHBOURS
) -> dict[str, tuple[float, float]]:
    """Map positions for segments added after the run (`themes add`), which UMAP never saw:
    the mean position of each one's k nearest segments of the run (cosine on the run's
    vectors). The map itself is not recomputed, so earlier positions never move."""
    added = [i for i in view.order if i not in view.coords and i in vectors]
    anchors = [i for i in view.coords if i in vectors]
    if not added or not anchors:
        return {}
    k = min(k, len(anchors))
    similarity = np.vstack([vectors[i] for i in added]) @ np.vstack([vectors[i] for i in anchors]).T
    nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
    xy = np.asarray([view.coords[i] for i in anchors], dtype=np.float64)
    return {
        seg_id: (round(float(x), 4), round(float(y), 4))
        for seg_id, (x, y) in zip(added, xy[nearest].mean(axis=1), strict=True)
    }


def map_points(
    view: ProjectView, max_points: int, placed: Mapping[str, tuple[float, float]] | None = None
) -> tuple[tuple[MapPoint, ...], str]:
    """Every clustered segment with coordinates, evenly thinned to `max_points` if needed.

    `placed`: positions of segments added after the run (see `placed_coords`).
    """
    coords = {**view.coords, **(placed or {})}
    ids = [
        i
        for i in view.order
        if i in coords and i in view.segments and view.assignments[i].assigned_by != EXCLUDED
    ]
    notes = []
    if placed:
        notes.append(
            f"{len(placed)} segment(s) added after the run are placed at the mean position of "
            f"their {PLACE_NEIGHBOURS} most similar segments of the run."
        )
    if max_points and len(ids) > max_points:
        step = len(ids) / max_points
        ids = [ids[int(k * step)] for k in range(max_points)]
        notes.append(f"Showing {len(ids)} of {len(coords)} segments (report.max_map_points).")
    note = " ".join(notes)
    points = []
    for seg_id in ids:
        seg = view.segments[seg_id]
        x, y = coords[seg_id]
        points.append(
            MapPoint(
                x=float(x),
                y=float(y),
                theme_id=view.assignments[seg_id].theme_id,
                segment_id=seg_id,
                quote=truncate(seg.text, MAP_QUOTE_CHARS),
                speaker=seg.speaker,
                location=seg.location,
            )
        )
    return tuple(points), note


def theme_similarity(view: ProjectView, vectors: Mapping[str, np.ndarray]) -> Similarity:
    found = merge_candidates(vectors, {t.id: t.segment_ids for t in view.themes})
    if not found.top_pairs:
        return found
    missing = sum(1 for t in view.themes for i in t.segment_ids if i not in vectors)
    note = (
        f"Each segment's {K} nearest segments in other themes ({view.run.model_id} vectors, as "
        "clustered): the neighbour share of a pair is how many of them lie in the other theme. "
        f"Merge at {MERGE_SHARE:.0%} or more, look closer from {CLOSE_SHARE:.0%} (thresholds "
        "calibrated on analysts' real merges); the rule `themes compare` and `themes "
        "suggest-merges` apply. The centres' cosine is shown for reading; it decides nothing."
    )
    if missing:
        note += f" {missing} segment(s) had no cached embedding and are left out."
    return Similarity(found.theme_ids, found.matrix, found.top_pairs, note)


def build_report(
    view: ProjectView,
    transcripts: Sequence[Transcript],
    vectors: Mapping[str, np.ndarray],
    *,
    project_name: str = "",
    decisions: Sequence[DecisionEntry] = (),
    mappings: Sequence[MappingEntry] = (),
    saturation: Sequence[SaturationRow] = (),
    change_model: ChangeModelSection | None = None,
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
            set_aside_share=settings.describe.set_aside_share,
        )
        for t in view.themes
    )
    cards = annotate_cards(cards, view)  # the analyst's names, definitions and memos
    points, map_note = map_points(
        view, settings.report.max_map_points, placed_coords(view, vectors)
    )
    analyses = report_analyses(view, vectors, fields)
    return ReportModel(
        overview=build_overview(view, len(transcripts), project_name),
        themes=cards,
        points=points,
        map_note=map_note,
        similarity=theme_similarity(view, vectors),
        unassigned=tuple(
            UnassignedItem(s.id, s.text, s.speaker, s.location, s.prompt) for s in view.unassigned()
        ),
        decisions=tuple(decisions),
        mappings=tuple(mappings),
        unassigned_colour=UNASSIGNED,
        saturation=tuple(saturation),
        context_comparisons=analyses.context_comparisons,
        cooccurrences=analyses.cooccurrences,
        framework=analyses.framework,
        change_model=change_model,
        set_aside=set_aside_section(view, settings.segment.set_aside),
    )


def report_from_project(project: Project, run_id: int | None = None) -> ReportModel:
    """Load the run's view, transcripts and cached vectors, and build its report."""
    view = load_view(project, run_id)
    try:
        vectors = view_vectors(project, view)
    except ProjectError:  # a damaged cache: the report still renders, similarity explains
        vectors = {}
    settings = run_config(view.run)
    fields = list(settings.report.context_fields) or context_fields(
        [view.segments[i] for i in view.order if i in view.segments]
    )
    section, mappings = change_model_section(
        project, view, fields, single_speaker_transcripts(view)
    )
    return build_report(
        view,
        project.transcripts(),
        vectors,
        project_name=project.folder.resolve().name,
        decisions=decision_entries(view),
        saturation=saturation_rows(
            view, project.transcript_batches(), vectors, element_evidence(project, view)
        ),
        mappings=mappings,
        change_model=section,
    )
