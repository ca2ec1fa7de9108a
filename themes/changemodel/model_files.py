"""Where change-model files are: the shipped ones by name, or a YAML file by path. Plain
paths only (no YAML, no schema), so a command that finds a model the project already holds
loads neither."""

from __future__ import annotations

from pathlib import Path

from themes.core.errors import ChangeModelError
from themes.core.resources import data_dir

SUFFIXES = (".yaml", ".yml")


def shipped_dir() -> Path:
    """The folder of the change models that ship with `themes`."""
    return data_dir("themes.configs") / "change_models"


def shipped_models() -> list[str]:
    """Names of the shipped change models (`--model NAME`)."""
    return sorted(p.stem for p in shipped_dir().glob("*.yaml"))


def resolve_model(name_or_path: str | Path) -> Path:
    """A shipped model's name (``gillard2014``) or the path of a YAML file -> the file."""
    text = str(name_or_path)
    path = Path(text).expanduser()
    if path.is_file():
        return path
    looks_like_path = isinstance(name_or_path, Path) or "/" in text or "\\" in text
    if not looks_like_path and not text.endswith(SUFFIXES):
        shipped = shipped_dir() / f"{text}.yaml"
        if shipped.is_file():
            return shipped
    names = ", ".join(shipped_models()) or "none"
    if path.is_dir():
        raise ChangeModelError(f"{path}: is a folder; give a change-model YAML file.")
    raise ChangeModelError(
        f"{text}: no such change-model file and no shipped change model of that name "
        f"(shipped: {names}). Give the path of a YAML file or one of those names."
    )
