"""The Jinja2 environments (HTML: autoescaped; Markdown: escaped by the `md` filters)."""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from themes.core.colour import heat_rgb, hex_colour, text_on

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_BACKTICKS = re.compile(r"`+")


def pct(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def heat(fraction: float) -> str:
    """Inline style of a heat-map cell: fill from white (0) to dark blue (1), with black or
    white text, whichever contrasts more (WCAG AA at every shade)."""
    rgb = heat_rgb(fraction)
    return f"background:{hex_colour(rgb)};color:{text_on(rgb)}"


def md(text: object) -> str:
    """Markdown-safe inline text: one line, markup characters backslash-escaped."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def code(text: object) -> str:
    """A Markdown code span that holds `text` whatever it contains (a file name with
    backticks must not close it early and turn the rest into live markup): one line, fenced
    by one backtick more than its longest run of backticks, padded when it starts or ends
    with one (CommonMark strips that padding)."""
    flat = " ".join(str(text).split())
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


@lru_cache(maxsize=2)
def environment(html: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("themes.report", "templates"),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pct"] = pct
    env.filters["num"] = num
    env.filters["md"] = md
    env.filters["code"] = code
    env.filters["heat"] = heat
    return env
