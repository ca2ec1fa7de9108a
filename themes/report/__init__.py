"""Reports for analysts: a self-contained HTML report, a Markdown version and a Word document.

`build_report` / `report_from_project` make a `ReportModel` from a project view;
`render_html`, `render_markdown` and `render_docx` (`docx_render`) turn it into a file's
content; `write_report` does all of it. Heavy parts (Jinja2, python-docx, numpy work) are
imported when used.

May import: core, ingest, store, discovery, curation, changemodel, analysis. Never cli.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from themes.report.write import write_report

if TYPE_CHECKING:
    from themes.report.build import build_report, report_from_project
    from themes.report.html import render_html
    from themes.report.markdown import render_markdown
    from themes.report.model import ReportModel

__all__ = [
    "ReportModel",
    "build_report",
    "render_html",
    "render_markdown",
    "report_from_project",
    "write_report",
]

_LAZY = {
    "ReportModel": "themes.report.model",
    "build_report": "themes.report.build",
    "report_from_project": "themes.report.build",
    "render_html": "themes.report.html",
    "render_markdown": "themes.report.markdown",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'themes.report' has no attribute {name!r}")
