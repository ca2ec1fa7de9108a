"""The Jinja2 environments (HTML: autoescaped; Markdown: escaped by the `md` filters)."""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def pct(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def md(text: object) -> str:
    """Markdown-safe inline text: one line, markup characters backslash-escaped."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


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
    return env
