"""Turns -> segments: roles, splitting long turns, clustering eligibility, prompts, ids.

One segment per turn; a turn longer than `segment.max_tokens` word pieces splits at sentence
boundaries (an over-long sentence at word boundaries). Segments cover each turn's text in
order without overlap, and ``transcript.text[seg.char_start:seg.char_end] == seg.text``.
Ids are ``<transcript>:<line>``; a second turn starting on the same line gets ``.2``, ``.3``;
parts of a split turn get letters (``P1:12a``, ``P1:12b``). Ids depend only on the transcript.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from themes.core.config import Config
from themes.core.types import Corpus, Segment, Transcript, Turn

Counter = Callable[[str], int]
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+|\n")
_WORD_END = re.compile(r"\s+")
_LINE_FORMATS = {"txt", "docx", "odt"}  # formats whose text lines are source lines/paragraphs


@lru_cache(maxsize=256)
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def assign_role(speaker: str, config: Config) -> str:
    """The role of the first `speakers.roles` pattern that matches the whole name."""
    name = speaker.strip()
    for rule in config.speakers.roles:
        if _pattern(rule.pattern).fullmatch(name):
            return rule.role
    return config.speakers.default_role


def skip_reason(speaker: str, role: str, words: int, config: Config) -> str:
    """Why a turn is not clustered ("" if it is)."""
    cfg = config.speakers
    name = speaker.strip().casefold()
    if name in {s.strip().casefold() for s in cfg.exclude_speakers}:
        return "speaker excluded"
    if cfg.include_speakers:
        if name not in {s.strip().casefold() for s in cfg.include_speakers}:
            return "speaker not selected"
    elif role not in cfg.cluster_roles:
        return f"role:{role}"
    if words < config.segment.min_words:
        return "short"
    return ""


def split_span(
    text: str, start: int, end: int, count: Counter, limit: int
) -> list[tuple[int, int]]:
    """Consecutive stripped spans of text[start:end], each within `limit` pieces where possible."""
    if count(text[start:end]) <= limit:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    current: list[int] | None = None
    for s, e in _spans(text, start, end, _SENTENCE_END):
        if count(text[s:e]) > limit:
            if current:
                out.append((current[0], current[1]))
                current = None
            out.extend(_pack(text, list(_spans(text, s, e, _WORD_END)), count, limit))
        elif current is not None and count(text[current[0] : e]) <= limit:
            current[1] = e
        else:
            if current:
                out.append((current[0], current[1]))
            current = [s, e]
    if current:
        out.append((current[0], current[1]))
    return out


def _pack(
    text: str, spans: list[tuple[int, int]], count: Counter, limit: int
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and count(text[out[-1][0] : e]) <= limit:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _spans(
    text: str, start: int, end: int, separator: re.Pattern[str]
) -> Iterator[tuple[int, int]]:
    """Stripped, non-empty pieces of text[start:end] cut after each separator match."""
    cut = start
    for m in separator.finditer(text, start, end):
        yield from _strip(text, cut, m.end())
        cut = m.end()
    yield from _strip(text, cut, end)


def _strip(text: str, s: int, e: int) -> Iterator[tuple[int, int]]:
    piece = text[s:e]
    lead = len(piece) - len(piece.lstrip())
    s, e = s + lead, s + len(piece.rstrip())
    if e > s:
        yield s, e


def _suffix(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa, ..."""
    letters = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(97 + r) + letters
    return letters


def _lines(transcript: Transcript, turn: Turn, s: int, e: int) -> tuple[int, int]:
    if transcript.format not in _LINE_FORMATS:
        return turn.line_start, turn.line_end
    first = turn.line_start + transcript.text.count("\n", turn.char_start, s)
    last = turn.line_start + transcript.text.count("\n", turn.char_start, e)
    return min(first, turn.line_end), min(last, turn.line_end)


def segment_transcript(transcript: Transcript, config: Config, count: Counter) -> list[Segment]:
    out: list[Segment] = []
    seen: dict[int, int] = {}
    prompt: tuple[str, str] | None = None  # (text, first segment id)
    for turn in transcript.turns:
        role = assign_role(turn.speaker, config)
        reason = skip_reason(turn.speaker, role, len(turn.text.split()), config)
        seen[turn.line_start] = seen.get(turn.line_start, 0) + 1
        base = f"{transcript.id}:{turn.line_start}"
        if seen[turn.line_start] > 1:
            base += f".{seen[turn.line_start]}"
        spans = split_span(
            transcript.text, turn.char_start, turn.char_end, count, config.segment.max_tokens
        )
        first_id = base if len(spans) == 1 else base + "a"
        for part, (s, e) in enumerate(spans):
            line_start, line_end = _lines(transcript, turn, s, e)
            out.append(
                Segment(
                    id=base if len(spans) == 1 else base + _suffix(part),
                    transcript_id=transcript.id,
                    source=transcript.source,
                    turn_index=turn.index,
                    speaker=turn.speaker,
                    role=role,
                    text=transcript.text[s:e],
                    line_start=line_start,
                    line_end=line_end,
                    char_start=s,
                    char_end=e,
                    prompt=prompt[0] if prompt else None,
                    prompt_id=prompt[1] if prompt else None,
                    start_time=turn.start_time,
                    end_time=turn.end_time,
                    metadata=dict(transcript.metadata),
                    clustered=not reason,
                    skip_reason=reason,
                )
            )
        if role in config.speakers.prompt_roles:
            prompt = (turn.text, first_id)
    return out


def segment_corpus(
    corpus: Corpus, config: Config, count_tokens: Counter | None = None
) -> tuple[Segment, ...]:
    """Segments of every transcript, in corpus order.

    `count_tokens` defaults to the word-piece counter of `embed.model`.
    """
    if count_tokens is None:
        from themes.discovery.tokens import token_counter

        count_tokens = token_counter(config.embed.model)
    return tuple(s for t in corpus.transcripts for s in segment_transcript(t, config, count_tokens))
