"""Drawing data for the report's analysis sections: co-occurrence heat maps (inline SVG)."""

from __future__ import annotations

from typing import Any

from themes.analysis.cooccur import Cooccurrence
from themes.core.colour import heat_hex

MAX_LABELS = 80  # above this the heat map is left out (the table of pairs remains)
CELL = 14
MARGIN = 34
DIAGONAL = "#e0e0e0"


def cooccurrence_map(c: Cooccurrence) -> dict[str, Any] | None:
    """Cells of a Jaccard heat map, white at the lowest pair to darkest at the highest, so
    the pairs that stand out catch the eye even where every pair occurs together often."""
    n = len(c.labels)
    if n < 2 or n > MAX_LABELS:
        return None
    pairs = [c.jaccard[i][j] for i in range(n) for j in range(n) if i != j]
    low, high = min(pairs), max(pairs)
    cells = []
    for i, a in enumerate(c.labels):
        for j, b in enumerate(c.labels):
            diagonal = i == j
            cells.append(
                {
                    "x": MARGIN + j * CELL,
                    "y": MARGIN + i * CELL,
                    "fill": DIAGONAL
                    if diagonal
                    else heat_hex((c.jaccard[i][j] - low) / ((high - low) or 1.0)),
                    "title": f"{a.heading}: {c.counts[i][i]} {c.unit} units"
                    if diagonal
                    else f"{a.heading} and {b.heading}: {c.counts[i][j]} {c.unit} units with "
                    f"both, Jaccard {c.jaccard[i][j]:.2f}",
                }
            )
    return {
        "unit": c.unit,
        "cells": cells,
        "ids": [label.id for label in c.labels],
        "cell": CELL,
        "margin": MARGIN,
        "size": MARGIN + n * CELL + 4,
        "low": low,
        "high": high,
    }


def cooccurrence_maps(cooccurrences: tuple[Cooccurrence, ...]) -> dict[str, dict[str, Any]]:
    """Heat maps by unit (units whose map is left out are absent)."""
    maps = {c.unit: cooccurrence_map(c) for c in cooccurrences}
    return {unit: m for unit, m in maps.items() if m is not None}
