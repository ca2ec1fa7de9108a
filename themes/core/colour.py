"""Heat-map colours that stay readable: the fill for a value, and the text colour to put on it.

`heat_rgb` runs from a white-ish blue (0) to dark blue (1), the same scale wherever a heat map
is drawn. `text_on` picks black or white text, whichever contrasts more with a fill; by the
WCAG 2.x formulas (`relative_luminance`, `contrast_ratio`) the better of the two always
reaches at least 4.58:1, above the 4.5:1 that level AA asks of normal text.
"""

from __future__ import annotations

import math

RGB = tuple[int, int, int]

HEAT_LOW: RGB = (247, 251, 255)
HEAT_HIGH: RGB = (8, 48, 107)
BLACK, WHITE = "#000000", "#ffffff"
_BLACK_RGB: RGB = (0, 0, 0)
_WHITE_RGB: RGB = (255, 255, 255)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2.x relative luminance of an sRGB colour (channels 0-255): 0 black, 1 white."""
    r, g, b = rgb
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG 2.x contrast ratio of two colours, 1 (same) to 21 (black on white)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    lighter, darker = max(la, lb), min(la, lb)
    return (lighter + 0.05) / (darker + 0.05)


def heat_rgb(t: float) -> RGB:
    """The heat-map fill for `t`: `HEAT_LOW` at 0 to `HEAT_HIGH` at 1, clamped (NaN: 0)."""
    t = 0.0 if math.isnan(t) else min(1.0, max(0.0, t))
    r, g, b = (round(lo + (hi - lo) * t) for lo, hi in zip(HEAT_LOW, HEAT_HIGH, strict=True))
    return r, g, b


def hex_colour(rgb: RGB) -> str:
    """``#rrggbb`` (lower case)."""
    r, g, b = rgb
    return f"#{r:02x}{g:02x}{b:02x}"


def heat_hex(t: float) -> str:
    """`heat_rgb` as ``#rrggbb``."""
    return hex_colour(heat_rgb(t))


def text_on(rgb: RGB) -> str:
    """``#000000`` or ``#ffffff``: whichever contrasts more with `rgb` (black on a tie)."""
    black, white = contrast_ratio(rgb, _BLACK_RGB), contrast_ratio(rgb, _WHITE_RGB)
    return BLACK if black >= white else WHITE
