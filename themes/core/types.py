"""Typed, immutable values passed between pipeline stages.

Offsets: every `Transcript` carries `text`, the plain text of the document as read (for
`.txt`/`.md` the decoded file with newlines normalised to ``\\n``; for other formats the text
the reader built from the document). Turn and segment character spans index into that text,
so ``transcript.text[seg.char_start:seg.char_end] == seg.text`` always holds. Lines are
1-based lines of the source file; for `.docx`/`.odt` a "line" is a paragraph number and for
`.csv` the row's line in the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Turn:
    """One speaker turn as read from a transcript."""

    index: int  # 0-based position in the transcript
    speaker: str
    text: str  # == transcript.text[char_start:char_end]
    line_start: int  # 1-based, first line in the source file
    line_end: int  # 1-based, last line in the source file (inclusive)
    char_start: int
    char_end: int
    start_time: float | None = None  # seconds, where the format has timestamps
    end_time: float | None = None


@dataclass(frozen=True)
class Transcript:
    """A transcript read from one file."""

    id: str  # stable id, the file name without extension
    source: str  # file name relative to the ingested folder
    format: str  # reader name: txt, docx, odt, vtt, srt, csv
    text: str
    turns: tuple[Turn, ...]
    metadata: Mapping[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    content_hash: str = ""  # sha256 of the file bytes
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Segment:
    """The unit that is embedded and clustered, with full provenance."""

    id: str  # "<transcript>:<line>", letter suffix for split turns ("P1:12a")
    transcript_id: str
    source: str
    turn_index: int
    speaker: str
    role: str
    text: str
    line_start: int
    line_end: int
    char_start: int
    char_end: int
    prompt: str | None = None  # the interviewer/prompt turn that preceded this one
    prompt_id: str | None = None  # id of that prompt's segment
    start_time: float | None = None
    end_time: float | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    clustered: bool = True  # False: kept for context (short turn, excluded speaker)
    # why it is not clustered; a clustered segment may keep an "echo: ..." or "filler: ..."
    # mark when `segment.set_aside` is off (themes/discovery/setaside.py)
    skip_reason: str = ""

    @property
    def location(self) -> str:
        """``transcript:line`` or ``transcript:first-last``."""
        return location(self.transcript_id, self.line_start, self.line_end)


def location(transcript_id: str, line_start: int, line_end: int) -> str:
    """Where a quote is: ``transcript:line`` or ``transcript:first-last``."""
    if line_end > line_start:
        return f"{transcript_id}:{line_start}-{line_end}"
    return f"{transcript_id}:{line_start}"


def voices(n_participants: int, n_transcripts: int) -> str:
    """Who voices a theme: "13 participants", or "13 participants in 9 transcripts" when
    transcripts hold several participants each."""
    people = f"{n_participants} participant{'' if n_participants == 1 else 's'}"
    if n_participants == n_transcripts:
        return people
    return f"{people} in {n_transcripts} transcript{'' if n_transcripts == 1 else 's'}"


@dataclass(frozen=True)
class SkippedFile:
    source: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    """The result of ingesting a folder."""

    folder: str
    transcripts: tuple[Transcript, ...]
    skipped: tuple[SkippedFile, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Theme:
    """A candidate theme as described from a clustering."""

    id: int  # 1-based, numbered by size within a run
    label: str
    keywords: tuple[str, ...]
    size: int
    segment_ids: tuple[str, ...]
    exemplar_ids: tuple[str, ...]
    n_transcripts: int
    n_participants: int
    top_share: float  # largest single participant's share of the theme
    one_voice: bool
    spread: Mapping[str, Mapping[str, int]]  # metadata field -> value -> count
    prompt_share: float  # share of the theme's segments that answer its most common prompt
    top_prompt: str | None
    stability: float | None = None
    subtitle: str = ""  # the theme's most central sentence, under its label
    echo_share: float = 0.0  # share of its segments marked echo (clustered when not set aside)
    filler_share: float = 0.0  # ... marked filler, or at least half fillers and session talk


@dataclass(frozen=True)
class Assignment:
    segment_id: str
    theme_id: int | None  # None: unassigned
    probability: float
    assigned_by: str  # "hdbscan" | "nearest" | "analyst" | ""
