"""The event payload schemas as pydantic models: how `themes.store.payloads` was written
before it became plain Python. Kept for the tests only, which hold the two to the same
verdict (valid or not) and the same reasons on every payload they try."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

ThemeId = Annotated[int, Field(ge=0)]
EventId = Annotated[int, Field(ge=1)]
SegmentId = Annotated[str, Field(min_length=1)]
Text = Annotated[str, Field(min_length=1)]


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Part(_Payload):
    """A theme made by a decision (a split part, a new theme of `add`) and its members."""

    id: ThemeId
    segment_ids: tuple[SegmentId, ...]


def _distinct(values: list[Any], what: str) -> None:
    if len(values) != len(set(values)):
        raise ValueError(f"{what} are listed more than once")


class MergePayload(_Payload):
    themes: tuple[ThemeId, ...] = Field(min_length=2)
    name: Text

    @model_validator(mode="after")
    def _two_themes(self) -> MergePayload:
        if len(set(self.themes)) < 2:
            raise ValueError("a merge needs two different themes")
        return self


class SplitPayload(_Payload):
    theme: ThemeId
    parts: tuple[Part, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _distinct_parts(self) -> SplitPayload:
        _distinct([p.id for p in self.parts], "part ids")
        _distinct([s for p in self.parts for s in p.segment_ids], "segments")
        return self


class RenamePayload(_Payload):
    theme: ThemeId
    name: Text


class DefinePayload(_Payload):
    theme: ThemeId
    definition: Text
    include: str = ""
    exclude: str = ""


class MovePayload(_Payload):
    segment: SegmentId
    theme: ThemeId


class ExcludePayload(_Payload):
    segment: SegmentId


class MemoPayload(_Payload):
    target: Literal["theme", "segment", "project"]
    id: ThemeId | SegmentId | None = None

    @model_validator(mode="after")
    def _id_fits_target(self) -> MemoPayload:
        wanted = {"theme": int, "segment": str, "project": type(None)}[self.target]
        if not isinstance(self.id, wanted) or isinstance(self.id, bool):
            raise ValueError(f"a memo on a {self.target} needs a {self.target} id")
        return self


class AddedCounts(_Payload):
    transcript_id: Text
    n_segments: int
    n_fit: int
    n_novel: int
    n_new_themes: int


class AddPayload(_Payload):
    transcripts: tuple[Text, ...]
    assign: tuple[tuple[SegmentId, ThemeId | None, float], ...] = ()
    new_themes: tuple[Part, ...] = ()
    unassigned: tuple[SegmentId, ...] = ()
    per_transcript: tuple[AddedCounts, ...] = ()
    folder: str | None = None
    threshold: float | None = None
    min_new_theme_size: int | None = None
    batch: int | None = None

    @model_validator(mode="after")
    def _each_segment_once(self) -> AddPayload:
        _distinct([t.id for t in self.new_themes], "new theme ids")
        _distinct(list(self.segment_ids()), "segments")
        return self

    def segment_ids(self) -> tuple[str, ...]:
        """Every segment the event places, in the order it places them."""
        return (
            *(s for s, _, _ in self.assign),
            *(s for t in self.new_themes for s in t.segment_ids),
            *self.unassigned,
        )


class UndoPayload(_Payload):
    event: EventId


# Change models (`themes.store.change_models`): `model` is the stored model's hash, `element`
# an element id of that model (the pattern of `themes.changemodel.elements.ID_PATTERN`).
ElementId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
ModelHash = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class MapSetPayload(_Payload):
    """A theme mapped onto an element of a change model."""

    theme: ThemeId
    element: ElementId
    model: ModelHash


class MapClearPayload(_Payload):
    """A theme's mapping onto one element taken back (`element` null: onto every element of
    the model)."""

    theme: ThemeId
    element: ElementId | None
    model: ModelHash


class CodeSetPayload(_Payload):
    """The analyst confirms that a segment carries an element (a confirmed deductive code)."""

    segment: SegmentId
    element: ElementId
    model: ModelHash


class CodeClearPayload(_Payload):
    """The analyst confirms that a segment does not carry an element (a machine code
    corrected, or a confirmed code taken back)."""

    segment: SegmentId
    element: ElementId
    model: ModelHash


Payload = (
    MergePayload
    | SplitPayload
    | RenamePayload
    | DefinePayload
    | MovePayload
    | ExcludePayload
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
    "memo": MemoPayload,
    "add": AddPayload,
    "undo": UndoPayload,
    "map_set": MapSetPayload,
    "map_clear": MapClearPayload,
    "code_set": CodeSetPayload,
    "code_clear": CodeClearPayload,
}
KINDS = tuple(PAYLOADS)


def parse_payload(kind: str, payload: Mapping[str, Any]) -> tuple[Payload | None, str]:
    schema = PAYLOADS.get(kind)
    if schema is None:
        shown = kind if len(kind) <= 30 else kind[:30] + "..."
        return None, f"unknown kind {shown!r}"
    try:
        text = json.dumps(dict(payload))
    except (TypeError, ValueError):
        return None, "the payload is not JSON"
    try:
        return schema.model_validate_json(text), ""  # type: ignore[return-value]
    except ValidationError as exc:
        return None, reason(exc)


def reason(exc: ValidationError, most: int = 3) -> str:
    found: list[str] = []
    for err in exc.errors(include_url=False, include_input=False, include_context=False):
        loc = ".".join(str(x) for x in err["loc"] if not (isinstance(x, str) and "-" in x))
        line = f"{loc or 'payload'}: {err['msg'].removeprefix('Value error, ')}"
        if line not in found:
            found.append(line)
    more = f" (and {len(found) - most} more)" if len(found) > most else ""
    return "; ".join(found[:most]) + more
