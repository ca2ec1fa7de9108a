"""`themes ingest FOLDER`: read a folder of transcripts and show what was found."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from themes.cli.common import (
    CONFIG_OPTION,
    EXCLUDE_ROLE_OPTION,
    EXCLUDE_SPEAKER_OPTION,
    ROLE_OPTION,
    SET_OPTION,
    SPEAKER_OPTION,
    STRICT_OPTION,
    build_config,
    console,
    err_console,
    printable,
    printable_json,
)

FOLDER_ARGUMENT = typer.Argument(
    ...,
    help="Folder of transcripts (.txt .md .docx .odt .vtt .srt .csv).",
    exists=True,
    file_okay=False,
    readable=True,
)
JSON_OPTION = typer.Option(
    False, "--json", help="Print the summary as JSON on stdout (warnings go to stderr)."
)


def ingest(
    folder: Path = FOLDER_ARGUMENT,
    as_json: bool = JSON_OPTION,
    strict: bool = STRICT_OPTION,
    config: Path | None = CONFIG_OPTION,
    overrides: list[str] | None = SET_OPTION,
    speaker: list[str] | None = SPEAKER_OPTION,
    exclude_speaker: list[str] | None = EXCLUDE_SPEAKER_OPTION,
    role: list[str] | None = ROLE_OPTION,
    exclude_role: list[str] | None = EXCLUDE_ROLE_OPTION,
) -> None:
    """Read and segment a folder of transcripts and summarise it: transcripts, turns,
    segments, speakers and their roles, skipped files and warnings. Nothing is saved."""
    from themes.discovery.segment import segment_corpus
    from themes.ingest import ingest_folder
    from themes.ingest.summary import summarise

    cfg = build_config(config, overrides, speaker, exclude_speaker, role, exclude_role)
    corpus = ingest_folder(folder, cfg, strict=strict)
    summary = summarise(corpus, segment_corpus(corpus, cfg))
    if as_json:
        for warning in summary.warnings:
            err_console().print(f"warning: {printable(warning)}", markup=False)
        typer.echo(printable_json(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False)))
    else:
        _render(_printable(summary.to_dict()))


def _printable(value: Any) -> Any:
    """The summary with every string safe for the terminal (names may hold escape codes)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {_printable(k): _printable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_printable(v) for v in value]
    return value


def _render(summary: dict[str, Any]) -> None:
    from rich.table import Table

    out = console()
    table = Table(title=f"Transcripts in {summary['folder']}")
    columns = ("id", "format", "turns", "segments", "clustered", "words", "speakers")
    for name in columns:
        table.add_column(
            name, justify="right" if name in ("turns", "segments", "clustered", "words") else "left"
        )
    for row in summary["transcripts"]:
        table.add_row(*(str(row[c]) for c in columns[:-1]), ", ".join(row["speakers"]))
    totals = summary["totals"]
    table.add_section()
    table.add_row(
        f"total: {totals['transcripts']}",
        "",
        *(str(totals[c]) for c in ("turns", "segments", "clustered", "words")),
        "",
    )
    out.print(table)
    speakers = Table(title="Speakers")
    for name in ("speaker", "role", "turns", "segments", "clustered"):
        speakers.add_column(name, justify="left" if name in ("speaker", "role") else "right")
    for row in summary["speakers"]:
        speakers.add_row(
            *(str(row[k]) for k in ("speaker", "role", "turns", "segments", "clustered"))
        )
    out.print(speakers)
    if summary["not_clustered"]:
        reasons = ", ".join(f"{k}: {v}" for k, v in summary["not_clustered"].items())
        out.print(f"Segments kept for context but not clustered: {reasons}", markup=False)
    if summary["skipped"]:
        out.print(f"Skipped files ({len(summary['skipped'])}):")
        for item in summary["skipped"]:
            out.print(f"  {item['source']}: {item['reason']}", markup=False)
    if summary["warnings"]:
        out.print(f"Warnings ({len(summary['warnings'])}):")
        for warning in summary["warnings"]:
            out.print(f"  {warning}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
