"""Analyst decisions as events, and their replay on top of a run (pure, deterministic).

The themes an analyst sees are ``replay(run_themes, assignments, events)``: the run's themes
with every non-cancelled decision applied in event-id order. Nothing here reads the project
or the clock; the same inputs always give the same state.

Event kinds and their payloads (``memo`` is the event's "why", stored beside the payload):

- ``merge``   ``{"themes": [A, B, ...], "name": str}``: the merged theme keeps the smallest
  id; the other ids disappear. Members keep how they were assigned.
- ``split``   ``{"theme": A, "parts": [{"id": N, "segment_ids": [...]}, ...]}``: A disappears;
  each part is a new theme whose id was chosen above every id ever used in the run.
- ``rename``  ``{"theme": A, "name": str}``
- ``define``  ``{"theme": A, "definition": str, "include": str, "exclude": str}``
- ``move``    ``{"segment": S, "theme": A}`` or ``{"segments": [S, ...], "theme": A}``: the
  segments join A (``assigned_by = "analyst"``).
- ``exclude`` ``{"segment": S}`` or ``{"segments": [S, ...]}``: the segments are set aside as
  not relevant (``assigned_by = "excluded"``).
- ``discard`` ``{"theme": A}``: the whole theme is set aside: A disappears and its segments
  are excluded; it is kept, with its memos, in ``CuratedState.discarded``.
- ``memo``    ``{"target": "theme" | "segment" | "project", "id": A | S | null}``
- ``add``     ``{"transcripts": [...], "assign": [[S, A, score], ...],
  "new_themes": [{"id": N, "segment_ids": [...]}], "unassigned": [S, ...], ...}``:
  segments of transcripts added later join existing themes, new candidate themes, or stay
  unassigned.
- ``undo``    ``{"event": E}``: cancels event E. An undo can itself be undone (a redo).
- ``map_set``, ``map_clear``, ``code_set``, ``code_clear``: themes mapped onto change-model
  elements and segments' confirmed codes (`themes.curation.mappings`).

Each payload has a schema (`themes.store.payloads`), checked when the event is written and
when it is read. Replay rules: events are applied in id order, each by its kind's handler
(`HANDLERS`); cancelled events are skipped; an event that no longer applies (its theme or
segment is gone because an earlier event was undone) is skipped and the reason kept in
``CuratedState.skipped``; an event whose row is not a valid event (written by hand or damaged)
is never applied, and why is kept in ``CuratedState.invalid``. A memo on any decision is
attached to the theme (or segment) the decision is about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from themes.core.types import Assignment, Theme
from themes.curation.mappings import (
    ELEMENT_HANDLERS,
    ElementBuilder,
    ElementState,
    NotApplicable,
)
from themes.store.payloads import (
    AddPayload,
    DefinePayload,
    DiscardPayload,
    ExcludePayload,
    MemoPayload,
    MergePayload,
    MovePayload,
    RenamePayload,
    SplitPayload,
    UndoPayload,
)
from themes.store.records import Event

EXCLUDED = "excluded"
ANALYST = "analyst"


@dataclass(frozen=True)
class Memo:
    event_id: int
    analyst: str
    created_at: str
    text: str


@dataclass(frozen=True)
class CuratedTheme:
    id: int
    segment_ids: tuple[str, ...]
    origin: tuple[int, ...]  # run theme ids (or created ids) whose members it holds
    name: str | None = None
    definition: str = ""
    include: str = ""
    exclude: str = ""
    memos: tuple[Memo, ...] = ()


@dataclass(frozen=True)
class CuratedState:
    themes: tuple[CuratedTheme, ...]  # ordered by id
    assignments: tuple[Assignment, ...]  # run order, then added segments
    segment_memos: Mapping[str, tuple[Memo, ...]] = field(default_factory=dict)
    project_memos: tuple[Memo, ...] = ()
    elements: ElementState = field(default_factory=ElementState)  # mappings, confirmed codes
    discarded: tuple[CuratedTheme, ...] = ()  # themes set aside whole, as they were then
    # bookkeeping: not part of the state's identity
    cancelled: frozenset[int] = field(default=frozenset(), compare=False)
    skipped: Mapping[int, str] = field(default_factory=dict, compare=False)
    invalid: Mapping[int, str] = field(default_factory=dict, compare=False)  # never applied

    def theme(self, theme_id: int) -> CuratedTheme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    @property
    def excluded(self) -> tuple[str, ...]:
        return tuple(a.segment_id for a in self.assignments if a.assigned_by == EXCLUDED)


class _Skip(NotApplicable):
    """An event that no longer applies to the state (reason in the message)."""


def cancelled_ids(events: Iterable[Event]) -> frozenset[int]:
    """Ids cancelled by undo events that are themselves in force (latest undo decides).
    Invalid events cancel nothing, nor does an undo of a later event."""
    out: set[int] = set()
    for event in sorted(events, key=lambda e: e.id, reverse=True):
        p = event.typed
        if isinstance(p, UndoPayload) and event.id not in out and p.event < event.id:
            out.add(p.event)
    return frozenset(out)


def created_ids(events: Iterable[Event]) -> list[int]:
    """Theme ids created by split and add events (cancelled or not)."""
    ids: list[int] = []
    for event in events:
        p = event.typed
        if isinstance(p, SplitPayload):
            ids.extend(part.id for part in p.parts)
        elif isinstance(p, AddPayload):
            ids.extend(part.id for part in p.new_themes)
    return ids


def next_theme_id(run_themes: Sequence[Theme], events: Iterable[Event]) -> int:
    """New themes get ids above every id the run or any event ever used, so none is reused."""
    return max([0, *(t.id for t in run_themes), *created_ids(events)]) + 1


class _Builder:
    """Mutable working copy used inside `replay` only."""

    def __init__(self, run_themes: Sequence[Theme], assignments: Sequence[Assignment]) -> None:
        self.assign: dict[str, Assignment] = {a.segment_id: a for a in assignments}
        self.members: dict[int, list[str]] = {}
        self.info: dict[int, dict[str, Any]] = {}
        for theme in sorted(run_themes, key=lambda t: t.id):
            self._new_theme(theme.id, (theme.id,))
        for a in assignments:
            if a.theme_id is not None and a.theme_id in self.members:
                self.members[a.theme_id].append(a.segment_id)
        self.segment_memos: dict[str, list[Memo]] = {}
        self.project_memos: list[Memo] = []
        self.elements = ElementBuilder()
        self.discarded: list[CuratedTheme] = []
        self.event: Event  # the event being applied (set by `replay`)

    def _new_theme(self, theme_id: int, origin: tuple[int, ...]) -> None:
        self.members[theme_id] = []
        self.info[theme_id] = {
            "origin": origin,
            "name": None,
            "definition": "",
            "include": "",
            "exclude": "",
            "memos": [],
        }

    def need_theme(self, theme_id: int) -> int:
        if theme_id not in self.members:
            raise _Skip(f"theme {theme_id} no longer exists")
        return theme_id

    def need_segment(self, seg_id: str) -> str:
        if seg_id not in self.assign:
            raise _Skip(f"segment {seg_id} is not in the view")
        return seg_id

    def detach(self, seg_id: str) -> None:
        old = self.assign[seg_id].theme_id
        if old is not None and old in self.members and seg_id in self.members[old]:
            self.members[old].remove(seg_id)

    def set_assignment(self, seg_id: str, theme_id: int | None, prob: float, by: str) -> None:
        self.assign[seg_id] = Assignment(seg_id, theme_id, prob, by)

    def memo_theme(self, theme_id: int, memo: Memo | None) -> None:
        if memo is not None:
            self.info[theme_id]["memos"].append(memo)

    def memo_segment(self, seg_id: str, memo: Memo | None) -> None:
        if memo is not None:
            self.segment_memos.setdefault(seg_id, []).append(memo)

    # -- event kinds (see HANDLERS) ------------------------------------------------------
    def merge(self, p: MergePayload, memo: Memo | None) -> None:
        ids = sorted({self.need_theme(t) for t in p.themes})
        target = ids[0]  # the schema asks for two different ids, and each exists
        info = self.info[target]
        for other in ids[1:]:
            for seg_id in self.members.pop(other):
                a = self.assign[seg_id]
                self.set_assignment(seg_id, target, a.probability, a.assigned_by)
                self.members[target].append(seg_id)
            gone = self.info.pop(other)
            info["origin"] = tuple(sorted(set(info["origin"]) | set(gone["origin"])))
            info["memos"].extend(gone["memos"])
            for key in ("definition", "include", "exclude"):
                if not info[key] and gone[key]:
                    info[key] = gone[key]
        info["name"] = p.name
        self.elements.merge(target, ids[1:])
        self.memo_theme(target, memo)

    def split(self, p: SplitPayload, memo: Memo | None) -> None:
        source = self.need_theme(p.theme)
        if any(part.id in self.members for part in p.parts):
            raise _Skip("a part's id is already in use")
        current = self.members.pop(source)
        origin = self.info.pop(source)["origin"]
        where = {s: part.id for part in p.parts for s in part.segment_ids}
        for part in p.parts:
            self._new_theme(part.id, origin)
            self.memo_theme(part.id, memo)
        for seg_id in current:  # members not listed (moved in since) join the first part
            pid = where.get(seg_id, p.parts[0].id)
            a = self.assign[seg_id]
            self.set_assignment(seg_id, pid, a.probability, a.assigned_by)
            self.members[pid].append(seg_id)
        self.elements.split(source, [part.id for part in p.parts])

    def rename(self, p: RenamePayload, memo: Memo | None) -> None:
        tid = self.need_theme(p.theme)
        self.info[tid]["name"] = p.name
        self.memo_theme(tid, memo)

    def define(self, p: DefinePayload, memo: Memo | None) -> None:
        tid = self.need_theme(p.theme)
        self.info[tid].update(definition=p.definition, include=p.include, exclude=p.exclude)
        self.memo_theme(tid, memo)

    def move(self, p: MovePayload, memo: Memo | None) -> None:
        seg_ids = [self.need_segment(s) for s in p.segment_ids()]
        tid = self.need_theme(p.theme)
        for seg_id in seg_ids:
            self.detach(seg_id)
            self.set_assignment(seg_id, tid, 1.0, ANALYST)
            self.members[tid].append(seg_id)
            self.memo_segment(seg_id, memo)

    def exclude(self, p: ExcludePayload, memo: Memo | None) -> None:
        for seg_id in [self.need_segment(s) for s in p.segment_ids()]:
            self.detach(seg_id)
            self.set_assignment(seg_id, None, 0.0, EXCLUDED)
            self.memo_segment(seg_id, memo)

    def discard(self, p: DiscardPayload, memo: Memo | None) -> None:
        tid = self.need_theme(p.theme)
        self.memo_theme(tid, memo)
        self.discarded.append(self._curated(tid))
        for seg_id in self.members.pop(tid):
            self.set_assignment(seg_id, None, 0.0, EXCLUDED)
        del self.info[tid]
        self.elements.maps.pop(tid, None)

    def memo(self, p: MemoPayload, memo: Memo | None) -> None:
        if memo is None:
            raise _Skip("the memo is empty")
        if isinstance(p.id, int) and p.target == "theme":
            self.memo_theme(self.need_theme(p.id), memo)
        elif isinstance(p.id, str) and p.target == "segment":
            self.memo_segment(self.need_segment(p.id), memo)
        else:
            self.project_memos.append(memo)

    def add(self, p: AddPayload, memo: Memo | None) -> None:
        if any(s in self.assign for s in p.segment_ids()):
            raise _Skip("some of its segments are already in the view")
        for new in p.new_themes:
            if new.id in self.members:
                raise _Skip(f"theme id {new.id} is already in use")
        for seg_id, theme_id, score in p.assign:
            if theme_id is not None and theme_id in self.members:
                self.set_assignment(seg_id, theme_id, score, "added")
                self.members[theme_id].append(seg_id)
            else:  # the theme it fitted is gone: keep it unassigned
                self.set_assignment(seg_id, None, 0.0, "")
        for new in p.new_themes:
            self._new_theme(new.id, (new.id,))
            for seg_id in new.segment_ids:
                self.set_assignment(seg_id, new.id, 1.0, "added")
                self.members[new.id].append(seg_id)
            self.memo_theme(new.id, memo)
        for seg_id in p.unassigned:
            self.set_assignment(seg_id, None, 0.0, "")

    def _curated(self, tid: int) -> CuratedTheme:
        info = self.info[tid]
        return CuratedTheme(
            id=tid,
            segment_ids=tuple(self.members[tid]),
            origin=tuple(info["origin"]),
            name=info["name"],
            definition=info["definition"],
            include=info["include"],
            exclude=info["exclude"],
            memos=tuple(info["memos"]),
        )

    def state(
        self, cancelled: frozenset[int], skipped: dict[int, str], invalid: dict[int, str]
    ) -> CuratedState:
        themes = tuple(self._curated(tid) for tid in sorted(self.members))
        return CuratedState(
            themes=themes,
            assignments=tuple(self.assign.values()),
            segment_memos={k: tuple(v) for k, v in sorted(self.segment_memos.items())},
            project_memos=tuple(self.project_memos),
            elements=self.elements.state(self.members),
            discarded=tuple(self.discarded),
            cancelled=cancelled,
            skipped=dict(skipped),
            invalid=dict(invalid),
        )


_Handler = Callable[[_Builder, Any, "Memo | None"], None]
HANDLERS: Mapping[str, _Handler] = {
    "merge": _Builder.merge,
    "split": _Builder.split,
    "rename": _Builder.rename,
    "define": _Builder.define,
    "move": _Builder.move,
    "exclude": _Builder.exclude,
    "discard": _Builder.discard,
    "memo": _Builder.memo,
    "add": _Builder.add,
    **ELEMENT_HANDLERS,
}
"""How each kind of decision changes the state (``undo`` works through `cancelled_ids`)."""


def replay(
    run_themes: Sequence[Theme], assignments: Sequence[Assignment], events: Sequence[Event]
) -> CuratedState:
    """The curated state: the run with every non-cancelled decision applied in id order."""
    ordered = sorted(events, key=lambda e: e.id)
    cancelled = cancelled_ids(ordered)
    builder = _Builder(run_themes, assignments)
    known = {e.id for e in ordered}
    skipped: dict[int, str] = {}
    invalid: dict[int, str] = {}
    for event in ordered:
        p = event.typed
        if p is None:
            invalid[event.id] = event.problem
            continue
        if event.id in cancelled:
            continue
        if isinstance(p, UndoPayload):
            if p.event not in known or p.event >= event.id:
                skipped[event.id] = f"event {p.event} is not an earlier decision of this run"
            continue
        memo = Memo(event.id, event.analyst, event.created_at, event.memo) if event.memo else None
        builder.event = event
        try:
            HANDLERS[event.kind](builder, p, memo)
        except NotApplicable as exc:
            skipped[event.id] = str(exc)
    return builder.state(cancelled, skipped, invalid)
