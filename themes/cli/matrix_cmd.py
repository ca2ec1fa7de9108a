"""`themes matrix`: the framework matrix (rows by themes or elements) as CSV, XLSX or Markdown."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from themes.cli import common
from themes.cli.common import PROJECT_OPTION as PROJECT


class MatrixFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    md = "md"


class Cols(str, Enum):
    theme = "theme"
    element = "element"


ROWS = typer.Option(
    "participant",
    "--rows",
    "-r",
    help="participant, transcript, or a metadata field (e.g. org_context, site, role).",
)
COLS = typer.Option(
    Cols.theme,
    "--cols",
    help="theme (the curated themes) or element (deductive codes; needs `themes code`).",
)
FORMAT = typer.Option(
    MatrixFormat.xlsx, "--format", "-f", help="xlsx (Excel, LibreOffice), csv or md."
)
OUT = typer.Option(
    None, "--out", "-o", help="File to write (default: PROJECT/reports/matrix-ROWS-COLS.FORMAT)."
)
QUOTES = typer.Option(
    2, "--quotes", "-q", min=0, max=20, help="Quotes per cell: the row's most typical (0: none)."
)
RUN = typer.Option(None, "--run", help="Use this run instead of the latest.")


def register(app: typer.Typer) -> None:
    app.command("matrix")(matrix)


def matrix(
    project: Path = PROJECT,
    rows: str = ROWS,
    cols: Cols = COLS,
    fmt: MatrixFormat = FORMAT,
    out: Path | None = OUT,
    quotes: int = QUOTES,
    run_id: int | None = RUN,
) -> None:
    """Write the framework matrix: a row per participant, transcript or metadata value, a
    column per theme (or element); each cell holds the number of segments, their share of the
    row and the row's most typical quotes (closest to the column's centre)."""
    from themes.analysis.inputs import default_path, load_inputs
    from themes.analysis.matrix import build_matrix
    from themes.analysis.provenance import provenance
    from themes.export.matrix_files import write_matrix
    from themes.store.project import Project

    with Project.open(project) as store:
        inputs = load_inputs(store, cols.value, run_id)
    common.warn_log(inputs.view.health, project)
    built = build_matrix(inputs.coding, inputs.view.segments, rows, inputs.vectors, quotes)
    prov = provenance(inputs.view, inputs.project_name, cols.value)
    path = out or default_path(project, f"matrix-{rows}-{cols.value}", fmt.value)
    write_matrix(built, prov, fmt.value, path)
    common.console().print(
        common.plain(f"Matrix ({len(built.rows)} rows x {len(built.labels)} columns): {path}"),
        soft_wrap=True,
    )
