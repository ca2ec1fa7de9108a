"""`themes report`: write the HTML or Markdown report of a project's run."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from themes.cli import common
from themes.cli.common import PROJECT_OPTION


class ReportFormat(str, Enum):
    html = "html"
    md = "md"
    docx = "docx"


FORMAT_OPTION = typer.Option(
    ReportFormat.html,
    "--format",
    "-f",
    help="html (one self-contained file), md (Markdown) or docx (Word).",
)
OUT_OPTION = typer.Option(
    None, "--out", "-o", help="File to write (default: PROJECT/reports/report.html, .md or .docx)."
)
RUN_OPTION = typer.Option(None, "--run", help="Report this run instead of the latest.")


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    project: Path = PROJECT_OPTION,
    fmt: ReportFormat = FORMAT_OPTION,
    out: Path | None = OUT_OPTION,
    run_id: int | None = RUN_OPTION,
) -> None:
    """Write the report: overview, map, theme cards with quotes, similar themes, contexts."""
    from themes.curation.events import log_health
    from themes.report import write_report
    from themes.store.project import Project

    path = write_report(project, fmt=fmt.value, out=out, run_id=run_id)
    with Project.open(project) as store:
        common.warn_log(log_health(store, run_id), project)
    common.console().print(f"Report: {path}")
