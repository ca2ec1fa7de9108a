"""`themes map`: map themes onto the elements of a change model (suggest, set, clear, list).

Suggestions are recomputed each time; setting and clearing are decisions in the project's log
(undo them with `themes undo`). The change model is stored in the project when first used;
without --model a command uses the one used last.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from themes.cli import common

if TYPE_CHECKING:
    from themes.changemodel.mapping import ThemeSuggestions
    from themes.changemodel.project_model import ProjectModel
    from themes.curation.view import ProjectView
    from themes.store.records import Event

map_app = typer.Typer(
    name="map",
    help="Map themes onto the mechanisms and conditions of a change model: suggest elements "
    "for each theme, record a mapping (an undoable decision), list what each element has.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

PROJECT = common.PROJECT_OPTION
MODEL = common.CHANGE_MODEL_OPTION
ANALYST = common.ANALYST_OPTION
MEMO = common.MEMO_OPTION


def register(app: typer.Typer) -> None:
    app.add_typer(map_app, name="map")


@map_app.command("suggest")
def suggest(
    project: Path = PROJECT,
    model: str = MODEL,
    top: int = typer.Option(3, "--top", min=1, help="Elements to show per theme."),
    threshold: float = typer.Option(
        None,
        "--threshold",
        min=-10.0,
        max=10.0,
        help="Score a fit needs (default: changemodel.map_threshold, 0.5).",
    ),
    themes: list[int] = typer.Option(
        None, "--theme", min=0, help="Only this theme (repeatable; default: every theme)."
    ),
) -> None:
    """Rank the change model's elements for every theme: each theme's centroid and exemplar
    quotes against each element's description and examples, less its exclusions (near
    misses). A score says how many standard deviations the theme is above the average
    segment on that element; below the threshold the theme has "no good fit"."""
    from themes.changemodel.mapping import suggest_mappings
    from themes.changemodel.project_model import use_model
    from themes.curation.compare import require_theme
    from themes.curation.view import load_view
    from themes.store.project import Project

    with Project.open(project) as store:
        view = load_view(store)
        for theme_id in themes or ():
            require_theme(view, theme_id)
        chosen = use_model(store, model)
        found = suggest_mappings(
            store, view, chosen, top=top, threshold=threshold, theme_ids=themes or None
        )
    common.warn_log(view.health, project)
    out = common.console()
    _model_line(chosen)
    out.print(
        f"Scores: standard deviations above the average segment; a fit needs "
        f"{found.threshold:.2f} or more (changemodel.map_threshold).",
        markup=False,
        soft_wrap=True,
    )
    table = _table(("theme", "size", "suggested elements (score)", "mapped"))
    for item in found.themes:
        theme = view.theme(item.theme_id)
        mapped = view.element_state.elements_of(item.theme_id, chosen.hash)
        table.add_row(
            common.plain(f"{item.theme_id}. {view.title(item.theme_id)}"),
            str(theme.size if theme is not None else 0),
            common.plain(_ranked(item)),
            common.plain("\n".join(mapped) or "-"),
        )
    out.print(table)
    n_fit = sum(1 for t in found.themes if t.fits)
    out.print(
        f"{n_fit} of {len(found.themes)} themes fit an element. Read the quotes "
        f"(`themes list`, the report), then record a mapping: themes map set THEME ELEMENT "
        f"--project {project}",
        markup=False,
        soft_wrap=True,
    )


def _ranked(item: ThemeSuggestions) -> str:
    """One element a line, best first; a theme without a fit says so first."""
    lines = [f"{e.element} {e.score:.2f}{'' if e.fits else ' (weak)'}" for e in item.ranked]
    return "\n".join(lines if item.fits else ["no good fit", *lines])


@map_app.command("set")
def set_(
    theme: int = typer.Argument(..., min=0, help="Theme id (see `themes list`)."),
    element: str = typer.Argument(
        ..., help="Element id of the change model (see `themes map list`)."
    ),
    project: Path = PROJECT,
    model: str = MODEL,
    analyst: str = ANALYST,
    memo: str = MEMO,
) -> None:
    """Map a theme onto an element: the theme is evidence for that mechanism or condition. A
    theme may map onto several elements and an element hold several themes. Recorded as a
    decision (undo with `themes undo`)."""
    from themes.changemodel import decisions as decide
    from themes.changemodel.model_index import index_for
    from themes.store.project import Project

    with Project.open(project) as store:
        chosen = index_for(store, model)  # a model the project holds is not parsed again
        event = decide.map_set(store, theme, element, chosen.hash, analyst, memo)
    name = chosen.elements[element].name
    _done(event, f"theme {theme} mapped onto {element} ({name}) of {chosen.label}.", project)


@map_app.command("clear")
def clear(
    theme: int = typer.Argument(..., min=0, help="Theme id (see `themes map list`)."),
    element: str = typer.Argument(
        None, help="Element id to unmap (default: every element the theme is mapped onto)."
    ),
    project: Path = PROJECT,
    model: str = MODEL,
    analyst: str = ANALYST,
    memo: str = MEMO,
) -> None:
    """Take back a theme's mapping onto an element (or onto every element of the model).
    Recorded as a decision (undo with `themes undo`)."""
    from themes.changemodel import decisions as decide
    from themes.changemodel.model_index import index_for
    from themes.store.project import Project

    with Project.open(project) as store:
        chosen = index_for(store, model)
        event = decide.map_clear(store, theme, element, chosen.hash, analyst, memo)
    what = element if element is not None else "any element"
    _done(event, f"theme {theme} no longer mapped onto {what} of {chosen.label}.", project)


@map_app.command("list")
def list_(project: Path = PROJECT, model: str = MODEL) -> None:
    """Each element of the change model with the themes mapped onto it, and the elements with
    no theme yet ("no evidence yet"); then the themes mapped onto nothing."""
    from themes.changemodel.project_model import use_model
    from themes.curation.view import load_view
    from themes.store.project import Project

    with Project.open(project) as store:
        view = load_view(store)
        chosen = use_model(store, model)
    common.warn_log(view.health, project)
    _model_line(chosen)
    _print_elements(view, chosen)
    state = view.element_state
    unmapped = [t.id for t in view.themes if not state.elements_of(t.id, chosen.hash)]
    out = common.console()
    if unmapped:
        shown = ", ".join(map(str, unmapped))
        out.print(f"Themes mapped onto no element: {shown}.", markup=False, soft_wrap=True)
    others = [m for m in state.mapped() if m.model != chosen.hash]
    if others:
        out.print(
            f"{len(others)} mapping(s) onto other change models are not shown (see --model).",
            markup=False,
        )


def _print_elements(view: ProjectView, chosen: ProjectModel) -> None:
    out = common.console()
    state = view.element_state
    n_evidence = 0
    codable = chosen.model.codable()
    for flat in chosen.model.walk():
        indent = "  " * flat.depth
        head = f"{indent}{flat.id}: {flat.element.name}"
        if not flat.element.codable:
            out.print(common.plain(f"{head} [category]"), soft_wrap=True)
            continue
        themes = state.themes_of(flat.id, chosen.hash)
        n_evidence += bool(themes)
        if not themes:
            out.print(common.plain(f"{head}: no evidence yet"), style="dim", soft_wrap=True)
            continue
        out.print(common.plain(head), soft_wrap=True)
        for tid in themes:
            theme = view.theme(tid)
            size = f" ({theme.size} segments)" if theme is not None else ""
            out.print(common.plain(f"{indent}  <- {tid}. {view.title(tid)}{size}"), soft_wrap=True)
    out.print(
        f"{n_evidence} of {len(codable)} codable elements have a theme; "
        f"{len(codable) - n_evidence} have no evidence yet.",
        markup=False,
    )


def _model_line(chosen: ProjectModel) -> None:
    common.console().print(
        common.plain(
            f"Change model: {chosen.label}, stored in the project as {chosen.short_hash}."
        ),
        soft_wrap=True,
    )


def _table(columns: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from rich.table import Table

    table = Table(show_lines=False)
    for name in columns:
        table.add_column(name, justify="right" if name == "size" else "left")
    return table


def _done(event: Event, text: str, project: Path) -> None:
    """Plain lines, so recording a decision does not load rich."""
    typer.echo(common.printable(f"Event {event.id}: {text}"))
    typer.echo(common.printable(f"Undo with: themes undo {event.id} --project {project}"))
