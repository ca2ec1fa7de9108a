"""Record analyst decisions: check them against the curated view, then append one event.

Each command reads the state it checks, decides and appends inside one write transaction
(``BEGIN IMMEDIATE``): two commands at once are applied one after the other, and the second
is checked against what the first recorded (it fails with a message rather than becoming a
decision without effect). Each returns the event as it was recorded, so callers report what
was actually written (e.g. the ids a split gave its parts). Errors name the id and say where
to find valid ones. Nothing is edited or deleted: undo is a new event.

Theme ids: a merge keeps the smallest id of the merged themes; split parts (and new
candidate themes from `themes add`) get ids above every id ever used in the run, so an id
never changes meaning.

A decision that changes which segments a theme holds describes the changed themes before its
transaction ends (`themes.curation.redescribe`, kept by their members), so the commands that
read the view next find them described.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from themes.core.errors import ConfirmationNeeded, InputError, NotFoundError, ProjectError
from themes.curation.analyst import resolve_analyst
from themes.curation.events import describe_event
from themes.curation.replay import next_theme_id, replay
from themes.curation.view import ProjectView, load_view, require_segment, require_theme
from themes.store.project import Project
from themes.store.records import Event

if TYPE_CHECKING:
    from themes.curation.split import SplitProposal


# kinds whose events change the members of themes (and so their descriptions)
CHANGES_MEMBERS = frozenset({"merge", "split", "move", "exclude", "discard", "undo"})


def record(
    project: Project,
    view: ProjectView,
    kind: str,
    payload: dict[str, Any],
    analyst: str | None,
    memo: str = "",
) -> Event:
    """Append the event (in the caller's transaction), describe the themes it changed, and
    read it back as stored."""
    event_id = project.append_event(
        view.run.id, resolve_analyst(analyst), kind, payload, memo or ""
    )
    if kind in CHANGES_MEMBERS:
        load_view(project, view.run.id)  # describes (and keeps) what the event changed
    return recorded_event(project, view.run.id, event_id)


def recorded_event(project: Project, run_id: int, event_id: int) -> Event:
    """The event `event_id` of run `run_id` as the log holds it."""
    found = next((e for e in project.events(run_id) if e.id == event_id), None)
    if found is None:  # pragma: no cover - the append and this read share one transaction
        raise ProjectError(
            f"{project.folder}: event {event_id} was not found right after it was recorded; "
            "run `themes check` on the project."
        )
    return found


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
) -> Event:
    ids = sorted(set(int(t) for t in theme_ids))
    if len(ids) < 2:
        raise InputError("merge needs at least two different theme ids, e.g. `themes merge 3 7`.")
    payload = {"themes": ids, "name": _text(name, "--name")}
    with project.transaction():
        view = load_view(project)
        for tid in ids:
            require_theme(view, tid)
        return record(project, view, "merge", payload, analyst, memo)


def split(
    project: Project, proposal: SplitProposal, analyst: str | None = None, memo: str = ""
) -> Event:
    """Record a proposed split. The parts' ids are chosen here, against the log as it is when
    the split is recorded: read them from the returned event (``payload["parts"]``)."""
    with project.transaction():
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
        return record(project, view, "split", payload, analyst, memo)


def part_ids(event: Event) -> list[int]:
    """The theme ids a recorded split gave its parts."""
    return [int(part["id"]) for part in event.payload["parts"]]


def rename(
    project: Project, theme_id: int, name: str, analyst: str | None = None, memo: str = ""
) -> Event:
    payload = {"theme": theme_id, "name": _text(name, "name")}
    with project.transaction():
        view = load_view(project)
        require_theme(view, theme_id)
        return record(project, view, "rename", payload, analyst, memo)


def define(
    project: Project,
    theme_id: int,
    definition: str,
    include: str = "",
    exclude: str = "",
    analyst: str | None = None,
    memo: str = "",
) -> Event:
    payload = {
        "theme": theme_id,
        "definition": _text(definition, "definition"),
        "include": include.strip(),
        "exclude": exclude.strip(),
    }
    with project.transaction():
        view = load_view(project)
        require_theme(view, theme_id)
        return record(project, view, "define", payload, analyst, memo)


def _segments(given: str | Sequence[str]) -> list[str]:
    """One segment id or several, each once, in the order given."""
    ids = list(dict.fromkeys([given] if isinstance(given, str) else given))
    if not ids:
        raise InputError("no segment was given; name segment ids (TRANSCRIPT:LINE).")
    return ids


def _one_or_many(ids: list[str]) -> dict[str, Any]:
    return {"segment": ids[0]} if len(ids) == 1 else {"segments": ids}


def _listed(ids: Sequence[str], most: int = 5) -> str:
    return ", ".join(ids[:most]) + (f" and {len(ids) - most} more" if len(ids) > most else "")


def move(
    project: Project,
    segment_ids: str | Sequence[str],
    theme_id: int,
    analyst: str | None = None,
    memo: str = "",
) -> Event:
    """Move one segment or several to theme `theme_id` (one event)."""
    ids = _segments(segment_ids)
    with project.transaction():
        view = load_view(project)
        for seg_id in ids:
            require_segment(view, seg_id)
        require_theme(view, theme_id)
        there = [s for s in ids if view.assignments[s].theme_id == theme_id]
        if there:
            raise InputError(
                f"segment(s) {_listed(there)} already in theme {theme_id}; leave them out."
            )
        payload = {**_one_or_many(ids), "theme": theme_id}
        return record(project, view, "move", payload, analyst, memo)


def exclude(
    project: Project, segment_ids: str | Sequence[str], analyst: str | None = None, memo: str = ""
) -> Event:
    """Set one segment or several aside as not relevant (one event)."""
    from themes.curation.replay import EXCLUDED

    ids = _segments(segment_ids)
    with project.transaction():
        view = load_view(project)
        for seg_id in ids:
            require_segment(view, seg_id)
        done = [s for s in ids if view.assignments[s].assigned_by == EXCLUDED]
        if done:
            raise InputError(f"segment(s) {_listed(done)} already set aside; leave them out.")
        return record(project, view, "exclude", _one_or_many(ids), analyst, memo)


def discard(project: Project, theme_id: int, analyst: str | None = None, memo: str = "") -> Event:
    """Set a whole theme aside: it disappears and its segments are excluded (undoable)."""
    with project.transaction():
        view = load_view(project)
        require_theme(view, theme_id)
        return record(project, view, "discard", {"theme": theme_id}, analyst, memo)


def memo(project: Project, target: str | None, text: str, analyst: str | None = None) -> Event:
    """A memo on a theme (a number), a segment (TRANSCRIPT:LINE) or the project (no target)."""
    text = _text(text, "memo")
    with project.transaction():
        view = load_view(project)
        if target is None or target == "":
            payload: dict[str, Any] = {"target": "project", "id": None}
        elif target.isdigit():
            require_theme(view, int(target))
            payload = {"target": "theme", "id": int(target)}
        else:
            require_segment(view, target)
            payload = {"target": "segment", "id": target}
        return record(project, view, "memo", payload, analyst, text)


# -- undo ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class UndoPlan:
    """What an undo would do: cancel `target` (an undo's target is restored: a redo), and
    leave `voided` (decisions in force now) without effect."""

    target: Event
    voided: tuple[Event, ...]

    def describe_voided(self) -> list[str]:
        return [f"#{e.id} {describe_event(e)}" for e in self.voided]


@dataclass(frozen=True)
class Undone:
    event: Event  # the undo event as recorded
    plan: UndoPlan


def plan_undo(project: Project, event_id: int | None = None) -> UndoPlan:
    """What undoing `event_id` (default: the latest decision in force) would do; records
    nothing."""
    return _plan(project, load_view(project), event_id)


def undo(
    project: Project,
    event_id: int | None = None,
    analyst: str | None = None,
    memo: str = "",
    *,
    yes: bool = False,
    accepted: Collection[int] = (),
) -> Undone:
    """Cancel an event (default: the latest one in force that is not an undo).

    An undo that would leave later decisions without effect (e.g. undoing a split that a
    move and a rename built on) raises `ConfirmationNeeded` listing them, unless `yes` or
    every one of them is in `accepted` (the ids the analyst was shown, see `plan_undo`)."""
    with project.transaction():
        view = load_view(project)
        plan = _plan(project, view, event_id)
        unseen = [e for e in plan.voided if e.id not in set(accepted)]
        if unseen and not yes:
            what = describe_event(plan.target)
            raise ConfirmationNeeded(
                f"undoing event {plan.target.id} ({what}) would leave {len(unseen)} later "
                f"decision(s) without effect: {'; '.join(plan.describe_voided())}. Nothing was "
                "changed; pass --yes to undo it anyway (or undo the later decisions first)."
            )
        event = record(project, view, "undo", {"event": plan.target.id}, analyst, memo)
    return Undone(event, plan)


def _plan(project: Project, view: ProjectView, event_id: int | None) -> UndoPlan:
    target = _target(view, event_id)
    probe = replace(
        target,
        id=max(e.id for e in view.events) + 1,
        kind="undo",
        payload={"event": target.id},
        memo="",
    )
    after = replay(view.run_themes, project.assignments(view.run.id), [*view.events, probe])
    before = view.skipped()
    voided = tuple(e for e in view.events if e.id in after.skipped and e.id not in before)
    return UndoPlan(target, voided)


def _target(view: ProjectView, event_id: int | None) -> Event:
    cancelled = view.cancelled()
    if event_id is None:
        live = [e for e in view.events if e.kind != "undo" and e.id not in cancelled]
        if not live:
            raise NotFoundError(
                f"run {view.run.id} has no decision left to undo; see `themes history`."
            )
        return live[-1]
    found = next((e for e in view.events if e.id == event_id), None)
    if found is None:
        raise NotFoundError(
            f"event {event_id} is not in the decision log of run {view.run.id}; "
            "see `themes history --project DIR`."
        )
    if found.id in cancelled:
        raise InputError(f"event {event_id} is already cancelled; see `themes history`.")
    return found
