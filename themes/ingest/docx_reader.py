"""Word .docx transcripts: one paragraph per line, ``Name: text`` labels.

The package is checked before anything is unpacked (`archive`: size unpacked, encryption,
compression) and the document is read as a stream (`xmlsafe`: depth, entities), in time
and memory linear in its size. The text is what python-docx gives: body paragraphs and the
rows of body tables, in order; a paragraph's text is that of its runs and hyperlinks (tabs,
breaks and no-break hyphens included; deleted text and content controls left out); a table
row is one paragraph, ``Name: text`` when its first cell looks like a speaker name (transcripts
laid out as a speaker | text table); merged cells count once.
"""

from __future__ import annotations

import io
import zipfile

from themes.core.config import IngestConfig
from themes.core.errors import InputError
from themes.ingest.archive import open_archive, read_member
from themes.ingest.base import Parsed
from themes.ingest.document import parse_paragraphs
from themes.ingest.labels import match_label
from themes.ingest.xmlsafe import parse

KIND = "Word .docx"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc files and password-protected .docx
_W = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
}
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CHARS = {"tab": "\t", "ptab": "\t", "cr": "\n", "noBreakHyphen": "-"}
_RUN_TEXT = {"t", "br", *_CHARS}


def read_docx(data: bytes, source: str, config: IngestConfig) -> Parsed:
    if data.startswith(_OLE):
        raise InputError(
            f"{source}: an old Word .doc file or a password-protected document, not a .docx; "
            "skipped. Open it in Word or LibreOffice and save it as .docx without a password."
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(
            f"{source}: not a Word .docx file (it is not a zip archive); skipped. If it is an "
            "old .doc or another format, open it in Word or LibreOffice and save it as .docx."
        )
    with open_archive(data, source, config, KIND) as archive:
        names = set(archive.namelist())
        part = "word/document.xml"
        if "_rels/.rels" in names:
            rels = _Relationships()
            parse(
                read_member(archive, "_rels/.rels", source, KIND),
                source,
                "_rels/.rels",
                config.max_xml_depth,
                rels,
            )
            part = rels.document or part
        if part not in names:
            raise InputError(
                f"{source}: cannot be read as a Word .docx document (it has no {part}); "
                "skipped. Open it in Word or LibreOffice and save it again as .docx."
            )
        content = read_member(archive, part, source, KIND)
    blocks = _Blocks()
    parse(content, source, part, config.max_xml_depth, blocks)
    return parse_paragraphs(blocks.out, source)


class _Relationships:
    """The target of the package's officeDocument relationship (the main document part)."""

    def __init__(self) -> None:
        self.document: str | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == f"{{{_RELS}}}Relationship" and attrs.get("Type", "").endswith("/officeDocument"):
            self.document = self.document or attrs.get("Target", "").lstrip("/") or None

    def end(self, tag: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


class _Blocks:
    """Paragraph texts of the body, with each table row as one paragraph.

    Positions in the element path: 0 w:document, 1 w:body, 2 w:p or w:tbl; in a table 3 w:tr,
    4 w:tc, 5 w:p. A paragraph's runs sit right under it (or under a w:hyperlink in it).
    """

    def __init__(self) -> None:
        self.out: list[str] = []
        self._path: list[str] = []
        self._table = False  # inside a body table
        self._reading = False  # inside a w:t whose text counts
        self._text: list[str] = []  # the paragraph being read
        self._cell: list[str] = []  # paragraphs of the cell being read
        self._span, self._merge = 1, ""
        self._row: list[str] = []  # cell texts, once per grid column spanned
        self._grid: dict[int, str] = {}  # grid column -> cell text, this row
        self._above: dict[int, str] = {}  # the same for the row before
        self._column = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        ns, _, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
        path = self._path
        path.append(name if ns in _W else "?")
        depth = len(path)
        if depth <= 3:
            if depth == 3 and path[0] == "document" and path[1] == "body":
                self._table = name == "tbl"
                self._text, self._above = [], {}
        elif not self._table:
            if path[2] == "p":
                self._run(path, 3, name, attrs)
        elif depth == 4 and name == "tr":
            self._row, self._grid, self._column = [], {}, 0
        elif depth == 5 and name == "tc" and path[3] == "tr":
            self._cell, self._span, self._merge = [], 1, ""
        elif depth == 6 and name == "gridBefore" and path[4] == "trPr":
            self._column = _number(attrs)
        elif depth == 6 and name == "p" and path[4] == "tc":
            self._text = []
        elif depth == 7 and path[5] == "tcPr" and path[4] == "tc":
            if name == "gridSpan":
                self._span = max(1, min(_number(attrs), 64))
            elif name == "vMerge":
                self._merge = _value(attrs) or "continue"
        elif depth > 7 and path[5] == "p" and path[4] == "tc":
            self._run(path, 6, name, attrs)

    def _run(self, path: list[str], base: int, name: str, attrs: dict[str, str]) -> None:
        """Run content (w:t, w:tab, ...) of the paragraph whose children start at `base`."""
        depth = len(path)
        if name not in _RUN_TEXT or not (
            (depth == base + 2 and path[base] == "r")
            or (depth == base + 3 and path[base] == "hyperlink" and path[base + 1] == "r")
        ):
            return
        if name == "t":
            self._reading = True
        elif name == "br":
            self._text.append("\n" if _value(attrs, "type") in ("", "textWrapping") else "")
        else:
            self._text.append(_CHARS[name])

    def end(self, tag: str) -> None:
        path = self._path
        depth = len(path)
        name = path.pop()
        self._reading = False
        if depth == 3 and path[:2] == ["document", "body"]:
            if name == "p" and not self._table:
                self.out.append("".join(self._text))
            self._table = False
        elif not self._table or depth > 6:
            return
        elif depth == 6 and name == "p" and path[4] == "tc":
            self._cell.append("".join(self._text))
        elif depth == 5 and name == "tc" and path[3] == "tr":
            self._end_cell()
        elif depth == 4 and name == "tr":
            self._above = self._grid
            self._add_row()

    def text(self, data: str) -> None:
        if self._reading:
            self._text.append(data)

    def _end_cell(self) -> None:
        text = "\n".join(self._cell)
        if self._merge == "continue":  # the continuation of a vertically merged cell
            text = self._above.get(self._column, "")
        for column in range(self._column, self._column + self._span):
            self._grid[column] = text
            self._row.append(text)
        self._column += self._span

    def _add_row(self) -> None:
        cells: list[str] = []
        for raw in self._row:
            text = " ".join(raw.split())
            if not cells or text != cells[-1]:  # merged cells repeat their text
                cells.append(text)
        if not cells:  # a row without cells (<w:tr/>) holds nothing
            return
        head = cells[0].rstrip(":").strip()
        rest = " ".join(c for c in cells[1:] if c)
        if len(cells) > 1 and head and rest and match_label(f"{head}: x"):
            self.out.append(f"{head}: {rest}")
        else:
            self.out.append(" ".join(c for c in cells if c))


def _value(attrs: dict[str, str], name: str = "val") -> str:
    """The value of the w:`name` attribute ("" when absent)."""
    return next((v for k, v in attrs.items() if k.endswith(f"}}{name}")), "")


def _number(attrs: dict[str, str]) -> int:
    try:
        return max(0, int(_value(attrs) or 0))
    except ValueError:
        return 0
