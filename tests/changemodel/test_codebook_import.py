"""Importing a codebook CSV as a change model: columns, ids, the tree, and bad input."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from themes.changemodel.codebook import import_codebook, slug
from themes.changemodel.yaml_file import dump_model, parse_model
from themes.core.errors import ChangeModelError

GOOD = """\
Code,Description,Parent,Examples,Exclude,Colour
Trust,"Being believed, because of shared experience",,"She'd been there; she knew. | He got it",Trust in services,red
Making a connection,First contact,Trust,,,
Conditions,What the organisation does,,,,
Risk,Who holds risk information,Conditions,I could not see the notes,,
Trust!,A code whose id would clash,,,,
"""


def write(tmp_path: Path, text: str, name: str = "codebook.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def error_of(path: Path) -> str:
    with pytest.raises(ChangeModelError) as info:
        import_codebook(path)
    message = str(info.value)
    assert str(path) in message and "Traceback" not in message
    return message


def test_a_codebook_becomes_a_change_model(tmp_path: Path) -> None:
    result = import_codebook(write(tmp_path, GOOD), name="My codebook")
    model = result.model
    assert model.name == "My codebook" and model.source == "imported from codebook.csv"
    assert [f.id for f in model.walk()] == [
        "trust",
        "making-a-connection",
        "conditions",
        "risk",
        "trust-2",
    ]
    assert all(f.element.codable and not f.element.provisional for f in model.walk())
    trust = model.get("trust").element
    assert trust.description == "Being believed, because of shared experience"
    assert trust.examples == ("She'd been there; she knew.", "He got it")
    assert trust.exclude == ("Trust in services",)
    assert model.get("risk").parent == "conditions"
    assert model.get("trust-2").element.name == "Trust!"
    assert result.notes == ("codebook.csv: ignored columns: Colour",)
    assert parse_model(dump_model(model), "x.yaml") == model


def test_generated_codebooks_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "generated.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "description", "parent", "examples"])
        for i in range(30):
            parent = f"Code {i // 5 * 5}" if i % 5 else ""
            writer.writerow([f"Code {i}", f"Description {i}, with a comma", parent, f"a{i}|b{i}"])
    model = import_codebook(path).model
    assert model.name == "generated"
    assert len(model.walk()) == 30 and len(model.elements) == 6
    assert model.get("code-7").parent == "code-5"
    assert model.get("code-7").element.examples == ("a7", "b7")
    assert parse_model(dump_model(model), "x.yaml") == model


def test_only_the_required_columns(tmp_path: Path) -> None:
    model = import_codebook(write(tmp_path, "code,description\nOnly one,\n")).model
    assert model.get("only-one").element.description == ""


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("code;description\nÉcoute;Listening\n", "utf-8"),
        ("code\tdescription\nÉcoute\tListening\n", "utf-8"),
        ("\ufeffcode,description\r\nÉcoute,Listening\r\n", "utf-8"),
        ("code,description\r\nÉcoute,Listening\r\n", "utf-16"),  # the codec writes a BOM
    ],
)
def test_separators_and_encodings(tmp_path: Path, text: str, encoding: str) -> None:
    model = import_codebook(write(tmp_path, text, encoding=encoding)).model
    assert [(f.id, f.element.name) for f in model.walk()] == [("ecoute", "Écoute")]


def test_slugs_are_safe_ids() -> None:
    assert slug("Data table features useful") == "data-table-features-useful"
    assert slug("  Ça va? (sometimes) ") == "ca-va-sometimes"
    assert slug("聞く") == "code"
    assert len(slug("word " * 40)) <= 60


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("name,definition\nA,b\n", "line 1: the header has no code or description column"),
        ("code,notes\nA,b\n", "line 1: the header has no description column"),
        ("code,description\n", "no code follows"),
        ("code,description\nA,x\nB,y\na,z\n", "line 4: the code 'a' is already on line 2"),
        (
            "code,description,parent\nA,x,\nB,y,Nope\n",
            "line 3: the parent 'Nope' of code 'B' is not a code",
        ),
        ("code,description,parent\nA,x,A\n", "line 2: the code 'A' is its own parent"),
        ("code,description,parent\nA,x,\nB,y,C\nC,z,B\n", "line 3: parents go round in a circle"),
        ("code,description\nA,one, two\n", "line 2: this row has 3 cells but the header has 2"),
        ('code,description\nA,x\n,"multi\nline"\n', "line 3: the code is empty"),
        ("code,description,code\nA,x,y\n", "the column 'code' appears twice"),
    ],
)
def test_bad_codebooks_name_the_file_and_line(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in error_of(write(tmp_path, text))


def test_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "codebook.csv"
    path.write_bytes(b"code,description\n\x00\x01\x02\xff" * 20)
    assert "not a text file" in error_of(path)


def test_the_wrong_encoding_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "code,description\nA,fine\nB,caf\xe9\n", encoding="cp1252")
    message = error_of(path)
    assert "line 3: not UTF-8" in message and "CSV UTF-8" in message


@pytest.mark.parametrize(
    ("suffix", "expected"), [(".qdc", "no codes to import"), (".qdpx", "not a zip archive")]
)
def test_refi_qda_files_go_to_the_refi_reader(tmp_path: Path, suffix: str, expected: str) -> None:
    message = error_of(write(tmp_path, "<CodeBook/>", name=f"codebook{suffix}"))
    assert expected in message and f"codebook{suffix}" in message


def test_an_unknown_format(tmp_path: Path) -> None:
    assert "unknown codebook format" in error_of(write(tmp_path, "x", name="codebook.xlsx"))


def test_a_missing_file(tmp_path: Path) -> None:
    assert "cannot be read" in error_of(tmp_path / "missing.csv")


@pytest.mark.serdif
def test_serdif_codebook(serdif: Path) -> None:
    path = serdif / "codebook_final.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    model = import_codebook(path, name="SERDIF final codes").model
    flats = model.walk()
    assert len(flats) == len(rows) == 22
    assert [f.element.name for f in flats] == [r["code"].strip() for r in rows]
    assert all(f.element.description and f.element.codable for f in flats)
    assert len({f.id for f in flats}) == 22
    assert model.get("additional-explanation").element.name == "Additional explanation"
    assert parse_model(dump_model(model), "serdif.yaml") == model
