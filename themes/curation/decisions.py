"""Record analyst decisions: check them against the curated view, then append one event.

Each function validates ids (errors name the id and say where to find valid ones) and
returns the new event's id. Nothing is edited or deleted: undo is a new event.

Theme ids: a merge keeps the smallest id of the merged themes; split parts (and new
candidate themes from `themes add`) get ids above every id ever used in the run, so an id
never changes meaning.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from themes.core.errors import InputError, NotFoundError
from themes.curation.compare import require_segment, require_theme
from themes.curation.replay import next_theme_id, resolve_analyst
from themes.curation.split import SplitProposal
from themes.curation.view import ProjectView, load_view
from themes.store.project import Project
from themes.store.records import Event


def _record(
    project: Project,
    view: ProjectView,
    kind: str,
    payload: dict[str, Any],
    analyst: str | None,
    memo: str = "",
) -> int:
    return project.append_event(view.run.id, resolve_analyst(analyst), kind, payload, memo or "")


def _text(value: str, what: str) -> str:
    if not value or not value.strip():
        raise InputError(f"the {what} is empty; give some text.")
    return value.strip()


def merge(
    project: Project,
    theme_ids: Sequence[int],
    name: str,
    analyst: str | None = None,
    memo: str = "",
) -> int:
    view = load_view(project)
    ids = sorted(set(int(t) for t in theme_ids))
    if len(ids) < 2:
        raise InputError("merge needs at least two different theme ids, e.g. `themes merge 3 7`.")
    for tid in ids:
        require_theme(view, tid)
    payload = {"themes": ids, "name": _text(name, "--name")}
    return _record(project, view, "merge", payload, analyst, memo)


def split(
    project: Project, proposal: SplitProposal, analyst: str | None = None, memo: str = ""
) -> int:
    view = load_view(project)
    theme = require_theme(view, proposal.theme_id)
    listed = sorted(s for part in proposal.parts for s in part.segment_ids)
    if listed != sorted(theme.segment_ids):
        raise InputError(
            f"the split of theme {proposal.theme_id} is out of date (its members changed); "
            "propose it again."
        )
    first = next_theme_id(view.run_themes, view.events)
    parts = [
        {"id": first + i, "segment_ids": list(part.segment_ids)}
        for i, part in enumerate(proposal.parts)
    ]
    payload = {"theme": proposal.theme_id, "parts": parts}
    return _record(project, view, "split", payload, analyst, memo)


def rename(
    project: Project, theme_id: int, name: str, analyst: str | None = None, memo: str = ""
) -> int:
    view = load_view(project)
    require_theme(view, theme_id)
    payload = {"theme": theme_id, "name": _text(name, "name")}
    return _record(project, view, "rename", payload, analyst, memo)


def define(
    project: Project,
    theme_id: int,
    definition: str,
    include: str = "",
    exclude: str = "",
    analyst: str | None = None,
    memo: str = "",
) -> int:
    view = load_view(project)
    require_theme(view, theme_id)
    payload = {
        "theme": theme_id,
        "definition": _text(definition, "definition"),
        "include": include.strip(),
        "exclude": exclude.strip(),
    }
    return _record(project, view, "define", payload, analyst, memo)


def move(
    project: Project, segment_id: str, theme_id: int, analyst: str | None = None, memo: str = ""
) -> int:
    view = load_view(project)
    require_segment(view, segment_id)
    require_theme(view, theme_id)
    if view.assignments[segment_id].theme_id == theme_id:
        raise InputError(f"segment {segment_id} is already in theme {theme_id}.")
    payload = {"segment": segment_id, "theme": theme_id}
    return _record(project, view, "move", payload, analyst, memo)


def exclude(project: Project, segment_id: str, analyst: str | None = None, memo: str = "") -> int:
    view = load_view(project)
    require_segment(view, segment_id)
    return _record(project, view, "exclude", {"segment": segment_id}, analyst, memo)


def memo(project: Project, target: str | None, text: str, analyst: str | None = None) -> int:
    """A memo on a theme (a number), a segment (TRANSCRIPT:LINE) or the project (no target)."""
    view = load_view(project)
    text = _text(text, "memo")
    if target is None or target == "":
        payload: dict[str, Any] = {"target": "project", "id": None}
    elif target.isdigit():
        require_theme(view, int(target))
        payload = {"target": "theme", "id": int(target)}
    else:
        require_segment(view, target)
        payload = {"target": "segment", "id": target}
    return _record(project, view, "memo", payload, analyst, text)


def undo(
    project: Project, event_id: int | None = None, analyst: str | None = None, memo: str = ""
) -> tuple[int, Event]:
    """Cancel an event (default: the latest one in force that is not an undo). Returns
    (the undo event's id, the cancelled event)."""
    view = load_view(project)
    cancelled = view.cancelled()
    if event_id is None:
        live = [e for e in view.events if e.kind != "undo" and e.id not in cancelled]
        if not live:
            raise NotFoundError(
                f"run {view.run.id} has no decision left to undo; see `themes history`."
            )
        target = live[-1]
    else:
        found = next((e for e in view.events if e.id == event_id), None)
        if found is None:
            raise NotFoundError(
                f"event {event_id} is not in the decision log of run {view.run.id}; "
                "see `themes history --project DIR`."
            )
        if found.id in cancelled:
            raise InputError(f"event {event_id} is already cancelled; see `themes history`.")
        target = found
    new_id = _record(project, view, "undo", {"event": target.id}, analyst, memo)
    return new_id, target
