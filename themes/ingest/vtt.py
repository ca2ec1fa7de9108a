"""WebVTT captions (Teams, Zoom): voice tags or ``Name:`` labels, NOTE/STYLE blocks skipped."""

from __future__ import annotations

from themes.config import IngestConfig
from themes.errors import InputError
from themes.ingest.base import Parsed, build_turns
from themes.ingest.cues import Cue, cue_pieces, split_blocks, timing
from themes.ingest.decode import decode

_SKIP_BLOCKS = ("NOTE", "STYLE", "REGION", "WEBVTT")


def read_vtt(data: bytes, source: str, config: IngestConfig) -> Parsed:
    decoded = decode(data, source)
    cues: list[Cue] = []
    for block in split_blocks(decoded.text):
        first = block[0][1].strip()
        if first.split(" ", 1)[0].split("\t", 1)[0] in _SKIP_BLOCKS and timing(first) is None:
            if first.startswith("WEBVTT") and len(block) > 1 and timing(block[1][1]):
                block = block[1:]  # a header glued to the first cue
            else:
                continue
        at = next((i for i, (_, line) in enumerate(block[:2]) if timing(line)), None)
        if at is None:
            continue
        start, end = timing(block[at][1]) or (0.0, 0.0)
        cues.append(Cue(start, end, tuple(block[at + 1 :])))
    text, turns = build_turns(cue_pieces(cues), merge=True)
    if not turns:
        raise InputError(
            f"{source}: no captions found in this WebVTT file; skipped. Check that it has cues "
            "like '00:00:01.000 --> 00:00:04.000' followed by text."
        )
    warnings = (decoded.warning,) if decoded.warning else ()
    return Parsed(text=text, turns=turns, encoding=decoded.encoding, warnings=warnings)
