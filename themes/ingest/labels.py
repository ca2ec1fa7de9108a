"""Speaker labels at the start of a line: ``Name: text``, ``[00:01:02] Name: text``, ``NAME:``.

A label is a short name (1-4 words, at most 40 characters of letters, digits, spaces and
``._-'``) before a colon that is followed by a space or the end of the line (Markdown bold
``**Name:**`` or ``**Name**:`` is fine). A name of
several words must look like a name (every word capitalised or a number, e.g. ``Peer
Worker 2``), so a sentence such as ``What I said was: ...`` is not taken for a label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_LABEL_RE = re.compile(
    rf"^\s*(?:[\[(](?P<ts>{_TIME})[\])]\s*|(?P<ts2>{_TIME})\s+)?"
    # A name never ends in a space, so it and the spaces before the colon cannot trade
    # characters: matching costs the length of the line's start, not its square.
    r"(?P<em>\*\*|__)?(?P<name>[^\W_](?:[\w.'’\- ]{0,38}[\w.'’\-])?)\s*(?P=em)?:(?:\*\*|__)?"
    r"(?=\s|$)\s*"
)
_PARTICLES = {"de", "da", "di", "du", "del", "der", "den", "van", "von", "la", "le", "al", "bin"}
MAX_LABEL_CHARS = 40
MAX_LABEL_WORDS = 4
MAX_SCAN = 160  # a label (with its time stamp and spaces) lies within this many characters


@dataclass(frozen=True)
class Label:
    name: str
    end: int  # offset in the line where the speech starts
    time: float | None


def match_label(line: str) -> Label | None:
    """The speaker label at the start of `line`, or None. Only the start of the line is
    looked at, so a line of any length costs the same."""
    if ":" not in line[:MAX_SCAN]:
        return None
    m = _LABEL_RE.match(line, 0, MAX_SCAN)
    if m is None:
        return None
    name = " ".join(m.group("name").strip("_").split())
    if not _looks_like_name(name):
        return None
    stamp = m.group("ts") or m.group("ts2")
    return Label(name=name, end=m.end(), time=parse_time(stamp) if stamp else None)


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not words or len(words) > MAX_LABEL_WORDS or len(name) > MAX_LABEL_CHARS:
        return False
    if len(words) == 1:
        return True
    return all(w[0].isupper() or w[0].isdigit() or w in _PARTICLES for w in words)


def parse_time(stamp: str) -> float:
    """``01:02:03.5``, ``1:02`` or ``00:00:01,000`` -> seconds."""
    parts = stamp.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds
