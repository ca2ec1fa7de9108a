"""`themes agreement`: how far two codings of the same segments agree (kappa, AC1, alpha)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from themes.cli import common
from themes.core.errors import CodingsError
from themes.core.order import natural_key

if TYPE_CHECKING:
    from rich.console import Console

    from themes.changemodel.agreement import AgreementReport, Estimate
    from themes.changemodel.codings import Codings
    from themes.core.types import Segment

PROJECT_SOURCES = ("machine", "confirmed")
STATS = ("percent", "kappa", "ac1", "alpha")
QUOTE_CHARS = 90

GOLD_OPTION = typer.Option(
    ...,
    "--gold",
    metavar="FILE",
    help="Coding CSV taken as the reference (columns segment_id,element; several rows per "
    "segment for several elements; an empty element = coded, no element).",
)
WITH_OPTION = typer.Option(
    ...,
    "--with",
    metavar="FILE|machine|confirmed",
    help="Coding CSV to compare with the gold file (same columns), e.g. a second coder's; or "
    "`machine` (the codes `themes code` stored for the latest run) or `confirmed` (the "
    "analyst's confirmed codes, `themes code set/clear`), which need --project.",
)
MODEL_OPTION = typer.Option(
    None,
    "--model",
    help="With --with machine|confirmed: whose codes (a change model's name, file or hash; "
    "default: the one the project used last).",
)
PROJECT_OPTION = typer.Option(
    None,
    "--project",
    "-p",
    metavar="DIR",
    help="Project folder: show each disagreement's speaker and quote, and report segment ids "
    "the project does not have.",
)
ELEMENT_OPTION = typer.Option(
    None,
    "--element",
    "-e",
    metavar="ID",
    help="Score only this element id (repeatable; default: all used).",
)
CSV_OPTION = typer.Option(
    None, "--csv", metavar="OUT", help="Also write the agreement table to this CSV file."
)
DISAGREEMENTS_OPTION = typer.Option(
    20, "--disagreements", "-n", min=0, help="How many disagreements to list (0: none)."
)
RESAMPLES_OPTION = typer.Option(
    1000, "--resamples", min=0, help="Bootstrap resamples for the 95 % intervals (0: none)."
)
SEED_OPTION = typer.Option(0, "--seed", help="Seed of the bootstrap (same seed, same intervals).")


def register(app: typer.Typer) -> None:
    app.command("agreement")(agreement)


def agreement(
    gold: Path = GOLD_OPTION,
    with_: str = WITH_OPTION,
    project: Path | None = PROJECT_OPTION,
    element: list[str] | None = ELEMENT_OPTION,
    model: str | None = MODEL_OPTION,
    csv_out: Path | None = CSV_OPTION,
    disagreements: int = DISAGREEMENTS_OPTION,
    resamples: int = RESAMPLES_OPTION,
    seed: int = SEED_OPTION,
) -> None:
    """Agreement between two codings of the same segments: per element and overall, Cohen's
    kappa, Gwet's AC1, Krippendorff's alpha, prevalence and percent agreement with bootstrap
    95 % intervals; a confusion table for single-label codes; the disagreements to review."""
    from themes.changemodel.agreement import agreement as score
    from themes.changemodel.agreement import report_csv
    from themes.changemodel.codings import read_codings
    from themes.core.atomic import write_atomic

    other = Path(with_)
    a = read_codings(gold)
    segments: dict[str, Segment] | None
    if with_ in PROJECT_SOURCES and not other.exists():
        if project is None:
            raise CodingsError(
                f"--with {with_}: give the project whose {with_} codes to compare (--project DIR)."
            )
        b, segments = _project_codings(project, with_, model)
    else:
        b = read_codings(other)
        segments = _project_segments(project) if project else None
    report = score(a, b, elements=element or None, resamples=resamples, seed=seed)
    out = common.console()
    _summary(out, report)
    _table(out, report)
    _confusion(out, report)
    if segments is not None:
        _unknown(a.by_segment.keys() | b.by_segment.keys(), segments)
    _disagreements(out, report, disagreements, segments)
    if csv_out is not None:
        out.print(f"\nTable written to {_safe(str(write_atomic(csv_out, report_csv(report))))}")


def _project_codings(
    project: Path, source: str, model: str | None
) -> tuple[Codings, dict[str, Segment]]:
    """The machine's or the analyst's confirmed codes of the project's latest run."""
    from themes.changemodel.codes import confirmed_codings, machine_codings
    from themes.changemodel.project_model import use_model
    from themes.curation.view import load_view
    from themes.store.project import Project

    with Project.open(project) as store:
        view = load_view(store)
        chosen = use_model(store, model)
        if source == "machine":
            return machine_codings(store, view, chosen), dict(view.segments)
        return confirmed_codings(view, chosen), dict(view.segments)


def _project_segments(project: Path) -> dict[str, Segment]:
    from themes.store.project import Project

    with Project.open(project) as store:
        return {s.id: s for s in store.segments()}


def _summary(out: Console, r: AgreementReport) -> None:

    out.print(f"[bold]Agreement[/]: A = {_safe(r.source_a)}, B = {_safe(r.source_b)}")
    out.print(
        f"Scored {len(r.segments)} segments coded in both; not scored: {len(r.only_a)} coded "
        f"only in A, {len(r.only_b)} only in B."
    )
    if r.resamples:
        out.print(
            f"Intervals: {r.level:.0%} percentile bootstrap, {r.resamples} resamples of "
            f"segments (seed {r.seed})."
        )
    out.print(
        "Per element: present/absent in each segment (prev: share of segments given it). "
        f"Pooled: all {r.pooled.decisions} element x segment decisions as one table. "
        "Mean: unweighted mean of the elements' values. Each value has its interval below it."
    )


def _fmt(e: Estimate, percent: bool = False) -> str:
    """The value, and its interval on a second line; percent agreement as a percentage."""
    if e.value is None:
        return "n/a"

    def num(x: float) -> str:
        return f"{x:.0%}" if percent else f"{x:.2f}"

    if e.low is None or e.high is None:
        return num(e.value)
    return f"{num(e.value)}\n[dim]{num(e.low)}–{num(e.high)}[/]"


def _table(out: Console, r: AgreementReport) -> None:
    from rich import box
    from rich.table import Table

    table = Table(title="Agreement per element and overall", box=box.SIMPLE_HEAD)
    table.add_column("element", min_width=10)
    for name in ("prev A", "prev B", "agree", "kappa", "AC1", "alpha"):
        table.add_column(name, justify="right", no_wrap=True)
    notes: list[str] = []
    for i, row in enumerate(r.rows):
        if i == len(r.elements):
            table.add_section()
        prev = [f"{p:.0%}" if p is not None else "" for p in (row.prevalence_a, row.prevalence_b)]
        cells = [_fmt(row.statistic(s), s == "percent") for s in STATS]
        name = "mean" if row is r.mean else row.name
        table.add_row(common.plain(name), *prev, *cells)
        for s in STATS[1:]:
            if row.statistic(s).reason:
                notes.append(f"{name}: {s} n/a, {row.statistic(s).reason}")
    out.print(table)
    exact = _fmt(r.exact, percent=True).replace("\n", " (") + ")"
    out.print(f"Exact match (the same set of elements): {exact} of segments.")
    unused = [row.name for row in r.elements if not row.prevalence_a and not row.prevalence_b]
    if unused:
        out.print(f"Used by neither coder on these segments: {_safe(', '.join(unused))}.")
    for note in notes:
        out.print(common.plain(note), soft_wrap=True)


def _confusion(out: Console, r: AgreementReport) -> None:
    from rich.table import Table

    if r.confusion is None:
        return
    table = Table(title="Confusion table (single-label: rows A, columns B)")
    table.add_column("A \\ B")
    for label in r.confusion.labels:
        table.add_column(common.plain(label), justify="right")
    for label, counts in zip(r.confusion.labels, r.confusion.counts, strict=True):
        table.add_row(common.plain(label), *(str(c) if c else "." for c in counts))
    out.print(table)


def _unknown(ids: set[str], segments: dict[str, Segment]) -> None:
    missing = sorted((i for i in ids if i not in segments), key=natural_key)
    if missing:
        shown = ", ".join(missing[:10]) + (", ..." if len(missing) > 10 else "")
        common.warn(
            "warning",
            f"{len(missing)} coded segment id(s) are not in the project ({shown}); check that "
            "the codings use this project's TRANSCRIPT:LINE ids.",
        )


def _disagreements(
    out: Console, r: AgreementReport, limit: int, segments: dict[str, Segment] | None
) -> None:
    from rich.table import Table

    if not r.disagreements:
        out.print("\nNo disagreements.")
        return
    if limit == 0:
        return
    shown = r.disagreements[:limit]
    table = Table(title=f"Disagreements ({len(shown)} of {len(r.disagreements)})")
    for name in ("segment", "A", "B"):
        table.add_column(name)
    if segments is not None:
        table.add_column("speaker")
        table.add_column("quote")
    for d in shown:
        cells = [d.segment_id, ", ".join(sorted(d.a)) or "-", ", ".join(sorted(d.b)) or "-"]
        if segments is not None:
            seg = segments.get(d.segment_id)
            if seg is not None and seg.location != d.segment_id:
                cells[0] += f" ({seg.location})"
            cells += [seg.speaker, _quote(seg.text)] if seg else ["?", "(not in the project)"]
        table.add_row(*(common.plain(c) for c in cells))
    out.print(table)


def _safe(text: str) -> str:
    """Data shown inside a line with markup: control characters and markup escaped."""
    from rich.markup import escape

    return escape(common.printable(text))


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"
