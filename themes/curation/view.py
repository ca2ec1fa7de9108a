"""What the analyst sees: a run's themes with every analyst decision replayed on top.

`load_view` reads the run, its assignments and the decision log, and replays the log
(`themes.curation.replay.replay`): merged, split, renamed and defined themes, moved and excluded
segments, segments of transcripts added later, themes mapped onto change-model elements and
confirmed codes (`ProjectView.element_state`). Themes whose members changed are described
again from the cached vectors; the others keep the run's description. The view also says
whether the log can be trusted (`ProjectView.health`: its hash chain verifies, every event is
valid), so read commands can warn. Descriptions of changed themes are kept in the project by
their members (`themes.curation.redescribe`): a view reads them, and only a theme no view has
described yet costs any work.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from themes.core.errors import NotFoundError, ProjectError
from themes.core.types import Assignment, Segment, Theme
from themes.curation.events import LogHealth, event_statuses
from themes.curation.mappings import ElementState
from themes.curation.replay import EXCLUDED, CuratedState, CuratedTheme, Memo, replay
from themes.store.project import Project
from themes.store.records import Event, Run


@dataclass(frozen=True)
class ProjectView:
    run: Run
    themes: tuple[Theme, ...]
    segments: dict[str, Segment]  # every segment of the project, clustered or not
    order: tuple[str, ...]  # the run's clustered segment ids in clustering order, then added ones
    assignments: dict[str, Assignment]
    coords: dict[str, tuple[float, float]]
    events: tuple[Event, ...]  # the run's decision log, oldest first (undos included)
    curated: CuratedState  # the replayed state (names, definitions, memos)
    run_themes: tuple[Theme, ...]  # the themes as the run found them
    health: LogHealth = field(default_factory=LogHealth)  # warn when not ok

    def theme(self, theme_id: int) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def unassigned(self) -> list[Segment]:
        return [
            self.segments[i]
            for i in self.order
            if self.assignments[i].theme_id is None and self.assignments[i].assigned_by != EXCLUDED
        ]

    def excluded(self) -> list[Segment]:
        """The segments the analyst set aside: excluded one by one, or with a discarded theme."""
        return [self.segments[i] for i in self.order if self.assignments[i].assigned_by == EXCLUDED]

    def set_aside_why(self, segment_id: str) -> str:
        """Why the analyst set a segment aside ("" when not): ``theme N discarded`` when its
        theme was discarded (and it was not moved since), else ``excluded``."""
        found = self.assignments.get(segment_id)
        if found is None or found.assigned_by != EXCLUDED:
            return ""
        gone = [t for t in self.curated.discarded if segment_id in t.segment_ids]
        return f"theme {gone[-1].id} discarded" if gone else "excluded"

    def notes(self, theme_id: int) -> CuratedTheme | None:
        """The analyst's name, definition and memos for a theme."""
        return self.curated.theme(theme_id)

    def name(self, theme_id: int) -> str | None:
        notes = self.notes(theme_id)
        return notes.name if notes is not None else None

    def title(self, theme_id: int) -> str:
        """The analyst's name when given, else the run's keyword label."""
        theme = self.theme(theme_id)
        return self.name(theme_id) or (theme.label if theme is not None else "")

    @property
    def element_state(self) -> ElementState:
        """Themes mapped onto change-model elements, and the analyst's confirmed codes."""
        return self.curated.elements

    def segment_memos(self, segment_id: str) -> tuple[Memo, ...]:
        return tuple(self.curated.segment_memos.get(segment_id, ()))

    def cancelled(self) -> frozenset[int]:
        return self.curated.cancelled

    def skipped(self) -> Mapping[int, str]:
        return self.curated.skipped

    def statuses(self) -> dict[int, str]:
        """Each event's status: in force, cancelled by N, no effect: why, invalid: why."""
        return event_statuses(self.events, self.curated)


def require_theme(view: ProjectView, theme_id: int) -> Theme:
    """The current theme `theme_id`; `NotFoundError` listing the ids there are."""
    theme = view.theme(theme_id)
    if theme is None:
        ids = ", ".join(str(t.id) for t in view.themes) or "none"
        raise NotFoundError(
            f"theme {theme_id} is not among the current themes of run {view.run.id} "
            f"(ids: {ids}); see `themes list --project DIR`."
        )
    return theme


def require_segment(view: ProjectView, segment_id: str) -> Segment:
    """The clustered segment `segment_id`; `NotFoundError` saying what ids look like."""
    if segment_id not in view.assignments:
        raise NotFoundError(
            f"segment {segment_id!r} is not a clustered segment of run {view.run.id}; "
            "segment ids look like TRANSCRIPT:LINE (see `themes show THEME` or "
            "`themes export --project DIR`)."
        )
    return view.segments[segment_id]


def load_view(project: Project, run_id: int | None = None) -> ProjectView:
    run = project.run(run_id) if run_id is not None else project.require_run()
    assignments = project.assignments(run.id)
    run_themes = tuple(project.themes(run.id))
    segments = {s.id: s for s in project.segments()}
    current = project.transcript_hashes()
    changed = [t for t, h in run.summary.transcripts.items() if current.get(t) != h]
    if changed:
        raise ProjectError(
            f"{project.folder}: run {run.id} was made from earlier versions of {len(changed)} "
            f"transcript(s) ({', '.join(changed[:3])}); look at the latest run, or run "
            "`themes run` again."
        )
    events = tuple(project.events(run.id))
    state = replay(run_themes, assignments, events)
    themes = run_themes
    if events:
        from themes.curation.redescribe import curated_themes

        themes = curated_themes(project, run, state, run_themes, segments)
    return ProjectView(
        run=run,
        themes=themes,
        segments=segments,
        order=tuple(a.segment_id for a in state.assignments),
        assignments={a.segment_id: a for a in state.assignments},
        coords=project.coords(run.id),
        events=events,
        curated=state,
        run_themes=run_themes,
        health=LogHealth(project.chain_problems(), state.invalid),
    )
