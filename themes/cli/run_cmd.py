"""`themes run`: discover candidate themes in a folder of transcripts."""

from __future__ import annotations

from pathlib import Path

import typer

from themes.cli import common

# = themes.core.config.MAX_SEED, not imported from there: `themes --help` must not load the
# configuration's schema (a test holds the two equal)
MAX_SEED = 2**31 - 1


def register(app: typer.Typer) -> None:
    app.command("run")(run)


def run(
    folder: Path = typer.Argument(
        ...,
        help="Folder of transcripts (.txt .md .docx .odt .vtt .srt .csv).",
        exists=True,
        file_okay=False,
        readable=True,
    ),
    project: Path = typer.Option(
        ..., "--project", "-p", help="Project folder to create or update."
    ),
    model: str = typer.Option(
        None, "--model", help="Embedding model: a registry name or a local folder."
    ),
    seed: int = typer.Option(
        None,
        "--seed",
        min=0,
        max=MAX_SEED,
        help=f"Random seed, 0 to {MAX_SEED} (default from the config).",
    ),
    stability: int = typer.Option(
        None,
        "--stability",
        min=0,
        max=1000,
        help="Re-cluster N times (0-1000) and score each theme's stability.",
    ),
    force: bool = typer.Option(False, "--force", help="Cluster again even when nothing changed."),
    new_run: bool = typer.Option(
        False, "--new-run", help="Start a new run even though the latest holds analyst decisions."
    ),
    no_report: bool = typer.Option(False, "--no-report", help="Do not write the HTML report."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars."),
    config_file: Path = common.CONFIG_OPTION,
    overrides: list[str] = common.SET_OPTION,
    speaker: list[str] = common.SPEAKER_OPTION,
    exclude_speaker: list[str] = common.EXCLUDE_SPEAKER_OPTION,
    role: list[str] = common.ROLE_OPTION,
    exclude_role: list[str] = common.EXCLUDE_ROLE_OPTION,
    strict: bool = common.STRICT_OPTION,
) -> None:
    """Find candidate themes: ingest, segment, embed, reduce (UMAP), cluster (HDBSCAN), describe."""
    from themes.cli.progress import RichListener
    from themes.discovery.pipeline import run as run_pipeline

    extra = list(overrides or [])
    if model:
        extra.append(f"embed.model={model}")
    if seed is not None:
        extra.append(f"seed={seed}")
    if stability is not None:
        extra.append(f"stability.runs={stability}")
    cfg = common.build_config(config_file, extra, speaker, exclude_speaker, role, exclude_role)
    with RichListener(quiet=quiet) as listener:
        result = run_pipeline(
            folder, project, cfg, strict=strict, force=force, new_run=new_run, listener=listener
        )
    out = common.console()
    for warning in result.warnings:
        common.warn("warning", warning)
    for skipped in result.skipped:
        common.warn("skipped", f"{skipped.source}: {skipped.reason}")
    if result.reused:
        out.print(
            f"Nothing changed since run {result.run_id}: reusing it (use --force to cluster again)."
        )
    share = result.n_unassigned / max(result.n_clustered, 1)
    out.print(
        f"Run {result.run_id}: {result.n_transcripts} transcripts, {result.n_clustered} of "
        f"{result.n_segments} segments clustered, {result.n_themes} candidate themes, "
        f"{result.n_unassigned} unassigned ({share:.0%}), {result.n_attached} attached to the "
        "nearest theme."
    )
    if not result.reused:
        out.print(
            f"Embedded {result.n_embedded} new texts; the rest came from the project's cache."
        )
    if not no_report:
        from themes.report import write_report

        path = write_report(project, fmt="html")
        out.print(f"Report: {path}")
    out.print(f"Next: themes list --project {project}")
