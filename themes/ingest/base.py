"""What every reader returns, and the helpers readers share to build text and turns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from themes.core.config import IngestConfig
from themes.core.types import Turn


@dataclass(frozen=True)
class Parsed:
    """A reader's result: the transcript text and its turns (spans index into `text`)."""

    text: str
    turns: tuple[Turn, ...]
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()


# reader(data, source, config): `source` is the file name, used in messages only.
Reader = Callable[[bytes, str, IngestConfig], Parsed]


@dataclass(frozen=True)
class Piece:
    """A stretch of speech before turns are built: used by the formats that build their text."""

    speaker: str
    text: str
    line_start: int
    line_end: int
    start_time: float | None = None
    end_time: float | None = None


def build_turns(pieces: list[Piece], merge: bool) -> tuple[str, tuple[Turn, ...]]:
    """Text of one line per turn, ``Speaker: text``; turn spans cover the text part only.

    With `merge`, consecutive pieces of the same speaker become one turn.
    """
    groups: list[list[Piece]] = []
    for piece in pieces:
        if not piece.text.strip():
            continue
        if merge and groups and groups[-1][-1].speaker == piece.speaker:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    lines: list[str] = []
    turns: list[Turn] = []
    offset = 0
    for index, group in enumerate(groups):
        speaker = group[0].speaker
        body = " ".join(" ".join(p.text.split()) for p in group)
        prefix = f"{speaker}: "
        start = offset + len(prefix)
        turns.append(
            Turn(
                index=index,
                speaker=speaker,
                text=body,
                line_start=group[0].line_start,
                line_end=max(p.line_end for p in group),
                char_start=start,
                char_end=start + len(body),
                start_time=group[0].start_time,
                end_time=group[-1].end_time,
            )
        )
        lines.append(prefix + body)
        offset += len(prefix) + len(body) + 1
    return "\n".join(lines), tuple(turns)
