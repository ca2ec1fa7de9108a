"""Issue 11, finding 2: the segmenter takes time linear in a turn's length (a 10 MB turn on
one line took minutes: it re-tokenized the growing span word by word) and cuts exactly where
the word-by-word greedy packing cut."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from themes.discovery.segment import split_span
from themes.discovery.tokens import TokenCounter, chunks, heuristic_count, token_counter

_SENTENCE = re.compile(r"[.!?…]+[\"'”’)\]]*\s+|\n")
_WORD = re.compile(r"\s+")


def reference(text: str, start: int, end: int, count, limit: int) -> list[tuple[int, int]]:
    """The former segmenter: greedy packing, one count per sentence and per word."""

    def pieces(s: int, e: int, sep: re.Pattern[str]) -> list[tuple[int, int]]:
        out, cut = [], s
        for m in [*sep.finditer(text, s, e), None]:
            stop = m.end() if m else e
            piece = text[cut:stop]
            a = cut + len(piece) - len(piece.lstrip())
            b = cut + len(piece.rstrip())
            if b > a:
                out.append((a, b))
            cut = stop
        return out

    def pack(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for s, e in spans:
            if out and count(text[out[-1][0] : e]) <= limit:
                out[-1] = (out[-1][0], e)
            else:
                out.append((s, e))
        return out

    if count(text[start:end]) <= limit:
        return [(start, end)]
    out, run = [], []
    for s, e in pieces(start, end, _SENTENCE):
        if count(text[s:e]) > limit:
            out += pack(run) + pack(pieces(s, e, _WORD))
            run = []
        else:
            run.append((s, e))
    return out + pack(run)


words = st.sampled_from(["a", "to", "the", "peer", "worker", "unbelievably", "x" * 30, "é", "😀"])
ends = st.sampled_from([" ", "  ", ". ", "? ", "!\n", "... ", "\n", ", ", '." ', "…"])
texts = st.lists(st.tuples(words, ends), min_size=1, max_size=400).map(
    lambda parts: "".join(w + e for w, e in parts)
)


def words_count(text: str) -> int:
    return len(text.split())


@settings(max_examples=150, deadline=None)
@given(texts, st.integers(1, 40))
def test_same_cuts_as_word_by_word_packing(text: str, limit: int) -> None:
    model = token_counter("all-MiniLM-L6-v2")
    for count in (words_count, heuristic_count, model):
        assert split_span(text, 0, len(text), count, limit) == reference(
            text, 0, len(text), count, limit
        )


def test_piece_ends_agree_with_the_count() -> None:
    count = token_counter("all-MiniLM-L6-v2")
    assert isinstance(count, TokenCounter)
    text = "Café au lait, naïve “quotes” 😀 and ＦＵＬＬ width. " * 2_000  # over a chunk
    assert len(chunks(text)) > 1 and "".join(p for _, p in chunks(text)) == text
    assert count(text) == len(count.ends(text)) == sum(count(p) for _, p in chunks(text))
    ends = count.ends(text)
    assert ends == sorted(ends) and ends[-1] <= len(text)


def test_two_megabyte_turn_in_seconds() -> None:
    """(A 10 MB one-line transcript, end to end: tests/ingest/test_ingest_hostile.py.)"""
    count = token_counter("all-MiniLM-L6-v2")
    line = " ".join(["trust", "shared", "experience", "peer", "worker,"] * 80_000)
    started = time.perf_counter()
    spans = split_span(line, 0, len(line), count, 200)
    elapsed = time.perf_counter() - started
    assert elapsed < 10, f"{elapsed:.1f} s"
    assert spans[0][0] == 0 and spans[-1][1] == len(line)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert max(count(line[s:e]) for s, e in spans[:100]) <= 200


def test_long_runs_of_sentence_marks_are_linear() -> None:
    text = "P1 said " + "." * 1_000_000 + " and " + "?!" * 200_000 + " then"
    started = time.perf_counter()
    spans = split_span(text, 0, len(text), words_count, 2)
    assert time.perf_counter() - started < 5 and len(spans) >= 3
