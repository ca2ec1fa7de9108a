"""Natural order for what a researcher reads: ids, metadata values, field names.

`natural_key` compares the numbers inside text by value (``P2`` before ``P10``, ``P1:9``
before ``P1:10``, ``1`` < ``1.5`` < ``2`` < ``10``, ``1.25`` before ``1.5``) and the text
between them without regard to case. ISO dates keep their time order (``2021-03-09`` before
``2021-03-10``). Only ``digits.digits`` is a decimal, and only when it is not part of a longer
dotted chain: ``1.2.3`` or ``10.0.0.10`` are read as whole numbers between dots. A minus sign
is text, never a sign. Numbers sort before text at the same place, and a string that is the
start of another sorts first (``P1`` before ``P1b``).

Every key compares with every other (no int-versus-str errors), and two different strings
never get equal keys: values that read the same (``1`` and ``01``, ``a`` and ``A``) are put
in a fixed order by their exact text, so a sort does not depend on the order it was given.
"""

from __future__ import annotations

import re
import unicodedata

# A part of a key: (kind, length of the whole number, whole number, fraction or text).
# Numbers: (0, len(whole), whole, fraction) with leading zeros of the whole and trailing
# zeros of the fraction dropped, so comparing the tuples compares the values. Text: (1, 0,
# casefolded text, "").
Part = tuple[int, int, str, str]
NaturalKey = tuple[tuple[Part, ...], str]

_NUMBER = re.compile(r"(?<!\d\.)(\d+)\.(\d+)(?!\d|\.\d)|(\d+)")
_NUMBER_KIND, _TEXT_KIND = 0, 1


def _ascii_digits(digits: str) -> str:
    return digits if digits.isascii() else "".join(str(unicodedata.decimal(c)) for c in digits)


def natural_key(text: str) -> NaturalKey:
    """A sort key putting `text` in natural, numeric-aware, case-insensitive order."""
    parts: list[Part] = []
    at = 0
    for match in _NUMBER.finditer(text):
        start = match.start()
        if start > at:
            parts.append((_TEXT_KIND, 0, text[at:start].casefold(), ""))
        whole, fraction, integer = match.groups()
        if integer is not None:
            whole, fraction = integer, ""
        whole = _ascii_digits(whole).lstrip("0")
        fraction = _ascii_digits(fraction).rstrip("0")
        parts.append((_NUMBER_KIND, len(whole), whole, fraction))
        at = match.end()
    if at < len(text):
        parts.append((_TEXT_KIND, 0, text[at:].casefold(), ""))
    return tuple(parts), text
