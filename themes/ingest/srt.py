"""SubRip .srt subtitles: numbered cues, ``Name: text`` labels; same-speaker cues merge."""

from __future__ import annotations

from themes.core.config import IngestConfig
from themes.ingest.base import Parsed
from themes.ingest.cues import block_cue, parsed_from_cues, split_blocks
from themes.ingest.decode import decode


def read_srt(data: bytes, source: str, config: IngestConfig) -> Parsed:
    decoded = decode(data, source)
    cues = [cue for block in split_blocks(decoded.text) if (cue := block_cue(block))]
    return parsed_from_cues(
        cues,
        decoded,
        f"{source}: no subtitles found in this .srt file; skipped. Check that it has "
        "numbered cues with times like '00:00:01,000 --> 00:00:04,000'.",
    )
