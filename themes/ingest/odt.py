"""OpenDocument .odt transcripts: paragraphs and headings of content.xml (stdlib only)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from themes.core.config import IngestConfig
from themes.core.errors import InputError
from themes.ingest.base import Parsed
from themes.ingest.document import parse_paragraphs

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_PARAGRAPHS = {f"{{{_TEXT}}}p", f"{{{_TEXT}}}h"}
_SKIP = {f"{{{_TEXT}}}note", f"{{{_TEXT}}}tracked-changes", f"{{{_OFFICE}}}annotation"}


def read_odt(data: bytes, source: str, config: IngestConfig) -> Parsed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = archive.read("content.xml")
        root = ET.fromstring(content)
    except (zipfile.BadZipFile, KeyError, ET.ParseError):
        raise InputError(
            f"{source}: not a readable OpenDocument .odt file; skipped. Open it in LibreOffice "
            "and save it again as .odt, or save it as .docx."
        ) from None
    body = root.find(f"{{{_OFFICE}}}body/{{{_OFFICE}}}text")
    paragraphs: list[str] = []
    if body is not None:
        _collect(body, paragraphs)
    return parse_paragraphs(paragraphs, source)


def _collect(element: ET.Element, out: list[str]) -> None:
    for child in element:
        if child.tag in _PARAGRAPHS:
            out.append(_inline(child))
        elif child.tag not in _SKIP:
            _collect(child, out)


def _inline(element: ET.Element) -> str:
    parts = [element.text or ""]
    for child in element:
        name = child.tag.rpartition("}")[2]
        if child.tag.startswith(f"{{{_TEXT}}}") and name == "s":
            parts.append(" " * int(child.get(f"{{{_TEXT}}}c", "1")))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif child.tag not in _SKIP:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)
