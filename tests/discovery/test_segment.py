"""Segmenting: roles, clustering rules, splitting long turns, prompts, ids."""

from __future__ import annotations

from themes.core.config import Config, load_config
from themes.core.types import Corpus, Transcript, Turn
from themes.discovery.segment import assign_role, segment_corpus, split_span


def words(text: str) -> int:
    return len(text.split())


def transcript(lines: list[tuple[str, str, int]], tid: str = "P1", fmt: str = "txt") -> Transcript:
    """(speaker, text, line) -> a transcript whose text is one 'Speaker: text' line per turn."""
    text, turns, offset = "", [], 0
    for index, (speaker, body, line) in enumerate(lines):
        prefix = f"{speaker}: "
        start = offset + len(prefix)
        turns.append(Turn(index, speaker, body, line, line, start, start + len(body)))
        text += prefix + body + "\n"
        offset = len(text)
    return Transcript(tid, f"{tid}.txt", fmt, text, tuple(turns), metadata={"site": "1"})


def test_roles(config: Config) -> None:
    assert assign_role("Interviewer", config) == "interviewer"
    assert assign_role("INT", config) == "interviewer"
    assert assign_role("Task", config) == "prompt"
    assert assign_role("[transcriber]", config) == "note"
    assert assign_role("Interviewee", config) == "participant"
    assert assign_role("unknown", config) == "participant"


def test_clustering_rules_and_skip_reasons(config: Config) -> None:
    corpus = Corpus(
        ".",
        (
            transcript(
                [
                    ("Interviewer", "What was the first week like for you?", 1),
                    ("P1", "It was hard but the team helped me a lot.", 2),
                    ("P1", "Yes.", 3),
                    ("Note", "(the participant laughs for a while here)", 4),
                ]
            ),
        ),
    )
    segs = segment_corpus(corpus, config, words)
    assert [(s.clustered, s.skip_reason) for s in segs] == [
        (False, "role:interviewer"),
        (True, ""),
        (False, "short"),
        (False, "role:note"),
    ]
    assert all(dict(s.metadata) == {"site": "1"} for s in segs)
    selected = load_config(overrides=['speakers.include_speakers=["interviewer"]'])
    assert [s.clustered for s in segment_corpus(corpus, selected, words)] == [
        True,
        False,
        False,
        False,
    ]
    assert segment_corpus(corpus, selected, words)[1].skip_reason == "speaker not selected"
    excluded = load_config(overrides=['speakers.exclude_speakers=["p1"]'])
    assert segment_corpus(corpus, excluded, words)[1].skip_reason == "speaker excluded"


def test_prompts_follow_the_latest_prompt_turn(config: Config) -> None:
    corpus = Corpus(
        ".",
        (
            transcript(
                [
                    ("P1", "Before any question was asked here.", 1),
                    ("Interviewer", "Tell me about supervision.", 3),
                    ("P1", "Supervision was every week with my manager.", 4),
                    ("Task", "Now read the next screen please.", 6),
                    ("P1", "Okay I am reading the screen now.", 7),
                ]
            ),
        ),
    )
    segs = segment_corpus(corpus, config, words)
    assert [(s.prompt, s.prompt_id) for s in segs] == [
        (None, None),
        (None, None),
        ("Tell me about supervision.", "P1:3"),
        ("Tell me about supervision.", "P1:3"),
        ("Now read the next screen please.", "P1:6"),
    ]


def test_long_turn_splits_at_sentences_with_letter_ids() -> None:
    config = load_config(overrides=["segment.max_tokens=16"])
    sentences = [f"Sentence number {i} has exactly seven words." for i in range(5)]
    body = " ".join(sentences)
    corpus = Corpus(".", (transcript([("P1", body, 12)]),))
    segs = segment_corpus(corpus, config, words)
    assert [s.id for s in segs] == ["P1:12a", "P1:12b", "P1:12c"]
    assert [s.text for s in segs] == [
        " ".join(sentences[0:2]),
        " ".join(sentences[2:4]),
        sentences[4],
    ]
    text = corpus.transcripts[0].text
    assert all(text[s.char_start : s.char_end] == s.text for s in segs)
    assert all(words(s.text) <= 16 for s in segs)


def test_over_long_sentence_splits_at_words() -> None:
    text = " ".join(f"w{i}" for i in range(40))
    spans = split_span(text, 0, len(text), words, 16)
    assert [words(text[s:e]) for s, e in spans] == [16, 16, 8]


def test_split_lines_follow_the_source_lines() -> None:
    config = load_config(overrides=["segment.max_tokens=16"])
    body = " ".join(["word"] * 12) + ".\n" + " ".join(["more"] * 10) + "."
    text = "P1: " + body + "\n"
    t = Transcript("P1", "P1.txt", "txt", text, (Turn(0, "P1", body, 1, 2, 4, 4 + len(body)),))
    segs = segment_corpus(Corpus(".", (t,)), config, words)
    assert [(s.line_start, s.line_end) for s in segs] == [(1, 1), (2, 2)]


def test_turns_starting_on_the_same_line_get_unique_ids(config: Config) -> None:
    corpus = Corpus(
        ".",
        (
            transcript(
                [
                    ("A", "Yes I agree with all of that.", 5),
                    ("B", "No I do not agree with that.", 5),
                    ("A", "Well we will see about that then.", 5),
                ],
                fmt="vtt",
            ),
        ),
    )
    assert [s.id for s in segment_corpus(corpus, config, words)] == ["P1:5", "P1:5.2", "P1:5.3"]
