"""The REFI-QDA codebook exchange file (``.qdc``): ``<CodeBook>`` in the namespace
``urn:QDA-XML:codebook:1.0`` with ``Codes`` and, when any theme is mapped onto an element,
``Sets`` (an empty ``Sets`` is invalid, so it is left out)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from themes import __version__
from themes.changemodel.elements import ChangeModel
from themes.core.atomic import write_atomic
from themes.core.errors import ProjectError
from themes.curation.view import ProjectView
from themes.export.refi.codes import Codebook, build_codebook, code_element, set_element
from themes.export.refi.guids import ProjectIdentity
from themes.export.refi.inputs import Mappings
from themes.export.refi.xml import CODEBOOK_NS, document, node, sub

ORIGIN = f"themes {__version__}"


@dataclass(frozen=True)
class CodebookExport:
    data: bytes
    n_codes: int
    n_sets: int
    notes: tuple[str, ...]


def codebook_xml(book: Codebook) -> bytes:
    root = node("CodeBook", {"origin": ORIGIN})
    codes = sub(root, "Codes")
    for code in book.codes:
        codes.append(code_element(code))
    if book.sets:
        sets = sub(root, "Sets")
        for code_set in book.sets:
            sets.append(set_element(code_set, "guid"))
    return document(root, CODEBOOK_NS)


def export_codebook(
    view: ProjectView,
    identity: ProjectIdentity,
    model: ChangeModel | None = None,
    mappings: Mappings | None = None,
    path: Path | None = None,
) -> CodebookExport:
    """The codebook of `view` (and `model`) as ``.qdc`` bytes, written atomically to `path`
    when given."""
    book = build_codebook(view, identity, model, mappings)
    if not book.codes:
        raise ProjectError(
            f"run {view.run.id} has no themes, so there is no codebook to export; pass "
            "--model to export a change model's elements."
        )
    data = codebook_xml(book)
    if path is not None:
        write_atomic(path, data)
    return CodebookExport(data, _count(book), len(book.sets), book.notes)


def _count(book: Codebook) -> int:
    todo, n = list(book.codes), 0
    while todo:
        code = todo.pop()
        n += 1
        todo.extend(code.children)
    return n
