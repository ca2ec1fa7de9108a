"""Record change-model decisions: a theme mapped onto an element (or the mapping taken back),
a segment's code confirmed or corrected.

As in `themes.curation.decisions`, each command reads the curated view, checks the decision
against it and against the stored change model (the element must exist and be codable), and
appends one event, all inside one write transaction; it returns the event as recorded. The
model is named by its stored hash (`themes.changemodel.project_model.use_model` stores it).
What the events mean in the replay is in `themes.curation.mappings`.
"""

from __future__ import annotations

from themes.changemodel.model_index import model_index
from themes.core.errors import InputError
from themes.curation.decisions import record
from themes.curation.view import load_view, require_segment, require_theme
from themes.store.project import Project
from themes.store.records import Event


def map_set(
    project: Project,
    theme_id: int,
    element_id: str,
    model_hash: str,
    analyst: str | None = None,
    memo: str = "",
) -> Event:
    """Map a theme onto a codable element of the stored model `model_hash`."""
    with project.transaction():
        view = load_view(project)
        model = model_index(project, model_hash)  # read without parsing the model
        require_theme(view, theme_id)
        model.codable(element_id)
        if element_id in view.element_state.elements_of(theme_id, model.hash):
            raise InputError(
                f"theme {theme_id} is already mapped onto {element_id!r}; see `themes map list`."
            )
        payload = {"theme": theme_id, "element": element_id, "model": model.hash}
        return record(project, view, "map_set", payload, analyst, memo.strip())


def map_clear(
    project: Project,
    theme_id: int,
    element_id: str | None,
    model_hash: str,
    analyst: str | None = None,
    memo: str = "",
) -> Event:
    """Take back a theme's mapping onto one element (`element_id` None: onto every element of
    the model)."""
    with project.transaction():
        view = load_view(project)
        model = model_index(project, model_hash)  # read without parsing the model
        require_theme(view, theme_id)
        mapped = view.element_state.elements_of(theme_id, model.hash)
        if element_id is None and not mapped:
            raise InputError(
                f"theme {theme_id} is not mapped onto any element of {model.label}; see "
                "`themes map list`."
            )
        if element_id is not None and element_id not in mapped:
            onto = f" (it is mapped onto {', '.join(mapped)})" if mapped else ""
            raise InputError(
                f"theme {theme_id} is not mapped onto {element_id!r}{onto}; see `themes map list`."
            )
        payload = {"theme": theme_id, "element": element_id, "model": model.hash}
        return record(project, view, "map_clear", payload, analyst, memo.strip())


def code_set(
    project: Project,
    segment_id: str,
    element_id: str,
    model_hash: str,
    analyst: str | None = None,
    memo: str = "",
) -> Event:
    """Confirm that a segment carries an element (a later `themes code` never undoes it)."""
    return _code(project, "code_set", segment_id, element_id, model_hash, analyst, memo)


def code_clear(
    project: Project,
    segment_id: str,
    element_id: str,
    model_hash: str,
    analyst: str | None = None,
    memo: str = "",
) -> Event:
    """Confirm that a segment does not carry an element (a machine code corrected, or a
    confirmed code taken back)."""
    return _code(project, "code_clear", segment_id, element_id, model_hash, analyst, memo)


def _code(
    project: Project,
    kind: str,
    segment_id: str,
    element_id: str,
    model_hash: str,
    analyst: str | None,
    memo: str,
) -> Event:
    present = kind == "code_set"
    with project.transaction():
        view = load_view(project)
        model = model_index(project, model_hash)  # read without parsing the model
        require_segment(view, segment_id)
        model.codable(element_id)
        decided = view.element_state.decided(model.hash).get(segment_id, {})
        if decided.get(element_id) is present:
            carries = "carries" if present else "does not carry"
            raise InputError(
                f"segment {segment_id} is already confirmed as one that {carries} "
                f"{element_id!r}; see `themes history`."
            )
        payload = {"segment": segment_id, "element": element_id, "model": model.hash}
        return record(project, view, kind, payload, analyst, memo.strip())


__all__ = ["code_clear", "code_set", "map_clear", "map_set"]
