"""Word .docx transcripts (python-docx): one paragraph per line, ``Name: text`` labels."""

from __future__ import annotations

import io
import zipfile

from themes.config import IngestConfig
from themes.errors import InputError
from themes.ingest.base import Parsed
from themes.ingest.document import parse_paragraphs


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
    paragraphs = [p.text for p in document.paragraphs]
    return parse_paragraphs(paragraphs, source)
