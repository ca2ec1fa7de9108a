"""`themes check`: can this project be trusted? Each check says what it verified and, in plain
words (ids and counts, never transcript text), what is wrong.

1. ``database``: SQLite's own integrity check of ``project.db``.
2. ``schema``: the schema version and the migrations recorded are the ones this version knows.
3. ``triggers``: the triggers that keep the decision log append-only are there.
4. ``chain``: the log verifies against its hash chain (`themes.store.chain`): no event changed,
   deleted, reordered or added outside themes.
5. ``events``: every event is valid for its kind and the log of every run replays; events
   that have no effect (an earlier undo removed what they acted on) are listed as notes.
6. ``view``: in the current view every segment is in exactly one theme, or unassigned.
7. ``transcripts``: the transcripts and segments that `add` events placed are in the project.

Reading the project never changes it beyond what opening any project does (bringing an
earlier schema up to date).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from themes.core.errors import ProjectError, ThemesError
from themes.curation.replay import CuratedState, replay
from themes.store.payloads import AddPayload
from themes.store.project import DB_NAME, SCHEMA_VERSION, Project


@dataclass(frozen=True)
class Check:
    """One check: what it verified, what is wrong (fails it) and what is worth knowing."""

    name: str
    what: str
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class CheckReport:
    folder: Path
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.ok)


def check_project(folder: Path | str) -> CheckReport:
    """Run every check on the project in `folder` (a missing project raises ProjectError)."""
    folder = Path(folder)
    if not (folder / DB_NAME).is_file():
        Project.open(folder).close()  # raises the usual "no project here" error
    try:
        project = Project.open(folder)
    except ProjectError as exc:
        return CheckReport(folder, (Check("database", "the project opens", (str(exc),)),))
    with project:
        checks = [
            _guard("database", "SQLite integrity check", lambda: (project.database_problems(), [])),
            _guard(
                "schema",
                f"schema version {SCHEMA_VERSION}",
                lambda: (project.schema_problems(), []),
            ),
            _guard("triggers", "the decision log is append-only", lambda: _triggers(project)),
            _guard("chain", "the decision log's hash chain", lambda: _chain(project)),
            _guard("events", "every event is valid and replays", lambda: _events(project)),
            _guard("view", "every segment in one theme or unassigned", lambda: _view(project)),
            _guard("transcripts", "what `add` events placed is present", lambda: _added(project)),
        ]
    return CheckReport(folder, tuple(checks))


_Found = tuple[list[str], list[str]]  # problems, notes


def _guard(name: str, what: str, run: Callable[[], _Found]) -> Check:
    """A check that cannot even read what it checks fails with why (a damaged file)."""
    try:
        problems, notes = run()
    except sqlite3.DatabaseError as exc:
        problems, notes = [f"the database could not be read ({type(exc).__name__})"], []
    except ThemesError as exc:
        problems, notes = [str(exc)], []
    return Check(name, what, tuple(problems), tuple(notes))


def _triggers(project: Project) -> _Found:
    return [
        f"trigger {name} is missing: events could be changed or deleted without a trace"
        for name in project.missing_triggers()
    ], []


def _chain(project: Project) -> _Found:
    return [p.text for p in project.chain_problems()], []


def _events(project: Project) -> _Found:
    problems: list[str] = []
    notes: list[str] = []
    for run_id in sorted(project.event_run_ids()):
        events = project.events(run_id)
        try:
            project.run(run_id)
        except ProjectError:
            ids = ", ".join(str(e.id) for e in events[:5])
            problems.append(f"events {ids} belong to run {run_id}, which does not exist")
            continue
        for e in events:
            if not e.valid:
                problems.append(
                    f"event {e.id} (run {run_id}) is not a valid {_kind(e.kind)} event and is "
                    f"not replayed: {e.problem}"
                )
        try:
            state = replay(project.themes(run_id), project.assignments(run_id), events)
        except Exception as exc:  # a bug in themes: say so, and go on with the other checks
            problems.append(
                f"replaying the log of run {run_id} failed ({type(exc).__name__}); this is a "
                "bug in themes: please report it"
            )
            continue
        notes.extend(
            f"event {eid} (run {run_id}) has no effect: {why}"
            for eid, why in sorted(state.skipped.items())
        )
    return problems, notes


def _view(project: Project) -> _Found:
    run = project.current_run()
    if run is None:
        return [], ["the project has no run yet"]
    state = replay(project.themes(run.id), project.assignments(run.id), project.events(run.id))
    return membership_problems(state, {s.id for s in project.segments()}), []


def membership_problems(state: CuratedState, segment_ids: set[str] | None = None) -> list[str]:
    """Where the state breaks "every segment is in exactly one theme, or unassigned" (and,
    given the project's segment ids, where it holds a segment the project does not)."""
    problems: list[str] = []
    placed = Counter(s for t in state.themes for s in t.segment_ids)
    owner = {s: t.id for t in state.themes for s in t.segment_ids}
    themes = {t.id for t in state.themes}
    assigned = {a.segment_id: a.theme_id for a in state.assignments}
    problems += [f"segment {s} is in {n} themes" for s, n in sorted(placed.items()) if n > 1]
    for seg_id, theme_id in assigned.items():
        if theme_id is not None and theme_id not in themes:
            problems.append(f"segment {seg_id} is assigned to theme {theme_id}, which is gone")
        elif owner.get(seg_id) != theme_id:
            problems.append(
                f"segment {seg_id} is assigned to {_theme(theme_id)} but listed in "
                f"{_theme(owner.get(seg_id))}"
            )
    problems += [
        f"segment {s} is in a theme but has no assignment"
        for s in sorted(owner.keys() - assigned.keys())
    ]
    if segment_ids is not None:
        strangers = sorted(set(assigned) - segment_ids)
        if strangers:
            problems.append(
                f"{len(strangers)} segment(s) in the view are not in the project "
                f"(e.g. {', '.join(strangers[:3])})"
            )
    return problems


def _added(project: Project) -> _Found:
    transcripts = set(project.transcript_batches())
    segment_ids = {s.id for s in project.segments()}
    problems: list[str] = []
    for run_id in sorted(project.event_run_ids()):
        for e in project.events(run_id):
            if not isinstance(e.typed, AddPayload):
                continue
            missing = [t for t in e.typed.transcripts if t not in transcripts]
            if missing:
                problems.append(
                    f"event {e.id} added transcript(s) {', '.join(missing)}, which the project "
                    "no longer holds"
                )
            gone = [s for s in e.typed.segment_ids() if s not in segment_ids]
            if gone:
                problems.append(
                    f"event {e.id} placed {len(gone)} segment(s) the project does not hold "
                    f"(e.g. {', '.join(gone[:3])})"
                )
    return problems, []


def _theme(theme_id: int | None) -> str:
    return "no theme" if theme_id is None else f"theme {theme_id}"


def _kind(kind: str) -> str:
    return repr(kind if len(kind) <= 30 else kind[:30] + "...")
