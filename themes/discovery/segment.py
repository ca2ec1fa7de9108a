"""Turns -> segments: roles, splitting long turns, clustering eligibility, prompts, ids.

A participant segment of fillers only is marked ``filler`` (`talk.filler_reason`) and left
out of clustering while `segment.set_aside` is on; echoes need embeddings and are marked
later (`setaside`). A prompt turn without a content word ("Mm-hm.") is not a new prompt: the
question before it still stands.

One segment per turn; a turn longer than `segment.max_tokens` word pieces splits at sentence
boundaries (an over-long sentence at word boundaries). Segments cover each turn's text in
order without overlap, and ``transcript.text[seg.char_start:seg.char_end] == seg.text``.
Ids are ``<transcript>:<line>``; a second turn starting on the same line gets ``.2``, ``.3``;
parts of a split turn get letters (``P1:12a``, ``P1:12b``). Ids depend only on the transcript.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import lru_cache

from themes.core.config import Config
from themes.core.types import Corpus, Segment, Transcript, Turn
from themes.discovery.talk import content_words, filler_reason

Counter = Callable[[str], int]
# A sentence end starts at the first of a run of end marks (the lookbehind), so a long run of
# marks without a following space costs its length once, not its square.
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’)\]]*\s+|\n")
_WORD = re.compile(r"\S+")
_SHORT = 10_000  # turns up to this many characters are counted whole before they are cut
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
    """Consecutive stripped spans of text[start:end], each within `limit` pieces where possible.

    Sentences are packed greedily into spans; a sentence longer than `limit` is packed by
    words on its own. Linear in the length of the turn: with a counter that gives piece ends
    (`TokenCounter.ends`) the turn is tokenized once; otherwise each stretch is counted a
    logarithmic number of times (spans grow by doubling, then halving).
    """
    measure = _measure(text, start, end, count, limit)
    if measure is None:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []  # consecutive sentences within the limit
    for s, e in _spans(text, start, end, _SENTENCE_END):
        if measure(s, e) > limit:
            out.extend(_greedy(run, measure, limit))
            run = []
            words = [m.span() for m in _WORD.finditer(text, s, e)]
            out.extend(_greedy(words, measure, limit))
        else:
            run.append((s, e))
    out.extend(_greedy(run, measure, limit))
    return out


def _measure(
    text: str, start: int, end: int, count: Counter, limit: int
) -> Callable[[int, int], int] | None:
    """(s, e) -> pieces in text[s:e], for stretches of text[start:end] cut at whitespace;
    None when the whole of it is within `limit`."""
    ends_of = getattr(count, "ends", None)
    if ends_of is None or end - start <= _SHORT:
        if count(text[start:end]) <= limit:
            return None
    if ends_of is None:
        return lambda s, e: count(text[s:e])
    ends = [start + offset for offset in ends_of(text[start:end])]
    if len(ends) <= limit:
        return None
    return lambda s, e: bisect_right(ends, e) - bisect_right(ends, s)


def _greedy(
    units: list[tuple[int, int]], measure: Callable[[int, int], int], limit: int
) -> list[tuple[int, int]]:
    """Pack consecutive units into spans of at most `limit` pieces, each as long as it can be
    (a unit over the limit stands alone). The span's end is found by doubling its length in
    units, then halving the gap: O(log n) measurements per span instead of one per unit."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        s = units[i][0]
        fits, step = i, 1  # units[i..fits] fit (a lone unit always "fits")
        while fits + step < len(units) and measure(s, units[fits + step][1]) <= limit:
            fits += step
            step *= 2
        too_far = min(fits + step, len(units))  # first index known not to fit (or the end)
        while too_far - fits > 1:
            mid = (fits + too_far) // 2
            if measure(s, units[mid][1]) <= limit:
                fits = mid
            else:
                too_far = mid
        out.append((s, units[fits][1]))
        i = fits + 1
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


def _line_spans(
    transcript: Transcript, turn: Turn, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """(first line, last line) of each span of `turn`, counting newlines once, in order."""
    if transcript.format not in _LINE_FORMATS:
        return [(turn.line_start, turn.line_end)] * len(spans)
    out: list[tuple[int, int]] = []
    line, at = turn.line_start, turn.char_start
    for s, e in spans:
        first = line + transcript.text.count("\n", at, s)
        line, at = first + transcript.text.count("\n", s, e), e
        out.append((min(first, turn.line_end), min(line, turn.line_end)))
    return out


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
        lines = _line_spans(transcript, turn, spans)
        for part, ((s, e), (line_start, line_end)) in enumerate(zip(spans, lines, strict=True)):
            mark = (
                "" if reason else filler_reason(transcript.text[s:e], config.segment.filler_share)
            )
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
                    clustered=not reason and not (mark and config.segment.set_aside),
                    skip_reason=reason or mark,
                )
            )
        if role in config.speakers.prompt_roles and content_words(turn.text):
            prompt = (turn.text, first_id)  # "Mm-hm." leaves the question standing
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
