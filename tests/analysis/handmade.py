"""A tiny hand-built coding for the analysis tests (no tests here): segments with chosen
metadata, turn positions and 2-d vectors, so every count, share and quote choice can be worked
out by hand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from themes.analysis.coding import Coding, LabelInfo
from themes.core.types import Segment


def seg(seg_id: str, turn: int, text: str = "", speaker: str = "P", **metadata: str) -> Segment:
    transcript, line = seg_id.split(":")
    return Segment(
        id=seg_id,
        transcript_id=transcript,
        source=f"{transcript}.txt",
        turn_index=turn,
        speaker=speaker,
        role="participant",
        text=text or f"text of {seg_id}",
        line_start=int(line),
        line_end=int(line),
        char_start=turn * 10,
        char_end=turn * 10 + 5,
        metadata=dict(metadata),
    )


def unit(angle_degrees: float) -> np.ndarray:
    a = np.deg2rad(angle_degrees)
    return np.array([np.cos(a), np.sin(a)], dtype=np.float32)


def coding(
    labels: Mapping[str, str], by_segment: Mapping[str, Sequence[str]], multi: bool = False
) -> Coding:
    return Coding(
        source="element" if multi else "theme",
        labels={k: LabelInfo(k, name, f"{k}. {name}") for k, name in labels.items()},
        by_segment={s: frozenset(v) for s, v in by_segment.items()},
        multi_label=multi,
        note="test segments",
    )
