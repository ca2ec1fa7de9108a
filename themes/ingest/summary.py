"""What was ingested, as a plain dict: the CLI renders it as a table or JSON."""

from __future__ import annotations

from collections import Counter
from typing import Any

from themes.core.types import Corpus, Segment


def summarise(corpus: Corpus, segments: tuple[Segment, ...] | list[Segment]) -> dict[str, Any]:
    """Per transcript and in total: turns, segments, clustered segments, words, speakers;
    speakers with their roles; skipped files with reasons; warnings. No transcript text."""
    by_transcript: dict[str, list[Segment]] = {}
    for segment in segments:
        by_transcript.setdefault(segment.transcript_id, []).append(segment)
    roles = {s.speaker: s.role for s in segments}
    rows: list[dict[str, Any]] = []
    for t in corpus.transcripts:
        segs = by_transcript.get(t.id, [])
        rows.append(
            {
                "id": t.id,
                "source": t.source,
                "format": t.format,
                "encoding": t.encoding,
                "turns": len(t.turns),
                "segments": len(segs),
                "clustered": sum(s.clustered for s in segs),
                "words": sum(len(turn.text.split()) for turn in t.turns),
                "speakers": dict(sorted(Counter(turn.speaker for turn in t.turns).items())),
                "metadata": dict(t.metadata),
            }
        )
    turn_counts = Counter(turn.speaker for t in corpus.transcripts for turn in t.turns)
    segment_counts = Counter(s.speaker for s in segments)
    clustered_counts = Counter(s.speaker for s in segments if s.clustered)
    speakers = [
        {
            "speaker": name,
            "role": roles.get(name, ""),
            "turns": turn_counts[name],
            "segments": segment_counts[name],
            "clustered": clustered_counts[name],
        }
        for name in sorted(turn_counts, key=lambda n: (-turn_counts[n], n))
    ]
    totals = {
        key: sum(row[key] for row in rows) for key in ("turns", "segments", "clustered", "words")
    }
    warnings = list(corpus.warnings) + _selection_warnings(segments)
    return {
        "folder": corpus.folder,
        "transcripts": rows,
        "totals": {
            "transcripts": len(rows),
            **totals,
            "skipped": len(corpus.skipped),
            "warnings": len(warnings),
        },
        "speakers": speakers,
        "not_clustered": dict(
            sorted(Counter(s.skip_reason for s in segments if not s.clustered).items())
        ),
        "skipped": [{"source": s.source, "reason": s.reason} for s in corpus.skipped],
        "warnings": warnings,
    }


def _selection_warnings(segments: tuple[Segment, ...] | list[Segment]) -> list[str]:
    if segments and not any(s.clustered for s in segments):
        return [
            "no segment is selected for clustering; check --speaker/--role (speakers."
            "include_speakers, speakers.cluster_roles) against the speakers listed above."
        ]
    return []
