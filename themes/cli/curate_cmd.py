"""Analyst decisions: merge, split, rename, define, move, exclude, discard, memo, history,
undo.

Every decision is an event in the project's append-only log (who, when, what, why); the
themes you see are the run's themes with every non-cancelled decision replayed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from themes.cli import common
from themes.cli.common import PROJECT_OPTION as PROJECT

if TYPE_CHECKING:
    from themes.store.records import Event

ANALYST = common.ANALYST_OPTION
THEME_IDS = typer.Argument(..., help="Two or more theme ids.")
MEMO = common.MEMO_OPTION

IDS_HELP = (
    "Theme ids: a merged theme keeps the smallest id of those merged; split parts and new "
    "candidate themes get ids above every id ever used in the run, so an id never changes meaning."
)


def register(app: typer.Typer) -> None:
    app.command("history")(history)
    app.command("undo")(undo)
    app.command("merge", help=f"{merge.__doc__}\n\n{IDS_HELP}")(merge)
    app.command("split", help=f"{split.__doc__}\n\n{IDS_HELP}")(split)
    app.command("rename")(rename)
    app.command("define")(define)
    app.command("move")(move)
    app.command("exclude")(exclude)
    app.command("discard")(discard)
    app.command("memo")(memo)


def _done(event: Event, text: str, project: Path) -> None:
    """Report the decision as recorded (its id is the one in the log); plain lines, so a
    decision does not load rich."""
    typer.echo(common.printable(f"Event {event.id}: {text}"))
    typer.echo(common.printable(f"Undo with: themes undo {event.id} --project {project}"))


def history(
    project: Path = PROJECT,
    show_all: bool = typer.Option(True, "--all/--in-force", help="Show cancelled events too."),
) -> None:
    """List the decision log of the latest run: id, when, who, what, why, and each event's
    status (in force, cancelled by N, no effect, or invalid: a row that is not a valid event,
    never replayed; `themes check` says more)."""
    from themes.curation.events import describe_event
    from themes.curation.view import load_view
    from themes.store.project import Project

    with Project.open(project) as store:
        view = load_view(store)
    common.warn_log(view.health, project)
    cancelled, statuses = view.cancelled(), view.statuses()
    lines = [f"Decision log of run {view.run.id}: {len(view.events)} events"]
    for e in view.events:
        if not show_all and e.id in cancelled:
            continue
        lines.append(f"#{e.id} {e.created_at} {e.analyst}: {describe_event(e)} [{statuses[e.id]}]")
        if e.memo:
            lines.append(f"    memo: {e.memo}")
    if not view.events:
        lines.append("No decisions yet: see `themes compare`, `themes merge`, `themes rename`.")
    typer.echo("\n".join(common.printable(line) for line in lines))  # plain text: no rich


def undo(
    event: int = typer.Argument(
        None, min=1, help="Event id to cancel (default: the latest one in force)."
    ),
    yes: bool = typer.Option(
        False,
        "--yes",
        "-y",
        help="Undo even when later decisions would be left without effect (default: list them "
        "and ask; without a terminal, refuse).",
    ),
    project: Path = PROJECT,
    analyst: str = ANALYST,
    memo_text: str = MEMO,
) -> None:
    """Cancel a decision with a new event (nothing is deleted). Undoing an undo restores it.
    When later decisions depend on the one undone (a move into a split part, a rename of a
    merged theme), they are listed and you are asked first; --yes applies without asking."""
    from rich.markup import escape

    from themes.core.errors import ConfirmationNeeded
    from themes.curation import decisions as decide
    from themes.curation.events import describe_event
    from themes.store.project import Project

    out = common.console()
    with Project.open(project) as store:
        plan = decide.plan_undo(store, event)
        accepted: list[int] = []
        if plan.voided and not yes:
            target = f"event {plan.target.id} ({describe_event(plan.target)})"
            out.print(
                escape(
                    f"Undoing {target} would leave {len(plan.voided)} later decision(s) without "
                    "effect:"
                ),
                soft_wrap=True,
            )
            for line in plan.describe_voided():
                out.print(escape(f"  {line}"), soft_wrap=True)
            if not common.interactive():
                raise ConfirmationNeeded(
                    f"nothing was changed: undoing {target} would leave later decisions "
                    "without effect (listed above); pass --yes to undo it anyway."
                )
            if not typer.confirm("Undo it anyway?", default=False):
                out.print("Nothing changed.")
                raise typer.Abort()
            accepted = [e.id for e in plan.voided]
        done = decide.undo(store, plan.target.id, analyst, memo_text, yes=yes, accepted=accepted)
    cancelled = done.plan.target
    out.print(
        escape(
            f"Event {done.event.id}: cancelled event {cancelled.id} ({describe_event(cancelled)})."
        ),
        soft_wrap=True,
    )
    for line in done.plan.describe_voided():
        out.print(escape(f"  now without effect: {line}"), soft_wrap=True)


def merge(
    themes: list[int] = THEME_IDS,
    name: str = typer.Option(..., "--name", "-n", help="Name of the merged theme."),
    project: Path = PROJECT,
    analyst: str = ANALYST,
    memo_text: str = MEMO,
) -> None:
    """Merge themes into one (it keeps the smallest id)."""
    from themes.curation import decisions as decide
    from themes.store.project import Project

    with Project.open(project) as store:
        event = decide.merge(store, themes, name, analyst, memo_text)
    ids = [int(t) for t in event.payload["themes"]]
    into = f"into theme {ids[0]} {event.payload['name']!r}"
    _done(event, f"merged {', '.join(map(str, ids))} {into}.", project)


def split(
    theme: int = typer.Argument(..., help="Theme id to split."),
    k: int = typer.Option(
        None, "--k", min=2, help="Number of parts (default: chosen by silhouette, 2-6)."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Apply the split (default: only show it)."),
    project: Path = PROJECT,
    analyst: str = ANALYST,
    memo_text: str = MEMO,
) -> None:
    """Re-cluster one theme's segments (agglomerative, Ward) into parts: shown, applied with
    --yes."""
    from themes.cli.compare_cmd import quote_line
    from themes.curation import decisions as decide
    from themes.curation.derived import view_vectors, words_for
    from themes.curation.replay import next_theme_id
    from themes.curation.split import propose_split
    from themes.curation.view import load_view
    from themes.store.project import Project

    out = common.console()
    with Project.open(project) as store:
        view = load_view(store)
        vectors, words = view_vectors(store, view), words_for(store, view)
        proposal = propose_split(view, vectors, theme, k, words=words)
        first = next_theme_id(view.run_themes, view.events)
        chosen = (
            "given"
            if k
            else "chosen by silhouette "
            + ", ".join(f"k={kk}: {s:.2f}" for kk, s in proposal.scores)
        )
        out.print(
            f"Theme {theme} ({view.title(theme)}) into {proposal.k} parts ({chosen}); "
            f"silhouette {proposal.silhouette}."
        )
        for i, part in enumerate(proposal.parts):
            out.print(
                f"\n[bold]Part {first + i}[/]: {len(part.segment_ids)} segments; "
                f"keywords: {', '.join(part.keywords)}"
            )
            for seg_id in part.exemplar_ids:
                out.print("  " + quote_line(view.segments[seg_id]))
        if not yes:
            out.print(
                f"\nNothing changed. Apply with: themes split {theme} --k {proposal.k} --yes "
                f"--project {project}"
            )
            return
        event = decide.split(store, proposal, analyst, memo_text)
    ids = decide.part_ids(event)
    if ids != [first + i for i in range(len(ids))]:
        out.print(
            "Another decision was recorded meanwhile: the parts got the ids below, not those "
            "shown above."
        )
    parts = ", ".join(map(str, ids))
    _done(event, f"split theme {event.payload['theme']} into {parts}.", project)


def rename(
    theme: int = typer.Argument(..., help="Theme id."),
    name: str = typer.Argument(..., help="The new name."),
    project: Path = PROJECT,
    analyst: str = ANALYST,
    memo_text: str = MEMO,
) -> None:
    """Give a theme the analyst's name (the keyword label is kept beside it)."""
    from themes.curation import decisions as decide
    from themes.store.project import Project

    with Project.open(project) as store:
        event = decide.rename(store, theme, name, analyst, memo_text)
    _done(event, f"theme {event.payload['theme']} is now {event.payload['name']!r}.", project)


def define(
    theme: int = typer.Argument(..., help="Theme id."),
    definition: str = typer.Argument(..., help="What the theme is about."),
    include: str = typer.Option("", "--include", help="What belongs in it (inclusion note)."),
    exclude_note: str = typer.Option("", "--exclude", help="What does not (exclusion note)."),
    project: Path = PROJECT,
    analyst: str = ANALYST,
    memo_text: str = MEMO,
) -> None:
    """Write a theme's definition, with inclusion and exclusion notes (a codebook entry)."""
    from themes.curation import decisions as decide
    from themes.store.project import Project

    with Project.open(project) as store:
        event = decide.define(store, theme, definition, include, exclude_note, analyst, memo_text)
    _done(event, f"theme {event.payload['theme']} defined.", project)


FROM_FILE = typer.Option(
    None,
    "--from-file",
    "-f",
    help="A file of segment ids, one per line (blank lines and # comments skipped).",
    exists=True,
    dir_okay=False,
    readable=True,
)


def _segment_ids(given: list[str] | None, from_file: Path | None) -> list[str]:
    from themes.curation.segment_file import read_segment_ids

    ids = list(given or []) + (read_segment_ids(from_file) if from_file is not None else [])
    if not ids:
        raise typer.BadParameter("name segment ids or give --from-file", param_hint="SEGMENT")
    return ids


def _segments_text(event: Event) -> str:
    p = event.payload
    if "segments" in p:
        return f"{len(p['segments'])} segments"
    return f"segment {p['segment']}"


def move(
    segments: list[str] = typer.Argument(
        None,
        metavar="SEGMENT",
        help="Segment ids, TRANSCRIPT:LINE (see `themes show THEME`); or --from-file.",
    ),
    theme: int = typer.Argument(..., metavar="THEME", help="Theme id to move them to."),
    from_file: Path = FROM_FILE,
    project: Path = PROJECT,
    analyst: str = ANALYST,
    memo_text: str = MEMO,
) -> None:
    """Move segments to another theme (recorded as assigned by the analyst): one or several,
    named or listed in --from-file, recorded as one decision."""
    from themes.curation import decisions as decide
    from themes.store.project import Project

    ids = _segment_ids(segments, from_file)
    with Project.open(project) as store:
        event = decide.move(store, ids, theme, analyst, memo_text)
    _done(event, f"{_segments_text(event)} moved to theme {event.payload['theme']}.", project)


def exclude(
    segments: list[str] = typer.Argument(
        None, metavar="SEGMENT", help="Segment ids, TRANSCRIPT:LINE; or --from-file."
    ),
    from_file: Path = FROM_FILE,
    project: Path = PROJECT,
    analyst: str = ANALYST,
    memo_text: str = MEMO,
) -> None:
    """Set segments aside as not relevant to the analysis (they stay in the log and exports):
    one or several, named or listed in --from-file, recorded as one decision."""
    from themes.curation import decisions as decide
    from themes.store.project import Project

    ids = _segment_ids(segments, from_file)
    with Project.open(project) as store:
        event = decide.exclude(store, ids, analyst, memo_text)
    _done(event, f"{_segments_text(event)} set aside.", project)


def discard(
    theme: int = typer.Argument(..., help="Theme id (see `themes list`)."),
    project: Path = PROJECT,
    analyst: str = ANALYST,
    memo_text: str = MEMO,
) -> None:
    """Set a whole theme aside: it leaves the list and its segments are set aside (shown in
    the report's set-aside list and in exports). Undo it with `themes undo`."""
    from themes.curation import decisions as decide
    from themes.store.project import Project

    with Project.open(project) as store:
        event = decide.discard(store, theme, analyst, memo_text)
    _done(event, f"theme {event.payload['theme']} discarded: its segments are set aside.", project)


def memo(
    target_or_text: str = typer.Argument(
        ...,
        metavar="[THEME|SEGMENT] TEXT",
        help="A theme id or segment id, then the memo; or only the memo (on the project).",
    ),
    text: str = typer.Argument(None, hidden=True),
    project: Path = PROJECT,
    analyst: str = ANALYST,
) -> None:
    """Write a memo on a theme, a segment or (with only the text) the whole project."""
    from themes.curation import decisions as decide
    from themes.store.project import Project

    target, body = (target_or_text, text) if text is not None else (None, target_or_text)
    with Project.open(project) as store:
        event = decide.memo(store, target, body, analyst)
    kind, on = event.payload["target"], event.payload["id"]
    _done(event, f"memo on {kind} {on}." if on is not None else "memo on the project.", project)
