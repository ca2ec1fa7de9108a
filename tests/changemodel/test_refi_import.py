"""`themes model import` of REFI-QDA codebooks (.qdc) and projects (.qdpx): the round trip
from our own export, NVivo's sample project, and hostile or broken XML."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hostile import deflated, repeated, stored, write_zip
from hypothesis import given
from hypothesis import strategies as st
from refi_support import make_project, nvivo_sample

from themes.changemodel import refi
from themes.changemodel.codebook import import_codebook
from themes.changemodel.elements import ChangeModel, Element
from themes.changemodel.refi import compose_description, split_description
from themes.changemodel.yaml_file import dump_model, load_model, parse_model
from themes.core.errors import ChangeModelError
from themes.curation import decisions as decide
from themes.curation.view import load_view
from themes.export.refi.codebook import export_codebook
from themes.export.refi.guids import project_identity
from themes.export.refi.project import export_project
from themes.store.project import Project

HAND_MADE = ChangeModel.model_validate(
    {
        "name": "Hand made",
        "elements": [
            {
                "id": "mech",
                "name": "Mechanisms",
                "codable": False,
                "description": "What makes it work.\n\nTwo paragraphs, one with Examples: inline.",
                "children": [
                    {
                        "id": "trust",
                        "name": "Trust — “being believed”",
                        "description": "Shared experience.",
                        "examples": ["She'd been there.", "Line one\nline two of one quote"],
                        "exclude": ["Trust in services"],
                        "children": [{"id": "first", "name": "First contact"}],
                    },
                    {"id": "role", "name": "Role-modelling", "exclude": ["Lectures"]},
                ],
            },
            {"id": "ctx", "name": "Context 😀", "description": "Where it happens."},
        ],
    }
)


def shape(elements: tuple[Element, ...]) -> list[tuple]:
    """An element tree without its ids: what survives a trip through a QDA tool."""
    return [
        (e.name, e.description, e.examples, e.exclude, e.codable, shape(e.children))
        for e in elements
    ]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_project(tmp_path_factory.mktemp("roundtrip"))
    with Project.open(folder) as store:
        decide.rename(store, 1, "Housing", analyst="ann")
        decide.define(store, 1, "Talk of rent", include="landlords", exclude="bills", analyst="ann")
    return folder


@pytest.mark.parametrize("suffix", [".qdc", ".qdpx"])
def test_export_then_import_gives_the_same_tree_and_definitions(
    project: Path, tmp_path: Path, suffix: str
) -> None:
    with Project.open(project) as store:
        view = load_view(store)
        identity = project_identity(store)
        transcripts = store.transcripts()
    path = tmp_path / f"book{suffix}"
    if suffix == ".qdc":
        export_codebook(view, identity, HAND_MADE, path=path)
    else:
        export_project(view, transcripts, identity, HAND_MADE, path=path)
    imported = import_codebook(path, name="Back again")
    model = imported.model
    n = len(view.themes)
    assert shape(model.elements[n:]) == shape(HAND_MADE.elements)
    housing = model.elements[0]
    assert (housing.name, housing.description, housing.exclude, housing.codable) == (
        "Housing",
        "Talk of rent\n\nInclude: landlords",
        ("bills",),
        True,
    )
    assert [e.name for e in model.elements[:n]] == [view.title(t.id) for t in view.themes]
    assert model.elements[n].id == "mechanisms" and model.get("first-contact").parent
    assert model.name == "Back again" and "themes" in model.source
    assert parse_model(dump_model(model), "again.yaml") == model  # a valid change-model file


def test_the_nvivo_sample_codebook_is_read(tmp_path: Path) -> None:
    sample = nvivo_sample()
    with zipfile.ZipFile(sample) as archive:
        root = ET.fromstring(archive.read("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    codes = root.findall("q:CodeBook/q:Codes//q:Code", ns)
    top = root.findall("q:CodeBook/q:Codes/q:Code", ns)
    imported = import_codebook(sample)
    model = imported.model
    flats = model.walk()
    assert len(flats) == len(codes) > 200
    assert [e.name for e in model.elements] == [c.get("name") for c in top]
    assert model.source == "imported from nvivo_project.qdpx (made by NVivo for Mac 15.0.0)"
    competencies = model.get("competencies")
    assert competencies.parent == "rq1-definition"
    assert [c.name for c in competencies.element.children] == ["programming"]
    twice = [f for f in flats if f.element.name == "programming"]
    assert [f.id for f in twice] == ["programming", "programming-2"]  # same name, two places
    assert any("codebook only" in note for note in imported.notes)
    out = tmp_path / "nvivo.yaml"
    out.write_text(dump_model(model), encoding="utf-8")
    assert load_model(out) == model


@given(
    st.text(max_size=40),
    st.lists(st.text(min_size=1, max_size=20), max_size=3),
    st.lists(st.text(min_size=1, max_size=20), max_size=3),
)
def test_descriptions_read_back(description: str, examples: list[str], exclude: list[str]) -> None:
    examples = [e.strip() for e in examples if e.strip()]
    exclude = [e.strip() for e in exclude if e.strip()]
    text = compose_description(description, tuple(examples), tuple(exclude))
    got = split_description(text)
    norm = description.replace("\r\n", "\n").replace("\r", "\n").strip()
    if norm.split("\n")[-1:] in (["Examples:"], ["Exclude:"]) or "\n- " in norm:
        return  # a description that itself ends like our sections is ambiguous
    assert got == (
        norm,
        tuple(e.replace("\r\n", "\n").replace("\r", "\n").strip() for e in examples),
        tuple(e.replace("\r\n", "\n").replace("\r", "\n").strip() for e in exclude),
    )


def test_plain_descriptions_stay_as_they_are() -> None:
    text = "Examples: this is prose.\nExclude: also prose, not a list"
    assert split_description(text) == (text, (), ())
    assert split_description("Intro\n\nExclude:\n- a\n- b") == ("Intro", (), ("a", "b"))
    two = compose_description("D", ("one\n\ntwo paragraphs", "next"), ())
    assert split_description(two) == ("D", ("one\n\ntwo paragraphs", "next"), ())


# -- hostile and broken files --------------------------------------------------------------

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">'
        for i in range(9)
    )
    + ']><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
    '<Code guid="00000000-0000-0000-0000-000000000001" name="&lol8;" isCodable="true"/>'
    "</Codes></CodeBook>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
    '<Code guid="00000000-0000-0000-0000-000000000001" name="&x;" isCodable="true"/>'
    "</Codes></CodeBook>"
)
GUID = "00000000-0000-0000-0000-000000000001"


def codebook_xml(codes: str) -> str:
    return f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>'


def error_of(path: Path) -> str:
    with pytest.raises(ChangeModelError) as info:
        import_codebook(path)
    message = str(info.value)
    assert str(path) in message and "Traceback" not in message
    return message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (LAUGHS, "document type declaration (DTD)"),
        (XXE, "document type declaration (DTD)"),
        ("<CodeBook><Codes><Code name='x'", "line 1, column"),
        ("not xml at all", "not well-formed XML"),
        ("", "not well-formed XML"),
        ('<Project xmlns="urn:QDA-XML:project:1.0"/>', "root is <Project>, not <CodeBook>"),
        (codebook_xml(f'<Code guid="{GUID}" isCodable="true"/>'), "code 1 (guid " + GUID),
        (codebook_xml(f'<Code guid="{GUID}" name="a" isCodable="maybe"/>'), "isCodable='maybe'"),
        (
            codebook_xml(f'<Code guid="{GUID}" name="a" isCodable="false"/>'),
            "no element is codable",
        ),
        ("<CodeBook/>", "no codes to import"),
        (
            codebook_xml(
                "".join(f'<Code guid="{GUID}" name="c{i}" isCodable="true">' for i in range(80))
                + "</Code>" * 80
            ),
            "nested more than 50",
        ),
    ],
)
def test_bad_codebooks_get_a_message_naming_the_file(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "bad.qdc"
    path.write_text(content, encoding="utf-8")
    assert expected in error_of(path)


def test_a_huge_codebook_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(refi, "MAX_BYTES", 100_000)
    path = tmp_path / "huge.qdc"
    many = "".join(f'<Code guid="{GUID}" name="code {i}" isCodable="true"/>' for i in range(3000))
    path.write_text(codebook_xml(many), encoding="utf-8")
    assert "too large for a codebook" in error_of(path)


def test_too_many_codes_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(refi, "MAX_CODES", 10)
    path = tmp_path / "many.qdc"
    path.write_text(codebook_xml(f'<Code guid="{GUID}" name="a" isCodable="true"/>' * 11))
    assert "more than 10 codes" in error_of(path)


def test_a_zip_bomb_project_stops_at_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(refi, "MAX_BYTES", 5_000_000)
    head = b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Description>'
    bomb = repeated("project.qde", head, b" " * 65536, 2000, b"</Description></Project>")
    path = write_zip(tmp_path / "bomb.qdpx", [bomb])  # 130 MB unpacked from about 100 KB
    assert "too large for a codebook" in error_of(path)


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([stored("other.xml", b"<x/>")], "holds no project.qde"),
        ([stored("project.qde", LAUGHS.encode())], "document type declaration"),
        (
            [stored("project.qde", b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>')],
            "holds no CodeBook",
        ),
    ],
)
def test_bad_projects_get_a_message_naming_the_file(tmp_path: Path, entries, expected: str) -> None:
    assert expected in error_of(write_zip(tmp_path / "bad.qdpx", entries))


def test_a_project_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "plain.qdpx"
    path.write_text(codebook_xml(""), encoding="utf-8")
    assert "not a zip archive" in error_of(path)


def test_a_damaged_deflate_stream(tmp_path: Path) -> None:
    good = deflated("project.qde", b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>' * 50)
    broken = type(good)(**{**good.__dict__, "data": b"\xff" * len(good.data)})
    assert "a damaged one" in error_of(write_zip(tmp_path / "damaged.qdpx", [broken]))


def test_an_encrypted_project(tmp_path: Path) -> None:
    entry = stored("project.qde", b"<Project/>")
    encrypted = type(entry)(**{**entry.__dict__, "flags": 0x1})
    assert "without a password" in error_of(write_zip(tmp_path / "locked.qdpx", [encrypted]))


def test_another_namespace_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "legacy.qdc"
    path.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1:0"><Codes>'
        f'<Code guid="{GUID}" name="A code" isCodable="1"><Description>Text</Description></Code>'
        '</Codes><Sets><Set guid="' + GUID + '" name="s"/></Sets></CodeBook>',
        encoding="utf-8",
    )
    imported = import_codebook(path)
    assert [(e.id, e.description) for e in imported.model.elements] == [("a-code", "Text")]
    assert any("namespace" in n for n in imported.notes) and any(
        "set(s)" in n for n in imported.notes
    )
