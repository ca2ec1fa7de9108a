"""Plain text and Markdown transcripts: ``Name: text`` lines, continuation lines, timestamps."""

from __future__ import annotations

import re

from themes.core.config import IngestConfig
from themes.core.errors import InputError
from themes.ingest.base import Parsed
from themes.ingest.decode import decode
from themes.ingest.lines import (
    Unit,
    block_turns,
    continuation_turns,
    has_labels,
    preamble_warning,
    split_units,
)

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")


def read_md(data: bytes, source: str, config: IngestConfig) -> Parsed:
    """Like .txt, but Markdown headings (``# ...``) are structure, not speech."""
    return read_txt(data, source, config, skip_headings=True)


def read_txt(data: bytes, source: str, config: IngestConfig, skip_headings: bool = False) -> Parsed:
    decoded = decode(data, source)
    text = decoded.text
    units = split_units(text)
    if skip_headings:
        units = [Unit(u.line, u.start, "") if _MD_HEADING.match(u.text) else u for u in units]
    warnings = [decoded.warning] if decoded.warning else []
    if has_labels(units):
        turns, preamble = continuation_turns(text, units)
        if preamble:
            warnings.append(preamble_warning(source))
    else:
        turns = block_turns(text, units)
        if turns:
            warnings.append(
                f"{source}: no speaker labels ('Name: text' at the start of a line) found; "
                "each paragraph was read as a turn of speaker 'unknown'. Add labels to tell "
                "speakers apart."
            )
    if not turns:
        raise InputError(
            f"{source}: the file is empty; skipped. Remove it or add the transcript text."
        )
    return Parsed(text=text, turns=turns, encoding=decoded.encoding, warnings=tuple(warnings))
