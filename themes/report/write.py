"""Write a project's report to disk, atomically (temporary file, then replace)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from themes.core.errors import ConfigError, ProjectError

FORMATS = {"html": "report.html", "md": "report.md"}


def default_path(project_dir: Path, fmt: str) -> Path:
    return project_dir / "reports" / FORMATS[fmt]


def atomic_write(path: Path, text: str) -> None:
    """Write `text` to `path` so readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
    if fmt == "html":
        from themes.report.html import render_html

        text = render_html(model)
    else:
        from themes.report.markdown import render_markdown

        text = render_markdown(model)
    path = Path(out) if out is not None else default_path(project_dir, fmt)
    if path.exists() and path.is_dir():
        raise ProjectError(f"{path}: is a folder; give --out a file name such as report.{fmt}.")
    try:
        atomic_write(path, text)
    except OSError as exc:
        raise ProjectError(
            f"{path}: cannot write the report ({exc.strerror}); choose another --out."
        ) from exc
    return path
