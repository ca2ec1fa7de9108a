"""Theme colours: distinct, stable for a theme id, readable on white and in print."""

from __future__ import annotations

import colorsys

# Okabe-Ito / Tableau-like categorical colours first: colour-blind friendly for the first few.
_BASE = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#d55e00",
    "#56b4e9",
    "#8c6d31",
    "#6a3d9a",
    "#b15928",
    "#1b9e77",
    "#e7298a",
    "#386cb0",
    "#66a61e",
    "#a6761d",
    "#7570b3",
    "#c51b7d",
)
UNASSIGNED = "#9e9e9e"


def theme_colour(theme_id: int) -> str:
    """The colour of theme `theme_id` (1-based); beyond the base set, golden-angle hues."""
    index = max(theme_id, 1) - 1
    if index < len(_BASE):
        return _BASE[index]
    hue = (index * 0.618033988749895) % 1.0
    lightness = 0.38 if index % 2 else 0.48
    r, g, b = colorsys.hls_to_rgb(hue, lightness, 0.65)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"
