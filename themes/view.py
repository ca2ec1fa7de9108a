"""What the analyst sees: a run's themes and assignments, read from the project."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from themes.project import Project
from themes.types import Assignment, Segment, Theme


@dataclass(frozen=True)
class ProjectView:
    run: dict[str, Any]
    themes: tuple[Theme, ...]
    segments: dict[str, Segment]  # every segment of the project, clustered or not
    order: tuple[str, ...]  # the run's clustered segment ids, in clustering order
    assignments: dict[str, Assignment]
    coords: dict[str, tuple[float, float]]

    def theme(self, theme_id: int) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def unassigned(self) -> list[Segment]:
        return [self.segments[i] for i in self.order if self.assignments[i].theme_id is None]


def load_view(project: Project, run_id: int | None = None) -> ProjectView:
    run = project.run(run_id) if run_id is not None else project.require_run()
    assignments = project.assignments(run["id"])
    return ProjectView(
        run=run,
        themes=tuple(project.themes(run["id"])),
        segments={s.id: s for s in project.segments()},
        order=tuple(a.segment_id for a in assignments),
        assignments={a.segment_id: a for a in assignments},
        coords=project.coords(run["id"]),
    )
