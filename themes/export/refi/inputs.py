"""What REFI-QDA exports take besides the curated view: the analyst's theme-to-element
mappings (`themes map set`) and deductive codes of segments (`themes code`, overlaid by the
analyst's confirmed codes): Sets in the codebook, codings in the project."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeMapping:
    """A theme mapped onto a change-model element."""

    theme_id: int
    element_id: str


@dataclass(frozen=True)
class Mappings:
    """Theme-to-element mappings, in the order given (repeats are dropped)."""

    items: tuple[ThemeMapping, ...] = ()

    @classmethod
    def of(cls, pairs: Iterable[tuple[int, str]]) -> Mappings:
        return cls(tuple(dict.fromkeys(ThemeMapping(t, e) for t, e in pairs)))

    def elements(self) -> tuple[str, ...]:
        """Element ids with at least one theme, in first-mapped order."""
        return tuple(dict.fromkeys(m.element_id for m in self.items))

    def themes_of(self, element_id: str) -> tuple[int, ...]:
        return tuple(dict.fromkeys(m.theme_id for m in self.items if m.element_id == element_id))


@dataclass(frozen=True)
class ElementCode:
    """A segment coded with a change-model element (by `analyst`; empty for the machine)."""

    segment_id: str
    element_id: str
    analyst: str = ""
    created_at: str = ""  # ISO 8601, when known


@dataclass(frozen=True)
class ElementCodes:
    """Deductive codes of segments, in the order given (repeats are dropped)."""

    items: tuple[ElementCode, ...] = ()

    @classmethod
    def of(cls, codes: Iterable[ElementCode | tuple[str, str]]) -> ElementCodes:
        made = (c if isinstance(c, ElementCode) else ElementCode(*c) for c in codes)
        return cls(tuple(dict.fromkeys(made)))

    def of_segment(self, segment_id: str) -> tuple[ElementCode, ...]:
        return tuple(c for c in self.items if c.segment_id == segment_id)
