"""SubRip .srt subtitles: numbered cues, ``Name: text`` labels; same-speaker cues merge."""

from __future__ import annotations

from themes.core.config import IngestConfig
from themes.ingest.base import Parsed
from themes.ingest.cues import Cue, block_cue, dropped_warning, parsed_from_cues, split_blocks
from themes.ingest.decode import decode


def read_srt(data: bytes, source: str, config: IngestConfig) -> Parsed:
    decoded = decode(data, source)
    cues: list[Cue] = []
    dropped: list[int] = []
    for block in split_blocks(decoded.text):
        cue = block_cue(block)
        if cue is not None:
            cues.append(cue)
        else:
            dropped.append(block[0][0])
    return parsed_from_cues(
        cues,
        decoded,
        f"{source}: no subtitles found in this .srt file; skipped. Check that it has "
        "numbered cues with times like '00:00:01,000 --> 00:00:04,000'.",
        dropped_warning(source, dropped, "00:00:01,000 --> 00:00:04,000"),
    )
