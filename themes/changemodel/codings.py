"""Codings: which elements a coder gave each segment, and the reader for coding files.

A coding file is a CSV with a header and at least the columns ``segment_id`` and ``element``,
one row per segment x element (several rows per segment = multi-label). Segment ids are
``TRANSCRIPT:LINE`` (as `themes` numbers segments, e.g. ``P1:12``, ``P1:12a`` for a split turn).
A row with an empty ``element`` records that the segment was coded and given no element.
Other columns are ignored; a UTF-8 or UTF-16 byte-order mark and CRLF line ends are fine.

Any other source of codes (the machine's deductive codes, the analyst's confirmed codes) plugs
into agreement as a `Codings` value made with `Codings.of`.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from themes.core.errors import CodingsError

SEGMENT_COLUMN = "segment_id"
ELEMENT_COLUMN = "element"
_SEGMENT_ID = re.compile(r"^.+:\d+[A-Za-z]*$")
_CONTROL = {c for c in range(32) if c not in (9, 10, 13)}
_FIX = "Save it as a UTF-8 CSV with the header `segment_id,element`."


@dataclass(frozen=True)
class Codings:
    """One coder's codes: segment id -> the elements given to it (empty: coded, no element).

    `source` says where the codes came from (a file path, "machine", "confirmed").
    """

    source: str
    by_segment: Mapping[str, frozenset[str]]

    def __post_init__(self) -> None:
        frozen = {str(k): frozenset(v) for k, v in self.by_segment.items()}
        object.__setattr__(self, "by_segment", MappingProxyType(frozen))

    @classmethod
    def of(cls, source: str, pairs: Iterable[tuple[str, str | None]]) -> Codings:
        """Codings from ``(segment_id, element)`` pairs (element None: coded, no element)."""
        found: dict[str, set[str]] = {}
        for segment, element in pairs:
            bucket = found.setdefault(segment, set())
            if element:
                bucket.add(element)
        return cls(source, {k: frozenset(v) for k, v in found.items()})

    @property
    def elements(self) -> tuple[str, ...]:
        """Every element used at least once, sorted."""
        return tuple(sorted(set().union(*self.by_segment.values()))) if self.by_segment else ()

    def __len__(self) -> int:
        return len(self.by_segment)


def read_codings(path: Path | str) -> Codings:
    """Read a coding file; raise `CodingsError` naming the file and row when it cannot be used.

    Messages never quote cell contents beyond column names and element ids, so a file that
    holds transcript text by mistake does not leak it into the terminal or logs.
    """
    path = Path(path)
    name = str(path)
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "does not exist"
        raise CodingsError(f"{name}: {what}; give a coding CSV file (`segment_id,element` rows).")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CodingsError(
            f"{name}: cannot be read ({exc.strerror}); check its permissions."
        ) from None
    text = _decode(data, name)
    if not text.strip():
        raise CodingsError(f"{name}: is empty. {_FIX}")
    return _parse(text, name)


def _decode(data: bytes, name: str) -> str:
    boms = {codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF16_LE: "utf-16-le"}
    boms[codecs.BOM_UTF16_BE] = "utf-16-be"
    bom = next((b for b in boms if data.startswith(b)), b"")
    body, encoding = data[len(bom) :], boms.get(bom, "utf-8")
    if not bom and b"\x00" in data:
        raise CodingsError(f"{name}: is not a text file (binary content). {_FIX}")
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        row = body[: exc.start].count(b"\n") + 1 if encoding == "utf-8" else None
        where = f"row {row}" if row else "a row"
        raise CodingsError(
            f"{name}: {where} is not valid {encoding.upper()} text. {_FIX}"
        ) from None
    if any(ord(ch) in _CONTROL for ch in text[:100_000]):
        raise CodingsError(f"{name}: is not a text file (binary content). {_FIX}")
    return text


def _parse(text: str, name: str) -> Codings:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
        columns = [c.strip().lower() for c in header]
        missing = [c for c in (SEGMENT_COLUMN, ELEMENT_COLUMN) if c not in columns]
        if missing:
            hint = (
                "it looks like data: add the header row `segment_id,element` above it"
                if header and _SEGMENT_ID.match(header[0].strip())
                else "the first row must name the columns, e.g. `segment_id,element`"
            )
            raise CodingsError(
                f"{name}: row 1 (the header) lacks the column(s) {', '.join(missing)}; {hint}."
            )
        seg_col, el_col = columns.index(SEGMENT_COLUMN), columns.index(ELEMENT_COLUMN)
        seen: dict[tuple[str, str], int] = {}
        pairs: list[tuple[str, str | None]] = []
        for row in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            segment, element = _cells(row, seg_col, el_col, name, number)
            key = (segment, element)
            if key in seen:
                what = f"element {element!r}" if element else "an empty element"
                raise CodingsError(
                    f"{name}: row {number} repeats row {seen[key]} (segment {segment}, {what}); "
                    "remove the duplicate row."
                )
            seen[key] = number
            pairs.append((segment, element or None))
    except csv.Error as exc:
        raise CodingsError(
            f"{name}: row {reader.line_num} is not valid CSV ({exc}); check its quotes. {_FIX}"
        ) from None
    if not pairs:
        raise CodingsError(
            f"{name}: has a header but no coded rows; add `segment_id,element` rows."
        )
    return Codings.of(name, pairs)


def _cells(row: list[str], seg_col: int, el_col: int, name: str, number: int) -> tuple[str, str]:
    if len(row) <= max(seg_col, el_col):
        raise CodingsError(
            f"{name}: row {number} has {len(row)} column(s), fewer than the header; "
            "give every row a segment_id and an element (which may be empty)."
        )
    segment, element = row[seg_col].strip(), row[el_col].strip()
    if not segment:
        raise CodingsError(f"{name}: row {number} has no segment_id; fill it in or remove the row.")
    if not _SEGMENT_ID.match(segment) or len(segment) > 200:
        raise CodingsError(
            f"{name}: row {number}: the segment_id is not of the form TRANSCRIPT:LINE "
            "(e.g. P1:12); use the ids `themes export --what segments` writes."
        )
    if len(element) > 200 or "\n" in element:
        raise CodingsError(
            f"{name}: row {number}: the element is not an element id (too long or several "
            "lines); put one element id per row."
        )
    return segment, element
