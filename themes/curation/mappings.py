"""Change-model decisions in the replay: themes mapped onto elements, and segments' confirmed
codes. Pure, like the rest of the replay (`themes.curation.replay` calls the handlers here
through its `HANDLERS` table and tells `ElementBuilder` about merges and splits).

Event kinds (payload schemas in `themes.store.payloads`; ``model`` is the stored change
model's hash, see `themes.store.change_models`):

- ``map_set``    ``{"theme": A, "element": E, "model": M}``: theme A is evidence for element E.
  A theme may map onto several elements, an element hold several themes.
- ``map_clear``  ``{"theme": A, "element": E | null, "model": M}``: takes back A's mapping
  onto E (null: onto every element of M).
- ``code_set``   ``{"segment": S, "element": E, "model": M}``: the analyst confirms that S
  carries E.
- ``code_clear`` ``{"segment": S, "element": E, "model": M}``: the analyst confirms that S
  does not carry E (a machine code corrected). The latest decision on (S, E, M) holds.

Mappings follow their theme: a merged theme keeps the union of the merged themes' mappings,
each split part keeps the mappings of the theme it came from. A decision about a theme or
segment that is not in the view (merged away, or made by a split that was undone) is skipped
with its reason, as other decisions are. A memo on a map decision goes to the theme, on a
code decision to the segment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from themes.store.payloads import CodeClearPayload, CodeSetPayload, MapClearPayload, MapSetPayload
from themes.store.records import Event

if TYPE_CHECKING:
    from themes.curation.replay import Memo


class NotApplicable(Exception):
    """An event that no longer applies to the state; replay keeps the message as the reason."""


@dataclass(frozen=True)
class ThemeMapping:
    """Theme `theme` mapped onto `element` of the change model `model` (a hash), by the
    decision `event_id`."""

    theme: int
    element: str
    model: str
    event_id: int
    analyst: str
    created_at: str


@dataclass(frozen=True)
class ConfirmedCode:
    """The analyst's decision that `segment` carries `element` (`present`) or does not."""

    segment: str
    element: str
    model: str
    present: bool
    event_id: int
    analyst: str
    created_at: str


@dataclass(frozen=True)
class ElementState:
    """The change-model part of the curated state."""

    mappings: tuple[ThemeMapping, ...] = ()  # by theme id, then in the order they were set
    codes: tuple[ConfirmedCode, ...] = ()  # by segment id, then in the order decided

    def models(self) -> tuple[str, ...]:
        """The models that any mapping or confirmed code in force refers to."""
        return tuple(
            dict.fromkeys([*(m.model for m in self.mappings), *(c.model for c in self.codes)])
        )

    def mapped(self, model: str | None = None) -> tuple[ThemeMapping, ...]:
        return tuple(m for m in self.mappings if model is None or m.model == model)

    def elements_of(self, theme: int, model: str | None = None) -> tuple[str, ...]:
        """The elements a theme is mapped onto."""
        return tuple(dict.fromkeys(m.element for m in self.mapped(model) if m.theme == theme))

    def themes_of(self, element: str, model: str | None = None) -> tuple[int, ...]:
        """The themes mapped onto an element, in id order."""
        return tuple(dict.fromkeys(m.theme for m in self.mapped(model) if m.element == element))

    def confirmed(self, model: str) -> dict[str, frozenset[str]]:
        """Segment id -> the elements the analyst confirmed it carries (segments whose every
        decision was "does not carry" are left out; see `decided`)."""
        out: dict[str, set[str]] = {}
        for c in self.codes:
            if c.model == model and c.present:
                out.setdefault(c.segment, set()).add(c.element)
        return {k: frozenset(v) for k, v in out.items()}

    def decided(self, model: str) -> dict[str, dict[str, bool]]:
        """Segment id -> element -> the analyst's decision (True: carries it, False: does
        not). A later `themes code` never overrides these."""
        out: dict[str, dict[str, bool]] = {}
        for c in self.codes:
            if c.model == model:
                out.setdefault(c.segment, {})[c.element] = c.present
        return out


class ElementHost(Protocol):
    """What the handlers need of the replay's working copy (`replay._Builder`)."""

    elements: ElementBuilder
    event: Event  # the event being applied

    def need_theme(self, theme_id: int) -> int: ...

    def need_segment(self, seg_id: str) -> str: ...

    def memo_theme(self, theme_id: int, memo: Memo | None) -> None: ...

    def memo_segment(self, seg_id: str, memo: Memo | None) -> None: ...


class ElementBuilder:
    """Mutable working copy used inside `replay` only."""

    def __init__(self) -> None:
        # theme id -> (model, element) -> the mapping, in the order set
        self.maps: dict[int, dict[tuple[str, str], ThemeMapping]] = {}
        # (segment, model, element) -> the latest decision
        self.codes: dict[tuple[str, str, str], ConfirmedCode] = {}

    def merge(self, target: int, others: Iterable[int]) -> None:
        """`others` were merged into `target`: it keeps the union of their mappings."""
        for other in others:
            for key, found in self.maps.pop(other, {}).items():
                kept = self.maps.setdefault(target, {})
                if key not in kept:
                    kept[key] = _moved(found, target)

    def split(self, source: int, parts: Iterable[int]) -> None:
        """`source` was split into `parts`: each keeps the source's mappings."""
        found = self.maps.pop(source, {})
        for part in parts:
            if found:
                self.maps[part] = {key: _moved(m, part) for key, m in found.items()}

    def state(self, themes: Iterable[int]) -> ElementState:
        alive = set(themes)
        return ElementState(
            mappings=tuple(
                m for tid in sorted(self.maps) if tid in alive for m in self.maps[tid].values()
            ),
            codes=tuple(self.codes[key] for key in sorted(self.codes)),
        )


def _who(event: Event) -> tuple[int, str, str]:
    return event.id, event.analyst, event.created_at


def _moved(mapping: ThemeMapping, theme: int) -> ThemeMapping:
    return ThemeMapping(
        theme, mapping.element, mapping.model, mapping.event_id, mapping.analyst, mapping.created_at
    )


def map_set(host: ElementHost, p: MapSetPayload, memo: Memo | None) -> None:
    tid = host.need_theme(p.theme)
    kept = host.elements.maps.setdefault(tid, {})
    if (p.model, p.element) in kept:
        raise NotApplicable(f"theme {tid} is already mapped onto {p.element!r}")
    kept[(p.model, p.element)] = ThemeMapping(tid, p.element, p.model, *_who(host.event))
    host.memo_theme(tid, memo)


def map_clear(host: ElementHost, p: MapClearPayload, memo: Memo | None) -> None:
    tid = host.need_theme(p.theme)
    kept = host.elements.maps.get(tid, {})
    gone = [key for key in kept if key[0] == p.model and p.element in (None, key[1])]
    if not gone:
        what = f"onto {p.element!r}" if p.element is not None else "onto this change model"
        raise NotApplicable(f"theme {tid} is not mapped {what}")
    for key in gone:
        del kept[key]
    host.memo_theme(tid, memo)


def code_set(host: ElementHost, p: CodeSetPayload, memo: Memo | None) -> None:
    _code(host, p.segment, p.element, p.model, True, memo)


def code_clear(host: ElementHost, p: CodeClearPayload, memo: Memo | None) -> None:
    _code(host, p.segment, p.element, p.model, False, memo)


def _code(
    host: ElementHost,
    segment: str,
    element: str,
    model: str,
    present: bool,
    memo: Memo | None,
) -> None:
    seg_id = host.need_segment(segment)
    key = (seg_id, model, element)
    before = host.elements.codes.get(key)
    if before is not None and before.present == present:
        carries = "carries" if present else "does not carry"
        raise NotApplicable(
            f"segment {seg_id} is already confirmed as one that {carries} {element!r}"
        )
    host.elements.codes[key] = ConfirmedCode(seg_id, element, model, present, *_who(host.event))
    host.memo_segment(seg_id, memo)


ELEMENT_HANDLERS: Mapping[str, Callable[[ElementHost, Any, Memo | None], None]] = {
    "map_set": map_set,
    "map_clear": map_clear,
    "code_set": code_set,
    "code_clear": code_clear,
}
"""The change-model kinds `themes.curation.replay.HANDLERS` dispatches here."""
