"""Rows of a matrix and contexts of a comparison: segments grouped by participant, transcript,
speaker role or a metadata field."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from themes.core.errors import AnalysisError
from themes.core.order import natural_key
from themes.core.types import Segment

PARTICIPANT = "participant"
TRANSCRIPT = "transcript"
SPEAKER_ROLE = "speaker role"  # the role read from speaker labels (not a metadata field)
NO_VALUE = "(no value)"


def participant_labels(segments: Iterable[Segment]) -> Callable[[Segment], str]:
    """A participant's label: the transcript id where the transcript has one clustered
    speaker, else ``transcript/speaker`` (as the report's spreads name them)."""
    speakers: dict[str, set[str]] = {}
    for seg in segments:
        speakers.setdefault(seg.transcript_id, set()).add(seg.speaker)
    single = {t for t, names in speakers.items() if len(names) == 1}

    def label(seg: Segment) -> str:
        return (
            seg.transcript_id
            if seg.transcript_id in single
            else f"{seg.transcript_id}/{seg.speaker}"
        )

    return label


def metadata_fields(segments: Iterable[Segment]) -> list[str]:
    return sorted({k for s in segments for k in s.metadata}, key=natural_key)


def grouper(
    by: str, segments: Sequence[Segment], option: str = "--rows"
) -> Callable[[Segment], str]:
    """A function giving each segment its group under `by`; `AnalysisError` for an unknown
    field, naming the option and the choices."""
    if by == PARTICIPANT:
        return participant_labels(segments)
    if by == TRANSCRIPT:
        return lambda seg: seg.transcript_id
    if by == SPEAKER_ROLE:
        return lambda seg: seg.role or NO_VALUE
    fields = metadata_fields(segments)
    if by not in fields:
        choices = (
            ", ".join([PARTICIPANT, TRANSCRIPT, *fields])
            if option == "--rows"
            else ", ".join(fields)
        )
        raise AnalysisError(
            f"{option} {by!r}: not a field of this project's segments; use one of: "
            f"{choices or 'none (add a metadata.csv with fields such as org_context)'}."
        )

    def value(seg: Segment) -> str:
        raw = seg.metadata.get(by)
        return NO_VALUE if raw is None or str(raw).strip() == "" else str(raw)

    return value


def group_ids(
    segment_ids: Iterable[str], segments: Mapping[str, Segment], key: Callable[[Segment], str]
) -> dict[str, list[str]]:
    """Segment ids by group, groups in natural order (``P2`` before ``P10``), "(no value)"
    last; ids keep their given order within a group."""
    groups: dict[str, list[str]] = {}
    for seg_id in segment_ids:
        groups.setdefault(key(segments[seg_id]), []).append(seg_id)
    order = sorted(groups, key=lambda g: (g == NO_VALUE, natural_key(g)))
    return {g: groups[g] for g in order}
