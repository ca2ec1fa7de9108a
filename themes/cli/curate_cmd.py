"""Analyst decisions: merge, split, rename, define, move, exclude, memo, history, undo.

Every decision is an event in the project's append-only log (who, when, what, why); the
themes you see are the run's themes with every non-cancelled decision replayed.
"""

from __future__ import annotations

from pathlib import Path

import typer

from themes.cli import common

PROJECT = typer.Option(..., "--project", "-p", help="Project folder (made by `themes run`).")
ANALYST = typer.Option(
    None, "--analyst", help="Who decides (default: $THEMES_ANALYST, else the OS user name)."
)
THEME_IDS = typer.Argument(..., help="Two or more theme ids.")
MEMO = typer.Option("", "--memo", "-m", help="Why: a memo kept with the decision.")

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
    app.command("memo")(memo)


def _done(event_id: int, text: str, project: Path) -> None:
    common.console().print(f"Event {event_id}: {text}")
    common.console().print(f"Undo with: themes undo {event_id} --project {project}")


def history(
    project: Path = PROJECT,
    show_all: bool = typer.Option(True, "--all/--in-force", help="Show cancelled events too."),
) -> None:
    """List the decision log of the latest run: id, when, who, what, why, and what is cancelled."""
    from rich.markup import escape

    from themes.curation.replay import describe_event
    from themes.curation.view import load_view
    from themes.store.project import Project

    with Project.open(project) as store:
        view = load_view(store)
    cancelled, skipped = view.cancelled(), view.skipped()
    by = {
        int(e.payload["event"]): e.id
        for e in view.events
        if e.kind == "undo" and e.id not in cancelled
    }
    out = common.console()
    out.print(f"Decision log of run {view.run.id}: {len(view.events)} events")
    for e in view.events:
        if not show_all and e.id in cancelled:
            continue
        status = "in force"
        if e.id in cancelled:
            status = f"cancelled by {by[e.id]}" if e.id in by else "cancelled"
        elif e.id in skipped:
            status = f"no effect: {skipped[e.id]}"
        out.print(
            escape(f"#{e.id} {e.created_at} {e.analyst}: {describe_event(e)} [{status}]"),
            soft_wrap=True,
        )
        if e.memo:
            out.print(escape(f"    memo: {e.memo}"), soft_wrap=True)
    if not view.events:
        out.print("No decisions yet: see `themes compare`, `themes merge`, `themes rename`.")


def undo(
    event: int = typer.Argument(
        None, help="Event id to cancel (default: the latest one in force)."
    ),
    project: Path = PROJECT,
    analyst: str = ANALYST,
    memo_text: str = MEMO,
) -> None:
    """Cancel a decision with a new event (nothing is deleted). Undoing an undo restores it."""
    from themes.curation import decisions as decide
    from themes.curation.replay import describe_event
    from themes.store.project import Project

    with Project.open(project) as store:
        new_id, target = decide.undo(store, event, analyst, memo_text)
    common.console().print(
        f"Event {new_id}: cancelled event {target.id} ({describe_event(target)})."
    )


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
        event_id = decide.merge(store, themes, name, analyst, memo_text)
    ids = sorted(set(themes))
    _done(event_id, f"merged {', '.join(map(str, ids))} into theme {ids[0]} {name!r}.", project)


def split(
    theme: int = typer.Argument(..., help="Theme id to split."),
    k: int = typer.Option(
        None, "--k", help="Number of parts (default: chosen by silhouette, 2-6)."
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
    from themes.curation.replay import next_theme_id
    from themes.curation.split import propose_split
    from themes.curation.view import load_view
    from themes.discovery.run_vectors import view_vectors
    from themes.store.project import Project

    out = common.console()
    with Project.open(project) as store:
        view = load_view(store)
        proposal = propose_split(view, view_vectors(store, view), theme, k)
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
        event_id = decide.split(store, proposal, analyst, memo_text)
    ids = ", ".join(str(first + i) for i in range(len(proposal.parts)))
    _done(event_id, f"split theme {theme} into {ids}.", project)


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
        event_id = decide.rename(store, theme, name, analyst, memo_text)
    _done(event_id, f"theme {theme} is now {name!r}.", project)


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
        event_id = decide.define(
            store, theme, definition, include, exclude_note, analyst, memo_text
        )
    _done(event_id, f"theme {theme} defined.", project)


def move(
    segment: str = typer.Argument(..., help="Segment id, TRANSCRIPT:LINE (see `themes export`)."),
    theme: int = typer.Argument(..., help="Theme id to move it to."),
    project: Path = PROJECT,
    analyst: str = ANALYST,
    memo_text: str = MEMO,
) -> None:
    """Move one segment to another theme (recorded as assigned by the analyst)."""
    from themes.curation import decisions as decide
    from themes.store.project import Project

    with Project.open(project) as store:
        event_id = decide.move(store, segment, theme, analyst, memo_text)
    _done(event_id, f"segment {segment} moved to theme {theme}.", project)


def exclude(
    segment: str = typer.Argument(..., help="Segment id, TRANSCRIPT:LINE."),
    project: Path = PROJECT,
    analyst: str = ANALYST,
    memo_text: str = MEMO,
) -> None:
    """Set a segment aside as not relevant to the analysis (it stays in the log and exports)."""
    from themes.curation import decisions as decide
    from themes.store.project import Project

    with Project.open(project) as store:
        event_id = decide.exclude(store, segment, analyst, memo_text)
    _done(event_id, f"segment {segment} excluded.", project)


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
        event_id = decide.memo(store, target, body, analyst)
    where = (
        f"on {'theme' if target and target.isdigit() else 'segment'} {target}"
        if target
        else "on the project"
    )
    _done(event_id, f"memo {where}.", project)
