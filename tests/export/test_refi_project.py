"""`themes export --format qdpx` as a library: the zip's layout, validity against REFI's
Project.xsd, every coded segment a selection, cases, notes, users, the header, hand-made
deductive codes, determinism and the atomic write."""

from __future__ import annotations

import shutil
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from refi_support import make_project, read_qdpx, validate_project

from themes.changemodel.yaml_file import load_model
from themes.curation import decisions as decide
from themes.curation.view import load_view
from themes.export.refi.guids import project_identity
from themes.export.refi.inputs import ElementCode, ElementCodes, Mappings
from themes.export.refi.project import export_project
from themes.store.project import Project

WHEN = datetime(2026, 3, 4, 5, 6, 7, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("qdpx")
    folder = make_project(root)
    with Project.open(folder) as store:
        view = load_view(store)
        seg = view.theme(1).segment_ids[0]
        moved = view.theme(2).segment_ids[0]
        decide.rename(store, 1, "Housing", analyst="ann")
        decide.memo(store, "1", "look at the council cases", analyst="ann")
        decide.memo(store, seg, "a telling quote", analyst="bob")
        decide.memo(store, None, "first pass done", analyst="bob")
        decide.move(store, moved, 3, analyst="cat", memo="belongs with 3")
        decide.exclude(store, view.theme(4).segment_ids[0], analyst="ann")
    return folder


@pytest.fixture
def folder(base: Path, tmp_path: Path) -> Path:
    shutil.copytree(base, tmp_path / "p")
    return tmp_path / "p"


def export(folder: Path, path: Path | None = None, **kwargs):
    with Project.open(folder) as store:
        view = load_view(store)
        identity = project_identity(store)
        transcripts = store.transcripts()
    kwargs.setdefault("exported_at", WHEN)
    return view, transcripts, export_project(view, transcripts, identity, path=path, **kwargs)


def test_the_zip_holds_project_qde_and_lowercase_sources(folder: Path) -> None:
    _, transcripts, result = export(folder)
    qdpx = read_qdpx(result.data)
    assert qdpx.names[0] == "project.qde"
    assert all(n.startswith("sources/") and n.endswith(".txt") for n in qdpx.names[1:])
    assert len(qdpx.names) == 1 + len(transcripts) == 1 + result.n_sources
    for name, raw in qdpx.raw.items():
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
        assert raw.decode("utf-8") == next(t.text for t in transcripts if t.id == name)
    validate_project(qdpx.qde)
    assert qdpx.root.tag == "{urn:QDA-XML:project:1.0}Project"


def test_every_assigned_segment_is_a_selection_coded_with_its_theme(folder: Path) -> None:
    view, _, result = export(folder)
    qdpx = read_qdpx(result.data)
    code_guid = {c.get("name"): c.get("guid") for c in qdpx.find(".//q:Code")}
    selections = {s.name.split(" ", 1)[1]: s for s in qdpx.selections()}
    assigned = {s for s in view.order if view.assignments[s].theme_id is not None}
    memoed = set(view.curated.segment_memos)
    assert set(selections) == assigned | memoed
    assert result.n_selections == len(selections)
    for seg_id in assigned:
        seg, sel = view.segments[seg_id], selections[seg_id]
        assert code_guid[view.title(view.assignments[seg_id].theme_id)] in sel.codes
        assert qdpx.texts[seg.transcript_id][sel.start : sel.end] == seg.text
        assert (
            sel.name
            == f"line:{qdpx.texts[seg.transcript_id].count(chr(10), 0, sel.start)} {seg_id}"
        )
    excluded = next(iter(view.curated.excluded))
    assert excluded not in selections


def test_users_codings_notes_cases_and_header(folder: Path) -> None:
    view, transcripts, result = export(folder)
    qdpx = read_qdpx(result.data)
    users = {u.get("name"): u.get("guid") for u in qdpx.find("q:Users/q:User")}
    assert set(users) == {"themes", "ann", "bob", "cat"}
    moved = next(e for e in view.events if e.kind == "move")
    by_segment = {s.name.split(" ", 1)[1]: s for s in qdpx.selections()}
    assert by_segment[moved.payload["segment"]].users == (users["cat"],)
    others = [s for k, s in by_segment.items() if k != moved.payload["segment"] and s.codes]
    assert {u for s in others for u in s.users} == {users["themes"]}
    notes = {n.get("name"): n for n in qdpx.find("q:Notes/q:Note")}
    assert set(notes) == {
        "Memo on theme 1: Housing",
        f"Memo on segment {view.theme(1).segment_ids[0]}",
        "Memo on the project",
        "Memo on segment " + moved.payload["segment"],  # the move's "why"
    }
    project_note = notes["Memo on the project"]
    assert project_note.get("creatingUser") == users["bob"]
    assert project_note.find("{urn:QDA-XML:project:1.0}PlainTextContent").text == "first pass done"
    refs = {r.get("targetGUID") for r in qdpx.find(".//q:NoteRef")}
    assert {n.get("guid") for n in notes.values()} <= refs
    cases = qdpx.find("q:Cases/q:Case")
    assert sorted(c.get("name") for c in cases) == sorted(t.id for t in transcripts)
    variables = {v.get("name") for v in qdpx.find("q:Variables/q:Variable")}
    assert variables == {k for t in transcripts for k in t.metadata}
    root = qdpx.root
    assert root.get("name") == "p" and root.get("origin", "").startswith("themes ")
    assert root.get("modifiedDateTime") == "2026-03-04T05:06:07+00:00"
    identity_text = qdpx.find("q:Description")[0].text
    with Project.open(folder) as store:
        identity = project_identity(store)
    assert str(identity.uuid) in identity_text and f"run {view.run.id}" in identity_text


def test_hand_made_deductive_codes_and_mappings_are_placed(folder: Path) -> None:
    model = load_model("gillard2014")
    with Project.open(folder) as store:
        view = load_view(store)
    unassigned = view.unassigned()[0].id if view.unassigned() else None
    coded = view.theme(1).segment_ids[0]
    items = [ElementCode(coded, "trust", "dee", "2026-01-02T03:04:05+00:00"), (coded, "risk")]
    if unassigned:
        items.append((unassigned, "connection"))
    items += [(coded, "not-an-element"), ("NOPE:1", "trust")]
    _, _, result = export(
        folder,
        model=model,
        mappings=Mappings.of([(1, "trust")]),
        element_codes=ElementCodes.of(items),
    )
    qdpx = read_qdpx(result.data)
    validate_project(qdpx.qde)
    guid = {c.get("name"): c.get("guid") for c in qdpx.find(".//q:Code")}
    sel = next(s for s in qdpx.selections() if s.name.endswith(" " + coded))
    assert guid[model.get("trust").element.name] in sel.codes
    assert guid["Risk"] in sel.codes and len(sel.codes) == 3
    users = {u.get("name"): u.get("guid") for u in qdpx.find("q:Users/q:User")}
    assert users["dee"] in sel.users
    if unassigned:
        other = next(s for s in qdpx.selections() if s.name.endswith(" " + unassigned))
        assert other.codes == (guid["Making a connection"],)
    (mapped,) = qdpx.find("q:Sets/q:Set")
    members = [m.get("targetGUID") for m in mapped.findall("{urn:QDA-XML:project:1.0}MemberCode")]
    assert members == [guid[model.get("trust").element.name], guid["Housing"]]
    assert any("not-an-element" in n for n in result.notes)
    assert any("NOPE:1" in n for n in result.notes)


def test_the_same_export_gives_the_same_bytes_and_is_written_atomically(folder: Path) -> None:
    out = folder / "exports" / "study.qdpx"
    out.parent.mkdir()
    out.write_bytes(b"an older export")
    _, _, first = export(folder, out)
    assert out.read_bytes() == first.data and zipfile.is_zipfile(out)
    _, _, second = export(folder)
    assert second.data == first.data
    assert [p.name for p in out.parent.iterdir()] == ["study.qdpx"]  # no temporary file left


def test_crlf_line_endings_shift_the_positions(folder: Path) -> None:
    view, transcripts, result = export(folder, line_endings="crlf")
    qdpx = read_qdpx(result.data)
    validate_project(qdpx.qde)
    assert all(
        b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"") for raw in qdpx.raw.values()
    )
    shifted = 0
    for sel in qdpx.selections():
        seg = view.segments[sel.name.split(" ", 1)[1]]
        assert qdpx.texts[sel.source][sel.start : sel.end] == seg.text.replace("\n", "\r\n")
        shifted += sel.start != seg.char_start
    assert shifted
