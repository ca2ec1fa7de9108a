"""Command-line values without pydantic where typer does not need it.

typer (0.29) converts every parameter through a pydantic `TypeAdapter`, so any command with
a parameter loads pydantic and builds adapters: about 0.1 s, a third of what a curation
command may take. `install` puts a plain conversion in front of typer's for the values our
commands take most (text, whole numbers, paths, lists of them): a value it is sure of is
converted exactly as typer would (paths by typer's own checks); anything else (a number out
of range, an odd spelling, an enum, a file to open) goes to typer's own conversion, so every
message about a wrong value is typer's. Without typer's internals (another typer version)
nothing is installed and typer works as it always does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

_WHOLE = re.compile(r"-?(0|[1-9][0-9]*)")
_UNSURE = object()


def install() -> bool:
    """Put the plain conversion in front of typer's; whether it could be."""
    try:
        import typer.core as core
        from typer._coercion import RuntimeParam
        from typer._param_types import coerce_cli_path
    except ImportError:
        return False
    found = getattr(core, "build_runtime_param", None)
    if found is None or getattr(found, "_themes_plain", False):
        return False
    original: Callable[[Any], Any] = found

    @dataclass(frozen=True)
    class PlainParam(RuntimeParam):
        descriptor: Any

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            found = _plain(self.descriptor, value, param, ctx, coerce_cli_path)
            if found is _UNSURE:
                return original(self.descriptor)._coerce_value(value, param=param, ctx=ctx)
            return found

    def build(descriptor: Any) -> Any:
        if descriptor.file_annotation is None and _kind(descriptor) is not None:
            return PlainParam(
                parameter_info=descriptor.parameter_info,
                annotation=descriptor.annotation,
                descriptor=descriptor,
            )
        return original(descriptor)

    build._themes_plain = True  # type: ignore[attr-defined]
    setattr(core, "build_runtime_param", build)  # noqa: B010 (not an attribute typer exports)
    return True


def _kind(descriptor: Any) -> str | None:
    """``str``, ``bool``, ``int`` or ``path`` (or ``list:`` one of them) when handled here."""
    info = descriptor.parameter_info
    if info.parser is not None or getattr(info, "clamp", False):
        return None
    annotation = descriptor.annotation
    prefix = ""
    if get_origin(annotation) is list:
        args = get_args(annotation)
        if len(args) != 1:
            return None
        annotation, prefix = args[0], "list:"
    if annotation is str:
        return prefix + "str"
    if annotation is bool:
        return prefix + "bool"
    if annotation is int:
        return prefix + "int"
    if annotation is Path and info.path_type is None and not info.allow_dash:
        return prefix + "path"
    return None


def _plain(descriptor: Any, value: Any, param: Any, ctx: Any, check_path: Any) -> Any:
    kind = _kind(descriptor)
    if kind is None:
        return _UNSURE
    if kind.startswith("list:"):
        if not isinstance(value, list | tuple):
            return _UNSURE
        items = [
            _leaf(kind[5:], descriptor.parameter_info, v, param, ctx, check_path) for v in value
        ]
        return _UNSURE if any(i is _UNSURE for i in items) else items
    return _leaf(kind, descriptor.parameter_info, value, param, ctx, check_path)


def _leaf(kind: str, info: Any, value: Any, param: Any, ctx: Any, check_path: Any) -> Any:
    if kind == "str":
        return value if isinstance(value, str) else _UNSURE
    if kind == "bool":
        return value if isinstance(value, bool) else _UNSURE
    if kind == "int":
        if isinstance(value, str) and _WHOLE.fullmatch(value):
            number = int(value)
        elif type(value) is int:
            number = value
        else:
            return _UNSURE
        if (info.min is not None and number < info.min) or (
            info.max is not None and number > info.max
        ):
            return _UNSURE
        return number
    if isinstance(value, str | Path):  # typer's own checks (exists, file or folder...)
        return check_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
    return _UNSURE
