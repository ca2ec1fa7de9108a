"""Turns from labelled lines, shared by the .txt/.md, .docx and .odt readers.

A *unit* is one line of a text file or one line of a document paragraph; its `start` is its
offset in the transcript text, so turn spans are slices of that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from themes.core.types import Turn
from themes.ingest.labels import match_label

UNKNOWN = "unknown"
NOTE = "Note"
PROMPT = "Prompt"

_BRACKETED = re.compile(r"^[(\[].*[)\]]$", re.S)
_NUMBERED = re.compile(
    r"^(?:\d{1,3}(?:\.[A-Za-z0-9]{1,4})*[.)]?|[A-Za-z]{1,2}\.[ivxlIVXL]{1,5}[.)]?"
    r"|[A-Za-z][.)]|[ivxlIVXL]{1,5}[.)])\s+\S"
)


@dataclass(frozen=True)
class Unit:
    line: int  # 1-based line (or paragraph number)
    start: int  # offset of `text` in the transcript text
    text: str


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.turns: list[Turn] = []

    def add(
        self, speaker: str, start: int, end: int, lines: tuple[int, int], time: float | None
    ) -> None:
        """Add the turn text[start:end] with surrounding whitespace stripped (if any is left)."""
        span = self.text[start:end]
        lead = len(span) - len(span.lstrip())
        start, end = start + lead, start + len(span.rstrip())
        if end <= start:
            return
        self.turns.append(
            Turn(
                index=len(self.turns),
                speaker=speaker,
                text=self.text[start:end],
                line_start=lines[0],
                line_end=lines[1],
                char_start=start,
                char_end=end,
                start_time=time,
            )
        )


@dataclass
class _Open:
    """The turn being read (mutable while its continuation lines come in)."""

    speaker: str
    start: int
    end: int
    line_start: int
    line_end: int
    time: float | None

    def close(self, out: _Builder) -> None:
        out.add(self.speaker, self.start, self.end, (self.line_start, self.line_end), self.time)


def has_labels(units: list[Unit]) -> bool:
    return any(match_label(u.text) for u in units)


def preamble_warning(source: str) -> str:
    """What to say when text came before the first speaker label."""
    return (
        f"{source}: text before the first speaker label was read as speaker 'unknown'; "
        "add a 'Name:' label to it or remove it if it is a heading."
    )


def continuation_turns(text: str, units: list[Unit]) -> tuple[tuple[Turn, ...], bool]:
    """A label starts a turn; unlabelled lines continue the previous one.

    Returns the turns and whether text came before the first label (read as `unknown`).
    """
    out = _Builder(text)
    current: _Open | None = None
    preamble = False
    for unit in units:
        if not unit.text.strip():
            continue
        label = match_label(unit.text)
        end = unit.start + len(unit.text.rstrip())
        if label is not None:
            if current:
                current.close(out)
            current = _Open(
                label.name, unit.start + label.end, end, unit.line, unit.line, label.time
            )
        elif current is None:
            preamble = True
            current = _Open(UNKNOWN, unit.start, end, unit.line, unit.line, None)
        else:
            current.end, current.line_end = end, unit.line
    if current:
        current.close(out)
    return tuple(out.turns), preamble


def block_turns(text: str, units: list[Unit]) -> tuple[Turn, ...]:
    """No labels at all: every block of non-blank lines is a turn of speaker `unknown`."""
    out = _Builder(text)
    block: list[Unit] = []
    for unit in [*units, Unit(0, len(text), "")]:
        if unit.text.strip():
            block.append(unit)
            continue
        if block:
            end = block[-1].start + len(block[-1].text)
            out.add(UNKNOWN, block[0].start, end, (block[0].line, block[-1].line), None)
            block = []
    return tuple(out.turns)


def paragraph_turns(text: str, units: list[Unit]) -> tuple[Turn, ...]:
    """Each unit its own turn: its label if it has one, else `Note` for a bracketed
    paragraph, `Prompt` for an outline-numbered one (not tab-indented), else `unknown`."""
    out = _Builder(text)
    for unit in units:
        stripped = unit.text.strip()
        if not stripped:
            continue
        label = match_label(unit.text)
        end = unit.start + len(unit.text)
        if label is not None:
            out.add(label.name, unit.start + label.end, end, (unit.line, unit.line), label.time)
            continue
        indent = unit.text[: len(unit.text) - len(unit.text.lstrip())]
        if _BRACKETED.match(stripped):
            speaker = NOTE
        elif "\t" not in indent and _NUMBERED.match(stripped):
            speaker = PROMPT
        else:
            speaker = UNKNOWN
        out.add(speaker, unit.start, end, (unit.line, unit.line), None)
    return tuple(out.turns)


def split_units(text: str, lines: list[int] | None = None) -> list[Unit]:
    """Units for each line of `text`; `lines[i]` overrides the number of line i."""
    units: list[Unit] = []
    offset = 0
    for i, line in enumerate(text.split("\n")):
        units.append(Unit(lines[i] if lines else i + 1, offset, line))
        offset += len(line) + 1
    return units
