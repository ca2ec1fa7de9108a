"""`themes export --format qdc` as a library: the REFI-QDA codebook of a small project, valid
against Codebook.xsd, with deterministic GUIDs, the change model as a tree and mappings as
sets (hand-made until `themes map set` records them)."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fakes import write_study
from refi_support import CODEBOOK_NS, make_project, validate_codebook

from themes.changemodel.yaml_file import load_model
from themes.core.errors import ProjectError
from themes.curation import decisions as decide
from themes.curation.view import load_view
from themes.export.refi.codebook import export_codebook
from themes.export.refi.guids import project_identity
from themes.export.refi.inputs import Mappings
from themes.store.project import Project

NS = {"c": CODEBOOK_NS}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("qdc"))


@pytest.fixture
def folder(base: Path, tmp_path: Path) -> Path:
    shutil.copytree(base, tmp_path / "p")
    return tmp_path / "p"


def codebook(folder: Path, model: str | None = None, mappings: Mappings | None = None):
    with Project.open(folder) as store:
        view = load_view(store)
        identity = project_identity(store)
    loaded = load_model(model) if model else None
    return view, export_codebook(view, identity, loaded, mappings)


def codes(data: bytes) -> list[ET.Element]:
    return ET.fromstring(data).findall(".//c:Code", NS)


def test_curated_themes_become_valid_codes(folder: Path) -> None:
    with Project.open(folder) as store:
        decide.rename(store, 1, "Housing “worries” — Zoë’s 😀", analyst="ann")
        decide.define(store, 1, "Talk of rent", include="landlords", exclude="bills", analyst="ann")
    view, result = codebook(folder)
    validate_codebook(result.data)
    root = ET.fromstring(result.data)
    assert root.tag == f"{{{CODEBOOK_NS}}}CodeBook" and root.get("origin", "").startswith("themes")
    assert result.data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert 'xmlns="urn:QDA-XML:codebook:1.0"' in result.data.decode("utf-8")
    top = root.findall("c:Codes/c:Code", NS)
    assert [c.get("name") for c in top] == [
        view.title(t.id) for t in sorted(view.themes, key=lambda t: t.id)
    ]
    assert all(c.get("isCodable") == "true" for c in top)
    first = top[0]
    assert first.get("name") == "Housing “worries” — Zoë’s 😀"
    assert first.find("c:Description", NS).text == (
        "Talk of rent\n\nInclude: landlords\n\nExclude:\n- bills"
    )
    assert top[1].get("name") == view.theme(2).label and top[1].find("c:Description", NS) is None
    assert root.find("c:Sets", NS) is None  # no mappings: no (invalid) empty Sets
    assert result.n_codes == len(view.themes) and result.n_sets == 0


def test_the_change_model_is_a_tree_with_categories_not_codable(folder: Path) -> None:
    view, result = codebook(folder, "gillard2014")
    validate_codebook(result.data)
    model = load_model("gillard2014")
    top = ET.fromstring(result.data).findall("c:Codes/c:Code", NS)
    elements = top[len(view.themes) :]
    assert [c.get("name") for c in elements] == [e.name for e in model.elements]
    organisation = next(c for c in elements if c.get("name") == "Organisational conditions")
    assert organisation.get("isCodable") == "false"
    assert [c.get("name") for c in organisation.findall("c:Code", NS)] == [
        e.name for e in model.get("organisation").element.children
    ]
    trust = elements[0]
    description = trust.find("c:Description", NS).text
    assert description.startswith(model.get("trust").element.description)
    assert "\n\nExamples:\n- " in description
    assert [c.get("name") for c in trust.findall("c:Code", NS)] == [
        "Making a connection",
        "Building a relationship",
        "Enabling talking and listening",
    ]
    assert result.n_codes == len(view.themes) + len(model.walk())


def test_guids_are_deterministic_and_survive_a_copy_and_curation(
    folder: Path, tmp_path: Path
) -> None:
    _, first = codebook(folder, "gillard2014")
    _, again = codebook(folder, "gillard2014")
    assert first.data == again.data  # a re-export keeps every GUID (and every byte)
    copy = tmp_path / "copy" / "elsewhere"
    shutil.copytree(folder, copy)
    _, copied = codebook(copy, "gillard2014")
    assert copied.data == first.data  # the identity is the project's, not its folder's
    guids = [c.get("guid") for c in codes(first.data)]
    assert len(set(guids)) == len(guids) and all(uuid.UUID(g).version == 5 for g in guids)
    by_name = {c.get("name"): c.get("guid") for c in codes(first.data)}
    with Project.open(folder) as store:
        view = load_view(store)
        label_2 = view.title(2)
        decide.rename(store, 1, "Renamed", analyst="ann")
        decide.merge(store, [2, 3], "Merged", analyst="ann")
    _, after = codebook(folder, "gillard2014")
    after_codes = codes(after.data)
    assert after_codes[0].get("name") == "Renamed" and after_codes[0].get("guid") == guids[0]
    merged = next(c for c in after_codes if c.get("name") == "Merged")
    assert merged.get("guid") == by_name[label_2]  # theme 2 keeps its id, so its GUID
    for element in load_model("gillard2014").walk():
        assert by_name[element.element.name] in {c.get("guid") for c in after_codes}


def test_another_project_gets_other_guids(folder: Path, tmp_path: Path) -> None:
    write_study(tmp_path / "other" / "study", people=5)
    other = make_project(tmp_path / "other", tmp_path / "other" / "study")
    _, mine = codebook(folder, "gillard2014")
    _, theirs = codebook(other, "gillard2014")
    assert not {c.get("guid") for c in codes(mine.data)} & {
        c.get("guid") for c in codes(theirs.data)
    }


def test_mappings_become_sets_and_empty_ones_are_left_out(folder: Path) -> None:
    mappings = Mappings.of([(1, "trust"), (2, "trust"), (3, "risk"), (999, "engagement")])
    view, result = codebook(folder, "gillard2014", mappings)
    validate_codebook(result.data)
    root = ET.fromstring(result.data)
    guid_of = {c.get("name"): c.get("guid") for c in codes(result.data)}
    sets = root.findall("c:Sets/c:Set", NS)
    assert [s.get("name") for s in sets] == [
        "Mapped onto: Building trusting relationships based on shared lived experience",
        "Mapped onto: Risk",
    ]
    members = [m.get("guid") for m in sets[0].findall("c:MemberCode", NS)]
    assert members == [
        guid_of["Building trusting relationships based on shared lived experience"],
        guid_of[view.title(1)],
        guid_of[view.title(2)],
    ]
    assert result.n_sets == 2
    assert any("999" in n and "engagement" in n for n in result.notes)  # no set for it


def test_mappings_without_a_model_group_the_themes_by_element_id(folder: Path) -> None:
    _, result = codebook(folder, None, Mappings.of([(1, "trust"), (4, "trust")]))
    validate_codebook(result.data)
    (only,) = ET.fromstring(result.data).findall("c:Sets/c:Set", NS)
    assert only.get("name") == "Mapped onto: trust" and len(only.findall("c:MemberCode", NS)) == 2


def test_only_gone_themes_make_no_sets_at_all(folder: Path) -> None:
    _, result = codebook(folder, "gillard2014", Mappings.of([(999, "trust")]))
    validate_codebook(result.data)
    assert ET.fromstring(result.data).find("c:Sets", NS) is None


def test_xml_unsafe_characters_in_names_are_replaced(folder: Path) -> None:
    with Project.open(folder) as store:
        decide.rename(store, 1, 'bell\x07 & <tag> "q"', analyst="ann")
    _, result = codebook(folder)
    validate_codebook(result.data)
    assert codes(result.data)[0].get("name") == 'bell\ufffd & <tag> "q"'


def test_a_run_without_themes_needs_a_model(folder: Path) -> None:
    with Project.open(folder) as store:
        view = load_view(store)
        identity = project_identity(store)
    empty = type(view)(**{**view.__dict__, "themes": ()})
    with pytest.raises(ProjectError, match="no themes"):
        export_codebook(empty, identity)
    validate_codebook(export_codebook(empty, identity, load_model("gillard2014")).data)
