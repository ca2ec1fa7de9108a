"""Who and what surrounds the coded quotes in a project file: the analysts (``Users``, with
``themes`` itself as the maker of the machine's codes), participants (``Cases`` with their
metadata as ``Variables``) and memos (``Notes``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from themes.core.order import natural_key
from themes.core.types import Transcript
from themes.curation.replay import Memo
from themes.curation.view import ProjectView
from themes.export.refi.guids import ProjectIdentity
from themes.export.refi.xml import node, sub, text_child
from themes.store.payloads import MovePayload
from themes.store.records import Event

MACHINE = "themes"  # the User that made the codes the discovery run assigned


@dataclass(frozen=True)
class Users:
    """Users by name: GUIDs that depend on the name only."""

    identity: ProjectIdentity
    names: tuple[str, ...]

    def machine(self) -> str:
        return self.identity.guid("user", "machine")

    def guid(self, name: str) -> str:
        return self.identity.guid("user", "analyst", name) if name else self.machine()

    def element(self) -> Element:
        out = node("Users")
        sub(out, "User", {"guid": self.machine(), "name": MACHINE, "id": MACHINE})
        for name in self.names:
            sub(out, "User", {"guid": self.guid(name), "name": name})
        return out


def users(identity: ProjectIdentity, view: ProjectView, more: Iterable[str] = ()) -> Users:
    """The analysts of the run's log, of its memos and `more`, in first-seen order."""
    names = [e.analyst for e in view.events]
    names += [m.analyst for m in all_memos(view)]
    names += list(more)
    return Users(identity, tuple(dict.fromkeys(n for n in names if n and n.strip())))


def movers(view: ProjectView) -> dict[str, Event]:
    """For each segment the analyst moved, the move event in force that put it where it is."""
    out: dict[str, Event] = {}
    cancelled, skipped = view.cancelled(), view.skipped()
    for event in view.events:
        p = event.typed
        if isinstance(p, MovePayload) and event.id not in cancelled and event.id not in skipped:
            out.update((seg_id, event) for seg_id in p.segment_ids())
    return out


def all_memos(view: ProjectView) -> list[Memo]:
    out = [m for t in view.curated.themes for m in t.memos]
    out += [m for memos in view.curated.segment_memos.values() for m in memos]
    out += list(view.curated.project_memos)
    return out


@dataclass(frozen=True)
class Note:
    guid: str
    name: str
    memo: Memo


def notes(view: ProjectView, identity: ProjectIdentity) -> tuple[list[Note], dict[int, str]]:
    """One note per memo (a memo attached to two things is one note), and event id -> GUID."""
    made: dict[int, Note] = {}
    for theme in view.curated.themes:
        title = view.title(theme.id) if view.theme(theme.id) else f"theme {theme.id}"
        for memo in theme.memos:
            made.setdefault(
                memo.event_id, _note(identity, f"Memo on theme {theme.id}: {title}", memo)
            )
    for segment_id, memos in view.curated.segment_memos.items():
        for memo in memos:
            made.setdefault(memo.event_id, _note(identity, f"Memo on segment {segment_id}", memo))
    for memo in view.curated.project_memos:
        made.setdefault(memo.event_id, _note(identity, "Memo on the project", memo))
    listed = sorted(made.values(), key=lambda n: n.memo.event_id)
    return listed, {n.memo.event_id: n.guid for n in listed}


def _note(identity: ProjectIdentity, name: str, memo: Memo) -> Note:
    return Note(identity.guid("note", memo.event_id), " ".join(name.split()), memo)


def notes_element(listed: Sequence[Note], people: Users) -> Element:
    out = node("Notes")
    for note in listed:
        attrs = {
            "guid": note.guid,
            "name": note.name,
            "creatingUser": people.guid(note.memo.analyst),
        }
        if note.memo.created_at:
            attrs["creationDateTime"] = note.memo.created_at
        element = sub(out, "Note", attrs)
        text_child(element, "PlainTextContent", note.memo.text)
    return out


def variables_and_cases(
    transcripts: Sequence[Transcript], identity: ProjectIdentity, sources: Mapping[str, str]
) -> tuple[Element | None, Element | None]:
    """``Variables`` (one Text variable per metadata field) and a ``Case`` per transcript with
    its values and its source; None where there is nothing to write."""
    keys = sorted({k for t in transcripts for k in t.metadata}, key=natural_key)
    variables = None
    if keys:
        variables = node("Variables")
        for key in keys:
            sub(
                variables,
                "Variable",
                {"guid": identity.guid("variable", key), "name": key, "typeOfVariable": "Text"},
            )
    if not transcripts:
        return variables, None
    cases = node("Cases")
    for transcript in transcripts:
        case = sub(
            cases, "Case", {"guid": identity.guid("case", transcript.id), "name": transcript.id}
        )
        text_child(case, "Description", f"The participant(s) of transcript {transcript.id}.")
        for key in keys:
            if key in transcript.metadata:
                value = sub(case, "VariableValue")
                sub(value, "VariableRef", {"targetGUID": identity.guid("variable", key)})
                text_child(value, "TextValue", str(transcript.metadata[key]))
        sub(case, "SourceRef", {"targetGUID": sources[transcript.id]})
    return variables, cases
