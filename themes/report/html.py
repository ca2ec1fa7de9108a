"""Render the report model as one self-contained HTML file (inline CSS, JS and SVG)."""

from __future__ import annotations

import base64
import hashlib
import json
from importlib import resources
from typing import Any

from markupsafe import Markup

from themes.core.colour import heat_hex
from themes.report.analysis_html import DIAGONAL, cooccurrence_maps
from themes.report.curation import saturation_chart
from themes.report.model import ReportModel, Similarity
from themes.report.templating import environment

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
HEATMAP_MAX_THEMES = 80  # above this the heatmap is left out (the top pairs remain)
CELL = 14  # heatmap cell size in px
PRINT_QUOTES = 5  # exemplars per theme on paper; the screen shows them all


def asset(name: str) -> str:
    """An inline asset (CSS or JS) shipped in templates/; it must not close its own tag."""
    text = (resources.files("themes.report") / "templates" / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"templates/{name}: must not contain a closing </script> or </style> tag")
    return text


def script_json(data: Any) -> Markup:
    """JSON safe to place inside <script type="application/json">: no <, > or & survive."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in _JSON_ESCAPES.items():
        text = text.replace(char, escaped)
    return Markup(text)


def csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def map_data(model: ReportModel) -> dict[str, Any]:
    """The map's data for the inline script: themes and points as compact arrays."""
    return {
        "themes": [
            {"id": t.id, "title": t.title, "colour": t.colour, "size": t.size} for t in model.themes
        ],
        "unassignedColour": model.unassigned_colour,
        # x, y, theme id (0: unassigned), quote, speaker, transcript:line
        "points": [
            [round(p.x, 4), round(p.y, 4), p.theme_id or 0, p.quote, p.speaker, p.location]
            for p in model.points
        ],
    }


def heatmap(similarity: Similarity) -> dict[str, Any] | None:
    """Cells of the neighbour-share heat map (drawn as inline SVG by the template).

    The scale runs from the median pair (white) to the highest pair (darkest), so the few
    pairs that stand out, the merge candidates, are the ones that catch the eye.
    """
    ids = similarity.theme_ids
    if len(ids) < 2 or len(ids) > HEATMAP_MAX_THEMES:
        return None
    pairs = sorted(v for i, row in enumerate(similarity.matrix) for j, v in enumerate(row) if i < j)
    low, high = pairs[len(pairs) // 2], pairs[-1]
    margin = 34
    cells = [
        {
            "x": margin + j * CELL,
            "y": margin + i * CELL,
            "fill": DIAGONAL
            if i == j
            else heat_hex(0.0 if v <= low else (v - low) / max(1e-9, high - low)),
            "title": f"theme {a}" if i == j else f"themes {a} and {b}: neighbour share {v:.0%}",
        }
        for i, (a, row) in enumerate(zip(ids, similarity.matrix, strict=True))
        for j, (b, v) in enumerate(zip(ids, row, strict=True))
    ]
    return {
        "cells": cells,
        "ids": ids,
        "cell": CELL,
        "margin": margin,
        "size": margin + len(ids) * CELL + 4,
        "low": low,
        "high": high,
    }


def render_html(model: ReportModel) -> str:
    script = asset("report.js")
    template = environment(html=True).get_template("report.html.j2")
    return template.render(
        m=model,
        css=Markup(asset("report.css")),
        js=Markup(script),
        script_hash=csp_hash(script),
        data=script_json(map_data(model)),
        heat=heatmap(model.similarity),
        sat=saturation_chart(model.saturation),
        cooc=cooccurrence_maps(model.cooccurrences),
        print_quotes=PRINT_QUOTES,
    )
