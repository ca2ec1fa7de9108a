"""Import a codebook made elsewhere as a change model.

A CSV codebook has a header row and one row per code: columns ``code`` and ``description``
(required), ``parent`` (the code of the row it sits under; empty at the top), ``examples`` and
``exclude`` (quotes or notes separated by ``|``; a ``;`` stays part of the text). Column names
are matched ignoring case and spaces; other columns are ignored and reported. Comma, semicolon
or tab separated; UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark.
Every code becomes a codable element whose id is made from the code's name (``Data table
features useful`` -> ``data-table-features-useful``), made unique with ``-2``, ``-3``.

REFI-QDA codebooks (``.qdc``) and projects (``.qdpx``) are read by `themes.changemodel.refi`.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from themes.changemodel.elements import ChangeModel
from themes.core.errors import ChangeModelError

REQUIRED = ("code", "description")
OPTIONAL = ("parent", "examples", "exclude")
SEPARATOR = "|"
MAX_BYTES = 20_000_000
MAX_DEPTH = 50
_FIX = "Save it as a UTF-8 CSV with a header row `code,description` (optional: parent, examples)."


@dataclass(frozen=True)
class Imported:
    """The change model made from a codebook, and notes for the analyst (ignored columns)."""

    model: ChangeModel
    notes: tuple[str, ...] = ()


@dataclass
class _Row:
    line: int
    code: str
    description: str
    parent: str
    examples: list[str]
    exclude: list[str]
    children: list[_Row] = field(default_factory=list)


def import_codebook(path: Path, name: str | None = None) -> Imported:
    """Read a codebook file (by its extension) into a change model named `name` (default: the
    file's name)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".qdc", ".qdpx"}:
        from themes.changemodel.refi import import_refi

        return import_refi(path, name)
    if suffix not in {".csv", ".tsv"}:
        raise ChangeModelError(
            f"{path}: unknown codebook format {suffix or '(no extension)'!r}; give a .csv file "
            "with the columns code,description (optional: parent, examples), or a REFI-QDA "
            "codebook (.qdc) or project (.qdpx)."
        )
    return _import_csv(path, name)


def _import_csv(path: Path, name: str | None) -> Imported:
    text = _read_text(path)
    rows, notes = _rows(text, path)
    tops = _tree(rows, path)
    elements: list[dict[str, Any]] = []
    used: set[str] = set()
    for row in tops:
        elements.append(_element(row, used))
    return imported_model(path, name, f"imported from {path.name}", elements, notes)


def imported_model(
    path: Path, name: str | None, source: str, elements: list[dict[str, Any]], notes: list[str]
) -> Imported:
    """The change model made from a codebook's `elements`, validated; `ChangeModelError`
    naming the file when it cannot be one."""
    data = {"name": name or path.stem, "version": 1, "source": source, "elements": elements}
    try:
        model = ChangeModel.model_validate(data)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise ChangeModelError(f"{path}: cannot be made into a change model ({exc}).") from exc
    return Imported(model, tuple(notes))


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ChangeModelError(f"{path}: {size:,} bytes is too large for a codebook.")
        data = path.read_bytes()
    except OSError as exc:
        raise ChangeModelError(f"{path}: cannot be read ({exc.strerror}).") from exc
    if not data.strip():
        raise ChangeModelError(f"{path}: the file is empty. {_FIX}")
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ChangeModelError(f"{path}: not valid {encoding} text. {_FIX}") from exc
    if b"\x00" in data:
        raise ChangeModelError(f"{path}: not a text file (binary content). {_FIX}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ChangeModelError(
            f"{path}, line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}; perhaps saved "
            "as Windows-1252 or Latin-1). Save it as UTF-8 (in Excel: CSV UTF-8)."
        ) from exc
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(2, len(text) // 100):
        raise ChangeModelError(f"{path}: not a text file (binary content). {_FIX}")
    return text


def _rows(text: str, path: Path) -> tuple[list[_Row], list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = next(
        (d for d in (",", ";", "\t") if d in first and _has_required(first.split(d))), ","
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise ChangeModelError(f"{path}, line 1: no header row. {_FIX}") from exc
    columns = [_column(h) for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ChangeModelError(
            f"{path}, line 1: the header has no {' or '.join(missing)} column (it has: "
            f"{', '.join(h.strip() for h in header if h.strip()) or 'nothing'}). {_FIX}"
        )
    seen_cols = [c for c in columns if c]
    twice = sorted({c for c in seen_cols if seen_cols.count(c) > 1 and c in REQUIRED + OPTIONAL})
    if twice:
        raise ChangeModelError(f"{path}, line 1: the column {twice[0]!r} appears twice.")
    index = {c: columns.index(c) for c in REQUIRED + OPTIONAL if c in columns}
    ignored = [h.strip() for h, c in zip(header, columns, strict=True) if c and c not in index]
    notes = [f"{path.name}: ignored columns: {', '.join(ignored)}"] if ignored else []
    rows: list[_Row] = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            rows.append(_row(cells, index, len(header), start, path))
    except csv.Error as exc:
        raise ChangeModelError(
            f"{path}, line {reader.line_num}: not a valid CSV row ({exc}). {_FIX}"
        ) from exc
    if not rows:
        raise ChangeModelError(f"{path}: the header is there but no code follows it. {_FIX}")
    return rows, notes


def _column(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name.replace("\ufeff", "").strip().lower())


def _has_required(cells: list[str]) -> bool:
    return all(c in {_column(x) for x in cells} for c in REQUIRED)


def _row(cells: list[str], index: dict[str, int], width: int, line: int, path: Path) -> _Row:
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        raise ChangeModelError(
            f"{path}, line {line}: this row has {len(cells)} cells but the header has {width}. "
            'Put text that contains the separator in double quotes ("a, b").'
        )

    def cell(column: str) -> str:
        i = index.get(column)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    code = " ".join(cell("code").split())
    if not code:
        raise ChangeModelError(
            f"{path}, line {line}: the code is empty; name it or remove the row."
        )
    return _Row(
        line,
        code,
        cell("description"),
        " ".join(cell("parent").split()),
        _split(cell("examples")),
        _split(cell("exclude")),
    )


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(SEPARATOR) if part.strip()]


def _tree(rows: list[_Row], path: Path) -> list[_Row]:
    by_code: dict[str, _Row] = {}
    for row in rows:
        other = by_code.get(row.code.casefold())
        if other is not None:
            raise ChangeModelError(
                f"{path}, line {row.line}: the code {row.code!r} is already on line "
                f"{other.line} (codes are compared ignoring case); merge the two rows or "
                "rename one."
            )
        by_code[row.code.casefold()] = row
    tops: list[_Row] = []
    for row in rows:
        if not row.parent:
            tops.append(row)
            continue
        parent = by_code.get(row.parent.casefold())
        if parent is None:
            raise ChangeModelError(
                f"{path}, line {row.line}: the parent {row.parent!r} of code {row.code!r} is "
                "not a code in this file; a parent must be the code of another row, spelled "
                "the same way (or leave it empty)."
            )
        if parent is row:
            raise ChangeModelError(
                f"{path}, line {row.line}: the code {row.code!r} is its own parent; leave the "
                "parent empty or name another code."
            )
        parent.children.append(row)
    _no_cycles(rows, by_code, path)
    return tops


def _no_cycles(rows: list[_Row], by_code: dict[str, _Row], path: Path) -> None:
    for row in rows:
        chain = [row]
        current = row
        while current.parent:
            current = by_code[current.parent.casefold()]
            if current is row:
                lines = ", ".join(f"{r.code!r} (line {r.line})" for r in chain)
                raise ChangeModelError(
                    f"{path}, line {row.line}: parents go round in a circle: {lines}. "
                    "Give one of them an empty parent."
                )
            if current in chain:
                break  # a circle that does not include `row`: reported from one of its rows
            chain.append(current)
            if len(chain) > MAX_DEPTH:
                raise ChangeModelError(
                    f"{path}, line {row.line}: codes are nested more than {MAX_DEPTH} levels "
                    "deep; check the parent column."
                )


def slug(text: str) -> str:
    """A safe element id from a code's name: ASCII letters and digits joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = "-".join(words)[:60].strip("-")
    return out or "code"


def _element(row: _Row, used: set[str]) -> dict[str, Any]:
    base = slug(row.code)
    element_id, n = base, 1
    while element_id.casefold() in used:
        n += 1
        element_id = f"{base}-{n}"
    used.add(element_id.casefold())
    out: dict[str, Any] = {"id": element_id, "name": row.code, "description": row.description}
    if row.examples:
        out["examples"] = row.examples
    if row.exclude:
        out["exclude"] = row.exclude
    out["children"] = [_element(child, used) for child in row.children]
    return out
