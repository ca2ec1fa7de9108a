"""REFI-QDA codebooks as change models: read the codes of a ``.qdc`` codebook (or of the
codebook inside a ``.qdpx`` project) into a change model, and the one text format that carries
an element's description, examples and exclusions in a code's ``Description``.

Codes become elements (ids made from their names, as for CSV codebooks), ``isCodable="false"``
codes become categories, nesting is kept, and a ``Description`` becomes the description (with
its ``Examples:`` and ``Exclude:`` sections, as `themes export --format qdc` writes them, read
back into examples and exclusions). Sets, sources, codings, cases and notes are not read.

The XML is read with defusedxml: a document type declaration (DTD), entity declarations and
external references are refused, the bytes read are capped (also inside a zip), codes may not
nest deeper than `MAX_DEPTH` or number more than `MAX_CODES`, and every problem is reported
with the file's name and what to do.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from themes.changemodel.codebook import Imported, imported_model, slug
from themes.core.errors import ChangeModelError

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
MAX_BYTES = 200_000_000  # XML read, also once unzipped: a project file holds more than codes
MAX_CODES = 20_000
MAX_DEPTH = 50
EXAMPLES = "Examples:"
EXCLUDE = "Exclude:"
_FIX = "Export the codebook again from your QDA tool (REFI-QDA codebook, .qdc)."


# -- the Description text ------------------------------------------------------------------


def compose_description(
    description: str, examples: tuple[str, ...] = (), exclude: tuple[str, ...] = ()
) -> str:
    """One ``Description`` text: the description, then ``Examples:`` and ``Exclude:`` sections
    with a ``- `` line per item (continuation lines indented by two spaces)."""
    parts = [description.strip()] if description.strip() else []
    for head, items in ((EXAMPLES, examples), (EXCLUDE, exclude)):
        if items:
            parts.append(head + "\n" + "\n".join(_item(text) for text in items))
    return "\n\n".join(parts)


def _item(text: str) -> str:
    first, *rest = text.strip().replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "- " + first + "".join("\n  " + line for line in rest)


def split_description(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(description, examples, exclude) from a ``Description``: trailing ``Examples:`` and
    ``Exclude:`` sections of ``- `` items are read back; any other text is the description."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for i, line in enumerate(lines):
        if line.strip() in (EXAMPLES, EXCLUDE) and (i == 0 or not lines[i - 1].strip()):
            sections = _sections(lines[i:])
            if sections is not None:
                head = "\n".join(lines[:i]).strip()
                return head, sections.get(EXAMPLES, ()), sections.get(EXCLUDE, ())
    return "\n".join(lines).strip(), (), ()


def _sections(lines: list[str]) -> dict[str, tuple[str, ...]] | None:
    """The sections `lines` consist of, or None when they are not only sections."""
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    blank = False
    for line in lines:
        if line.strip() in (EXAMPLES, EXCLUDE) and (current is None or blank):
            if line.strip() in out:
                return None
            current = out[line.strip()] = []
            blank = False
        elif current and not blank and line.startswith("  "):
            current[-1] += "\n" + line[2:]  # an item's next line (blank ones too)
        elif not line.strip():
            blank = True
        elif current is None or blank:
            return None
        elif line.startswith("- "):
            current.append(line[2:])
        else:
            return None
    if any(not items for items in out.values()):
        return None
    return {head: tuple(t.strip() for t in items if t.strip()) for head, items in out.items()}


# -- reading a codebook --------------------------------------------------------------------


def import_refi(path: Path, name: str | None = None) -> Imported:
    """A change model from a ``.qdc`` codebook or the codebook of a ``.qdpx`` project."""
    path = Path(path)
    suffix = path.suffix.lower()
    notes: list[str] = []
    if suffix == ".qdpx":
        codebook, origin = _from_project(path, notes)
        notes.append(
            f"{path.name}: read its codebook only (sources, codings, cases and notes are not "
            "imported)."
        )
    else:
        try:
            with path.open("rb") as handle:
                codebook, origin = _parse(handle, path, "CodeBook", notes)
        except OSError as exc:
            raise ChangeModelError(f"{path}: cannot be read ({exc.strerror}).") from exc
    return _model(codebook, origin, path, name, notes)


def _from_project(path: Path, notes: list[str]) -> tuple[Element, str]:
    try:
        with zipfile.ZipFile(path) as archive:
            entry = next(
                (i for i in archive.infolist() if i.filename.lower() == "project.qde"), None
            )
            if entry is None:
                raise ChangeModelError(
                    f"{path}: holds no project.qde, so it is not a REFI-QDA project; export "
                    "the project again from your QDA tool, or its codebook as a .qdc file."
                )
            with archive.open(entry) as handle:
                return _parse(handle, path, "Project", notes)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ChangeModelError(
            f"{path}: not a zip archive, or a damaged one ({type(exc).__name__}), so not a "
            "readable REFI-QDA project (.qdpx); export it again from your QDA tool, or its "
            "codebook as a .qdc file."
        ) from None
    except (RuntimeError, NotImplementedError) as exc:  # encrypted or an unknown compression
        raise ChangeModelError(
            f"{path}: project.qde cannot be unpacked ({exc}); export the project again "
            "without a password."
        ) from exc
    except OSError as exc:
        raise ChangeModelError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc


class _Capped:
    """A binary stream that refuses to give more than `limit` bytes."""

    def __init__(self, stream: IO[bytes], limit: int, path: Path) -> None:
        self.stream, self.limit, self.path, self.seen = stream, limit, path, 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(65536 if size is None or size < 0 else min(size, 65536))
        self.seen += len(chunk)
        if self.seen > self.limit:
            raise ChangeModelError(
                f"{self.path}: more than {self.limit:,} bytes of XML, too large for a "
                f"codebook; is this the right file? {_FIX}"
            )
        return chunk


def _parse(stream: IO[bytes], path: Path, root: str, notes: list[str]) -> tuple[Element, str]:
    """The ``CodeBook`` element of a codebook (`root` ``CodeBook``) or project (``Project``),
    read until it ends, and the root's ``origin`` (the tool that made the file)."""
    depth = 0
    origin = ""
    try:
        for event, element in iterparse(
            _Capped(stream, MAX_BYTES, path), events=("start", "end"), forbid_dtd=True
        ):
            local, ns = _local(element.tag), _namespace(element.tag)
            if event == "start":
                depth += 1
                if depth == 1:
                    _check_root(local, ns, root, path, notes)
                    origin = " ".join(str(element.get("origin", "")).split())[:200]
                if depth > MAX_DEPTH + 5:  # Project > CodeBook > Codes > Code ...
                    raise ChangeModelError(
                        f"{path}: elements are nested more than {MAX_DEPTH} codes deep; is "
                        f"this a codebook? {_FIX}"
                    )
                continue
            depth -= 1
            if local == "CodeBook" and depth <= 1:
                return element, origin
    except DefusedXmlException as exc:
        raise ChangeModelError(
            f"{path}: contains a document type declaration (DTD), entity declarations or "
            "external references, which a REFI-QDA file never needs (they can expand to "
            f"gigabytes or read other files), so it was not read ({type(exc).__name__}). {_FIX}"
        ) from None
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise ChangeModelError(
            f"{path}, line {line}, column {column}: not well-formed XML. The file is damaged "
            f"or not a REFI-QDA file. {_FIX}"
        ) from None
    raise ChangeModelError(f"{path}: holds no CodeBook, so there are no codes to import. {_FIX}")


def _check_root(local: str, ns: str, expected: str, path: Path, notes: list[str]) -> None:
    if local != expected:
        kind = "codebook (.qdc)" if expected == "CodeBook" else "project (.qdpx)"
        raise ChangeModelError(
            f"{path}: the XML's root is <{local}>, not <{expected}>: not a REFI-QDA {kind}. {_FIX}"
        )
    standard = CODEBOOK_NS if expected == "CodeBook" else PROJECT_NS
    if ns != standard:
        notes.append(
            f"{path.name}: namespace {ns[:100] or '(none)'!r} instead of the standard's "
            f"{standard!r}; read anyway."
        )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _children(element: Element, local: str) -> Iterator[Element]:
    return (child for child in element if _local(child.tag) == local)


def _model(
    codebook: Element, origin: str, path: Path, name: str | None, notes: list[str]
) -> Imported:
    codes = next(_children(codebook, "Codes"), None)
    if codes is None or next(_children(codes, "Code"), None) is None:
        raise ChangeModelError(f"{path}: the codebook has no codes to import. {_FIX}")
    sets = sum(1 for s in _children(codebook, "Sets") for _ in _children(s, "Set"))
    if sets:
        notes.append(f"{path.name}: {sets} set(s) of codes ignored (a change model has none).")
    used: set[str] = set()
    count = [0]
    elements = [
        _element(code, path, used, count, f"code {i + 1}", 1)
        for i, code in enumerate(_children(codes, "Code"))
    ]
    source = f"imported from {path.name}" + (f" (made by {origin})" if origin else "")
    return imported_model(path, name, source, elements, notes)


def _element(
    code: Element, path: Path, used: set[str], count: list[int], where: str, depth: int
) -> dict[str, Any]:
    count[0] += 1
    if count[0] > MAX_CODES:
        raise ChangeModelError(f"{path}: more than {MAX_CODES:,} codes; is this a codebook?")
    if depth > MAX_DEPTH:
        raise ChangeModelError(
            f"{path}: codes are nested more than {MAX_DEPTH} levels deep ({where}). {_FIX}"
        )
    guid = code.get("guid", "")
    label = f"{where}{f' (guid {guid})' if guid else ''}"
    name = " ".join(str(code.get("name", "")).split())
    if not name:
        raise ChangeModelError(f"{path}: {label} has no name; name it in your QDA tool. {_FIX}")
    codable = _boolean(code.get("isCodable"), path, label)
    base = slug(name)
    element_id, n = base, 1
    while element_id.casefold() in used:
        n += 1
        element_id = f"{base}-{n}"
    used.add(element_id.casefold())
    text = "".join("".join(d.itertext()) for d in _children(code, "Description"))
    description, examples, exclude = split_description(text)
    out: dict[str, Any] = {"id": element_id, "name": name, "description": description}
    if examples:
        out["examples"] = list(examples)
    if exclude:
        out["exclude"] = list(exclude)
    out["codable"] = codable
    out["children"] = [
        _element(child, path, used, count, f"{where}.{i + 1}", depth + 1)
        for i, child in enumerate(_children(code, "Code"))
    ]
    return out


def _boolean(value: str | None, path: Path, label: str) -> bool:
    text = (value or "true").strip().lower()
    if text in {"true", "1"}:
        return True
    if text in {"false", "0"}:
        return False
    raise ChangeModelError(
        f"{path}: {label} has isCodable={(value or '')[:20]!r}; it must be true or false. {_FIX}"
    )
