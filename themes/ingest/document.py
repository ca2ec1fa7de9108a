"""Turns from the paragraphs of a word-processor document (.docx, .odt).

The transcript text is the paragraphs joined by newlines; a line break inside a paragraph
starts a new line of text, and every line keeps its paragraph's number as its "line".

Layout: when speaker labels are common and name more than one speaker, a label starts a
turn and unlabelled paragraphs continue it. Otherwise (no labels, or only one labelled
speaker, e.g. only the moderator marked) each paragraph is a turn of its own: labelled
paragraphs keep their label, bracketed ones are `Note`, outline-numbered ones (``1.a ...``)
are `Prompt` and the rest `unknown`; a warning says so.
"""

from __future__ import annotations

from themes.core.errors import InputError
from themes.ingest.base import Parsed
from themes.ingest.labels import match_label
from themes.ingest.lines import Unit, continuation_turns, paragraph_turns, preamble_warning

MIN_LABELLED_SHARE = 0.15


def parse_paragraphs(paragraphs: list[str], source: str) -> Parsed:
    text = "\n".join(paragraphs)
    units: list[Unit] = []
    offset = 0
    for number, paragraph in enumerate(paragraphs, start=1):
        for line in paragraph.split("\n"):
            units.append(Unit(number, offset, line))
            offset += len(line) + 1
    filled = [u for u in units if u.text.strip()]
    if not filled:
        raise InputError(
            f"{source}: the document has no text; skipped. Remove it or add the transcript."
        )
    labels = [label for u in filled if (label := match_label(u.text)) is not None]
    speakers = {label.name.casefold() for label in labels}
    warnings: list[str] = []
    if len(speakers) >= 2 and len(labels) >= MIN_LABELLED_SHARE * len(filled):
        turns, preamble = continuation_turns(text, units)
        if preamble:
            warnings.append(preamble_warning(source))
    else:
        turns = paragraph_turns(text, units)
        found = "no speaker labels" if not labels else "speaker labels for only some paragraphs"
        warnings.append(
            f"{source}: {found} ('Name: text'); each paragraph was read as its own turn: "
            "numbered paragraphs as speaker 'Prompt', bracketed ones as 'Note', unlabelled "
            "ones as 'unknown'. Add 'Name:' labels if this is not right."
        )
    return Parsed(text=text, turns=turns, encoding="utf-8", warnings=tuple(warnings))
