"""`themes compare-contexts` and `themes cooccurrence`: themes (or elements) across
organisational contexts, and which of them turn up together."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from themes.cli import common
from themes.cli.common import PROJECT_OPTION as PROJECT
from themes.cli.matrix_cmd import COLS, RUN, Cols

if TYPE_CHECKING:
    from rich.text import Text

    from themes.analysis.contexts import ContextComparison, ContextQuote

QUOTE_CHARS = 220


def register(app: typer.Typer) -> None:
    app.command("compare-contexts")(compare_contexts)
    app.command("cooccurrence")(cooccurrence)


def compare_contexts(
    by: str = typer.Option(
        ..., "--by", "-b", help="Metadata field whose values are the contexts, e.g. org_context."
    ),
    project: Path = PROJECT,
    cols: Cols = COLS,
    quotes: int = typer.Option(
        1, "--quotes", "-q", min=0, max=10, help="Quotes per context and theme (0: none)."
    ),
    run_id: int | None = RUN,
) -> None:
    """Each theme's share of every context, a test of whether the shares differ more than
    chance (Fisher's exact for two contexts, chi-square for more; Benjamini-Hochberg
    correction across themes), and per context the quotes most typical of that context's
    view of the theme and least like the others'."""
    from themes.analysis.contexts import compare_contexts as compare
    from themes.analysis.inputs import load_inputs
    from themes.store.project import Project

    with Project.open(project) as store:
        inputs = load_inputs(store, cols.value, run_id)
    common.warn_log(inputs.view.health, project)
    result = compare(inputs.coding, inputs.view.segments, by, inputs.vectors, quotes)
    _print_comparison(result)


def _print_comparison(result: ContextComparison) -> None:
    from rich.table import Table

    from themes.analysis.stats import MIN_SEGMENTS

    out = common.console()
    table = Table(title=common.plain(f"{result.source}s by {result.field}"))
    table.add_column(result.source, overflow="fold", min_width=18)
    for context, total in zip(result.contexts, result.totals, strict=True):
        table.add_column(common.plain(f"{context} ({total})"), justify="right")
    table.add_column("test", overflow="fold", min_width=8)
    for name in ("p", "q"):
        table.add_column(name, justify="right", no_wrap=True)
    for row in result.rows:
        t = row.test
        cells = [f"{n} ({s:.0%})" for n, s in zip(row.counts, row.shares, strict=True)]
        test = t.method if t.tested else t.note
        q = t.q_text + (" *" if t.differs() else "")
        table.add_row(common.plain(row.label.heading), *cells, common.plain(test), t.p_text, q)
    out.print(table)
    out.print(
        f"Cells: segments (share of the context's segments). Test per {result.source}: "
        "Fisher's exact for two contexts, chi-square for more (not run when fewer than "
        f"{MIN_SEGMENTS} segments or expected counts too small); q: p corrected by "
        f"{result.correction} across the {result.source}s tested; * q < 0.05. Segments of one "
        "participant are not independent: read a small q as where to look, not as a finding."
    )
    if result.n_without_value:
        out.print(f"{result.n_without_value} segment(s) with no {result.field} are left out.")
    shown = [row for row in result.rows if row.quotes]
    if shown:
        out.print("\n[bold]Quotes that differ most between contexts[/]")
    for row in shown:
        out.print(common.plain(f"\n{row.label.heading}"))
        for quote in row.quotes:
            out.print(_quote_line(quote))


def _quote_line(q: ContextQuote) -> Text:
    text = " ".join(q.text.split())
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1].rstrip() + "…"
    return common.plain(
        f'  {q.context}: "{text}" ({q.speaker}, {q.location}; '
        f"{q.own:.2f} to its context, {q.other:.2f} to the nearest other)"
    )


def cooccurrence(
    project: Path = PROJECT,
    cols: Cols = COLS,
    by: list[str] = typer.Option(
        None,
        "--by",
        "-b",
        help="participant (speak to both), adjacent (neighbouring segments), segment "
        "(multi-label codes only); repeatable; default: every one that applies.",
    ),
    top: int = typer.Option(15, "--top", "-n", min=1, help="Pairs to show per unit."),
    run_id: int | None = RUN,
) -> None:
    """Pairs of themes (or elements) that the same participant, or neighbouring segments of a
    transcript, speak to together: counts and Jaccard's index (units with both / with either)."""
    from rich.table import Table

    from themes.analysis.cooccur import available_units
    from themes.analysis.cooccur import cooccurrence as count
    from themes.analysis.inputs import load_inputs
    from themes.store.project import Project

    with Project.open(project) as store:
        inputs = load_inputs(store, cols.value, run_id)
    common.warn_log(inputs.view.health, project)
    out = common.console()
    for unit in by or available_units(inputs.coding):
        result = count(inputs.coding, inputs.view.segments, unit)
        pairs = result.pairs(top)
        table = Table(
            title=common.plain(f"Together by {unit}: {result.n_units} units"), expand=True
        )
        for name in (cols.value, cols.value, "both", "Jaccard"):
            table.add_column(name, overflow="fold", justify="right" if name[0] in "bJ" else "left")
        for p in pairs:
            table.add_row(
                common.plain(p.a.heading),
                common.plain(p.b.heading),
                str(p.count),
                f"{p.jaccard:.2f}",
            )
        out.print(table)
        out.print(
            common.plain(f"both: {result.description}; Jaccard: units with both / with either.")
        )
