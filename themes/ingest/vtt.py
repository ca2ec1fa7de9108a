"""WebVTT captions (Teams, Zoom): voice tags or ``Name:`` labels, NOTE/STYLE blocks skipped."""

from __future__ import annotations

from themes.core.config import IngestConfig
from themes.ingest.base import Parsed
from themes.ingest.cues import (
    Cue,
    block_cue,
    dropped_warning,
    parsed_from_cues,
    split_blocks,
    timing,
)
from themes.ingest.decode import decode

_SKIP_BLOCKS = ("NOTE", "STYLE", "REGION", "WEBVTT")


def read_vtt(data: bytes, source: str, config: IngestConfig) -> Parsed:
    decoded = decode(data, source)
    cues: list[Cue] = []
    dropped: list[int] = []
    for block in split_blocks(decoded.text):
        first = block[0][1].strip()
        if first.split(" ", 1)[0].split("\t", 1)[0] in _SKIP_BLOCKS and timing(first) is None:
            if first.startswith("WEBVTT") and len(block) > 1 and timing(block[1][1]):
                block = block[1:]  # a header glued to the first cue
            else:
                continue
        cue = block_cue(block)
        if cue is not None:
            cues.append(cue)
        else:
            dropped.append(block[0][0])
    return parsed_from_cues(
        cues,
        decoded,
        f"{source}: no captions found in this WebVTT file; skipped. Check that it has cues "
        "like '00:00:01.000 --> 00:00:04.000' followed by text.",
        dropped_warning(source, dropped, "00:00:01.000 --> 00:00:04.000"),
    )
