"""The streaming .docx reader gives the text python-docx gives, in linear time, and refuses
what python-docx would choke on (entities, depth, encryption) with a message."""

from __future__ import annotations

import io
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import hostile
import pytest

from themes.core.config import Config, load_config
from themes.core.errors import InputError
from themes.ingest.docx_reader import _Blocks, read_docx
from themes.ingest.labels import match_label
from themes.ingest.xmlsafe import parse

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "peer-support-study"


def python_docx_blocks(data: bytes) -> list[str]:
    """The reference: what the reader gave when it used python-docx."""
    import docx
    from docx.table import Table

    out: list[str] = []
    for block in docx.Document(io.BytesIO(data)).iter_inner_content():
        if not isinstance(block, Table):
            out.append(block.text)
            continue
        for row in block.rows:
            cells: list[str] = []
            for cell in row.cells:
                text = " ".join(cell.text.split())
                if not cells or text != cells[-1]:
                    cells.append(text)
            if not cells:
                continue
            head, rest = cells[0].rstrip(":").strip(), " ".join(c for c in cells[1:] if c)
            if len(cells) > 1 and head and rest and match_label(f"{head}: x"):
                out.append(f"{head}: {rest}")
            else:
                out.append(" ".join(c for c in cells if c))
    return out


def streamed_blocks(data: bytes) -> list[str]:
    blocks = _Blocks()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parse(archive.read("word/document.xml"), "x.docx", "document.xml", 200, blocks)
    return blocks.out


def rich_document() -> bytes:
    """Runs, tabs, line and page breaks, a hyperlink, deleted text, merged cells (across and
    down), several paragraphs in a cell, a nested table and an empty row."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement

    def element(tag: str, *children: Any, text: str | None = None) -> Any:
        made = OxmlElement(tag)
        if text is not None:
            made.text = text
        for child in children:
            made.append(child)
        return made

    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("Interviewer:").bold = True
    p.add_run(" How\tdid it")
    p.add_run("start?").add_break()
    p.add_run("second line").add_break(WD_BREAK.PAGE)
    p._p.append(element("w:hyperlink", element("w:r", element("w:t", text=" linked"))))
    p._p.append(element("w:del", element("w:r", element("w:delText", text="DELETED"))))
    t = d.add_table(rows=4, cols=3)
    t.cell(0, 0).text, t.cell(0, 1).text, t.cell(0, 2).text = "P1", "Answer one", "more"
    t.cell(0, 1).add_paragraph("added paragraph")
    t.cell(1, 0).text = "Interviewer"
    t.cell(1, 1).merge(t.cell(1, 2)).text = "Merged across"
    t.cell(2, 0).text, t.cell(2, 1).text = "P2", "Top of a merge down"
    t.cell(2, 2).merge(t.cell(3, 2)).text = "down"
    t.cell(3, 0).text, t.cell(3, 1).text = "P2", "second\nthird"
    t.cell(3, 1).add_table(rows=1, cols=1).cell(0, 0).text = "NESTED"
    t._tbl.append(OxmlElement("w:tr"))
    d.add_paragraph("P1: after the table\twith a tab")
    d.add_paragraph("")
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["rich", *sorted(p.name for p in EXAMPLES.glob("*.docx"))])
def test_same_text_as_python_docx(name: str) -> None:
    data = rich_document() if name == "rich" else (EXAMPLES / name).read_bytes()
    assert streamed_blocks(data) == python_docx_blocks(data)


def test_main_part_named_by_the_package_relationships(config: Config) -> None:
    original = hostile.docx_bytes(["Interviewer: Hello?", "P1: Hi."])
    entries = []
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        for info in archive.infolist():
            content = archive.read(info)
            name = "word/main.xml" if info.filename == "word/document.xml" else info.filename
            if info.filename in ("_rels/.rels", "[Content_Types].xml"):
                content = content.replace(b"word/document.xml", b"word/main.xml")
            entries.append(hostile.deflated(name, content))
    parsed = read_docx(_zip_bytes(entries), "m.docx", config.ingest)
    assert [t.speaker for t in parsed.turns] == ["Interviewer", "P1"]


def _zip_bytes(entries: list[hostile.Entry]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = hostile.write_zip(Path(folder) / "x.zip", entries)
        return path.read_bytes()


def with_document(xml: bytes) -> bytes:
    original = hostile.docx_bytes(["P1: Hi."])
    entries = []
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        for info in archive.infolist():
            content = xml if info.filename == "word/document.xml" else archive.read(info)
            entries.append(hostile.deflated(info.filename, content))
    return _zip_bytes(entries)


def test_entities_are_refused(config: Config) -> None:
    """The 'billion laughs': entities that expand to entities."""
    lol = b'<!DOCTYPE w [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    xml = lol + b'<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body>'
    with pytest.raises(InputError, match=r"^e\.docx: word/document\.xml declares XML entities"):
        read_docx(with_document(xml + b"</w:document>"), "e.docx", config.ingest)


def test_broken_xml_names_the_part(config: Config) -> None:
    with pytest.raises(InputError, match=r"^b\.docx: a damaged document .*document\.xml"):
        read_docx(with_document(b"<w:document><w:body>"), "b.docx", config.ingest)


def test_old_doc_or_encrypted_docx(config: Config) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    with pytest.raises(InputError, match=r"^o\.docx: an old Word \.doc .*without a password"):
        read_docx(ole, "o.docx", config.ingest)


def test_large_document_reads_in_linear_time(tmp_path: Path) -> None:
    """A 20 MB document.xml of short paragraphs: python-docx took 15 s, the stream about 2."""
    name = hostile.docx_bomb(tmp_path, mb=20)
    data = (tmp_path / name).read_bytes()
    started = time.perf_counter()
    parsed = read_docx(data, name, load_config().ingest)
    assert time.perf_counter() - started < 20 and len(parsed.turns) > 400_000
