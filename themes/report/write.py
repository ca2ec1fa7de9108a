"""Write a project's report to disk, atomically (`themes.core.atomic.write_atomic`)."""

from __future__ import annotations

from pathlib import Path

from themes.core.atomic import write_atomic
from themes.core.errors import ConfigError, ProjectError

FORMATS = {"html": "report.html", "md": "report.md", "docx": "report.docx"}


def default_path(project_dir: Path, fmt: str) -> Path:
    return project_dir / "reports" / FORMATS[fmt]


def write_report(
    project_dir: Path | str,
    fmt: str = "html",
    out: Path | None = None,
    run_id: int | None = None,
) -> Path:
    """Build the report of a run (default: the latest) and write it; returns its path.

    The default path is ``DIR/reports/report.html`` (or ``report.md``).
    """
    from themes.report.build import report_from_project
    from themes.store.project import Project

    if fmt not in FORMATS:
        raise ConfigError(f"report format {fmt!r} is not known; use one of: {', '.join(FORMATS)}.")
    project_dir = Path(project_dir)
    with Project.open(project_dir) as project:
        model = report_from_project(project, run_id)
    text: str | bytes
    if fmt == "html":
        from themes.report.html import render_html

        text = render_html(model)
    elif fmt == "docx":
        from themes.report.docx_render import render_docx

        text = render_docx(model)
    else:
        from themes.report.markdown import render_markdown

        text = render_markdown(model)
    path = Path(out) if out is not None else default_path(project_dir, fmt)
    if path.exists() and path.is_dir():
        raise ProjectError(f"{path}: is a folder; give --out a file name such as report.{fmt}.")
    return write_atomic(path, text)
