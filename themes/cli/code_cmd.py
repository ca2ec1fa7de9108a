"""`themes code`: code every segment with the elements of a change model (zero-shot, or trained
on the analyst's coded sample); `themes code set` / `clear`: confirm or correct one code.

Machine codes are stored with the run and replaced by the next `themes code`; confirmed codes
are decisions in the project's log (undo them with `themes undo`) and always win.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from themes.cli import common

if TYPE_CHECKING:
    from themes.changemodel.agreement import AgreementReport, Estimate
    from themes.changemodel.deductive import CodingResult
    from themes.changemodel.project_model import ProjectModel
    from themes.curation.view import ProjectView
    from themes.store.records import Event

code_app = typer.Typer(name="code", rich_markup_mode=None)

MODEL = common.CHANGE_MODEL_OPTION
ANALYST = common.ANALYST_OPTION
MEMO = common.MEMO_OPTION
SEGMENT = typer.Argument(..., help="Segment id, TRANSCRIPT:LINE (see `themes export`).")
ELEMENT = typer.Argument(..., help="Element id of the change model (see `themes model check`).")
STATS = ("kappa", "ac1", "alpha")


def register(app: typer.Typer) -> None:
    app.add_typer(code_app, name="code")


@code_app.callback(invoke_without_command=True)
def code(
    ctx: typer.Context,
    project: Path = typer.Option(
        None, "--project", "-p", help="Project folder (made by `themes run`)."
    ),
    model: str = MODEL,
    train: Path = typer.Option(
        None,
        "--train",
        metavar="CODED.csv",
        help="Your coded sample (columns segment_id,element; several rows per segment for "
        "several elements; an empty element = coded, no element): learn from it and code the "
        "rest. Without it: zero-shot, from the elements' descriptions and examples.",
    ),
    threshold: float = typer.Option(
        None,
        "--threshold",
        min=-10.0,
        max=10.0,
        help="Zero-shot: the score an element needs (default changemodel.code_threshold, "
        "1.0 standard deviation above the average segment). Trained: the probability further "
        "elements need (0-1; default chosen by cross-validation).",
    ),
    resamples: int = typer.Option(
        1000, "--resamples", min=0, help="Bootstrap resamples for the cross-validated intervals."
    ),
) -> None:
    """Code every segment of the current run with zero or more elements of a change model,
    each with a score and the method (zero-shot or trained); stored with the run, replacing
    its earlier machine codes for the model. Confirmed codes (`themes code set/clear`) are
    never overwritten. With --train the cross-validated agreement with your sample is shown:
    read it before trusting the codes.

    `themes code set|clear SEGMENT ELEMENT` confirm or correct one code."""
    if ctx.invoked_subcommand is not None:
        return
    if project is None:
        raise typer.BadParameter("give the project folder", param_hint="--project")
    if train is not None and threshold is not None and not 0 <= threshold <= 1:
        raise typer.BadParameter(
            "with --train, give a probability from 0 to 1", param_hint="--threshold"
        )
    from themes.changemodel.codings import read_codings
    from themes.changemodel.deductive import code_segments, store_codes
    from themes.changemodel.project_model import use_model
    from themes.curation.view import load_view
    from themes.store.project import Project

    training = read_codings(train) if train is not None else None
    with Project.open(project) as store:
        view = load_view(store)
        chosen = use_model(store, model)
        common.err_console().print("Coding segments ...", style="dim")
        result = code_segments(
            store, view, chosen, training=training, threshold=threshold, resamples=resamples
        )
        store_codes(store, result)
    common.warn_log(view.health, project)
    _summary(view, chosen, result)
    if result.cv is not None:
        _cv(result.cv)
    out = common.console()
    out.print(
        f"Stored with run {result.run_id}. Review: themes export --what codes --project "
        f"{project}; confirm or correct: themes code set|clear SEGMENT ELEMENT --project "
        f"{project}; score against a gold file: themes agreement --gold FILE --with machine "
        f"--project {project}",
        markup=False,
        soft_wrap=True,
    )


def _summary(view: ProjectView, chosen: ProjectModel, result: CodingResult) -> None:
    from rich.table import Table

    out = common.console()
    n = len(result.segments)
    coded = {c.segment_id for c in result.codes}
    settings = ", ".join(f"{k} {_num(v)}" for k, v in result.settings.items())
    out.print(
        common.plain(
            f"Change model: {chosen.label}, stored as {chosen.short_hash}. Method: {result.method} "
            f"({settings}). {n} segments coded: {len(coded)} given at least one element, "
            f"{len(result.codes)} codes."
        ),
        soft_wrap=True,
    )
    if result.training is not None:
        t = result.training
        skipped = f"; {len(t.not_coded)} not among the coded segments" if t.not_coded else ""
        skipped += f"; {len(t.unknown)} not in the project" if t.unknown else ""
        out.print(
            common.plain(
                f"Trained on {len(t.used)} coded segments of {t.source}{skipped}; "
                f"{t.folds}-fold cross-validation by transcript."
            ),
            soft_wrap=True,
        )
        if t.unused_elements:
            out.print(
                common.plain(f"Not in the sample, so never given: {', '.join(t.unused_elements)}."),
                soft_wrap=True,
            )
    decided = view.element_state.decided(chosen.hash)
    per_cv = {row.name: row for row in result.cv.elements} if result.cv is not None else {}
    score = "mean probability" if result.training is not None else "mean score"
    columns = ["element", "segments", "share", score]
    columns += ["confirmed +/-"] if decided else []
    columns += ["CV kappa"] if per_cv else []
    table = Table(title="Codes per element")
    for name in columns:
        table.add_column(name, justify="left" if name == "element" else "right")
    for element, (count, mean) in result.per_element().items():
        cells = [element, str(count), f"{count / n:.0%}" if n else "", _num(mean) if mean else "-"]
        if decided:
            plus = sum(1 for d in decided.values() if d.get(element) is True)
            minus = sum(1 for d in decided.values() if d.get(element) is False)
            cells.append(f"{plus}/{minus}" if plus or minus else "")
        if per_cv:
            kappa = per_cv[element].kappa.value if element in per_cv else None
            cells.append(_num(kappa) if kappa is not None else "")
        table.add_row(*(common.plain(c) for c in cells))
    out.print(table)
    if decided:
        out.print(
            f"{len(decided)} segment(s) have confirmed codes: they hold whatever the machine "
            "gave (see `themes export --what codes`).",
            markup=False,
            soft_wrap=True,
        )


def _cv(report: AgreementReport) -> None:
    out = common.console()
    out.print(
        f"Cross-validated agreement with your sample ({len(report.segments)} segments, each "
        "coded by a model that did not see it; 95 % bootstrap intervals):",
        markup=False,
        soft_wrap=True,
    )
    for row, label in ((report.pooled, "overall (pooled)"), (report.mean, "mean of elements")):
        cells = ", ".join(f"{s} {_estimate(row.statistic(s))}" for s in STATS)
        out.print(common.plain(f"  {label}: {cells}"), soft_wrap=True)
    exact = report.exact.value
    if exact is not None:
        out.print(f"  exact match (same set of elements): {exact:.0%}", markup=False)
    out.print(
        "Kappa above 0.6 is usually read as substantial, 0.4-0.6 moderate: below that, "
        "check the codes by hand before using them.",
        markup=False,
        soft_wrap=True,
    )


def _estimate(e: Estimate) -> str:
    if e.value is None:
        return "n/a"
    if e.low is None or e.high is None:
        return f"{e.value:.2f}"
    return f"{e.value:.2f} ({e.low:.2f}-{e.high:.2f})"


def _num(value: float | int) -> str:
    return str(value) if isinstance(value, int) else f"{value:.2f}"


@code_app.command("set")
def set_(
    segment: str = SEGMENT,
    element: str = ELEMENT,
    project: Path = common.PROJECT_OPTION,
    model: str = MODEL,
    analyst: str = ANALYST,
    memo: str = MEMO,
) -> None:
    """Confirm that a segment carries an element (a machine code accepted, or one it missed).
    Recorded as a decision (undo with `themes undo`); `themes code` never overwrites it."""
    from themes.changemodel import decisions as decide
    from themes.changemodel.model_index import index_for
    from themes.store.project import Project

    with Project.open(project) as store:
        chosen = index_for(store, model)  # a model the project holds is not parsed again
        event = decide.code_set(store, segment, element, chosen.hash, analyst, memo)
    _done(event, f"segment {segment} carries {element} of {chosen.label}.", project)


@code_app.command("clear")
def clear(
    segment: str = SEGMENT,
    element: str = ELEMENT,
    project: Path = common.PROJECT_OPTION,
    model: str = MODEL,
    analyst: str = ANALYST,
    memo: str = MEMO,
) -> None:
    """Confirm that a segment does not carry an element (a machine code corrected, or a
    confirmed code taken back). Recorded as a decision (undo with `themes undo`)."""
    from themes.changemodel import decisions as decide
    from themes.changemodel.model_index import index_for
    from themes.store.project import Project

    with Project.open(project) as store:
        chosen = index_for(store, model)  # a model the project holds is not parsed again
        event = decide.code_clear(store, segment, element, chosen.hash, analyst, memo)
    _done(event, f"segment {segment} does not carry {element} of {chosen.label}.", project)


def _done(event: Event, text: str, project: Path) -> None:
    out = common.console()
    out.print(common.plain(f"Event {event.id}: {text}"), soft_wrap=True)
    out.print(common.plain(f"Undo with: themes undo {event.id} --project {project}"))
