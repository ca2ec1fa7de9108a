"""`themes list` and `themes export`: look at and take out a project's themes."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from themes.cli import common

PROJECT_OPTION = typer.Option(..., "--project", "-p", help="Project folder (made by `themes run`).")


class Format(str, Enum):
    csv = "csv"
    jsonl = "jsonl"


class What(str, Enum):
    segments = "segments"
    themes = "themes"
    run = "run"


def register(app: typer.Typer) -> None:
    app.command("list")(list_themes)
    app.command("export")(export)


def list_themes(
    project: Path = PROJECT_OPTION,
    run_id: int = typer.Option(None, "--run", help="Show this run instead of the latest."),
) -> None:
    """List the candidate themes of the latest run: size, spread, keywords, flags."""
    from rich.table import Table

    from themes.curation.view import load_view
    from themes.discovery.run_vectors import run_config
    from themes.store.project import Project

    with Project.open(project) as store:
        view = load_view(store, run_id)
        concentration = run_config(view.run).describe.prompt_concentration
    table = Table(title=f"Run {view.run.id}: {len(view.themes)} candidate themes", expand=True)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("label", ratio=2, min_width=16)
    table.add_column("size", justify="right", no_wrap=True)
    table.add_column("people", justify="right", no_wrap=True)
    table.add_column("top", justify="right", no_wrap=True)
    table.add_column("stab.", justify="right", no_wrap=True)
    table.add_column("flags", ratio=1)
    table.add_column("keywords", ratio=3)
    for t in view.themes:
        flags = []
        if t.one_voice:
            flags.append("one voice")
        if t.prompt_share >= concentration:
            flags.append(f"one prompt {t.prompt_share:.0%}")
        table.add_row(
            str(t.id),
            view.title(t.id),
            str(t.size),
            str(t.n_participants),
            f"{t.top_share:.0%}",
            "" if t.stability is None else f"{t.stability:.2f}",
            ", ".join(flags),
            ", ".join(t.keywords[:6]),
        )
    common.console().print(table)
    common.console().print("people: participants voicing the theme; top: the largest one's share.")
    unassigned = len(view.unassigned())
    common.console().print(f"Unassigned: {unassigned} of {len(view.order)} segments.")


def export(
    project: Path = PROJECT_OPTION,
    fmt: Format = typer.Option(Format.csv, "--format", "-f", help="csv or jsonl."),
    what: What = typer.Option(
        What.segments,
        "--what",
        "-w",
        help="segments (one row each), themes, or run (its settings, model and versions).",
    ),
    out: Path = typer.Option(None, "--out", "-o", help="File to write (default: standard output)."),
    run_id: int = typer.Option(None, "--run", help="Export this run instead of the latest."),
) -> None:
    """Export segments with their theme, themes with keywords, size, spread and stability, or
    the run that made them (settings, model, versions). Every row carries its run id."""
    from themes.curation.view import load_view
    from themes.export.tables import ROWS, write_rows
    from themes.export.tables import export as export_rows
    from themes.store.project import Project

    with Project.open(project) as store:
        view = load_view(store, run_id)
    if out is None:
        write_rows(ROWS[what.value](view), fmt.value, sys.stdout)
        return
    count = export_rows(view, what.value, fmt.value, out)
    common.err_console().print(f"Wrote {count} {what.value} to {out}")
