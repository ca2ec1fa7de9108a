"""The package's folders import one way: core <- ingest, store <- discovery <- curation <-
changemodel <- analysis <- report, export <- cli. Only the cli imports typer."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "themes"

_BELOW_OUTPUTS = {"core", "ingest", "store", "discovery", "curation", "changemodel", "analysis"}
ALLOWED: dict[str, set[str]] = {
    "core": {"core"},
    "ingest": {"core", "ingest"},
    "store": {"core", "store"},
    "discovery": {"core", "ingest", "store", "discovery"},
    "curation": {"core", "ingest", "store", "discovery", "curation"},
    "changemodel": {"core", "ingest", "store", "discovery", "curation", "changemodel"},
    "analysis": {"core", "ingest", "store", "discovery", "curation", "changemodel", "analysis"},
    "report": _BELOW_OUTPUTS | {"report"},
    "export": _BELOW_OUTPUTS | {"export"},
}
TOP_LEVEL_OK = {"__init__.py", "__main__.py"}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "themes":
                names.extend(f"themes.{alias.name}" for alias in node.names)
            else:
                names.append(node.module)
    return names


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_lives_in_a_part() -> None:
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name not in TOP_LEVEL_OK]
    assert loose == [], f"modules outside a part folder: {loose}"


def test_imports_point_one_way() -> None:
    wrong: list[str] = []
    for path in _modules():
        part = path.relative_to(PACKAGE).parts[0]
        if part not in ALLOWED:
            continue  # cli and the package's own __init__ may import anything
        for name in _imports(path):
            bits = name.split(".")
            if bits[0] != "themes" or len(bits) < 2 or bits[1] == "__version__":
                continue
            if bits[1] not in ALLOWED[part]:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert wrong == []


def test_only_the_cli_imports_typer() -> None:
    users = [
        str(p.relative_to(PACKAGE))
        for p in _modules()
        if p.relative_to(PACKAGE).parts[0] != "cli"
        and any(n.split(".")[0] == "typer" for n in _imports(p))
    ]
    assert users == []


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}
