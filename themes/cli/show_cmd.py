"""`themes show`: every segment of one theme, with where it is, who said it and the prompt."""

from __future__ import annotations

from pathlib import Path

import typer

from themes.cli import common
from themes.cli.common import PROJECT_OPTION as PROJECT
from themes.core.types import voices


def register(app: typer.Typer) -> None:
    app.command("show")(show)


def show(
    theme: int = typer.Argument(..., help="Theme id (see `themes list`)."),
    every: bool = typer.Option(
        False, "--all", "-a", help="List every segment (default: the first 20)."
    ),
    project: Path = PROJECT,
) -> None:
    """List a theme's segments in transcript order: segment id, transcript:line, speaker, the
    prompt it answers and the text; * marks the exemplars shown in reports, and how a segment
    joined the theme is said when not by clustering (attached to the nearest theme, moved by
    the analyst, added later)."""
    from themes.curation.show import MOST, theme_segments
    from themes.curation.view import load_view
    from themes.store.project import Project

    with Project.open(project) as store:
        view = load_view(store)
        common.warn_log(view.health, project)
        found = theme_segments(view, theme, every)
    t = found.theme
    lines = [
        f"Theme {t.id}: {found.title} - {found.n_total} segments, "
        f"{voices(t.n_participants, t.n_transcripts)}"
    ]
    joined = {"nearest": "attached", "analyst": "moved here", "added": "added later"}
    for s in found.segments:
        mark = "*" if s.exemplar else " "
        how = f" ({joined[s.assigned_by]})" if s.assigned_by in joined else ""
        place = "" if s.location == s.segment_id else f" at {s.location}"
        lines += ["", f"{mark} {s.segment_id}{place} {s.speaker}{how}"]
        if s.prompt:
            lines.append(f"    prompt: {' '.join(s.prompt.split())}")
        lines.append(f"    {' '.join(s.text.split())}")
    if found.n_total > len(found.segments):
        rest = found.n_total - len(found.segments)
        lines += [
            "",
            f"{rest} more segment(s): themes show {t.id} --all --project {project} (the first "
            f"{MOST} are listed).",
        ]
    typer.echo("\n".join(common.printable(line) for line in lines))  # plain text: no rich
