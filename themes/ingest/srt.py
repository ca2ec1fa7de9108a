"""SubRip .srt subtitles: numbered cues, ``Name: text`` labels; same-speaker cues merge."""

from __future__ import annotations

from themes.config import IngestConfig
from themes.errors import InputError
from themes.ingest.base import Parsed, build_turns
from themes.ingest.cues import Cue, cue_pieces, split_blocks, timing
from themes.ingest.decode import decode


def read_srt(data: bytes, source: str, config: IngestConfig) -> Parsed:
    decoded = decode(data, source)
    cues: list[Cue] = []
    for block in split_blocks(decoded.text):
        at = next((i for i, (_, line) in enumerate(block[:2]) if timing(line)), None)
        if at is None:
            continue
        start, end = timing(block[at][1]) or (0.0, 0.0)
        cues.append(Cue(start, end, tuple(block[at + 1 :])))
    text, turns = build_turns(cue_pieces(cues), merge=True)
    if not turns:
        raise InputError(
            f"{source}: no subtitles found in this .srt file; skipped. Check that it has "
            "numbered cues with times like '00:00:01,000 --> 00:00:04,000'."
        )
    warnings = (decoded.warning,) if decoded.warning else ()
    return Parsed(text=text, turns=turns, encoding=decoded.encoding, warnings=warnings)
