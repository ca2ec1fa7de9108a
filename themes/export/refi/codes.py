"""The codebook both REFI-QDA files carry: the curated themes as codes, the change model's
elements as a tree of codes (categories not codable), and theme-to-element mappings as sets.

A theme's code is named by the analyst's name, else the run's label; its ``Description`` holds
the definition, ``Include: ...`` and an ``Exclude:`` section. An element's ``Description``
holds its description and its ``Examples:`` and ``Exclude:`` sections, the text that
`themes model import` reads back (`themes.changemodel.refi`). GUIDs come from
`ProjectIdentity`: the same theme of the same run, or the same element id, keeps its GUID.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from themes.changemodel.elements import ChangeModel
from themes.changemodel.elements import Element as ModelElement
from themes.changemodel.refi import compose_description
from themes.curation.replay import CuratedTheme, Memo
from themes.curation.view import ProjectView
from themes.export.refi.guids import ProjectIdentity
from themes.export.refi.inputs import Mappings
from themes.export.refi.xml import boolean, node, sub, text_child


@dataclass(frozen=True)
class Code:
    guid: str
    name: str
    codable: bool = True
    description: str = ""
    children: tuple[Code, ...] = ()
    memos: tuple[Memo, ...] = ()  # written as notes in a project file


@dataclass(frozen=True)
class CodeSet:
    guid: str
    name: str
    description: str
    members: tuple[str, ...]  # code GUIDs, never empty


@dataclass(frozen=True)
class Codebook:
    codes: tuple[Code, ...]
    sets: tuple[CodeSet, ...] = ()
    themes: Mapping[int, str] = field(default_factory=dict)  # theme id -> code GUID
    elements: Mapping[str, str] = field(default_factory=dict)  # element id -> code GUID
    notes: tuple[str, ...] = ()  # what the analyst should know (mappings left out, ...)


def theme_description(notes: CuratedTheme | None) -> str:
    """Definition, ``Include: ...`` and an ``Exclude:`` section (empty when undefined)."""
    if notes is None:
        return ""
    text = notes.definition.strip()
    if notes.include.strip():
        text += ("\n\n" if text else "") + "Include: " + notes.include.strip()
    exclude = (notes.exclude.strip(),) if notes.exclude.strip() else ()
    return compose_description(text, (), exclude)


def build_codebook(
    view: ProjectView,
    identity: ProjectIdentity,
    model: ChangeModel | None = None,
    mappings: Mappings | None = None,
) -> Codebook:
    """The themes of `view` (in id order), then `model`'s elements, then a set per element
    that has themes mapped onto it."""
    run = view.run.id
    theme_codes: list[Code] = []
    theme_guids: dict[int, str] = {}
    for theme in sorted(view.themes, key=lambda t: t.id):
        notes = view.notes(theme.id)
        guid = identity.guid("theme", run, theme.id)
        theme_guids[theme.id] = guid
        name = " ".join(view.title(theme.id).split()) or f"Theme {theme.id}"
        memos = notes.memos if notes is not None else ()
        theme_codes.append(Code(guid, name, True, theme_description(notes), (), memos))
    element_guids: dict[str, str] = {}
    element_codes = (
        tuple(_element(e, identity, element_guids) for e in model.elements) if model else ()
    )
    sets, notes_out = _sets(
        view, identity, model, mappings or Mappings(), theme_guids, element_guids
    )
    return Codebook(
        (*theme_codes, *element_codes), sets, theme_guids, element_guids, tuple(notes_out)
    )


def _element(element: ModelElement, identity: ProjectIdentity, guids: dict[str, str]) -> Code:
    guid = identity.guid("element", element.id)
    guids[element.id] = guid
    description = compose_description(element.description, element.examples, element.exclude)
    children = tuple(_element(child, identity, guids) for child in element.children)
    return Code(guid, element.name, element.codable, description, children)


def _sets(
    view: ProjectView,
    identity: ProjectIdentity,
    model: ChangeModel | None,
    mappings: Mappings,
    themes: Mapping[int, str],
    elements: Mapping[str, str],
) -> tuple[tuple[CodeSet, ...], list[str]]:
    names = {flat.id: flat.element.name for flat in model.walk()} if model else {}
    sets: list[CodeSet] = []
    notes: list[str] = []
    for element_id in mappings.elements():
        members = [themes[t] for t in mappings.themes_of(element_id) if t in themes]
        gone = [t for t in mappings.themes_of(element_id) if t not in themes]
        if gone:
            notes.append(
                f"theme(s) {', '.join(map(str, gone))} mapped onto {element_id!r} are not "
                f"themes of run {view.run.id} (merged or split since?); left out of its set."
            )
        if model is not None and element_id not in names:
            notes.append(
                f"element {element_id!r} has themes mapped onto it but is not in the change "
                f"model {model.name!r}; its set is named by its id."
            )
        if not members:
            continue  # an empty Set is invalid
        if element_id in elements:
            members.insert(0, elements[element_id])
        name = names.get(element_id, element_id)
        sets.append(
            CodeSet(
                identity.guid("set", "element", element_id),
                f"Mapped onto: {name}",
                f"The themes mapped onto the change-model element {element_id!r}.",
                tuple(members),
            )
        )
    return tuple(sets), notes


def code_element(code: Code, note_guids: Mapping[int, str] | None = None) -> Element:
    """``<Code>`` with its ``Description``, ``NoteRef``s (project files: `note_guids` maps a
    memo's event id to its note) and nested codes, in the schema's order."""
    out = node("Code", {"guid": code.guid, "name": code.name, "isCodable": boolean(code.codable)})
    if code.description:
        text_child(out, "Description", code.description)
    if note_guids is not None:
        for memo in code.memos:
            sub(out, "NoteRef", {"targetGUID": note_guids[memo.event_id]})
    for child in code.children:
        out.append(code_element(child, note_guids))
    return out


def set_element(code_set: CodeSet, member_attribute: str) -> Element:
    """``<Set>``: members as ``MemberCode`` with `member_attribute` (``guid`` in a codebook,
    ``targetGUID`` in a project, as the two schemas say)."""
    out = node("Set", {"guid": code_set.guid, "name": code_set.name})
    if code_set.description:
        text_child(out, "Description", code_set.description)
    for member in code_set.members:
        sub(out, "MemberCode", {member_attribute: member})
    return out
