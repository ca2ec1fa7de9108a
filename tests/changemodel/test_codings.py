"""Reading coding files (`segment_id,element` rows): robust to BOM, CRLF and extra columns;
bad files get a message naming the file and row, never a traceback or transcript text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from themes.changemodel.codings import Codings, read_codings
from themes.core.errors import CodingsError, InputError
from themes.core.order import natural_key

SECRET = "my counsellor told me about the overdose"


def write(tmp_path: Path, data: str | bytes, name: str = "codes.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def error_of(path: Path) -> str:
    with pytest.raises(CodingsError) as info:
        read_codings(path)
    message = str(info.value)
    assert str(path) in message
    assert SECRET not in message
    return message


def test_reads_multi_label_rows_bom_crlf_and_extra_columns(tmp_path: Path) -> None:
    text = (
        "Coder,SEGMENT_ID, Element ,quote\r\n"
        f"ann,P1:3,trust,{SECRET}\r\n"
        "ann,P1:3,engage,\r\n"
        "ann,P1:12a,role,\r\n"
        "ann,P2:1,,\r\n"  # coded, no element
        ",,,\r\n"  # blank row: skipped
    )
    codings = read_codings(write(tmp_path, codecs.BOM_UTF8 + text.encode("utf-8")))
    assert dict(codings.by_segment) == {
        "P1:3": frozenset({"trust", "engage"}),
        "P1:12a": frozenset({"role"}),
        "P2:1": frozenset(),
    }
    assert codings.elements == ("engage", "role", "trust")
    assert codings.source.endswith("codes.csv") and len(codings) == 3


def test_reads_utf16_with_bom(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_LE + "segment_id,element\nP1:1,trust\n".encode("utf-16-le")
    assert dict(read_codings(write(tmp_path, data)).by_segment) == {"P1:1": frozenset({"trust"})}


def test_codings_are_immutable() -> None:
    codings = Codings.of("x", [("P1:1", "a"), ("P1:1", "b"), ("P1:2", None)])
    assert codings.by_segment["P1:1"] == frozenset({"a", "b"})
    with pytest.raises(TypeError):
        codings.by_segment["P1:3"] = frozenset()  # type: ignore[index]
    with pytest.raises(AttributeError):
        codings.source = "y"  # type: ignore[misc]


def test_natural_segment_order() -> None:
    ids = ["P10:1", "P2:10", "P2:9", "P2:9a"]
    assert sorted(ids, key=natural_key) == ["P2:9", "P2:9a", "P2:10", "P10:1"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("", "is empty"),
        ("\n\n", "is empty"),
        ("segment_id,element\n", "no coded rows"),
        (
            "segment,code\nP1:1,trust\n",
            "row 1 (the header) lacks the column(s) segment_id, element",
        ),
        ("segment_id,theme\nP1:1,trust\n", "lacks the column(s) element"),
        (f"P1:1,{SECRET}\n", "looks like data: add the header row"),
        ("segment_id,element\nP1:1,trust\nP1:2,role\nP1:1,trust\n", "row 4 repeats row 2"),
        (f"segment_id,element\nP1:1,trust\n{SECRET},trust\n", "row 3: the segment_id is not"),
        ("segment_id,element\nP1:1,trust\n,trust\n", "row 3 has no segment_id"),
        ("element,x,segment_id\nP1:1,trust\n", "row 2 has 2 column(s)"),
        (f'segment_id,element\nP1:1,"{SECRET}\nand more"\n', "row 3: the element is not"),
    ],
)
def test_bad_files_name_the_file_and_row(tmp_path: Path, data: str, expected: str) -> None:
    assert expected in error_of(write(tmp_path, data))


def test_binary_and_undecodable_files(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert "not a text file" in error_of(write(tmp_path, png, "a.csv"))
    latin = f"segment_id,element\nP1:1,trust\nP1:2,caf\xe9 {SECRET}\n".encode("latin-1")
    assert "row 3 is not valid UTF-8" in error_of(write(tmp_path, latin, "b.csv"))
    control = b"segment_id,element\n" + b"\x01\x02\x03" * 50
    assert "not a text file" in error_of(write(tmp_path, control, "c.csv"))


def test_missing_file_or_folder(tmp_path: Path) -> None:
    assert "does not exist" in error_of(tmp_path / "nope.csv")
    assert "is a folder" in error_of(tmp_path)


def test_reader_errors_are_input_errors() -> None:
    assert issubclass(CodingsError, InputError) and CodingsError.exit_code == 2
