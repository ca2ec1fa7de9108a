"""The decision log as the analyst reads it: what became of each event, and whether the log
can be trusted (its hash chain verifies and every row is a valid event).

Read commands (`history`, `list`, `report`, ...) show the statuses and warn when the log is
not healthy; `themes check` (`themes.curation.check`) says what exactly is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from themes.curation.replay import CuratedState, cancelled_ids
from themes.store.chain import ChainProblem
from themes.store.payloads import (
    AddPayload,
    CodeClearPayload,
    CodeSetPayload,
    DefinePayload,
    DiscardPayload,
    ExcludePayload,
    MapClearPayload,
    MapSetPayload,
    MemoPayload,
    MergePayload,
    MovePayload,
    RenamePayload,
    SplitPayload,
    UndoPayload,
)
from themes.store.project import Project
from themes.store.records import Event

IN_FORCE = "in force"


@dataclass(frozen=True)
class LogHealth:
    """What a read command must warn about: the project's log does not verify against its
    hash chain, or the run's log holds rows that are not valid events (not replayed)."""

    chain: tuple[ChainProblem, ...] = ()
    invalid: Mapping[int, str] = field(default_factory=dict)  # event id -> why

    @property
    def ok(self) -> bool:
        return not self.chain and not self.invalid

    def summary(self) -> str:
        """One line, ids and counts only ("" when healthy)."""
        bits = []
        if self.chain:
            bits.append(
                f"it does not verify against its hash chain ({len(self.chain)} place(s): events "
                "changed, deleted or added outside themes)"
            )
        if self.invalid:
            ids = ", ".join(map(str, sorted(self.invalid)[:5]))
            more = ", ..." if len(self.invalid) > 5 else ""
            bits.append(f"{len(self.invalid)} invalid event(s) are not replayed ({ids}{more})")
        return f"the decision log cannot be trusted: {'; '.join(bits)}" if bits else ""


def log_health(project: Project, run_id: int | None = None) -> LogHealth:
    """The log's health for a run (default: the current one), without replaying it."""
    run = project.run(run_id) if run_id is not None else project.current_run()
    events = project.events(run.id) if run is not None else []
    return LogHealth(project.chain_problems(), {e.id: e.problem for e in events if not e.valid})


def undone_by(events: Iterable[Event]) -> dict[int, int]:
    """Cancelled event id -> the id of the undo in force that cancels it."""
    ordered = list(events)
    cancelled = cancelled_ids(ordered)
    return {
        e.typed.event: e.id
        for e in ordered
        if isinstance(e.typed, UndoPayload) and e.id not in cancelled and e.typed.event < e.id
    }


def event_statuses(events: Sequence[Event], state: CuratedState) -> dict[int, str]:
    """Each event's status: ``in force``, ``cancelled by N``, ``no effect: why`` or
    ``invalid: why`` (the one place this is worked out; history and report show it)."""
    by = undone_by(events)
    out: dict[int, str] = {}
    for e in events:
        if e.id in state.invalid:
            out[e.id] = f"invalid: {state.invalid[e.id]}"
        elif e.id in state.cancelled:
            out[e.id] = f"cancelled by {by[e.id]}" if e.id in by else "cancelled"
        elif e.id in state.skipped:
            out[e.id] = f"no effect: {state.skipped[e.id]}"
        else:
            out[e.id] = IN_FORCE
    return out


def describe_event(event: Event) -> str:
    """A one-line summary of a decision (ids and names only, never transcript text)."""
    p = event.typed
    if isinstance(p, MergePayload):
        ids = sorted(set(p.themes))
        return f"merge {', '.join(map(str, ids))} into {ids[0]} as {p.name!r}"
    if isinstance(p, SplitPayload):
        parts = ", ".join(f"{part.id} ({len(part.segment_ids)})" for part in p.parts)
        return f"split {p.theme} into {parts}"
    if isinstance(p, RenamePayload):
        return f"rename {p.theme} to {p.name!r}"
    if isinstance(p, DefinePayload):
        return f"define {p.theme}: {p.definition!r}"
    if isinstance(p, MovePayload):
        return f"move {_segments(p.segment_ids())} to {p.theme}"
    if isinstance(p, ExcludePayload):
        return f"exclude {_segments(p.segment_ids())}"
    if isinstance(p, DiscardPayload):
        return f"discard theme {p.theme} (its segments set aside)"
    if isinstance(p, MemoPayload):
        return f"memo on {p.target} {p.id}" if p.target != "project" else "memo on the project"
    if isinstance(p, AddPayload):
        return (
            f"add {len(p.transcripts)} transcript(s): {len(p.assign)} segments fit themes, "
            f"{len(p.new_themes)} new candidate theme(s)"
        )
    if isinstance(p, UndoPayload):
        return f"undo event {p.event}"
    if isinstance(p, MapSetPayload):
        return f"map theme {p.theme} onto {p.element!r}"
    if isinstance(p, MapClearPayload):
        what = repr(p.element) if p.element is not None else "every element"
        return f"unmap theme {p.theme} from {what}"
    if isinstance(p, CodeSetPayload):
        return f"code {p.segment} as {p.element!r}"
    if isinstance(p, CodeClearPayload):
        return f"code {p.segment} as not {p.element!r}"
    shown = event.kind if len(event.kind) <= 30 else event.kind[:30] + "..."
    return f"invalid {shown!r} event"


def _segments(ids: Sequence[str], most: int = 3) -> str:
    """``P1:4`` or ``3 segments (P1:4, P1:9, P2:1, ...)``."""
    if len(ids) == 1:
        return ids[0]
    shown = ", ".join(ids[:most]) + (", ..." if len(ids) > most else "")
    return f"{len(ids)} segments ({shown})"
