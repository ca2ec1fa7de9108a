"""Render the report model as Markdown: the HTML report's content without the map."""

from __future__ import annotations

import re

from themes.report.model import ReportModel
from themes.report.templating import environment


def render_markdown(model: ReportModel) -> str:
    text = environment(html=False).get_template("report.md.j2").render(m=model)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
