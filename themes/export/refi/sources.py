"""The text of each source as written into a ``.qdpx`` (UTF-8 without a byte-order mark, line
endings as asked) and where a segment's characters land in it.

REFI-QDA positions count Unicode code points from 0, end excluded, in the exported plain text
(Python's string indices; an emoji is one, a UTF-16 tool may count two). Segments index into
the transcript's text (newlines ``\\n``); this module maps those indices through what changes
on export: each line break written as ``\\n`` or ``\\r\\n``, leading byte-order marks dropped,
and lone surrogates (never in decoded text) written as U+FFFD so the UTF-8 is valid.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

LINE_ENDINGS = {"lf": "\n", "crlf": "\r\n"}
_BREAK = re.compile("\r\n|\r|\n")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class ExportedText:
    """A source's exported text and the map from transcript positions into it."""

    text: str
    starts: tuple[int, ...]  # transcript position where each change begins
    ends: tuple[int, ...]  # ... and ends (exclusive)
    sizes: tuple[int, ...]  # length of what replaces it
    shifts: tuple[int, ...]  # total shift after change i (inclusive)

    def offset(self, position: int) -> int:
        """The exported position of transcript position `position`."""
        i = bisect_right(self.ends, position) - 1  # the last change that ends at or before it
        shift = self.shifts[i] if i >= 0 else 0
        j = i + 1
        if j < len(self.starts) and self.starts[j] < position:  # inside change j (a CRLF)
            before = self.shifts[i] if i >= 0 else 0
            return self.starts[j] + before + min(position - self.starts[j], self.sizes[j])
        return position + shift

    def line_of(self, position: int) -> int:
        """The 0-based line of exported position `position`."""
        return self.text.count("\n", 0, position)

    def encoded(self) -> bytes:
        return self.text.encode("utf-8")


def export_text(text: str, line_endings: str = "lf") -> ExportedText:
    """`text` as exported with `line_endings` (``lf`` or ``crlf``)."""
    newline = LINE_ENDINGS[line_endings]
    text = _SURROGATE.sub("\ufffd", text)  # same length: positions unchanged
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    sizes: list[int] = []
    shifts: list[int] = []
    shift, done = 0, 0

    def change(start: int, end: int, replacement: str) -> None:
        nonlocal shift, done
        pieces.append(text[done:start])
        pieces.append(replacement)
        done = end
        shift += len(replacement) - (end - start)
        if len(replacement) != end - start or replacement != text[start:end]:
            starts.append(start)
            ends.append(end)
            sizes.append(len(replacement))
            shifts.append(shift)

    marks = len(text) - len(text.lstrip("\ufeff"))
    if marks:  # a reader would take the first for a byte-order mark and count from after it
        change(0, marks, "")
    for match in _BREAK.finditer(text):
        change(match.start(), match.end(), newline)
    pieces.append(text[done:])
    return ExportedText("".join(pieces), tuple(starts), tuple(ends), tuple(sizes), tuple(shifts))


def exported_span(text: str, line_endings: str) -> str:
    """What a piece of transcript text reads as in the exported source."""
    return _BREAK.sub(LINE_ENDINGS[line_endings], _SURROGATE.sub("\ufffd", text))
