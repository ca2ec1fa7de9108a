"""`themes list` and `themes export`: look at and take out a project's themes."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from themes.cli import common
from themes.cli.common import PROJECT_OPTION

if TYPE_CHECKING:
    from themes.core.types import Theme


class Format(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    qdc = "qdc"
    qdpx = "qdpx"


class LineEndings(str, Enum):
    lf = "lf"
    crlf = "crlf"


class What(str, Enum):
    segments = "segments"
    themes = "themes"
    run = "run"
    codes = "codes"


def register(app: typer.Typer) -> None:
    app.command("list")(list_themes)
    app.command("export")(export)


def list_themes(
    project: Path = PROJECT_OPTION,
    run_id: int = typer.Option(None, "--run", help="Show this run instead of the latest."),
) -> None:
    """List the candidate themes of the latest run: size, spread, keywords, flags."""
    from rich.table import Table

    from themes.curation.settings import run_setting
    from themes.curation.view import load_view
    from themes.store.project import Project

    with Project.open(project) as store:
        view = load_view(store, run_id)
        common.warn_log(view.health, project)
        concentration = run_setting(view.run, "describe", "prompt_concentration")
        set_aside_share = run_setting(view.run, "describe", "set_aside_share")
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
        if set_aside_flag(t, set_aside_share):
            flags.append(set_aside_flag(t, set_aside_share))
        table.add_row(
            str(t.id),
            common.plain(view.title(t.id)),
            str(t.size),
            str(t.n_participants),
            f"{t.top_share:.0%}",
            "" if t.stability is None else f"{t.stability:.2f}",
            ", ".join(flags),
            common.plain(", ".join(t.keywords[:6])),
        )
    common.console().print(table)
    common.console().print("people: participants voicing the theme; top: the largest one's share.")
    unassigned = len(view.unassigned())
    common.console().print(f"Unassigned: {unassigned} of {len(view.order)} segments.")


def set_aside_flag(theme: Theme, share: float) -> str:
    """`themes.discovery.describe.set_aside_flag` (a test holds the two equal), here so that
    `themes list` loads neither numpy nor the configuration's schema."""
    total = theme.echo_share + theme.filler_share
    if total < share:
        return ""
    kinds = [k for k, v in (("echo", theme.echo_share), ("filler", theme.filler_share)) if v > 0]
    return f"{'/'.join(kinds)} {total:.0%}"


def export(
    project: Path = PROJECT_OPTION,
    fmt: Format = typer.Option(
        Format.csv,
        "--format",
        "-f",
        help="csv or jsonl (tables); qdc (REFI-QDA codebook) or qdpx (REFI-QDA project) for "
        "NVivo, ATLAS.ti, MAXQDA and QualCoder.",
    ),
    what: What = typer.Option(
        What.segments,
        "--what",
        "-w",
        help="segments (one row each), themes, run (its settings, model and versions), or "
        "codes (one row per segment and change-model element, from `themes code`).",
    ),
    out: Path = typer.Option(None, "--out", "-o", help="File to write (default: standard output)."),
    run_id: int = typer.Option(None, "--run", help="Export this run instead of the latest."),
    model: str = typer.Option(
        None,
        "--model",
        "-m",
        metavar="FILE|NAME",
        help="qdc/qdpx: add this change model's elements to the codebook (categories not "
        "codable). segments/codes: whose codes (default: the model the project used last).",
    ),
    line_endings: LineEndings = typer.Option(
        None,
        "--line-endings",
        help="qdpx: line endings of the source texts, lf (default) or crlf; positions follow.",
    ),
) -> None:
    """Export segments with their theme, themes with keywords, size, spread and stability, or
    the run that made them (settings, model, versions). Every row carries its run id.

    --format qdc writes the codebook: curated themes (and --model's elements) as codes.
    --format qdpx writes a project (default PROJECT/reports/NAME.qdpx): the transcripts as
    sources, every coded segment as a quote with its theme, participants as cases, memos as
    notes, analysts as users. --what does not apply to them."""
    if fmt in (Format.qdc, Format.qdpx):
        from themes.cli.refi_export import export_refi

        if line_endings is not None and fmt is Format.qdc:
            raise typer.BadParameter("applies to --format qdpx only", param_hint="--line-endings")
        endings = (line_endings or LineEndings.lf).value
        export_refi(project, fmt.value, out, run_id, model, endings)
        return
    if line_endings is not None or (model is not None and what not in (What.segments, What.codes)):
        raise typer.BadParameter(
            "--model applies to --format qdc and qdpx and to --what segments|codes only; "
            "--line-endings to --format qdpx only",
            param_hint="--model/--line-endings",
        )
    from themes.changemodel.codes import codes_for
    from themes.curation.view import load_view
    from themes.export.tables import export as export_rows
    from themes.export.tables import rows_for, write_rows
    from themes.store.project import Project

    with Project.open(project) as store:
        view = load_view(store, run_id)
        common.warn_log(view.health, project)
        codes = None
        if what in (What.segments, What.codes):
            codes = codes_for(store, view, model, required=what is What.codes)
    if out is None:
        write_rows(rows_for(view, what.value, codes), fmt.value, sys.stdout)
        return
    count = export_rows(view, what.value, fmt.value, out, codes)
    common.err_console().print(f"Wrote {count} {what.value} to {out}")
