"""`themes export --format qdc|qdpx`: the REFI-QDA codebook and project files that NVivo,
ATLAS.ti, MAXQDA and QualCoder import (the work is in `themes.export.refi`)."""

from __future__ import annotations

import sys
from pathlib import Path

from themes.cli import common


def export_refi(
    project: Path,
    fmt: str,
    out: Path | None,
    run_id: int | None,
    model_name: str | None,
    line_endings: str,
) -> None:
    """Write a ``.qdc`` (to `out`, else standard output) or a ``.qdpx`` (to `out`, else
    ``PROJECT/reports/NAME.qdpx``)."""
    from themes.changemodel.yaml_file import load_model
    from themes.curation.view import load_view
    from themes.export.refi.codebook import export_codebook
    from themes.export.refi.guids import project_identity
    from themes.export.refi.inputs import ElementCodes, Mappings
    from themes.export.refi.project import export_project
    from themes.store.project import Project

    model = None
    mappings, element_codes = Mappings(), ElementCodes()
    with Project.open(project) as store:
        view = load_view(store, run_id)
        common.warn_log(view.health, project)
        identity = project_identity(store)
        transcripts = store.transcripts() if fmt == "qdpx" else []
        if store.current_change_model() is not None:
            # the project's change model: its tree, the analyst's mappings, the codes
            from themes.changemodel.codes import codes_for
            from themes.changemodel.project_model import use_model

            used = use_model(store, model_name)
            model = used.model
            mapped = view.element_state.mapped(used.hash)
            mappings = Mappings.of((m.theme, m.element) for m in mapped)
            found = codes_for(store, view, model_name, required=False)
            if found is not None:
                element_codes = ElementCodes.of(
                    (c.segment_id, c.element) for c in found.codes if c.holds
                )
        elif model_name:
            model = load_model(model_name)
    if fmt == "qdc":
        book = export_codebook(view, identity, model, mappings, path=out)
        _notes(book.notes)
        if out is None:
            sys.stdout.write(book.data.decode("utf-8"))
            return
        sets = f", {book.n_sets} set(s)" if book.n_sets else ""
        common.err_console().print(
            f"Wrote {book.n_codes} codes{sets} to {out}", markup=False, soft_wrap=True
        )
        return
    path = out if out is not None else project / "reports" / f"{identity.name}.qdpx"
    result = export_project(
        view,
        transcripts,
        identity,
        model,
        mappings,
        element_codes,
        line_endings=line_endings,
        path=path,
    )
    _notes(result.notes)
    common.err_console().print(
        f"Wrote {path}: {result.n_sources} sources, {result.n_selections} coded quotes, "
        f"{result.n_codes} codes (line endings {line_endings}).",
        markup=False,
        soft_wrap=True,
    )


def _notes(notes: tuple[str, ...]) -> None:
    for note in notes:
        common.warn("note", note)
