"""The REFI-QDA project exchange file (``.qdpx``): a zip of ``project.qde`` (namespace
``urn:QDA-XML:project:1.0``) and each transcript's text in ``sources/`` (lowercase, as
ATLAS.ti requires), UTF-8 without a byte-order mark.

Every segment with a theme (and every segment with a deductive code or a memo) is a
``PlainTextSelection`` of its transcript: positions count code points from 0, end excluded,
in the exported text (`themes.export.refi.sources`), and each is checked against the segment's
text before anything is written. A selection is named ``line:N SEGMENT``: N is the 0-based
line of the exported text where it starts, the form the `qualitative-coding` client reads
(it does not map positions to lines itself), then the segment id (``P1:12``). Its codings
name their maker: the analyst who moved the segment there, else ``themes`` (the machine).
Transcripts are ``Cases`` with their metadata as ``Variables``, memos are ``Notes``, analysts
``Users``; the header holds the project's name, creation and export times, and its id.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from xml.etree.ElementTree import Element

from themes import __version__
from themes.changemodel.elements import ChangeModel
from themes.core.atomic import write_atomic
from themes.core.errors import ProjectError
from themes.core.order import natural_key
from themes.core.types import Segment, Transcript
from themes.curation.replay import EXCLUDED
from themes.curation.view import ProjectView
from themes.export.refi.codes import Codebook, build_codebook, code_element, set_element
from themes.export.refi.guids import ProjectIdentity
from themes.export.refi.inputs import ElementCodes, Mappings
from themes.export.refi.people import (
    MACHINE,
    Users,
    movers,
    notes,
    notes_element,
    users,
    variables_and_cases,
)
from themes.export.refi.sources import ExportedText, export_text, exported_span
from themes.export.refi.xml import PROJECT_NS, document, node, sub, text_child
from themes.store.records import Event

ORIGIN = f"themes {__version__}"


@dataclass(frozen=True)
class ProjectExport:
    data: bytes  # the .qdpx (zip) bytes
    n_sources: int
    n_selections: int
    n_codes: int
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Context:
    view: ProjectView
    identity: ProjectIdentity
    book: Codebook
    people: Users
    note_guids: dict[int, str]
    codes: dict[str, list[tuple[str, str, str]]]  # segment -> (element GUID, analyst, time)
    moved: dict[str, Event]  # segment -> the analyst's move that put it in its theme
    line_endings: str


def export_project(
    view: ProjectView,
    transcripts: Sequence[Transcript],
    identity: ProjectIdentity,
    model: ChangeModel | None = None,
    mappings: Mappings | None = None,
    element_codes: ElementCodes | None = None,
    line_endings: str = "lf",
    exported_at: datetime | None = None,
    path: Path | None = None,
) -> ProjectExport:
    """`view` as a ``.qdpx`` (bytes; written atomically to `path` when given). `transcripts`
    are the project's; those with a segment in the view are exported."""
    when = (exported_at or datetime.now(timezone.utc)).replace(microsecond=0)
    book = build_codebook(view, identity, model, mappings)
    notes_out = list(book.notes)
    codes = _element_codes(view, book, element_codes or ElementCodes(), notes_out)
    people = users(identity, view, (a for c in codes.values() for _, a, _ in c))
    listed, note_guids = notes(view, identity)
    ctx = _Context(view, identity, book, people, note_guids, codes, movers(view), line_endings)
    used = {view.segments[s].transcript_id for s in view.order} | set(view.run.summary.transcripts)
    chosen = sorted((t for t in transcripts if t.id in used), key=lambda t: natural_key(t.id))
    texts = {t.id: export_text(t.text, line_endings) for t in chosen}
    source_guids = {t.id: identity.guid("source", t.id, t.content_hash) for t in chosen}

    root = node("Project", _header(view, identity, when))
    root.append(people.element())
    if book.codes:
        codebook = sub(root, "CodeBook")
        codes_element = sub(codebook, "Codes")
        for code in book.codes:
            codes_element.append(code_element(code, note_guids))
    variables, cases = variables_and_cases(chosen, identity, source_guids)
    for part in (variables, cases):
        if part is not None:
            root.append(part)
    n_selections = 0
    if chosen:
        sources = sub(root, "Sources")
        by_transcript: dict[str, list[Segment]] = {}
        for seg in sorted(view.segments.values(), key=lambda s: (s.char_start, s.char_end, s.id)):
            by_transcript.setdefault(seg.transcript_id, []).append(seg)
        for transcript in chosen:
            element, count = _source(
                ctx,
                transcript,
                by_transcript.get(transcript.id, []),
                texts[transcript.id],
                source_guids,
            )
            sources.append(element)
            n_selections += count
    if listed:
        root.append(notes_element(listed, people))
    if book.sets:
        sets = sub(root, "Sets")
        for code_set in book.sets:
            sets.append(set_element(code_set, "targetGUID"))
    text_child(root, "Description", _description(view, identity, when))
    for memo in view.curated.project_memos:
        sub(root, "NoteRef", {"targetGUID": note_guids[memo.event_id]})

    files = [("project.qde", document(root, PROJECT_NS))]
    files += [(f"sources/{source_guids[t.id]}.txt", texts[t.id].encoded()) for t in chosen]
    data = _zip(files, when)
    if path is not None:
        write_atomic(path, data)
    n_codes = len(book.themes) + len(book.elements)
    return ProjectExport(data, len(chosen), n_selections, n_codes, tuple(notes_out))


def _header(view: ProjectView, identity: ProjectIdentity, when: datetime) -> dict[str, str]:
    return {
        "name": identity.name,
        "origin": ORIGIN,
        "creationDateTime": identity.created_at,
        "modifiedDateTime": when.isoformat(),
    }


def _description(view: ProjectView, identity: ProjectIdentity, when: datetime) -> str:
    return (
        f"Exported by {ORIGIN} from the project {identity.name!r} (project id {identity.uuid}, "
        f"begun {identity.created_at}), run {view.run.id}, at {when.isoformat()}. Codes made by "
        f"the user '{MACHINE}' are the discovery run's suggestions; the others are the "
        "analysts' decisions."
    )


def _element_codes(
    view: ProjectView, book: Codebook, given: ElementCodes, notes_out: list[str]
) -> dict[str, list[tuple[str, str, str]]]:
    out: dict[str, list[tuple[str, str, str]]] = {}
    unknown_elements: set[str] = set()
    unknown_segments: set[str] = set()
    for code in given.items:
        if code.segment_id not in view.segments:
            unknown_segments.add(code.segment_id)
        elif code.element_id not in book.elements:
            unknown_elements.add(code.element_id)
        else:
            out.setdefault(code.segment_id, []).append(
                (book.elements[code.element_id], code.analyst, code.created_at)
            )
    if unknown_elements:
        notes_out.append(
            f"deductive codes with element(s) {', '.join(sorted(unknown_elements))} left out: "
            "not in the change model given (pass the model they were coded with, --model)."
        )
    if unknown_segments:
        notes_out.append(
            f"deductive codes of {len(unknown_segments)} segment id(s) the project does not "
            f"have left out (e.g. {sorted(unknown_segments)[0]})."
        )
    return out


def _source(
    ctx: _Context,
    transcript: Transcript,
    segments: Sequence[Segment],
    text: ExportedText,
    guids: dict[str, str],
) -> tuple[Element, int]:
    guid = guids[transcript.id]
    source = node(
        "TextSource",
        {"guid": guid, "name": transcript.id, "plainTextPath": f"internal://{guid}.txt"},
    )
    text_child(
        source,
        "Description",
        f"Transcript {transcript.id}, read from {transcript.source} ({transcript.format}, "
        f"{transcript.encoding}) by themes.",
    )
    view = ctx.view
    count = 0
    for seg in segments:
        assignment = view.assignments.get(seg.id)
        theme = assignment.theme_id if assignment is not None else None
        if assignment is not None and assignment.assigned_by == EXCLUDED:
            theme = None
        memos = view.segment_memos(seg.id)
        codes = ctx.codes.get(seg.id, [])
        if theme is None and not codes and not memos:
            continue
        start, end = _span(transcript, seg, text, ctx.line_endings)
        selection = sub(
            source,
            "PlainTextSelection",
            {
                "guid": ctx.identity.guid("selection", guid, seg.id),
                "name": f"line:{text.line_of(start)} {seg.id}",
                "startPosition": str(start),
                "endPosition": str(end),
            },
        )
        if theme is not None and theme in ctx.book.themes:
            by_analyst = assignment is not None and assignment.assigned_by == "analyst"
            event = ctx.moved.get(seg.id) if by_analyst else None
            coding = {
                "guid": ctx.identity.guid("coding", view.run.id, seg.id, "theme", theme),
                "creatingUser": ctx.people.guid(event.analyst if event else ""),
            }
            if event is not None:
                coding["creationDateTime"] = event.created_at
            sub(sub(selection, "Coding", coding), "CodeRef", {"targetGUID": ctx.book.themes[theme]})
        for element_guid, analyst, created_at in codes:
            coding = {
                "guid": ctx.identity.guid("coding", seg.id, "element", element_guid),
                "creatingUser": ctx.people.guid(analyst),
            }
            if created_at:
                coding["creationDateTime"] = created_at
            sub(sub(selection, "Coding", coding), "CodeRef", {"targetGUID": element_guid})
        for memo in memos:
            sub(selection, "NoteRef", {"targetGUID": ctx.note_guids[memo.event_id]})
        count += 1
    return source, count


def _span(
    transcript: Transcript, seg: Segment, text: ExportedText, endings: str
) -> tuple[int, int]:
    """The segment's exported positions, checked: the exported text there is its text."""
    if transcript.text[seg.char_start : seg.char_end] != seg.text:
        raise ProjectError(
            f"segment {seg.id}: its characters {seg.char_start}-{seg.char_end} no longer match "
            f"transcript {transcript.id}; the project is damaged. Run `themes check`, or run "
            "the transcripts again with `themes run`."
        )
    start, end = text.offset(seg.char_start), text.offset(seg.char_end)
    if text.text[start:end] != exported_span(seg.text, endings):
        raise ProjectError(
            f"segment {seg.id}: its exported positions {start}-{end} in transcript "
            f"{transcript.id} do not hold its text (a bug in themes); please report it."
        )
    return start, end


def _zip(files: list[tuple[str, bytes]], when: datetime) -> bytes:
    stamp = when.astimezone(timezone.utc).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
