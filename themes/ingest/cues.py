"""Timed cues (WebVTT, SRT) -> speaker pieces; consecutive cues of one speaker merge."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from themes.core.errors import InputError
from themes.ingest.base import Parsed, Piece, build_turns
from themes.ingest.decode import Decoded
from themes.ingest.labels import match_label, parse_time
from themes.ingest.lines import UNKNOWN

_TIMING = re.compile(
    r"^\s*(?P<a>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*(?P<b>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
# Tag contents stop at the next "<", so scanning a line is linear however many tags it opens.
_VOICE = re.compile(r"<v(?:\.[^\s<>]*)?\s+([^<>]*)>|</v>")
_TAG = re.compile(r"<[^<>]*>")
MAX_LISTED = 10  # line numbers listed in one warning


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[tuple[int, str], ...]  # (1-based source line, text) of the cue text


def split_blocks(text: str) -> list[list[tuple[int, str]]]:
    """Blocks of non-blank lines, each line with its 1-based number."""
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            blocks[-1].append((number, line))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def timing(line: str) -> tuple[float, float] | None:
    m = _TIMING.match(line)
    if m is None:
        return None
    return parse_time(m.group("a")), parse_time(m.group("b"))


def block_cue(block: list[tuple[int, str]]) -> Cue | None:
    """The cue in a block whose first or second line is its timing (an id may come first)."""
    at = next((i for i, (_, line) in enumerate(block[:2]) if timing(line)), None)
    if at is None:
        return None
    start, end = timing(block[at][1]) or (0.0, 0.0)
    return Cue(start, end, tuple(block[at + 1 :]))


def parsed_from_cues(
    cues: list[Cue], decoded: Decoded, if_empty: str, dropped: str | None = None
) -> Parsed:
    """Turns from the cues (a speaker's consecutive cues merge); InputError(if_empty) if none.
    `dropped`: a warning about blocks that were not cues."""
    text, turns = build_turns(cue_pieces(cues), merge=True)
    if not turns:
        raise InputError(if_empty)
    warnings = tuple(w for w in (decoded.warning, dropped) if w)
    return Parsed(text=text, turns=turns, encoding=decoded.encoding, warnings=warnings)


def dropped_warning(source: str, lines: list[int], example: str) -> str | None:
    """A warning naming the first line of each block that was not a cue (None if none)."""
    if not lines:
        return None
    shown = ", ".join(map(str, lines[:MAX_LISTED]))
    more = f" and {len(lines) - MAX_LISTED} more" if len(lines) > MAX_LISTED else ""
    return (
        f"{source}: {len(lines)} block(s) without a cue timing were left out (starting on "
        f"line{'s' if len(lines) > 1 else ''} {shown}{more}). Give each cue a timing line like "
        f"'{example}', or remove those blocks."
    )


def cue_pieces(cues: list[Cue]) -> list[Piece]:
    """Speakers from ``<v Name>`` voice tags or ``Name:`` labels; unlabelled text keeps the
    previous speaker (``unknown`` at the start). Other tags are stripped."""
    pieces: list[Piece] = []
    speaker = UNKNOWN
    for cue in cues:
        for number, raw in cue.lines:
            for voice, chunk in _voices(raw):
                text = (
                    html.unescape(_TAG.sub("", chunk)).replace("\u200e", "").replace("\u200f", "")
                )
                label = match_label(text) if voice is None else None
                if voice is not None:
                    speaker = voice
                elif label is not None:
                    speaker, text = label.name, text[label.end :]
                if text.strip():
                    pieces.append(Piece(speaker, text.strip(), number, number, cue.start, cue.end))
    return pieces


def _voices(line: str) -> list[tuple[str | None, str]]:
    """Split a cue line at voice tags: (voice name or None, text)."""
    out: list[tuple[str | None, str]] = []
    voice: str | None = None
    pos = 0
    for m in _VOICE.finditer(line):
        if m.start() > pos:
            out.append((voice, line[pos : m.start()]))
        name = m.group(1)
        voice = " ".join(name.split()) or None if name is not None else None
        pos = m.end()
    if pos < len(line):
        out.append((voice, line[pos:]))
    return out
