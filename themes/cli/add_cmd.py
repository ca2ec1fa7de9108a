"""`themes add` (new transcripts against the current themes) and `themes saturation`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from themes.cli import common
from themes.cli.common import PROJECT_OPTION as PROJECT

if TYPE_CHECKING:
    from themes.discovery.embed import Embedder

FOLDER = typer.Argument(
    ..., help="Folder with the new transcripts.", exists=True, file_okay=False, readable=True
)
CSV_OUT = typer.Option(None, "--csv", help="Also write the curve as CSV.")


def register(app: typer.Typer) -> None:
    app.command("add")(add)
    app.command("saturation")(saturation)


def add(
    folder: Path = FOLDER,
    project: Path = PROJECT,
    threshold: float = typer.Option(
        None,
        "--threshold",
        min=0.0,
        max=1.0,
        help="Cosine to a theme's centre needed to join it (default: curate.add_threshold).",
    ),
    min_size: int = typer.Option(
        3, "--min-size", min=1, help="Smallest new candidate theme from novel segments."
    ),
    analyst: str = typer.Option(
        None, "--analyst", help="Who adds (default: $THEMES_ANALYST, else the OS user)."
    ),
    memo: str = typer.Option("", "--memo", "-m", help="Why: a memo kept with the event."),
    strict: bool = common.STRICT_OPTION,
) -> None:
    """Add transcripts: each new segment joins the closest current theme when close enough,
    otherwise it is novel; novel segments form new candidate themes (ids above every id used)
    when enough of them agree. Uses the run's settings; recorded as one event (undo-able)."""
    from themes.curation.add import add_transcripts

    result = add_transcripts(
        project,
        folder,
        embedder=_embedder(),
        analyst=analyst,
        threshold=threshold,
        min_new_theme_size=min_size,
        strict=strict,
        memo=memo,
    )
    out = common.console()
    for warning in result.warnings:
        common.err_console().print(f"[yellow]warning:[/] {warning}")
    if result.already_in_project:
        common.err_console().print(
            f"[yellow]skipped:[/] already in the project: {', '.join(result.already_in_project)}"
        )
    for row in result.transcripts:
        out.print(
            f"{row.transcript_id}: {row.n_segments} segments, {row.n_fit} fit existing themes, "
            f"{row.n_novel} novel, {row.n_new_themes} new candidate theme(s)."
        )
    ids = ", ".join(map(str, result.new_theme_ids)) or "none"
    out.print(
        f"Event {result.event_id} (batch {result.batch}): new candidate themes: {ids}; "
        f"{result.n_unassigned} novel segments left unassigned."
    )
    out.print(f"See the curve: themes saturation --project {project}")


def _embedder() -> Embedder | None:
    """None: the run's model. Tests replace this to use a fake embedder."""
    return None


def saturation(
    project: Path = PROJECT,
    order: str = typer.Option(
        "added",
        "--order",
        "-o",
        metavar="added|id|FIELD",
        help="Order of the transcripts: added (the initial run, then each `themes add`), id "
        "(natural order: P2 before P10), or a metadata field such as an interview date (ISO "
        "dates sort in time).",
    ),
    csv_out: Path = CSV_OUT,
) -> None:
    """What each transcript brings that no earlier one did: new themes (only those that pass
    the run's size and spread rules and are not a near-duplicate of an earlier theme, by the
    merge criterion of `themes compare`) and new codes (change-model elements first evidenced
    by a code or a mapping). When later transcripts bring nothing new, the analysis nears
    saturation."""
    from rich.table import Table

    from themes.curation.derived import view_vectors
    from themes.curation.saturation import element_evidence
    from themes.curation.saturation import saturation as curve
    from themes.curation.view import load_view
    from themes.store.project import Project

    with Project.open(project) as store:
        view = load_view(store)
        common.warn_log(view.health, project)
        codes = element_evidence(store, view)
        points = curve(
            view,
            store.transcript_batches(),
            order=order,
            vectors=view_vectors(store, view),
            codes=codes,
        )
    table = Table(title=f"Saturation: transcripts in {order} order")
    table.add_column("#", justify="right")
    table.add_column("transcript", no_wrap=True)
    if order not in ("added", "id"):
        table.add_column(order)
    columns = ["batch", "segments", "fit", "unassigned", "new themes", "themes"]
    columns += ["new codes", "codes"] if codes is not None else []
    for col in columns:
        table.add_column(col, justify="right")
    table.add_column("not counted (first voiced here)")
    for p in points:
        cells = [str(p.position), common.printable(p.transcript_id)]
        if order not in ("added", "id"):
            cells.append(common.printable(p.order_value or "(no value)"))
        cells += [
            str(p.batch),
            str(p.n_segments),
            str(p.n_fit),
            str(p.n_unassigned),
            str(p.n_new_themes),
            str(p.n_themes),
        ]
        if codes is not None:
            cells += [str(p.n_new_codes), str(p.n_codes)]
        cells.append("; ".join(f"{tid}: {why}" for tid, why in p.not_counted))
        table.add_row(*(common.plain(c) for c in cells))
    common.console().print(table)
    if csv_out is not None:
        import csv
        import io
        from dataclasses import asdict

        from themes.core.atomic import write_atomic
        from themes.export.tables import safe_cell

        buffer = io.StringIO(newline="")
        rows = [_flat(asdict(p)) for p in points]
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["position"])
        writer.writeheader()
        writer.writerows({k: safe_cell(v) for k, v in r.items()} for r in rows)
        write_atomic(csv_out, buffer.getvalue())
        common.err_console().print(f"Wrote {csv_out}")


def _flat(row: dict[str, object]) -> dict[str, object]:
    """A CSV row: lists joined with "; " (theme ids, codes, themes not counted and why)."""
    out: dict[str, object] = {}
    for key, value in row.items():
        if key == "not_counted":
            value = "; ".join(f"{tid}: {why}" for tid, why in value)  # type: ignore[attr-defined]
        elif isinstance(value, tuple):
            value = "; ".join(map(str, value))
        out[key] = "" if value is None else value
    return out
