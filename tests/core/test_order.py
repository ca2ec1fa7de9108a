"""Natural order: numbers inside text compared by value (decimals too), text without regard to
case, ISO dates in time order, and every key comparable with every other."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from themes.core.order import natural_key


def ordered(values: list[str]) -> list[str]:
    return sorted(values, key=natural_key)


@pytest.mark.parametrize(
    "expected",
    [
        ["1", "1.5", "2", "10"],
        ["1.25", "1.5"],
        ["0.5", "1", "1.05", "1.5", "1.55", "2.0", "10"],
        ["P2", "P10"],
        ["P1:9", "P1:10"],
        ["P2:9", "P2:9a", "P2:10", "P10:1"],
        ["2021-03-09", "2021-03-10", "2021-04-01", "2022-01-01"],
        ["2021-3-9", "2021-3-10", "p1", "P1b", "P2", "P10"],
        ["2021-03-09 9:05", "2021-03-09 10:00"],
        ["Site 1", "site 2", "Site 10"],
        ["1.2.3", "1.2.10", "1.10.1"],  # a dotted chain is whole numbers, not decimals
        ["10.0.0.2", "10.0.0.10"],
        ["", "0", "a"],
    ],
)
def test_examples(expected: list[str]) -> None:
    assert ordered(list(reversed(expected))) == expected
    assert ordered(sorted(expected)) == expected


def test_text_parts_ignore_case() -> None:
    assert ordered(["b", "A", "c", "B"]) in (["A", "B", "b", "c"], ["A", "b", "B", "c"])
    assert natural_key("Trust")[0] == natural_key("trust")[0]


def test_equal_values_keep_a_fixed_order() -> None:
    """Strings that read the same get different keys, so the result never depends on the
    order they came in."""
    same = ["01", "1", "1.0", "1.00", "001"]
    assert ordered(same) == ordered(list(reversed(same)))
    assert len({natural_key(s) for s in same}) == len(same)
    assert natural_key("1")[0] == natural_key("01")[0] == natural_key("1.0")[0]


def test_numbers_before_text_and_mixed_keys_compare() -> None:
    values = ["x", "5", "x5", "5x", "-1", "", "5.5", "a1.5b", "1.5.", ":"]
    assert ordered(values)[:5] == ["", "1.5.", "5", "5x", "5.5"]
    assert ordered(values) == ordered(list(reversed(values)))


def test_huge_numbers_and_other_digits() -> None:
    big = "9" * 10_000  # past Python's int-from-text limit: never converted to int
    assert ordered([big, "1" + big, "8"]) == ["8", big, "1" + big]
    assert natural_key("P\u0663")[0] == natural_key("P3")[0]  # Arabic-Indic three
    assert ordered(["P\uff11\uff10", "P2"]) == ["P2", "P\uff11\uff10"]  # full-width 10


@given(st.lists(st.text(max_size=12)))
def test_sorting_any_text_never_raises_and_is_total(values: list[str]) -> None:
    forward = ordered(values)
    assert forward == ordered(list(reversed(values)))
    assert forward == ordered(forward)
    keys = [natural_key(v) for v in forward]
    assert all(a <= b for a, b in zip(keys, keys[1:], strict=False))


@given(st.text(), st.text())
def test_keys_are_equal_only_for_equal_text(a: str, b: str) -> None:
    assert (natural_key(a) == natural_key(b)) == (a == b)
    assert (natural_key(a) < natural_key(b)) != (natural_key(b) <= natural_key(a))


_digits = st.text(alphabet="0123456789", min_size=1, max_size=6)
_sep = st.sampled_from(["", " ", "-", ":", "a", "P", "."])


@given(st.lists(st.tuples(_sep, _digits), min_size=1, max_size=4), st.text(max_size=3))
def test_numbers_inside_text_compare_by_value(parts: list[tuple[str, str]], tail: str) -> None:
    """Changing one whole number of a string moves it the way the numbers compare."""
    bits = [f"{s}{d}" for s, d in parts]
    text = "x" + "|".join(bits) + "|" + tail
    bigger = "x" + "|".join([*bits[:-1], f"{parts[-1][0]}{int(parts[-1][1]) + 1}"]) + "|" + tail
    if "." not in text and "." not in bigger:
        assert natural_key(text) < natural_key(bigger)


@given(
    st.decimals(min_value=0, max_value=10**6, places=3),
    st.decimals(min_value=0, max_value=10**6, places=3),
)
def test_decimals_compare_by_value(a: object, b: object) -> None:
    x, y = f"v {a}", f"v {b}"
    if a != b:
        assert (natural_key(x) < natural_key(y)) == (a < b)  # type: ignore[operator]
