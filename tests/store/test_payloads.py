"""Event payloads are checked in plain Python (no pydantic on the way to a decision): the same
verdict and the same reasons as the pydantic schemas they replace, on valid payloads and on
every kind of damage; the payloads of bulk moves and exclusions and of discards."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from themes.store.payloads import (
    PAYLOADS,
    DiscardPayload,
    ExcludePayload,
    MovePayload,
    parse_payload,
)

sys.path.insert(0, str(Path(__file__).parent))
import pydantic_payloads as before  # noqa: E402

MODEL = "a" * 64
VALID: dict[str, dict[str, Any]] = {
    "merge": {"themes": [1, 2], "name": "Both"},
    "split": {
        "theme": 1,
        "parts": [{"id": 5, "segment_ids": ["P1:2"]}, {"id": 6, "segment_ids": []}],
    },
    "rename": {"theme": 1, "name": "x"},
    "define": {"theme": 1, "definition": "d", "include": "", "exclude": "e"},
    "move": {"segment": "P1:2", "theme": 3},
    "exclude": {"segment": "P1:2"},
    "memo": {"target": "theme", "id": 2},
    "add": {
        "transcripts": ["P9"],
        "assign": [["P9:1", 2, 0.7], ["P9:2", None, 0.1]],
        "new_themes": [{"id": 9, "segment_ids": ["P9:3"]}],
        "unassigned": ["P9:4"],
        "per_transcript": [
            {"transcript_id": "P9", "n_segments": 4, "n_fit": 1, "n_novel": 3, "n_new_themes": 1}
        ],
        "folder": "more",
        "threshold": 0.5,
        "min_new_theme_size": 3,
        "batch": 2,
    },
    "undo": {"event": 3},
    "map_set": {"theme": 1, "element": "trust", "model": MODEL},
    "map_clear": {"theme": 1, "element": None, "model": MODEL},
    "code_set": {"segment": "P1:2", "element": "trust", "model": MODEL},
    "code_clear": {"segment": "P1:2", "element": "risk.x", "model": MODEL},
}
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-2, 4)
    | st.floats(-2, 2, allow_nan=False)
    | st.sampled_from(["", "x", "P1:2", "theme", "project", "a b", MODEL, "trust"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["id", "segment_ids", "x"]), inner, max_size=2)
    ),
    max_leaves=5,
)


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A valid payload of some kind, then up to three changes: a value replaced (at the top
    or inside a list or object), a key dropped, a key added."""
    kind = draw(st.sampled_from(sorted(VALID)))
    payload: Any = __import__("copy").deepcopy(VALID[kind])
    for _ in range(draw(st.integers(0, 3))):
        node = payload
        while True:  # walk down to a list or an object
            keys = list(range(len(node))) if isinstance(node, list) else list(node)
            if not keys:
                break
            key = draw(st.sampled_from(keys))
            if isinstance(node[key], dict | list) and draw(st.booleans()):
                node = node[key]
                continue
            action = draw(st.sampled_from(["set", "drop", "add"]))
            if action == "set":
                node[key] = draw(VALUES)
            elif action == "drop":
                del node[key]
            elif isinstance(node, dict):
                node[draw(st.sampled_from(["extra", "id", "segments"]))] = draw(VALUES)
            else:
                node.append(draw(VALUES))
            break
    return kind, payload


@settings(max_examples=1500, deadline=None)
@given(damaged())
def test_plain_checks_say_what_the_pydantic_schemas_said(case: tuple[str, dict[str, Any]]) -> None:
    kind, payload = case
    if kind in ("move", "exclude") and "segments" in payload:
        return  # bulk moves and exclusions are new: checked below
    new_typed, new_reason = parse_payload(kind, payload)
    old_typed, old_reason = before.parse_payload(kind, payload)
    assert (new_typed is None) == (old_typed is None), (payload, new_reason, old_reason)
    if kind not in ("move", "exclude"):  # their one segment may now be a list: other words
        assert new_reason == old_reason
    if new_typed is not None:
        assert old_typed is not None
        for name, value in old_typed.model_dump().items():
            assert _plain(getattr(new_typed, name)) == _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def test_every_kind_of_the_pydantic_schemas_is_still_a_kind() -> None:
    assert set(before.PAYLOADS) <= set(PAYLOADS)
    assert set(PAYLOADS) - set(before.PAYLOADS) == {"discard"}


def test_moves_and_exclusions_of_several_segments_in_one_event() -> None:
    many = ["P1:2", "P1:3"]
    move, why = parse_payload("move", {"segments": many, "theme": 4})
    assert isinstance(move, MovePayload) and move.segment_ids() == tuple(many) and not why
    one, _ = parse_payload("move", {"segment": "P1:2", "theme": 4})
    assert isinstance(one, MovePayload) and one.segment_ids() == ("P1:2",)
    out, _ = parse_payload("exclude", {"segments": many})
    assert isinstance(out, ExcludePayload) and out.segment_ids() == tuple(many)
    for bad, reason in [
        ({"theme": 4}, "either one segment or a list"),
        ({"segment": "P1:2", "segments": many, "theme": 4}, "either one segment or a list"),
        ({"segments": [], "theme": 4}, "either one segment or a list"),
        ({"segments": ["P1:2", "P1:2"], "theme": 4}, "listed more than once"),
        ({"segments": ["P1:2", 3], "theme": 4}, "segments.1: Input should be a valid string"),
    ]:
        typed, why = parse_payload("move", bad)
        assert typed is None and reason in why


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({"theme": 3}, ""),
        ({}, "theme: Field required"),
        ({"theme": -1}, "theme: Input should be greater than or equal to 0"),
        ({"theme": "3"}, "theme: Input should be a valid integer"),
        ({"theme": 3, "why": "x"}, "why: Extra inputs are not permitted"),
    ],
)
def test_discard_names_one_theme(payload: dict[str, Any], reason: str) -> None:
    typed, why = parse_payload("discard", payload)
    assert why == reason and (typed is None) == bool(reason)
    if typed is not None:
        assert typed == DiscardPayload(theme=3)


def test_reasons_never_quote_values() -> None:
    secret = "the participant said something private"
    _, why = parse_payload("rename", {"theme": secret, "name": 5, "extra": secret})
    assert "private" not in why and "theme: Input should be a valid integer" in why
