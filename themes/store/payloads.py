"""The payload of each kind of decision event: one schema per kind, checked on write and read.

A payload is stored as JSON (keys sorted). `parse_payload` turns it into its typed value, or
says why it is not one; the store refuses to append an invalid payload, and an invalid row
found in the log (written by hand, or by a damaged or foreign tool) is reported, not replayed.
The meaning of each kind is in `themes.curation.replay`.

Validation is strict (no type coercion: a number is never a string, a boolean never a number;
unknown keys rejected) and its reasons name fields, never values, so a reason can be printed
without quoting what the row holds. The checks are plain Python (`themes.store.rules`, in the
words pydantic uses), so reading a decision log costs no more than parsing its JSON.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from themes.store.rules import (
    Payload as _Payload,
)
from themes.store.rules import (
    Rule,
    choice,
    either,
    integer,
    items,
    nested,
    nullable,
    number,
    row,
    text,
)

THEME_ID = integer(ge=0)
EVENT_ID = integer(ge=1)
SEGMENT_ID = text(min_length=1)
TEXT = text(min_length=1)
STRING = text()
# Change models (`themes.store.change_models`): `model` is the stored model's hash, `element`
# an element id of that model (the pattern of `themes.changemodel.elements.ID_PATTERN`).
ELEMENT_ID = text(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
MODEL_HASH = text(pattern=r"^[0-9a-f]{64}$")


def _distinct(values: list[Any], what: str) -> None:
    if len(values) != len(set(values)):
        raise ValueError(f"{what} are listed more than once")


@dataclass(frozen=True)
class Part(_Payload):
    """A theme made by a decision (a split part, a new theme of `add`) and its members."""

    id: int
    segment_ids: tuple[str, ...]
    RULES: ClassVar[Mapping[str, Rule]] = {"id": THEME_ID, "segment_ids": items(SEGMENT_ID)}


@dataclass(frozen=True)
class MergePayload(_Payload):
    themes: tuple[int, ...]
    name: str
    RULES: ClassVar[Mapping[str, Rule]] = {"themes": items(THEME_ID, min_length=2), "name": TEXT}

    def check(self) -> None:
        if len(set(self.themes)) < 2:
            raise ValueError("a merge needs two different themes")


@dataclass(frozen=True)
class SplitPayload(_Payload):
    theme: int
    parts: tuple[Part, ...]
    RULES: ClassVar[Mapping[str, Rule]] = {
        "theme": THEME_ID,
        "parts": items(nested(Part), min_length=1),
    }

    def check(self) -> None:
        _distinct([p.id for p in self.parts], "part ids")
        _distinct([s for p in self.parts for s in p.segment_ids], "segments")


@dataclass(frozen=True)
class RenamePayload(_Payload):
    theme: int
    name: str
    RULES: ClassVar[Mapping[str, Rule]] = {"theme": THEME_ID, "name": TEXT}


@dataclass(frozen=True)
class DefinePayload(_Payload):
    theme: int
    definition: str
    include: str = ""
    exclude: str = ""
    RULES: ClassVar[Mapping[str, Rule]] = {
        "theme": THEME_ID,
        "definition": TEXT,
        "include": STRING,
        "exclude": STRING,
    }


def _one_or_many(payload: MovePayload | ExcludePayload) -> None:
    if (payload.segment is None) == (not payload.segments):
        raise ValueError("give either one segment or a list of segments")
    _distinct(list(payload.segments), "segments")


@dataclass(frozen=True)
class MovePayload(_Payload):
    """Segments join a theme: one (``segment``) or several at once (``segments``)."""

    theme: int
    segment: str | None = None
    segments: tuple[str, ...] = ()
    RULES: ClassVar[Mapping[str, Rule]] = {
        "theme": THEME_ID,
        "segment": nullable(SEGMENT_ID),
        "segments": items(SEGMENT_ID),
    }

    def check(self) -> None:
        _one_or_many(self)

    def segment_ids(self) -> tuple[str, ...]:
        return self.segments or (str(self.segment),)


@dataclass(frozen=True)
class ExcludePayload(_Payload):
    """Segments set aside: one (``segment``) or several at once (``segments``)."""

    segment: str | None = None
    segments: tuple[str, ...] = ()
    RULES: ClassVar[Mapping[str, Rule]] = {
        "segment": nullable(SEGMENT_ID),
        "segments": items(SEGMENT_ID),
    }

    def check(self) -> None:
        _one_or_many(self)

    def segment_ids(self) -> tuple[str, ...]:
        return self.segments or (str(self.segment),)


@dataclass(frozen=True)
class DiscardPayload(_Payload):
    """A whole theme set aside: its segments leave the themes, the theme disappears."""

    theme: int
    RULES: ClassVar[Mapping[str, Rule]] = {"theme": THEME_ID}


@dataclass(frozen=True)
class MemoPayload(_Payload):
    target: str
    id: int | str | None = None
    RULES: ClassVar[Mapping[str, Rule]] = {
        "target": choice("theme", "segment", "project"),
        "id": nullable(either(THEME_ID, SEGMENT_ID)),
    }

    def check(self) -> None:
        wanted = {"theme": int, "segment": str, "project": type(None)}[self.target]
        if not isinstance(self.id, wanted):
            raise ValueError(f"a memo on a {self.target} needs a {self.target} id")


@dataclass(frozen=True)
class AddedCounts(_Payload):
    transcript_id: str
    n_segments: int
    n_fit: int
    n_novel: int
    n_new_themes: int
    RULES: ClassVar[Mapping[str, Rule]] = {
        "transcript_id": TEXT,
        "n_segments": integer(),
        "n_fit": integer(),
        "n_novel": integer(),
        "n_new_themes": integer(),
    }


@dataclass(frozen=True)
class AddPayload(_Payload):
    transcripts: tuple[str, ...]
    assign: tuple[tuple[str, int | None, float], ...] = ()
    new_themes: tuple[Part, ...] = ()
    unassigned: tuple[str, ...] = ()
    per_transcript: tuple[AddedCounts, ...] = ()
    folder: str | None = None
    threshold: float | None = None
    min_new_theme_size: int | None = None
    batch: int | None = None
    RULES: ClassVar[Mapping[str, Rule]] = {
        "transcripts": items(TEXT),
        "assign": items(row(SEGMENT_ID, nullable(THEME_ID), number())),
        "new_themes": items(nested(Part)),
        "unassigned": items(SEGMENT_ID),
        "per_transcript": items(nested(AddedCounts)),
        "folder": nullable(STRING),
        "threshold": nullable(number()),
        "min_new_theme_size": nullable(integer()),
        "batch": nullable(integer()),
    }

    def check(self) -> None:
        _distinct([t.id for t in self.new_themes], "new theme ids")
        _distinct(list(self.segment_ids()), "segments")

    def segment_ids(self) -> tuple[str, ...]:
        """Every segment the event places, in the order it places them."""
        return (
            *(s for s, _, _ in self.assign),
            *(s for t in self.new_themes for s in t.segment_ids),
            *self.unassigned,
        )


@dataclass(frozen=True)
class UndoPayload(_Payload):
    event: int
    RULES: ClassVar[Mapping[str, Rule]] = {"event": EVENT_ID}


@dataclass(frozen=True)
class MapSetPayload(_Payload):
    """A theme mapped onto an element of a change model."""

    theme: int
    element: str
    model: str
    RULES: ClassVar[Mapping[str, Rule]] = {
        "theme": THEME_ID,
        "element": ELEMENT_ID,
        "model": MODEL_HASH,
    }


@dataclass(frozen=True)
class MapClearPayload(_Payload):
    """A theme's mapping onto one element taken back (`element` null: onto every element of
    the model)."""

    theme: int
    element: str | None
    model: str
    RULES: ClassVar[Mapping[str, Rule]] = {
        "theme": THEME_ID,
        "element": nullable(ELEMENT_ID),
        "model": MODEL_HASH,
    }


@dataclass(frozen=True)
class CodeSetPayload(_Payload):
    """The analyst confirms that a segment carries an element (a confirmed deductive code)."""

    segment: str
    element: str
    model: str
    RULES: ClassVar[Mapping[str, Rule]] = {
        "segment": SEGMENT_ID,
        "element": ELEMENT_ID,
        "model": MODEL_HASH,
    }


@dataclass(frozen=True)
class CodeClearPayload(_Payload):
    """The analyst confirms that a segment does not carry an element (a machine code
    corrected, or a confirmed code taken back)."""

    segment: str
    element: str
    model: str
    RULES: ClassVar[Mapping[str, Rule]] = {
        "segment": SEGMENT_ID,
        "element": ELEMENT_ID,
        "model": MODEL_HASH,
    }


Payload = (
    MergePayload
    | SplitPayload
    | RenamePayload
    | DefinePayload
    | MovePayload
    | ExcludePayload
    | DiscardPayload
    | MemoPayload
    | AddPayload
    | UndoPayload
    | MapSetPayload
    | MapClearPayload
    | CodeSetPayload
    | CodeClearPayload
)

PAYLOADS: Mapping[str, type[_Payload]] = {
    "merge": MergePayload,
    "split": SplitPayload,
    "rename": RenamePayload,
    "define": DefinePayload,
    "move": MovePayload,
    "exclude": ExcludePayload,
    "discard": DiscardPayload,
    "memo": MemoPayload,
    "add": AddPayload,
    "undo": UndoPayload,
    "map_set": MapSetPayload,
    "map_clear": MapClearPayload,
    "code_set": CodeSetPayload,
    "code_clear": CodeClearPayload,
}
KINDS = tuple(PAYLOADS)


def payload_json(payload: Mapping[str, Any]) -> str:
    """The stored form of a payload: JSON with sorted keys (what the event hash covers)."""
    return json.dumps(dict(payload), sort_keys=True)


def parse_payload(kind: str, payload: Mapping[str, Any]) -> tuple[Payload | None, str]:
    """The typed payload and ``""``, or None and why the payload is not one of `kind`."""
    schema = PAYLOADS.get(kind)
    if schema is None:
        shown = kind if len(kind) <= 30 else kind[:30] + "..."
        return None, f"unknown kind {shown!r}"
    try:  # the value as JSON holds it: tuples become lists, non-JSON values are refused
        data = json.loads(json.dumps(dict(payload)))
    except (TypeError, ValueError):
        return None, "the payload is not JSON"
    typed, problems = schema.parse(data)
    return typed, problems  # type: ignore[return-value]
