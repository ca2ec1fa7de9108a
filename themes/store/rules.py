"""Strict checks of JSON values against a small schema, in plain Python (what the event
payloads of `themes.store.payloads` are made of).

A `Rule` checks one value where it sits (`Loc`, e.g. ``("parts", 0, "id")``), returns it in
its typed form (lists become tuples, objects payload values) and records what is wrong in
`Problems`. Nothing is coerced: a number is never a string nor a boolean a number, a float is
never an integer. Reasons name the place and the rule in the words pydantic uses, never the
value, so they can be printed without quoting what a damaged row holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import MISSING, fields
from typing import Any, ClassVar, TypeVar

Loc = tuple[str | int, ...]
Problems = list[tuple[Loc, str]]
Rule = Callable[[Any, Loc, Problems], Any]
MOST = 3  # reasons listed before "(and N more)"

_P = TypeVar("_P", bound="Payload")


def integer(ge: int | None = None) -> Rule:
    def rule(value: Any, loc: Loc, problems: Problems) -> Any:
        if type(value) is not int:
            problems.append((loc, "Input should be a valid integer"))
        elif ge is not None and value < ge:
            problems.append((loc, f"Input should be greater than or equal to {ge}"))
        return value

    return rule


def number() -> Rule:
    def rule(value: Any, loc: Loc, problems: Problems) -> Any:
        if type(value) not in (int, float):
            problems.append((loc, "Input should be a valid number"))
            return value
        return float(value)

    return rule


def text(min_length: int = 0, pattern: str | None = None) -> Rule:
    compiled = re.compile(pattern) if pattern is not None else None

    def rule(value: Any, loc: Loc, problems: Problems) -> Any:
        if type(value) is not str:
            problems.append((loc, "Input should be a valid string"))
        elif len(value) < min_length:
            s = "" if min_length == 1 else "s"
            problems.append((loc, f"String should have at least {min_length} character{s}"))
        elif compiled is not None and not compiled.search(value):
            problems.append((loc, f"String should match pattern '{pattern}'"))
        return value

    return rule


def nullable(inner: Rule) -> Rule:
    def rule(value: Any, loc: Loc, problems: Problems) -> Any:
        return None if value is None else inner(value, loc, problems)

    return rule


def either(*choices: Rule) -> Rule:
    """The first choice the value fits; when none does, what each choice found."""

    def rule(value: Any, loc: Loc, problems: Problems) -> Any:
        found: Problems = []
        for inner in choices:
            mine: Problems = []
            out = inner(value, loc, mine)
            if not mine:
                return out
            found.extend(mine)
        problems.extend(found)
        return value

    return rule


def choice(*values: str) -> Rule:
    words = [f"'{v}'" for v in values]
    said = ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else words[0]

    def rule(value: Any, loc: Loc, problems: Problems) -> Any:
        if type(value) is not str or value not in values:
            problems.append((loc, f"Input should be {said}"))
        return value

    return rule


def items(inner: Rule, min_length: int = 0) -> Rule:
    """An array of values that each fit `inner`, as a tuple."""

    def rule(value: Any, loc: Loc, problems: Problems) -> Any:
        if type(value) is not list:
            problems.append((loc, "Input should be a valid array"))
            return value
        out, fit = [], 0
        for i, item in enumerate(value):
            mine: Problems = []
            out.append(inner(item, (*loc, i), mine))
            fit += not mine
            problems.extend(mine)
        if fit < min_length:
            s = "" if min_length == 1 else "s"
            said = f"Tuple should have at least {min_length} item{s} after validation, not {fit}"
            problems.append((loc, said))
        return tuple(out)

    return rule


def row(*columns: Rule) -> Rule:
    """An array of exactly these values, one rule per position, as a tuple."""

    def rule(value: Any, loc: Loc, problems: Problems) -> Any:
        if type(value) is not list:
            problems.append((loc, "Input should be a valid array"))
            return value
        if len(value) > len(columns):
            n = len(columns)
            problems.append(
                (loc, f"Tuple should have at most {n} items after validation, not {len(value)}")
            )
            return value
        out = []
        for i, inner in enumerate(columns):
            if i >= len(value):
                problems.append(((*loc, i), "Field required"))
            else:
                out.append(inner(value[i], (*loc, i), problems))
        return tuple(out)

    return rule


def nested(schema: type[Payload]) -> Rule:
    def rule(value: Any, loc: Loc, problems: Problems) -> Any:
        return schema.read(value, loc, problems)

    return rule


class Payload:
    """A typed value checked against `RULES` (one rule per field of the dataclass), then
    against `check` (rules over several fields, which raise ValueError)."""

    RULES: ClassVar[Mapping[str, Rule]] = {}

    def check(self) -> None:
        """Rules over several fields; raise ValueError saying what is wrong."""

    @classmethod
    def read(cls: type[_P], value: Any, loc: Loc, problems: Problems) -> _P | None:
        if type(value) is not dict:
            problems.append((loc, "Input should be an object"))
            return None
        mine: Problems = []
        kwargs: dict[str, Any] = {}
        for f in fields(cls):  # type: ignore[arg-type]
            if f.name not in value:
                if f.default is MISSING:
                    mine.append(((*loc, f.name), "Field required"))
                continue
            kwargs[f.name] = cls.RULES[f.name](value[f.name], (*loc, f.name), mine)
        known = set(cls.RULES)
        mine.extend(((*loc, k), "Extra inputs are not permitted") for k in value if k not in known)
        if mine:
            problems.extend(mine)
            return None
        made = cls(**kwargs)
        try:
            made.check()
        except ValueError as exc:
            problems.append((loc, str(exc)))
            return None
        return made

    @classmethod
    def parse(cls: type[_P], data: Any) -> tuple[_P | None, str]:
        """The typed value and ``""``, or None and why (`reason`)."""
        problems: Problems = []
        made = cls.read(data, (), problems)
        return (made, "") if made is not None and not problems else (None, reason(problems))


def reason(problems: Problems, most: int = MOST) -> str:
    """What is wrong, by place (``parts.0.id: ...``), without the values."""
    found: list[str] = []
    for loc, text_ in problems:
        line = f"{'.'.join(str(x) for x in loc) or 'payload'}: {text_}"
        if line not in found:
            found.append(line)
    more = f" (and {len(found) - most} more)" if len(found) > most else ""
    return "; ".join(found[:most]) + more
