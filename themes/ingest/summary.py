"""What was ingested, as typed values the CLI renders as a table or as JSON (`to_dict`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from themes.core.types import Corpus, Segment, SkippedFile


@dataclass(frozen=True)
class TranscriptSummary:
    id: str
    source: str
    format: str
    encoding: str
    turns: int
    segments: int
    clustered: int
    words: int
    speakers: Mapping[str, int]  # speaker -> turns
    metadata: Mapping[str, str]


@dataclass(frozen=True)
class SpeakerSummary:
    speaker: str
    role: str
    turns: int
    segments: int
    clustered: int


@dataclass(frozen=True)
class Totals:
    transcripts: int
    turns: int
    segments: int
    clustered: int
    words: int
    skipped: int
    warnings: int


@dataclass(frozen=True)
class IngestSummary:
    """Per transcript and in total: turns, segments, clustered segments, words, speakers;
    speakers with their roles; skipped files with reasons; warnings. No transcript text."""

    folder: str
    transcripts: tuple[TranscriptSummary, ...]
    totals: Totals
    speakers: tuple[SpeakerSummary, ...]
    not_clustered: Mapping[str, int]  # reason -> segments kept for context only
    skipped: tuple[SkippedFile, ...]
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def summarise(corpus: Corpus, segments: Sequence[Segment]) -> IngestSummary:
    by_transcript: dict[str, list[Segment]] = {}
    for segment in segments:
        by_transcript.setdefault(segment.transcript_id, []).append(segment)
    roles = {s.speaker: s.role for s in segments}
    rows = tuple(
        TranscriptSummary(
            id=t.id,
            source=t.source,
            format=t.format,
            encoding=t.encoding,
            turns=len(t.turns),
            segments=len(by_transcript.get(t.id, [])),
            clustered=sum(s.clustered for s in by_transcript.get(t.id, [])),
            words=sum(len(turn.text.split()) for turn in t.turns),
            speakers=dict(sorted(Counter(turn.speaker for turn in t.turns).items())),
            metadata=dict(t.metadata),
        )
        for t in corpus.transcripts
    )
    turn_counts = Counter(turn.speaker for t in corpus.transcripts for turn in t.turns)
    segment_counts = Counter(s.speaker for s in segments)
    clustered_counts = Counter(s.speaker for s in segments if s.clustered)
    speakers = tuple(
        SpeakerSummary(
            speaker=name,
            role=roles.get(name, ""),
            turns=turn_counts[name],
            segments=segment_counts[name],
            clustered=clustered_counts[name],
        )
        for name in sorted(turn_counts, key=lambda n: (-turn_counts[n], n))
    )
    warnings = (*corpus.warnings, *_selection_warnings(segments))
    return IngestSummary(
        folder=corpus.folder,
        transcripts=rows,
        totals=Totals(
            transcripts=len(rows),
            turns=sum(r.turns for r in rows),
            segments=sum(r.segments for r in rows),
            clustered=sum(r.clustered for r in rows),
            words=sum(r.words for r in rows),
            skipped=len(corpus.skipped),
            warnings=len(warnings),
        ),
        speakers=speakers,
        not_clustered=dict(
            sorted(Counter(s.skip_reason for s in segments if not s.clustered).items())
        ),
        skipped=corpus.skipped,
        warnings=warnings,
    )


def _selection_warnings(segments: Sequence[Segment]) -> list[str]:
    if segments and not any(s.clustered for s in segments):
        return [
            "no segment is selected for clustering; check --speaker/--role (speakers."
            "include_speakers, speakers.cluster_roles) against the speakers listed above."
        ]
    return []
