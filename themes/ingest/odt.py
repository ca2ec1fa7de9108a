"""OpenDocument .odt transcripts: paragraphs and headings of content.xml (stdlib only).

content.xml is read as a stream (`xmlsafe`), so neither its size nor its nesting can
exhaust the stack or memory: the package is bounded by `ingest.max_unpacked_mb`, the nesting
by `ingest.max_xml_depth`, and the text by the unpacked size (a run of spaces ``text:s`` says
how many it stands for: at most MAX_SPACES are made).
"""

from __future__ import annotations

from themes.core.config import IngestConfig
from themes.core.errors import InputError
from themes.ingest.archive import open_archive, read_member
from themes.ingest.base import Parsed
from themes.ingest.document import parse_paragraphs
from themes.ingest.xmlsafe import parse

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_PARAGRAPHS = {f"{{{_TEXT}}}p", f"{{{_TEXT}}}h"}
_SKIP = {f"{{{_TEXT}}}note", f"{{{_TEXT}}}tracked-changes", f"{{{_OFFICE}}}annotation"}
_BODY = (f"{{{_OFFICE}}}body", f"{{{_OFFICE}}}text")
_SPACE = f"{{{_TEXT}}}s"
_COUNT = f"{{{_TEXT}}}c"
MAX_SPACES = 100
KIND = "OpenDocument .odt"


class _TooMuchText(Exception):
    pass


class _Paragraphs:
    """Collects the text of each top-level paragraph of office:body/office:text; a paragraph
    inside a paragraph (a text box) joins its text; notes, annotations and tracked changes
    are left out."""

    def __init__(self, max_chars: int) -> None:
        self.paragraphs: list[str] = []
        self.odd_counts = 0
        self._path: list[str] = []
        self._current: list[str] = []
        self._open = 0  # paragraphs open (nested ones count)
        self._skipping = 0  # depth inside a skipped element
        self._chars = 0
        self._max_chars = max_chars

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self._path.append(tag)
        if self._skipping:
            self._skipping += 1
        elif len(self._path) < 4 or tuple(self._path[1:3]) != _BODY:
            return
        elif tag in _SKIP:
            self._skipping = 1
        elif tag in _PARAGRAPHS:
            self._open += 1
        elif self._open:
            name = tag.rpartition("}")[2]
            if tag == _SPACE:
                self._add(" " * self._spaces(attrs.get(_COUNT)))
            elif name == "tab":
                self._add("\t")
            elif name == "line-break":
                self._add("\n")

    def end(self, tag: str) -> None:
        self._path.pop()
        if self._skipping:
            self._skipping -= 1
        elif tag in _PARAGRAPHS and self._open and len(self._path) >= 3:
            self._open -= 1
            if not self._open:
                self.paragraphs.append("".join(self._current))
                self._current = []

    def text(self, data: str) -> None:
        if self._open and not self._skipping:
            self._add(data)

    def _add(self, text: str) -> None:
        self._chars += len(text)
        if self._chars > self._max_chars:
            raise _TooMuchText
        self._current.append(text)

    def _spaces(self, count: str | None) -> int:
        if count is None:
            return 1
        try:
            n = int(count)
        except ValueError:
            n = 0
        if 1 <= n <= MAX_SPACES:
            return n
        self.odd_counts += 1
        return MAX_SPACES if n > MAX_SPACES else 1


def read_odt(data: bytes, source: str, config: IngestConfig) -> Parsed:
    archive = open_archive(data, source, config, KIND)
    with archive:
        content = read_member(archive, "content.xml", source, KIND)
    collected = _Paragraphs(max_chars=int(config.max_unpacked_mb * 1_000_000))
    try:
        parse(content, source, "content.xml", config.max_xml_depth, collected)
    except _TooMuchText:
        raise InputError(
            f"{source}: its text is longer than ingest.max_unpacked_mb "
            f"({config.max_unpacked_mb:g} MB) allows; skipped. Raise that setting if it is a "
            "real transcript."
        ) from None
    parsed = parse_paragraphs(collected.paragraphs, source)
    if not collected.odd_counts:
        return parsed
    warning = (
        f"{source}: {collected.odd_counts} run(s) of spaces (text:s) with a count that is not a "
        f"whole number from 1 to {MAX_SPACES} were read as 1 (or {MAX_SPACES}) spaces. Save the "
        "document again in LibreOffice if the spacing matters."
    )
    return Parsed(parsed.text, parsed.turns, parsed.encoding, (*parsed.warnings, warning))
