"""Which fields the report compares contexts by (org_context, role, ...)."""

from __future__ import annotations

from collections.abc import Sequence

from themes.core.types import Segment

MAX_VALUES = 12  # a field with more distinct values than this is an id, not a context
SPEAKER_ROLE = "speaker role"


def _value(seg: Segment, field: str) -> str | None:
    if field == SPEAKER_ROLE:
        return seg.role or None
    value = seg.metadata.get(field)
    return None if value is None or str(value) == "" else str(value)


def context_fields(segments: Sequence[Segment]) -> list[str]:
    """Fields to compare contexts by: metadata keys with 2..MAX_VALUES distinct values that are
    not an identifier (a field whose every value belongs to one transcript only, such as a
    participant number, says nothing about contexts), then the speaker role if it varies."""
    fields: list[str] = []
    keys = sorted({k for s in segments for k in s.metadata})
    for key in keys + [SPEAKER_ROLE]:
        transcripts: dict[str, set[str]] = {}
        for seg in segments:
            value = _value(seg, key)
            if value is not None:
                transcripts.setdefault(value, set()).add(seg.transcript_id)
        identifying = len(transcripts) > 1 and all(len(t) == 1 for t in transcripts.values())
        if 2 <= len(transcripts) <= MAX_VALUES and not (identifying and key != SPEAKER_ROLE):
            fields.append(key)
    return fields
