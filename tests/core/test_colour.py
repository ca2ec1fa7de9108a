"""Heat-map colours: WCAG 2.x luminance and contrast, the white-ish to dark blue scale, and a
text colour that reaches AA (4.5:1) on every fill of the scale."""

from __future__ import annotations

import pytest

from themes.core.colour import (
    HEAT_HIGH,
    HEAT_LOW,
    contrast_ratio,
    heat_hex,
    heat_rgb,
    relative_luminance,
    text_on,
)

BLACK, WHITE = (0, 0, 0), (255, 255, 255)


def rgb_of(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def test_wcag_reference_values() -> None:
    assert relative_luminance(BLACK) == 0.0
    assert relative_luminance(WHITE) == pytest.approx(1.0)
    assert contrast_ratio(WHITE, BLACK) == pytest.approx(21.0)
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast_ratio((119, 119, 119), (119, 119, 119)) == 1.0
    # #777777 on white is the well-known just-under-AA grey (4.48:1); #767676 just passes
    assert contrast_ratio((119, 119, 119), WHITE) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio((118, 118, 118), WHITE) == pytest.approx(4.54, abs=0.01)
    assert relative_luminance((255, 0, 0)) == pytest.approx(0.2126)
    assert relative_luminance((0, 255, 0)) == pytest.approx(0.7152)
    assert relative_luminance((0, 0, 255)) == pytest.approx(0.0722)


def test_scale_ends_and_clamping() -> None:
    assert heat_hex(0) == "#f7fbff" and heat_rgb(0) == HEAT_LOW == (247, 251, 255)
    assert heat_hex(1) == "#08306b" and heat_rgb(1) == HEAT_HIGH == (8, 48, 107)
    assert heat_rgb(-3) == HEAT_LOW and heat_rgb(7) == HEAT_HIGH
    assert heat_rgb(float("nan")) == HEAT_LOW
    assert heat_hex(0.5) == "#8096b5"  # the midpoint, channel by channel


def test_scale_darkens_steadily() -> None:
    lum = [relative_luminance(heat_rgb(k / 100)) for k in range(101)]
    assert all(a >= b for a, b in zip(lum, lum[1:], strict=False))


def test_text_on_every_fill_passes_aa() -> None:
    for k in range(201):  # t = 0, 0.005, ..., 1
        fill = heat_rgb(k / 200)
        text = text_on(fill)
        assert text in ("#000000", "#ffffff")
        assert rgb_of(heat_hex(k / 200)) == fill
        assert contrast_ratio(fill, rgb_of(text)) >= 4.5, (k / 200, fill, text)


def test_text_on_picks_the_higher_contrast() -> None:
    assert text_on(WHITE) == "#000000" and text_on(BLACK) == "#ffffff"
    assert text_on(HEAT_LOW) == "#000000" and text_on(HEAT_HIGH) == "#ffffff"
    for fill in [(128, 128, 128), (255, 0, 0), (0, 0, 255), (255, 255, 0), (119, 119, 119)]:
        other = "#ffffff" if text_on(fill) == "#000000" else "#000000"
        assert contrast_ratio(fill, rgb_of(text_on(fill))) >= contrast_ratio(fill, rgb_of(other))
