"""Change models: `themes model check` and `themes model import`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from themes.cli import common

if TYPE_CHECKING:
    from themes.changemodel.elements import ChangeModel

model_app = typer.Typer(
    name="model",
    help="Change models: the mechanisms and conditions that themes and segments are mapped "
    "onto. Check a change-model file, or import a codebook made elsewhere.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    app.add_typer(model_app, name="model")


@model_app.command("check")
def check(
    model: str = typer.Argument(
        ...,
        metavar="FILE|NAME",
        help="A change-model YAML file, or the name of a shipped one (e.g. gillard2014).",
    ),
) -> None:
    """Validate a change model and print its tree: ids, names, which elements are codable
    and which provisional, and the counts. A bad file gets the line and field of each
    problem and exits with code 2."""
    from themes.changemodel.yaml_file import load_model, resolve_model

    path = resolve_model(model)
    loaded = load_model(path)
    print_tree(loaded)
    flats = loaded.walk()
    codable = sum(f.element.codable for f in flats)
    provisional = sum(f.element.provisional for f in flats)
    common.console().print(
        f"{path}: valid. {_count(len(flats), 'element')} ({codable} codable, "
        f"{_count(len(flats) - codable, 'category', 'categories')}, {provisional} provisional), "
        f"{_count(len(loaded.links), 'link')}.",
        markup=False,
        soft_wrap=True,
    )


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def print_tree(model: ChangeModel) -> None:
    """The model's heading, each element indented under its parent, then its links."""
    out = common.console()
    version = f", version {model.version}"
    source = f" ({model.source})" if model.source else ""
    out.print(f"{model.name}{version}{source}", markup=False, soft_wrap=True, style="bold")
    for flat in model.walk():
        marks = [] if flat.element.codable else ["category, not codable"]
        if flat.element.provisional:
            marks.append("provisional")
        tail = f"  [{'; '.join(marks)}]" if marks else ""
        indent = "  " * (flat.depth + 1)
        out.print(f"{indent}{flat.id}: {flat.element.name}{tail}", markup=False, soft_wrap=True)
    for link in model.links:
        out.print(f"  link: {link.from_} -> {link.to} ({link.kind})", markup=False)


@model_app.command("import")
def import_(
    codebook: Path = typer.Argument(
        ...,
        metavar="CODEBOOK",
        help="A CSV codebook: columns code,description; optional parent (the code it sits "
        "under) and examples (several separated by '|'; a ';' stays part of the text). Or a "
        "REFI-QDA codebook (.qdc) or project (.qdpx) exported by NVivo, ATLAS.ti, MAXQDA or "
        "QualCoder.",
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write the change model here (default: print it)."
    ),
    name: str | None = typer.Option(
        None, "--name", help="The change model's name (default: the codebook's file name)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite --out if it exists."),
) -> None:
    """Make a change-model YAML file from a codebook made elsewhere: every code becomes a
    codable element with an id made from its name, under its parent if it has one. An
    optional exclude column (near misses, separated by '|') fills the exclusions; other
    columns are ignored. From a REFI-QDA codebook (.qdc, or the codebook of a .qdpx project)
    codes become elements, codes that are not codable become categories, and each code's
    description its description."""
    from themes.changemodel.codebook import import_codebook
    from themes.changemodel.yaml_file import dump_model, save_model
    from themes.core.errors import OutputError

    imported = import_codebook(codebook, name)
    for note in imported.notes:
        common.warn("note", note)
    header = (
        f"Change model imported from {codebook.name} by `themes model import`.\n"
        "Check and edit the descriptions, examples and exclusions; then run "
        "`themes model check` on this file."
    )
    if out is None:
        typer.echo(dump_model(imported.model, header), nl=False)
        return
    if out.exists() and not force:
        raise OutputError(f"{out}: already exists; pass --force to overwrite it.")
    save_model(imported.model, out, header)
    print_tree(imported.model)
    flats = imported.model.walk()
    common.console().print(
        f"wrote {out}: {len(flats)} elements from {codebook.name}.", markup=False, soft_wrap=True
    )
