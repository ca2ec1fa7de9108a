"""From a place in a YAML document (a pydantic-style location such as
``("elements", 0, "children", 2, "id")``) to its line in the file, using the node tree that
``yaml.compose`` builds (every node keeps the mark where it starts)."""

from __future__ import annotations

import yaml

from themes.changemodel.elements import path_text


def locate(node: yaml.Node | None, loc: tuple[str | int, ...]) -> tuple[int | None, str | None]:
    """The 1-based line `loc` points at (for a missing field: the line of the mapping that
    lacks it; for an unknown field: the line of its key), and the id of the innermost element
    on the way, if any."""
    line = node.start_mark.line + 1 if node is not None else None
    element: str | None = None
    current = node
    for part in loc:
        if isinstance(current, yaml.MappingNode) and isinstance(part, str):
            element = _id_of(current) or element
            match = next(((k, v) for k, v in current.value if str(k.value) == part), None)
            if match is None:
                break  # a missing field, or a union member's name: stay at the mapping
            key, current = match
            line = key.start_mark.line + 1
            if not isinstance(current, (yaml.MappingNode, yaml.SequenceNode)):
                line = current.start_mark.line + 1
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(current.value):
                break
            current = current.value[part]
            line = current.start_mark.line + 1
        else:
            break
    if isinstance(current, yaml.MappingNode):
        element = _id_of(current) or element
    return line, element


def _id_of(mapping: yaml.MappingNode) -> str | None:
    for key, value in mapping.value:
        if key.value == "id" and isinstance(value, yaml.ScalarNode) and value.value:
            return str(value.value)
    return None


def describe(source: str, node: yaml.Node | None, loc: tuple[str | int, ...], message: str) -> str:
    """``FILE, line N, field PATH (element 'ID'): MESSAGE``."""
    line, element = locate(node, loc)
    where = f"{source}, line {line}" if line is not None else source
    field = path_text(loc) or "(top level)"
    about = f" (element {element!r})" if element else ""
    return f"{where}, field {field}{about}: {message}"
