"""Hypothesis properties: segments cover turns in order without overlap; ids are unique and
do not depend on file order or on other files in the folder."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from themes.core.config import load_config
from themes.core.types import Corpus, Transcript
from themes.discovery.segment import segment_corpus
from themes.ingest import ingest_folder
from themes.ingest.txt import read_txt

CONFIG = load_config(overrides=["segment.max_tokens=16", "ingest.id_patterns=[]"])

word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé'", min_size=1, max_size=9)
sentence = st.builds(
    lambda ws, end: " ".join(ws) + end,
    st.lists(word, min_size=1, max_size=25),
    st.sampled_from([".", "?", "!", "...", "", ","]),
)
body = st.lists(sentence, min_size=1, max_size=8).map(
    lambda ss: "".join(s + sep for s, sep in zip(ss, [" ", "\n", "  "] * 3, strict=False))
)
speaker = st.sampled_from(["Interviewer", "P1", "Peer Worker 2", "NOTE", "[00:01:02] Sam"])
turns = st.lists(st.tuples(speaker, body), min_size=1, max_size=6)


def words(text: str) -> int:
    return len(text.split())


def as_txt(items: list[tuple[str, str]]) -> str:
    return "".join(f"{name}: {text}\n\n" for name, text in items)


@settings(max_examples=150, deadline=None)
@given(turns)
def test_segments_cover_each_turn_in_order_without_overlap(items: list[tuple[str, str]]) -> None:
    parsed = read_txt(as_txt(items).encode("utf-8"), "P1.txt", CONFIG.ingest)
    transcript = Transcript("P1", "P1.txt", "txt", parsed.text, parsed.turns)
    segments = segment_corpus(Corpus(".", (transcript,)), CONFIG, words)
    text = transcript.text
    for turn in transcript.turns:
        assert text[turn.char_start : turn.char_end] == turn.text
        mine = [s for s in segments if s.turn_index == turn.index]
        assert mine, "every turn has at least one segment"
        cursor = turn.char_start
        for seg in mine:
            assert text[seg.char_start : seg.char_end] == seg.text
            assert seg.text and seg.text == seg.text.strip()
            assert text[cursor : seg.char_start].strip() == ""  # nothing skipped, no overlap
            assert words(seg.text) <= CONFIG.segment.max_tokens or len(seg.text.split()) == 1
            assert turn.line_start <= seg.line_start <= seg.line_end <= turn.line_end
            cursor = seg.char_end
        assert text[cursor : turn.char_end].strip() == ""
    assert len({s.id for s in segments}) == len(segments)


names = st.lists(
    st.text(alphabet="ABCPQ0123456789", min_size=1, max_size=4), min_size=1, max_size=5, unique=True
)


def write_folder(folder: Path, files: dict[str, str], order: list[str]) -> None:
    for name in order:
        (folder / name).write_text(files[name], encoding="utf-8")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names, st.lists(turns, min_size=5, max_size=5), st.randoms(use_true_random=False))
def test_ids_do_not_depend_on_file_order_or_other_files(
    stems: list[str], contents: list[list[tuple[str, str]]], rnd
) -> None:
    files = {
        f"{stem}.txt": as_txt(c) + f"P9: file {stem}.\n"
        for stem, c in zip(stems, contents, strict=False)
    }
    order = sorted(files)
    shuffled = list(order)
    rnd.shuffle(shuffled)
    extra = {"zz_extra.txt": "Interviewer: Another file here.\n", "notes.pdf": "%PDF"}
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        write_folder(Path(a), files, order)
        write_folder(Path(b), {**files, **extra}, [*extra, *shuffled])
        first = segment_corpus(ingest_folder(a, CONFIG), CONFIG, words)
        second = segment_corpus(ingest_folder(b, CONFIG), CONFIG, words)
    ids = [s.id for s in first]
    assert len(set(ids)) == len(ids)
    assert [s.id for s in second if not s.id.startswith("zz_extra:")] == ids
    assert [s.text for s in second if not s.id.startswith("zz_extra:")] == [s.text for s in first]
