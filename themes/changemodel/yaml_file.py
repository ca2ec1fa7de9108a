"""Change-model YAML files: find one by name or path, load it with errors that name the file,
line and field, and write one back (stable order; loading what was written gives the same
model)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from themes.changemodel.elements import (
    DEFER_CHECKS,
    ChangeModel,
    Element,
    Problem,
    path_text,
    problems,
)
from themes.changemodel.model_files import SUFFIXES as SUFFIXES  # where files are: there
from themes.changemodel.model_files import resolve_model as resolve_model
from themes.changemodel.model_files import shipped_dir as shipped_dir
from themes.changemodel.model_files import shipped_models as shipped_models
from themes.changemodel.yaml_lines import describe, locate
from themes.core.errors import ChangeModelError

MAX_BYTES = 5_000_000
EXAMPLE = "configs/change_models/gillard2014.yaml"


def load_model(name_or_path: str | Path) -> ChangeModel:
    """Read and validate a change model; `ChangeModelError` names the file, line and field."""
    path = resolve_model(name_or_path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ChangeModelError(
                f"{path}: {size:,} bytes is too large for a change model "
                f"(at most {MAX_BYTES:,}); is this the right file?"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ChangeModelError(f"{path}: cannot be read ({exc.strerror}).") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ChangeModelError(
            f"{path}, line {line}: not UTF-8 text. Save the file as UTF-8."
        ) from exc
    return parse_model(text, str(path))


def parse_model(text: str, source: str) -> ChangeModel:
    """Validate change-model YAML `text`; `source` names it in messages."""
    node, data = _compose(text, source)
    if not isinstance(data, dict):
        raise ChangeModelError(
            f"{source}: a change model is a mapping with name, version, source, elements and "
            f"links; see {EXAMPLE}."
        )
    found = [(line, f"{source}, line {line}, {text}") for line, text in _duplicate_keys(node, ())]
    model: ChangeModel | None = None
    try:
        model = ChangeModel.model_validate(data, context={DEFER_CHECKS: True})
    except ValidationError as exc:
        errors = exc.errors()
        nested = any(len(e["loc"]) > 1 and e["loc"][0] == "elements" for e in errors)
        for err in errors:
            if nested and err["type"] == "too_short" and tuple(err["loc"]) == ("elements",):
                continue  # pydantic's count of the elements left after the failing ones
            found.append(_described(source, node, _from_pydantic(err)))
    except RecursionError as exc:
        raise ChangeModelError(f"{source}: elements are nested too deeply.") from exc
    if model is not None:
        found.extend(_described(source, node, p) for p in problems(model))
    if found:
        _raise(source, found)
    assert model is not None
    return model


def _described(source: str, node: yaml.Node | None, problem: Problem) -> tuple[int, str]:
    line, _ = locate(node, problem.loc)
    return line or 0, describe(source, node, problem.loc, problem.message)


def _compose(text: str, source: str) -> tuple[yaml.Node | None, Any]:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark, begun = exc.problem_mark, exc.context_mark
        where = f", line {mark.line + 1}" if mark is not None else ""
        if begun is not None and (mark is None or begun.line != mark.line):
            where += f" (what is wrong began on line {begun.line + 1})"
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        raise ChangeModelError(
            f"{source}{where}: not valid YAML ({what}). Check the indentation there, and quote "
            "text that contains ': ', ' #' or starts with a special character."
        ) from exc
    except yaml.YAMLError as exc:
        raise ChangeModelError(f"{source}: not valid YAML ({exc}).") from exc
    except RecursionError as exc:
        raise ChangeModelError(f"{source}: nested too deeply to be a change model.") from exc
    finally:
        loader.dispose()
    return node, data


def _duplicate_keys(node: yaml.Node | None, loc: tuple[str | int, ...]) -> list[tuple[int, str]]:
    """YAML keeps the last of two equal keys without a word; a schema that rejects unknown keys
    should not let a field be given twice. (line, "field PATH: ...") for each repeat."""
    found: list[tuple[int, str]] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                field = path_text((*loc, name))
                found.append(
                    (key.start_mark.line + 1, f"field {field}: given twice; keep one of them")
                )
            seen.add(name)
            found.extend(_duplicate_keys(value, (*loc, name)))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            found.extend(_duplicate_keys(item, (*loc, i)))
    return found


def _from_pydantic(err: Any) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    msg = str(err["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        return Problem(loc, f"unknown field; {_allowed(loc[:-1])}. Fix its spelling or remove it")
    if kind == "missing":
        return Problem(loc, "this required field is missing; add it")
    if kind == "string_type":
        return Problem(loc, "should be text; put it in quotes (a bare 1, 2.0, yes or no is not)")
    if kind in {"bool_type", "bool_parsing"}:
        return Problem(loc, "should be true or false")
    if kind in {"tuple_type", "list_type"}:
        return Problem(loc, 'should be a list: ["...", "..."] or one "- ..." line per item')
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return Problem(loc, f"should be a mapping of fields (field: value); {_allowed(loc)}")
    if kind == "too_short" and loc[-1:] == ("elements",):
        return Problem(loc, "a change model needs at least one element")
    if kind == "string_too_short":
        return Problem(loc, "is empty; write some text or leave the field out")
    return Problem(loc, msg)


def _allowed(owner: tuple[str | int, ...]) -> str:
    """The fields allowed in the mapping at `owner`."""
    if owner == ():
        names = _fields(ChangeModel)
    elif len(owner) >= 2 and owner[-2] == "links":
        names = ["from", "to", "kind"]
    else:
        names = _fields(Element)
    return "allowed: " + ", ".join(names)


def _fields(cls: type[ChangeModel] | type[Element]) -> list[str]:
    return [info.alias or name for name, info in cls.model_fields.items()]


def _raise(source: str, found: list[tuple[int, str]]) -> None:
    found = sorted(found, key=lambda item: item[0])
    lines = [text for _, text in found[:20]]
    more = f"\n  ... and {len(found) - 20} more" if len(found) > 20 else ""
    head = f"{source}: not a valid change model ({len(found)} problem{'s' * (len(found) > 1)})"
    raise ChangeModelError(
        f"{head}:\n  " + "\n  ".join(lines) + more + f"\nSee {EXAMPLE} for a valid file."
    )


# -- writing -------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Multi-line text as ``|`` blocks, long text folded (``>``); lists indented under their
    key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else (">" if len(value) > 100 else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def model_data(model: ChangeModel) -> dict[str, Any]:
    """The model as plain data in the file's field order (empty optional lists left out)."""
    out: dict[str, Any] = {"name": model.name, "version": model.version}
    if model.source:
        out["source"] = model.source
    out["elements"] = [_element_data(e) for e in model.elements]
    if model.links:
        out["links"] = [{"from": x.from_, "to": x.to, "kind": x.kind} for x in model.links]
    return out


def _element_data(element: Element) -> dict[str, Any]:
    out: dict[str, Any] = {"id": element.id, "name": element.name}
    if element.description:
        out["description"] = element.description
    if element.examples:
        out["examples"] = list(element.examples)
    if element.exclude:
        out["exclude"] = list(element.exclude)
    out["codable"] = element.codable
    out["provisional"] = element.provisional
    if element.children:
        out["children"] = [_element_data(c) for c in element.children]
    return out


def dump_model(model: ChangeModel, header: str | None = None) -> str:
    """YAML text of `model`; `header` (may be several lines) goes first as comments."""
    body = yaml.dump(
        model_data(model), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )
    comments = "".join(f"# {line}".rstrip() + "\n" for line in _lines(header))
    return comments + body


def _lines(text: str | None) -> Iterator[str]:
    yield from (text.splitlines() if text else ())


def save_model(model: ChangeModel, path: Path, header: str | None = None) -> Path:
    """Write `model` to `path` atomically (readers see the old file or the new one)."""
    from themes.core.atomic import write_atomic

    return write_atomic(path, dump_model(model, header))
