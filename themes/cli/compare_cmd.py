"""Constant comparison: `compare`, `suggest-merges`, `compare-segment`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from themes.cli import common
from themes.cli.common import PROJECT_OPTION as PROJECT
from themes.core.types import Segment, voices

if TYPE_CHECKING:
    from themes.curation.view import ProjectView

QUOTE_CHARS = 220


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
    app.command("suggest-merges")(suggest_merges)
    app.command("compare-segment")(compare_segment)


def quote_line(seg: Segment, limit: int = QUOTE_CHARS) -> str:
    """``transcript:line speaker: "text"`` (shortened), safe for rich markup."""
    from rich.markup import escape

    text = " ".join(seg.text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return escape(common.printable(f'{seg.id} {seg.speaker}: "{text}"'))


def _title(view: ProjectView, theme_id: int) -> str:
    from rich.markup import escape

    return escape(common.printable(view.title(theme_id)))


def compare(
    a: int = typer.Argument(..., help="First theme id."),
    b: int = typer.Argument(..., help="Second theme id."),
    project: Path = PROJECT,
) -> None:
    """Compare two themes: the merge criterion that `suggest-merges` ranks by (with its
    verdict: merge, look closer or keep apart), keywords, closest quotes, borderline segments
    and spread."""
    from rich.markup import escape

    from themes.curation.compare import compare_themes
    from themes.curation.derived import view_vectors, words_for
    from themes.curation.view import load_view
    from themes.store.project import Project

    out = common.console()
    with Project.open(project) as store:
        view = load_view(store)
        common.warn_log(view.health, project)
        c = compare_themes(view, view_vectors(store, view), a, b, words=words_for(store, view))
    out.print(
        f"[bold]Theme {a}[/] {_title(view, a)}  vs  [bold]theme {b}[/] {_title(view, b)}",
        soft_wrap=True,
    )
    out.print(f"[bold]Suggestion: {escape(c.reason)}[/]", soft_wrap=True)
    sil = "n/a (too few segments)" if c.silhouette is None else f"{c.silhouette:.2f}"
    out.print(
        f"Centroid cosine {c.centroid_cosine:.2f}; silhouette of the two {sil} "
        "(cosine; near 0 or below: not separated, near 1: well apart)."
    )
    out.print(f"Keyword overlap (Jaccard of keyword words) {c.keyword_overlap:.2f}.")
    out.print(
        f"Closer to the other theme's centre: {c.a_closer_to_b:.0%} of {a}, "
        f"{c.b_closer_to_a:.0%} of {b}."
    )
    for s in c.spreads:
        out.print(
            f"Theme {s.theme_id}: {s.size} segments, "
            f"{voices(s.n_participants, s.n_transcripts)}, largest voice {s.top_share:.0%}, "
            f"cohesion {s.cohesion:.2f}."
        )
    out.print(f"Shared keywords: {', '.join(c.shared_keywords) or '-'}")
    out.print(f"Only {a}: {', '.join(c.a_keywords) or '-'}")
    out.print(f"Only {b}: {', '.join(c.b_keywords) or '-'}")
    out.print("\n[bold]Closest quote pairs[/]")
    for pair in c.closest_pairs:
        out.print(f"  {pair.similarity:.2f}")
        out.print("    " + quote_line(view.segments[pair.a]))
        out.print("    " + quote_line(view.segments[pair.b]))
    out.print(
        "\n[bold]Most borderline segments[/] (margin: cosine to own centre minus the other's)"
    )
    for m in c.borderline:
        out.print(
            f"  in {m.theme_id}, margin {m.margin:.2f}: " + quote_line(view.segments[m.segment_id])
        )
    if c.suggestion != "keep apart":
        out.print(f'\nTo merge: themes merge {a} {b} --name "..." --project {project}')


def suggest_merges(
    top: int = typer.Option(10, "--top", "-n", min=1, help="How many pairs to show."),
    project: Path = PROJECT,
) -> None:
    """Rank pairs of themes likely to be one theme by the merge criterion `compare` uses: the
    share of their segments' nearest segments in other themes that lie in the other one
    (merge at 35 % or more, look closer from 25 %)."""
    from rich.table import Table

    from themes.curation.compare import suggest_merges as rank
    from themes.curation.criterion import CLOSE_SHARE, MERGE_SHARE, K
    from themes.curation.derived import view_vectors
    from themes.curation.view import load_view
    from themes.store.project import Project

    with Project.open(project) as store:
        view = load_view(store)
        common.warn_log(view.health, project)
        pairs = rank(view, view_vectors(store, view), top)
    table = Table(title=f"Top {len(pairs)} candidate merges", expand=True)
    for col in ("A", "B", "share", "verdict", "cosine", "shared keywords", "names"):
        table.add_column(col, overflow="fold")
    for p in pairs:
        table.add_row(
            str(p.a),
            str(p.b),
            f"{p.score:.0%}",
            p.verdict,
            f"{p.centroid_cosine:.2f}",
            common.plain(", ".join(p.shared_keywords)),
            common.plain(f"{view.title(p.a)} | {view.title(p.b)}"),
        )
    out = common.console()
    out.print(table)
    out.print(
        f"share: of the two themes' segments' {K} nearest segments in other themes, the share "
        f"in the other one (mean of both); merge at {MERGE_SHARE:.0%} or more, look closer "
        f"from {CLOSE_SHARE:.0%}; cosine: of their centres.",
        markup=False,
        soft_wrap=True,
    )
    out.print("Look closer with: themes compare A B --project " + str(project), markup=False)


def compare_segment(
    segment: str = typer.Argument(..., help="Segment id, TRANSCRIPT:LINE."),
    top: int = typer.Option(3, "--top", "-n", min=1, help="How many themes to show."),
    project: Path = PROJECT,
) -> None:
    """The themes nearest to one segment, each with its closest exemplars (one incident
    compared with the themes)."""
    from themes.curation.compare import compare_segment as nearest
    from themes.curation.derived import view_vectors
    from themes.curation.view import load_view
    from themes.store.project import Project

    out = common.console()
    with Project.open(project) as store:
        view = load_view(store)
        common.warn_log(view.health, project)
        result = nearest(view, view_vectors(store, view), segment, top)
    now = "unassigned" if result.theme_id is None else f"theme {result.theme_id}"
    out.print(quote_line(view.segments[segment], 600))
    out.print(f"Now: {now} ({view.assignments[segment].assigned_by or 'not assigned'}).")
    for near in result.nearest:
        out.print(
            f"\n[bold]Theme {near.theme_id}[/] {view.title(near.theme_id)}: "
            f"cosine to its centre {near.similarity:.2f}"
        )
        for seg_id, sim in near.exemplars:
            out.print(f"  {sim:.2f} " + quote_line(view.segments[seg_id]))
    out.print(f"\nTo move it: themes move {segment} THEME --project {project}")
