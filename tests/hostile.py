"""Hostile and broken input, generated here (never copied from elsewhere): issue 11's findings.

Each maker writes one file (or link, or FIFO) into `folder` and returns its name. Archives are
written byte by byte (`write_zip`) so that encrypted entries, unknown compression methods and
zip bombs can be made cheaply: a bomb's deflate stream repeats one fully flushed block.
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SECRET = "my neighbour's diagnosis"  # transcript text that must never appear in a message
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
MB = 1 << 20


@dataclass(frozen=True)
class Entry:
    """One archive member as stored: `data` is already compressed when `method` is 8."""

    name: str
    data: bytes
    crc: int
    size: int
    method: int = 8
    flags: int = 0


def stored(name: str, content: bytes) -> Entry:
    return Entry(name, content, zlib.crc32(content), len(content), method=0)


def deflated(name: str, content: bytes) -> Entry:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Entry(name, c.compress(content) + c.flush(), zlib.crc32(content), len(content))


def repeated(name: str, head: bytes, chunk: bytes, times: int, tail: bytes) -> Entry:
    """`head + chunk * times + tail`, deflated in about len(chunk) of work, not times as much."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)  # state reset: every copy is equal
    end = c.compress(tail) + c.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(chunk) * times + len(tail)
    return Entry(name, start + block * times + end, crc, size)


def write_zip(path: Path, entries: list[Entry]) -> Path:
    """A plain (non-zip64) archive of `entries`, exactly as given."""
    out = io.BytesIO()
    central = []
    for e in entries:
        offset = out.tell()
        name = e.name.encode()
        out.write(
            struct.pack(
                "<4s2B4HL2L2H",
                b"PK\003\004",
                20,
                0,
                e.flags,
                e.method,
                0,
                33,
                e.crc,
                len(e.data),
                e.size,
                len(name),
                0,
            )
        )
        out.write(name + e.data)
        central.append(
            struct.pack(
                "<4s4B4HL2L5H2L",
                b"PK\001\002",
                20,
                3,
                20,
                0,
                e.flags,
                e.method,
                0,
                33,
                e.crc,
                len(e.data),
                e.size,
                len(name),
                0,
                0,
                0,
                0,
                0o644 << 16,
                offset,
            )
            + name
        )
    start = out.tell()
    for record in central:
        out.write(record)
    size = out.tell() - start
    out.write(
        struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(entries), len(entries), size, start, 0)
    )
    path.write_bytes(out.getvalue())
    return path


# --- OpenDocument -------------------------------------------------------------------------


def odt_content(body_xml: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        f'xmlns:office="{OFFICE_NS}" xmlns:text="{TEXT_NS}" office:version="1.2">'
        f"<office:body><office:text>{body_xml}</office:text></office:body>"
        "</office:document-content>"
    ).encode()


def write_odt(path: Path, content: Entry | bytes) -> Path:
    entry = content if isinstance(content, Entry) else deflated("content.xml", content)
    mimetype = stored("mimetype", b"application/vnd.oasis.opendocument.text")
    return write_zip(path, [mimetype, entry])


def labelled_paragraphs() -> str:
    return (
        "<text:p>Interviewer: How did the role start?</text:p>"
        f"<text:p>P1: Slowly, because of {SECRET}.</text:p>"
    )


def odt_bad_space_count(folder: Path) -> str:
    body = f'<text:p>Interviewer: Hello<text:s text:c="abc"/>there.</text:p>{labelled_paragraphs()}'
    write_odt(folder / "odt_bad_count.odt", odt_content(body))
    return "odt_bad_count.odt"


def odt_huge_space_count(folder: Path) -> str:
    body = f'<text:p>P1: a<text:s text:c="3000000000"/>b</text:p>{labelled_paragraphs()}'
    write_odt(folder / "odt_huge_count.odt", odt_content(body))
    return "odt_huge_count.odt"


def odt_deep(folder: Path, depth: int = 50_000) -> str:
    body = f"<text:p>P1: {'<text:span>' * depth}deep{'</text:span>' * depth}</text:p>"
    write_odt(folder / "odt_deep.odt", odt_content(labelled_paragraphs() + body))
    return "odt_deep.odt"


def odt_encrypted(folder: Path) -> str:
    entry = deflated("content.xml", odt_content(labelled_paragraphs()))
    write_odt(folder / "odt_encrypted.odt", Entry(**{**entry.__dict__, "flags": 0x1}))
    return "odt_encrypted.odt"


def odt_unknown_compression(folder: Path) -> str:
    entry = deflated("content.xml", odt_content(labelled_paragraphs()))
    write_odt(folder / "odt_method99.odt", Entry(**{**entry.__dict__, "method": 99}))
    return "odt_method99.odt"


def odt_whitespace_bomb(folder: Path, mb: int = 1024) -> str:
    head, tail = odt_content("<text:p>P1: a SPLIT b</text:p>").split(b"SPLIT")
    write_odt(folder / "odt_whitespace.odt", repeated("content.xml", head, b" " * MB, mb, tail))
    return "odt_whitespace.odt"


# --- Word ---------------------------------------------------------------------------------


def docx_bytes(paragraphs: list[str], table_rows: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table_rows is not None:
        table = document.add_table(rows=0, cols=2)
        for cells in table_rows:
            row = table.add_row()
            for cell, text in zip(row.cells, cells, strict=False):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_empty_row(folder: Path) -> str:
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document(io.BytesIO(docx_bytes(["Interviewer: Hello?"], [["P1", "Hi."]])))
    document.tables[0]._tbl.append(OxmlElement("w:tr"))
    document.add_paragraph(f"P1: It was {SECRET}.")
    document.save(str(folder / "docx_empty_row.docx"))
    return "docx_empty_row.docx"


def docx_bomb(folder: Path, mb: int = 400) -> str:
    """A .docx of about 0.5 MB whose document.xml unpacks to `mb` MB of XML."""
    import zipfile

    original = docx_bytes(["Interviewer: Hello?", "P1: Hi."])
    entries = []
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename != "word/document.xml":
                entries.append(deflated(info.filename, content))
                continue
            head, _, tail = content.partition(b"<w:body>")
            paragraph = b"<w:p><w:r><w:t>So it goes.</w:t></w:r></w:p>"
            chunk = paragraph * (MB // len(paragraph))
            entries.append(repeated(info.filename, head + b"<w:body>", chunk, mb, tail))
    write_zip(folder / "docx_bomb.docx", entries)
    return "docx_bomb.docx"


# --- special files ------------------------------------------------------------------------


def zero_link(folder: Path) -> str:
    os.symlink("/dev/zero", folder / "zero.txt")
    return "zero.txt"


def fifo(folder: Path) -> str:
    os.mkfifo(folder / "pipe.txt")
    return "pipe.txt"


def outside_link(folder: Path) -> str:
    """A link to a transcript-like file outside the folder (think /etc/shadow)."""
    target = folder.parent / f"{folder.name}-outside" / "shadow"
    target.parent.mkdir(exist_ok=True)
    target.write_text(f"root: {SECRET}\nP1: more\n", encoding="utf-8")
    os.symlink(target, folder / "shadow.txt")
    return "shadow.txt"


def metadata_folder(folder: Path) -> str:
    (folder / "metadata.csv").mkdir()
    return "metadata.csv"


# --- text formats -------------------------------------------------------------------------


def single_line_txt(folder: Path, mb: int = 10) -> str:
    words = "we talked about trust and the peer worker who had shared lived experience".split()
    line = " ".join(words[i % len(words)] for i in range(mb * MB // 5))[: mb * MB]
    (folder / "one_line.txt").write_text(f"P1: {line}\n", encoding="utf-8")
    return "one_line.txt"


def malformed_vtt(folder: Path) -> str:
    (folder / "cues.vtt").write_text(
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:03.000\n<v Interviewer>How did it start?\n\n"
        f"00:00:03.000 -> 00:00:05.000\n<v P1>{SECRET}\n\n"  # broken arrow: dropped
        "00:00:05.000 --> \n<v P1>Slowly at first.\n\n"  # no end time: dropped
        "00:00:07.000 --> 00:00:09.000\n<v P1>Then all at once.\n",
        encoding="utf-8",
    )
    return "cues.vtt"


def unterminated_csv(folder: Path) -> str:
    (folder / "quote.csv").write_text(
        "speaker,text\n"
        'Interviewer,"How did it start?\n'
        f"P1,{SECRET}\n"
        "Interviewer,And then?\n"
        "P1,Then it got better.\n",
        encoding="utf-8",
    )
    return "quote.csv"


def headerless_csv(folder: Path) -> str:
    (folder / "noheader.csv").write_text(
        f"Interviewer,{SECRET} is what I wanted to ask about\nP1,Yes it was hard\n",
        encoding="utf-8",
    )
    return "noheader.csv"


def escape_name(folder: Path) -> str:
    name = "P\x1b]0;owned\x07\x1b[2J\x9b31m.txt"
    (folder / name).write_text(
        "Interviewer: What helped?\nP7: Talking to someone who had been there too.\n",
        encoding="utf-8",
    )
    return name


def good_transcript(folder: Path) -> str:
    (folder / "GOOD01.txt").write_text(
        "Interviewer: How did you come to peer support?\n"
        "GOOD01: Through my own recovery, and a worker who listened to me.\n"
        "Interviewer: What made the difference?\n"
        "GOOD01: Trust. She had been there herself, so I believed her.\n",
        encoding="utf-8",
    )
    return "GOOD01.txt"


# Every bad file of the findings that `ingest` must name (read with a warning, or skipped).
BAD: dict[str, Callable[[Path], str]] = {
    "odt_bad_space_count": odt_bad_space_count,
    "odt_huge_space_count": odt_huge_space_count,
    "odt_deep": odt_deep,
    "odt_encrypted": odt_encrypted,
    "odt_unknown_compression": odt_unknown_compression,
    "odt_whitespace_bomb": odt_whitespace_bomb,
    "docx_empty_row": docx_empty_row,
    "docx_bomb": docx_bomb,
    "zero_link": zero_link,
    "fifo": fifo,
    "outside_link": outside_link,
    "single_line_txt": single_line_txt,
    "malformed_vtt": malformed_vtt,
    "unterminated_csv": unterminated_csv,
    "headerless_csv": headerless_csv,
}
