"""The typer app: the only place that prints to the terminal or exits.

Each command group lives in its own module and registers itself on `app`.
"""

from __future__ import annotations

import sys

import typer

from themes import __version__

app = typer.Typer(
    name="themes",
    help="Find candidate themes in interview transcripts, keep the analyst in charge.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # never print transcript text from locals
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"themes {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Find candidate themes in interview transcripts, keep the analyst in charge."""


def _register() -> None:
    from themes.cli import (
        add_cmd,
        agreement_cmd,
        check_cmd,
        compare_cmd,
        contexts_cmd,
        curate_cmd,
        ingest_cmd,
        map_cmd,
        matrix_cmd,
        model_cmd,
        report_cmd,
        run_cmd,
        themes_cmd,
    )

    for module in (
        ingest_cmd,
        run_cmd,
        themes_cmd,
        report_cmd,
        compare_cmd,
        curate_cmd,
        add_cmd,
        check_cmd,
        agreement_cmd,
        model_cmd,
        map_cmd,
        matrix_cmd,
        contexts_cmd,
    ):
        module.register(app)


_register()


def main() -> None:
    """Console entry point: usage mistakes, library errors and anything unexpected each end
    in a short message and a documented exit code (`themes.cli.exits`)."""
    from themes.cli.exits import run

    sys.exit(run(app))
