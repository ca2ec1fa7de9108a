"""Change-model files: the schema, errors that name the file, line and field, the shipped
Gillard model, walking the tree, and writing a model back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from themes.changemodel.elements import ChangeModel
from themes.changemodel.yaml_file import (
    dump_model,
    load_model,
    parse_model,
    resolve_model,
    save_model,
    shipped_models,
)
from themes.core.errors import ChangeModelError, InputError

VALID = """\
name: Small model
version: 2
source: "a test, paraphrased"
elements:
  - id: trust
    name: Trust
    description: Being believed because of shared experience.
    examples: ["She'd been there too.", "He got it."]
    exclude: ["Trust in the service in general"]
    children:
      - id: connection
        name: Making a connection
  - id: conditions
    name: Conditions
    codable: false
    provisional: true
    children:
      - id: risk
        name: Risk
        provisional: true
links:
  - {from: trust, to: risk, kind: leads_to}
"""


def write(tmp_path: Path, text: str, name: str = "model.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(ChangeModelError) as info:
        load_model(path)
    return str(info.value)


def test_a_valid_file_loads(tmp_path: Path) -> None:
    model = load_model(write(tmp_path, VALID))
    assert model.name == "Small model" and model.version == 2
    assert [f.id for f in model.walk()] == ["trust", "connection", "conditions", "risk"]
    assert [f.id for f in model.codable()] == ["trust", "connection", "risk"]
    risk = model.get("risk")
    assert risk.parent == "conditions" and risk.path == ("conditions", "risk")
    assert risk.depth == 1 and risk.element.provisional
    assert model.get("trust").parent is None
    assert model.get("trust").element.examples == ("She'd been there too.", "He got it.")
    assert model.links[0].from_ == "trust" and model.links[0].kind == "leads_to"
    with pytest.raises(KeyError):
        model.get("nowhere")


def test_the_model_is_immutable(tmp_path: Path) -> None:
    model = load_model(write(tmp_path, VALID))
    with pytest.raises(ValidationError):
        model.elements[0].name = "changed"  # type: ignore[misc]


def test_it_round_trips(tmp_path: Path) -> None:
    model = load_model(write(tmp_path, VALID))
    text = dump_model(model, header="written by a test\nsecond line")
    assert text.startswith("# written by a test\n# second line\n")
    assert parse_model(text, "again.yaml") == model
    assert dump_model(parse_model(text, "again.yaml")) == dump_model(model)  # stable
    saved = save_model(model, tmp_path / "out" / "saved.yaml")
    assert load_model(saved) == model


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n:#'\"|>-"),
    min_size=1,
    max_size=120,
).filter(lambda s: s.strip() == s and s.strip())


@settings(max_examples=60, deadline=None)
@given(name=_text, description=_text, examples=st.lists(_text, max_size=3))
def test_any_text_round_trips(name: str, description: str, examples: list[str]) -> None:
    model = ChangeModel.model_validate(
        {
            "name": name,
            "elements": [
                {"id": "a", "name": name, "description": description, "examples": examples}
            ],
        }
    )
    assert parse_model(dump_model(model), "x.yaml") == model


def test_an_unknown_key_names_file_line_and_field(tmp_path: Path) -> None:
    text = VALID.replace("        name: Making a connection", "        nmae: Making a connection")
    message = error_of(write(tmp_path, text))
    assert "model.yaml, line 12, field elements[0].children[0].nmae" in message
    assert "(element 'connection'): unknown field; allowed: id, name" in message
    assert "line 11, field elements[0].children[0].name (element 'connection'): this " in message
    assert "Traceback" not in message


def test_an_unknown_top_level_key(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, VALID + "author: someone\n"))
    assert "line 23, field author" in message and "allowed: name, version, source" in message


def test_a_duplicate_id_is_rejected(tmp_path: Path) -> None:
    text = VALID.replace("      - id: risk", "      - id: Trust")
    message = error_of(write(tmp_path, text))
    assert "line 18, field elements[1].children[0].id" in message
    assert "'Trust' is already used at elements[0]" in message


def test_a_link_to_an_unknown_id_is_rejected(tmp_path: Path) -> None:
    text = VALID.replace("to: risk", "to: rsik")
    message = error_of(write(tmp_path, text))
    assert "line 22, field links[0].to" in message and "'rsik'" in message


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        (
            "    provisional: true\n    children",
            "    provisional: maybe\n    children",
            "line 16, field elements[1].provisional",
        ),
        ("examples: [", "examples: 3 #[", "line 8, field elements[0].examples"),
        ("name: Risk", "name: 12", "line 19, field elements[1].children[0].name"),
        ("version: 2", "version: [2]", "line 2, field version"),
        ("  - id: conditions", "  - id: 'two words'", "line 13, field elements[1].id"),
    ],
)
def test_a_wrong_type_is_rejected(tmp_path: Path, old: str, new: str, where: str) -> None:
    assert old in VALID
    message = error_of(write(tmp_path, VALID.replace(old, new, 1)))
    assert "model.yaml" in message and where in message


def test_a_key_given_twice_is_rejected(tmp_path: Path) -> None:
    text = VALID.replace("version: 2\n", "version: 2\nversion: 3\n")
    assert "line 3, field version: given twice" in error_of(write(tmp_path, text))


def test_a_model_needs_a_codable_element(tmp_path: Path) -> None:
    text = "name: m\nelements:\n  - id: a\n    name: A\n    codable: false\n"
    message = error_of(write(tmp_path, text))
    assert "line 2, field elements" in message and "codable: true" in message


def test_a_yaml_syntax_error_names_its_line(tmp_path: Path) -> None:
    text = VALID.replace('examples: ["She', 'examples: ["She: x", [')
    message = error_of(write(tmp_path, text))
    assert "model.yaml, line" in message and "not valid YAML" in message


@pytest.mark.parametrize("text", ["", "just text\n", "- a\n- b\n", "name: m\n"])
def test_files_that_are_not_models(tmp_path: Path, text: str) -> None:
    assert "model.yaml" in error_of(write(tmp_path, text))


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "model.yaml"
    path.write_bytes(b"name: caf\xe9\nelements: []\n")
    assert "line 1: not UTF-8" in error_of(path)


def test_errors_are_input_errors_with_exit_code_2(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_model(write(tmp_path, "name: m\n"))
    assert info.value.exit_code == 2


def test_building_an_invalid_model_in_code_fails() -> None:
    element = {"id": "a", "name": "A"}
    with pytest.raises(ValidationError, match="already used"):
        ChangeModel.model_validate({"name": "m", "elements": [element, element]})
    with pytest.raises(ValidationError, match="no element has the id"):
        ChangeModel.model_validate(
            {"name": "m", "elements": [element], "links": [{"from": "a", "to": "b"}]}
        )


def test_names_and_paths_resolve(tmp_path: Path) -> None:
    assert "gillard2014" in shipped_models()
    assert resolve_model("gillard2014").name == "gillard2014.yaml"
    path = write(tmp_path, VALID)
    assert resolve_model(str(path)) == path
    with pytest.raises(ChangeModelError, match="shipped: .*gillard2014"):
        resolve_model("gilard2014")
    with pytest.raises(ChangeModelError, match="no such change-model file"):
        resolve_model(str(tmp_path / "missing.yaml"))


def test_the_shipped_gillard_model() -> None:
    model = load_model("gillard2014")
    assert model.name == "Peer worker change model"
    assert model.source == "Gillard et al. 2014, paraphrased"
    tops = [e.id for e in model.elements]
    assert tops[:3] == ["trust", "role-modelling", "engagement"]
    assert not any(e.provisional for e in model.elements[:3])
    assert [c.name for c in model.get("trust").element.children] == [
        "Making a connection",
        "Building a relationship",
        "Enabling talking and listening",
    ]
    conditions = model.get("organisation").element
    assert conditions.name == "Organisational conditions"
    assert not conditions.codable and conditions.provisional
    names = {c.name for c in conditions.children}
    assert names == {
        "Recruitment",
        "Training",
        "Supervision and support",
        "Role expectations",
        "Professionalism",
        "Practice boundaries",
        "Distinctiveness of the peer role",
        "Risk",
    }
    assert model.get("risk").element.provisional
    for flat in model.codable():
        assert len(flat.element.description) > 60, flat.id
        assert 2 <= len(flat.element.examples) <= 3, flat.id
    assert parse_model(dump_model(model), "again.yaml") == model
