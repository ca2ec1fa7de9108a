"""The typer app: the only place that prints to the terminal or exits.

Each command group lives in its own module and registers itself on the app (`make_app`).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import typer

from themes import __version__
from themes.cli.params import install as install_plain_params

# The modules that register commands, and which registers each command: `main` builds only the
# module it needs (building every command costs more than some of them take to run); a test
# holds the table to what the modules register. A new command module goes in both.
MODULES = (
    "ingest_cmd",
    "run_cmd",
    "themes_cmd",
    "show_cmd",
    "report_cmd",
    "compare_cmd",
    "curate_cmd",
    "add_cmd",
    "check_cmd",
    "agreement_cmd",
    "model_cmd",
    "map_cmd",
    "code_cmd",
    "matrix_cmd",
    "contexts_cmd",
)
COMMANDS = {
    **dict.fromkeys(("ingest",), "ingest_cmd"),
    **dict.fromkeys(("run",), "run_cmd"),
    **dict.fromkeys(("list", "export"), "themes_cmd"),
    **dict.fromkeys(("show",), "show_cmd"),
    **dict.fromkeys(("report",), "report_cmd"),
    **dict.fromkeys(("compare", "suggest-merges", "compare-segment"), "compare_cmd"),
    **dict.fromkeys(
        ("history", "undo", "merge", "split", "rename", "define", "move", "exclude", "discard"),
        "curate_cmd",
    ),
    **dict.fromkeys(("memo",), "curate_cmd"),
    **dict.fromkeys(("add", "saturation"), "add_cmd"),
    **dict.fromkeys(("check",), "check_cmd"),
    **dict.fromkeys(("agreement",), "agreement_cmd"),
    **dict.fromkeys(("model",), "model_cmd"),
    **dict.fromkeys(("map",), "map_cmd"),
    **dict.fromkeys(("code",), "code_cmd"),
    **dict.fromkeys(("matrix",), "matrix_cmd"),
    **dict.fromkeys(("compare-contexts", "cooccurrence"), "contexts_cmd"),
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"themes {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Find candidate themes in interview transcripts, keep the analyst in charge."""


def make_app(modules: Sequence[str] = MODULES) -> typer.Typer:
    """The typer app with the commands of `modules` (default: every command)."""
    made = typer.Typer(
        name="themes",
        help="Find candidate themes in interview transcripts, keep the analyst in charge.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_show_locals=False,  # never print transcript text from locals
        rich_markup_mode=None,
    )
    made.callback()(_root)
    for name in modules:
        importlib.import_module(f"themes.cli.{name}").register(made)
    return made


app: typer.Typer  # every command: made when first asked for (`__getattr__`)


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        globals()["app"] = made = make_app()
        return made
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


install_plain_params()  # typer converts values without pydantic where it need not use it


def main() -> None:
    """Console entry point: usage mistakes, library errors and anything unexpected each end
    in a short message and a documented exit code (`themes.cli.exits`). A command is run by
    an app that holds its own module only; anything else (help, a mistyped command) by the
    whole app."""
    from themes.cli.exits import run

    argv = sys.argv[1:]
    module = COMMANDS.get(argv[0]) if argv else None
    sys.exit(run(make_app((module,)) if module is not None else make_app()))
