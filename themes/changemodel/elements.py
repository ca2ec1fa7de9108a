"""The change model: named elements (mechanisms, conditions, codes) in a tree, and links
between them. Immutable values, validated on construction.

A file's shape (see configs/change_models/gillard2014.yaml)::

    name: Peer worker change model
    version: 1
    source: "Gillard et al. 2014, paraphrased"
    elements:
      - id: trust            # unique in the whole tree, stable: used in events, exports, gold files
        name: Building trusting relationships based on shared lived experience
        description: ...     # what belongs here, in the analyst's words
        examples: ["..."]    # quotes that clearly belong
        exclude: ["..."]     # near misses that do not belong
        codable: true        # false for a category that only groups its children
        provisional: false   # true where the project, not the published model, worded it
        children: [...]      # elements of the same shape
    links:
      - {from: trust, to: engagement, kind: leads_to}

Unknown fields are rejected. Element ids are checked across the whole tree (case-insensitively),
links must name existing ids, and at least one element must be codable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
ID_RULE = (
    "an id is 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit "
    "(no spaces or ':'), e.g. trust or role-modelling"
)
KIND_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
DEFER_CHECKS = "defer_checks"  # validation context key: the caller runs `problems` itself


def _none_is_empty(empty: Any) -> BeforeValidator:
    """``description:`` or ``examples:`` left empty in YAML reads as None: treat it as empty."""
    return BeforeValidator(lambda value: empty if value is None else value)


Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]
OptionalText = Annotated[StrictStr, StringConstraints(strip_whitespace=True), _none_is_empty("")]
Texts = Annotated[tuple[Text, ...], _none_is_empty(())]


def _version(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError("write a whole number or a short text, e.g. 1 or '2024-03'")
    return value


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Element(_Frozen):
    """One mechanism, condition or code; a category when not codable."""

    id: StrictStr
    name: Text
    description: OptionalText = ""
    examples: Texts = ()
    exclude: Texts = ()
    codable: StrictBool = True
    provisional: StrictBool = False
    children: Annotated[tuple[Element, ...], _none_is_empty(())] = ()

    @field_validator("id")
    @classmethod
    def _safe_id(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(f"{value!r} is not a usable id: {ID_RULE}")
        return value


class Link(_Frozen):
    """A relation between two elements, e.g. ``{from: trust, to: engagement, kind: leads_to}``.
    The attribute is ``from_`` (``from`` is a Python keyword); files say ``from``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: StrictStr = Field(alias="from")
    to: StrictStr
    kind: StrictStr = "leads_to"

    @field_validator("kind")
    @classmethod
    def _safe_kind(cls, value: str) -> str:
        if not KIND_PATTERN.match(value):
            raise ValueError(
                f"{value!r} is not a usable link kind: write lower-case words joined by '_', "
                "e.g. leads_to, supports, hinders"
            )
        return value


class ChangeModel(_Frozen):
    """A named, versioned tree of elements with optional links between them."""

    name: Text
    version: Annotated[int | str, BeforeValidator(_version)] = 1
    source: OptionalText = ""
    elements: tuple[Element, ...] = Field(min_length=1)
    links: Annotated[tuple[Link, ...], _none_is_empty(())] = ()

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> ChangeModel:
        if info.context and info.context.get(DEFER_CHECKS):
            return self
        found = problems(self)
        if found:
            raise ValueError("; ".join(f"{path_text(p.loc)}: {p.message}" for p in found))
        return self

    def walk(self) -> tuple[FlatElement, ...]:
        """Every element, depth first in file order, with its place in the tree."""
        return tuple(_walk(self.elements, (), ()))

    def codable(self) -> tuple[FlatElement, ...]:
        """The elements a segment or theme can be coded with."""
        return tuple(flat for flat in self.walk() if flat.element.codable)

    def ids(self) -> tuple[str, ...]:
        return tuple(flat.id for flat in self.walk())

    def get(self, element_id: str) -> FlatElement:
        """The element with this id; KeyError when there is none."""
        for flat in self.walk():
            if flat.id == element_id:
                return flat
        raise KeyError(element_id)


@dataclass(frozen=True)
class FlatElement:
    """An element with its place in the tree: `path` holds the ids from the top down to it."""

    element: Element
    path: tuple[str, ...]
    loc: tuple[str | int, ...]  # where it sits in the file, e.g. ("elements", 0, "children", 2)

    @property
    def id(self) -> str:
        return self.element.id

    @property
    def parent(self) -> str | None:
        return self.path[-2] if len(self.path) > 1 else None

    @property
    def depth(self) -> int:
        return len(self.path) - 1


@dataclass(frozen=True)
class Problem:
    """A rule a model breaks, at a place in its file (`loc`, pydantic-style)."""

    loc: tuple[str | int, ...]
    message: str


def _walk(
    elements: tuple[Element, ...], path: tuple[str, ...], loc: tuple[str | int, ...]
) -> Iterator[FlatElement]:
    key = "children" if loc else "elements"
    for i, element in enumerate(elements):
        here = (*loc, key, i)
        yield FlatElement(element, (*path, element.id), here)
        yield from _walk(element.children, (*path, element.id), here)


def problems(model: ChangeModel) -> list[Problem]:
    """What a structurally valid model still gets wrong: ids used twice, links to unknown ids,
    no codable element."""
    found: list[Problem] = []
    first: dict[str, FlatElement] = {}
    for flat in model.walk():
        seen = first.setdefault(flat.id.casefold(), flat)
        if seen is not flat:
            found.append(
                Problem(
                    (*flat.loc, "id"),
                    f"id {flat.id!r} is already used at {path_text(seen.loc)} (ids are compared "
                    "ignoring case); give this element an id of its own",
                )
            )
    ids = {flat.id for flat in model.walk()}
    known = ", ".join(sorted(ids))
    pairs: set[tuple[str, str, str]] = set()
    for i, link in enumerate(model.links):
        for field, value in (("from", link.from_), ("to", link.to)):
            if value not in ids:
                found.append(
                    Problem(
                        ("links", i, field),
                        f"no element has the id {value!r}; a link joins two element ids "
                        f"(known: {known})",
                    )
                )
        if link.from_ == link.to:
            found.append(Problem(("links", i, "to"), "a link cannot join an element to itself"))
        pair = (link.from_, link.to, link.kind)
        if pair in pairs:
            found.append(Problem(("links", i), "the same link is given twice; remove one"))
        pairs.add(pair)
    if not any(flat.element.codable for flat in model.walk()):
        found.append(
            Problem(
                ("elements",),
                "no element is codable; mark at least one element `codable: true` "
                "(false is only for categories that group their children)",
            )
        )
    return found


def path_text(loc: tuple[str | int, ...]) -> str:
    """``("elements", 0, "children", 2, "id")`` -> ``elements[0].children[2].id``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
