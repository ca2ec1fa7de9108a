"""Word .docx transcripts (python-docx): one paragraph per line, ``Name: text`` labels."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from themes.core.config import IngestConfig
from themes.core.errors import InputError
from themes.ingest.base import Parsed
from themes.ingest.document import parse_paragraphs
from themes.ingest.labels import match_label


def read_docx(data: bytes, source: str, config: IngestConfig) -> Parsed:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(
            f"{source}: not a Word .docx file (it is not a zip archive); skipped. If it is an "
            "old .doc or another format, open it in Word or LibreOffice and save it as .docx."
        )
    import docx  # lazy: only needed for .docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for broken packages
        raise InputError(
            f"{source}: cannot be read as a Word .docx document ({type(exc).__name__}); "
            "skipped. Open it in Word or LibreOffice and save it again as .docx."
        ) from None
    return parse_paragraphs(_blocks(document), source)


def _blocks(document: Any) -> list[str]:
    """Body paragraphs in order; a table row is one paragraph, ``Name: text`` when its first
    cell looks like a speaker name (transcripts laid out as a speaker | text table)."""
    from docx.table import Table

    out: list[str] = []
    for block in document.iter_inner_content():
        if not isinstance(block, Table):
            out.append(block.text)
            continue
        for row in block.rows:
            cells: list[str] = []
            for cell in row.cells:
                text = " ".join(cell.text.split())
                if not cells or text != cells[-1]:  # merged cells repeat their text
                    cells.append(text)
            head = cells[0].rstrip(":").strip()
            rest = " ".join(c for c in cells[1:] if c)
            if len(cells) > 1 and head and rest and match_label(f"{head}: x"):
                out.append(f"{head}: {rest}")
            else:
                out.append(" ".join(c for c in cells if c))
    return out
