"""The .docx and .odt readers, on documents generated in tmp_path."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from themes.core.config import Config
from themes.core.errors import InputError
from themes.ingest.docx_reader import read_docx
from themes.ingest.odt import read_odt

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def make_docx(path: Path, paragraphs: list[str], bold_labels: bool = True) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        paragraph = document.add_paragraph()
        label, sep, rest = text.partition(": ")
        if sep and bold_labels:
            paragraph.add_run(label + ":").bold = True
            paragraph.add_run(" " + rest)
        else:
            paragraph.add_run(text)
    document.save(str(path))
    return path


def make_odt(path: Path, body_xml: str) -> Path:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        f'xmlns:office="{OFFICE_NS}" xmlns:text="{TEXT_NS}" office:version="1.2">'
        f"<office:body><office:text>{body_xml}</office:text></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return path


def spans_ok(parsed) -> bool:
    return all(parsed.text[t.char_start : t.char_end] == t.text for t in parsed.turns)


def test_docx_labelled_paragraphs_with_bold_speakers(tmp_path: Path, config: Config) -> None:
    path = make_docx(
        tmp_path / "P1.docx",
        [
            "Interviewer: How did it start?",
            "Respondent: Slowly.",
            "Then all at once.",
            "",
            "Interviewer: Why?",
        ],
    )
    parsed = read_docx(path.read_bytes(), "P1.docx", config.ingest)
    assert spans_ok(parsed)
    assert parsed.text.split("\n")[0] == "Interviewer: How did it start?"
    assert [(t.speaker, t.line_start, t.line_end) for t in parsed.turns] == [
        ("Interviewer", 1, 1),
        ("Respondent", 2, 3),
        ("Interviewer", 5, 5),
    ]
    assert parsed.warnings == ()


def test_docx_that_is_not_a_zip(config: Config) -> None:
    with pytest.raises(InputError, match=r"P1\.docx: not a Word \.docx file.*save it as \.docx"):
        read_docx(b"{\\rtf1 Interviewer: hello}", "P1.docx", config.ingest)


def test_docx_zip_without_a_document(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match=r"x\.docx: cannot be read"):
        read_docx(path.read_bytes(), "x.docx", config.ingest)


def test_odt_spaces_tabs_breaks_spans_and_headings(tmp_path: Path, config: Config) -> None:
    body = (
        '<text:h text:outline-level="1">Interview: site 2</text:h>'
        '<text:p>Interviewer:<text:s/>How did<text:s text:c="3"/>it start?</text:p>'
        "<text:p><text:span>Peer <text:span>Worker</text:span></text:span>: it was"
        "<text:tab/>slow.<text:line-break/>Then fast.</text:p>"
        "<text:list><text:list-item><text:p>Interviewer: Why?</text:p></text:list-item></text:list>"
        "<text:p>Peer Worker: No idea<text:note><text:note-body><text:p>footnote</text:p>"
        "</text:note-body></text:note>.</text:p>"
    )
    parsed = read_odt(make_odt(tmp_path / "P2.odt", body).read_bytes(), "P2.odt", config.ingest)
    assert spans_ok(parsed)
    assert [t.speaker for t in parsed.turns] == [
        "Interview",
        "Interviewer",
        "Peer Worker",
        "Interviewer",
        "Peer Worker",
    ]
    assert parsed.turns[1].text == "How did   it start?"
    assert parsed.turns[2].text == "it was\tslow.\nThen fast."
    assert parsed.turns[2].line_start == parsed.turns[2].line_end == 3
    assert parsed.turns[4].text == "No idea."  # footnotes are not speech


def test_odt_outline_layout_like_the_serdif_originals(tmp_path: Path, config: Config) -> None:
    body = (
        "<text:p>1 Read the home tab.</text:p>"
        "<text:p><text:tab/>Alright, logged in.</text:p>"
        "<text:p><text:tab/>(The participant reads the task)</text:p>"
        "<text:p><text:tab/>MODERATOR: Could you start with task 1?</text:p>"
        '<text:p><text:s text:c="4"/>1.a Was it enough?</text:p>'
        '<text:p><text:s text:c="4"/><text:tab/>2 things I would change.</text:p>'
        "<text:p>c.ii Data lineage</text:p>"
    )
    parsed = read_odt(make_odt(tmp_path / "P3.odt", body).read_bytes(), "P3.odt", config.ingest)
    assert spans_ok(parsed)
    assert [t.speaker for t in parsed.turns] == [
        "Prompt",
        "unknown",
        "Note",
        "MODERATOR",
        "Prompt",
        "unknown",
        "Prompt",
    ]
    assert [t.line_start for t in parsed.turns] == [1, 2, 3, 4, 5, 6, 7]
    assert len(parsed.warnings) == 1 and "P3.odt" in parsed.warnings[0]


def test_odt_broken(config: Config) -> None:
    with pytest.raises(InputError, match=r"P4\.odt: not a readable OpenDocument"):
        read_odt(b"PK\x03\x04 broken", "P4.odt", config.ingest)


def test_odt_without_text(tmp_path: Path, config: Config) -> None:
    path = make_odt(tmp_path / "e.odt", "<text:p/>")
    with pytest.raises(InputError, match=r"e\.odt: the document has no text"):
        read_odt(path.read_bytes(), "e.odt", config.ingest)


def test_docx_speaker_table(tmp_path: Path, config: Config) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Interviewer: Before the table.")
    table = document.add_table(rows=3, cols=2)
    for row, (who, said) in zip(
        table.rows,
        [("Respondent", "In a table."), ("Interviewer:", "Next?"), ("", "")],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = who, said
    path = tmp_path / "T.docx"
    document.save(str(path))
    parsed = read_docx(path.read_bytes(), "T.docx", config.ingest)
    assert [(t.speaker, t.text, t.line_start) for t in parsed.turns] == [
        ("Interviewer", "Before the table.", 1),
        ("Respondent", "In a table.", 2),
        ("Interviewer", "Next?", 3),
    ]
