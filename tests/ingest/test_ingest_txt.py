"""The .txt/.md reader: label styles, continuation lines, timestamps, unlabelled files."""

from __future__ import annotations

import pytest

from themes.core.config import Config
from themes.core.errors import InputError
from themes.ingest.labels import match_label
from themes.ingest.txt import read_md, read_txt


def read(text: str, config: Config):
    return read_txt(text.encode("utf-8"), "P1.txt", config.ingest)


def check_spans(parsed) -> None:
    for turn in parsed.turns:
        assert parsed.text[turn.char_start : turn.char_end] == turn.text
        assert turn.text == turn.text.strip()


def test_labels_continuations_and_blank_lines(config: Config) -> None:
    parsed = read(
        "Interviewer: How did you start?\n"
        "P1: I started as a volunteer.\n"
        "Then I got the job.\n"
        "\n"
        "And it went on from there.\n"
        "INTERVIEWER: And then?\n",
        config,
    )
    check_spans(parsed)
    assert [t.speaker for t in parsed.turns] == ["Interviewer", "P1", "INTERVIEWER"]
    answer = parsed.turns[1]
    assert answer.text.startswith("I started") and answer.text.endswith("from there.")
    assert (answer.line_start, answer.line_end) == (2, 5)
    assert parsed.warnings == ()


def test_timestamps_are_start_times(config: Config) -> None:
    parsed = read(
        "[00:01:02] Sam: Hello there.\n(1:05) Jo Smith: Hi.\n00:02:00 Sam: Bye.\n", config
    )
    check_spans(parsed)
    assert [(t.speaker, t.start_time) for t in parsed.turns] == [
        ("Sam", 62.0),
        ("Jo Smith", 65.0),
        ("Sam", 120.0),
    ]


@pytest.mark.parametrize(
    "line, name",
    [
        ("Peer Worker 2: yes", "Peer Worker 2"),
        ("Dr. O'Neil: yes", "Dr. O'Neil"),
        ("SU-3: yes", "SU-3"),
        ("Note: (laughs)", "Note"),
        ("Maria de Souza: hi", "Maria de Souza"),
        ("What I said was: no", None),
        ("So basically the thing: no", None),
        ("It was at 10:30 that day", None),
        ("see https://example.org", None),
        ("A Very Long Name With Five: no", None),
        ("I said, note: that one", None),
    ],
)
def test_what_counts_as_a_label(line: str, name: str | None) -> None:
    label = match_label(line)
    assert (label.name if label else None) == name


def test_sentence_with_colon_stays_in_turn(config: Config) -> None:
    parsed = read("Sam: I told them.\nWhat I said was: no way.\nNote: this is a label\n", config)
    assert [t.speaker for t in parsed.turns] == ["Sam", "Note"]
    assert "What I said was: no way." in parsed.turns[0].text


def test_no_labels_gives_unknown_paragraphs_and_a_warning(config: Config) -> None:
    parsed = read("First paragraph\nstill first.\n\n\nSecond paragraph.\n", config)
    check_spans(parsed)
    assert [t.speaker for t in parsed.turns] == ["unknown", "unknown"]
    assert [(t.line_start, t.line_end) for t in parsed.turns] == [(1, 2), (5, 5)]
    assert len(parsed.warnings) == 1 and "P1.txt" in parsed.warnings[0]
    assert "First" not in parsed.warnings[0]


def test_text_before_first_label_is_unknown_with_warning(config: Config) -> None:
    parsed = read("Interview with a peer worker\n\nInterviewer: Hello.\n", config)
    assert [t.speaker for t in parsed.turns] == ["unknown", "Interviewer"]
    assert "P1.txt" in parsed.warnings[0] and "peer worker" not in parsed.warnings[0]


def test_label_alone_on_its_line_takes_the_next_lines(config: Config) -> None:
    parsed = read("Interviewer:\nHow are you?\nP2:\n\nFine thanks.\n", config)
    check_spans(parsed)
    assert [(t.speaker, t.text, t.line_start) for t in parsed.turns] == [
        ("Interviewer", "How are you?", 1),
        ("P2", "Fine thanks.", 3),
    ]


def test_crlf_newlines_are_normalised(config: Config) -> None:
    parsed = read_txt(b"A: one\r\nB: two\r\n", "x.txt", config.ingest)
    assert "\r" not in parsed.text and [t.text for t in parsed.turns] == ["one", "two"]


def test_whitespace_only_file_is_empty(config: Config) -> None:
    with pytest.raises(InputError, match=r"P1\.txt.*empty"):
        read(" \n\n ", config)


def test_markdown_bold_labels_and_headings(config: Config) -> None:
    text = "# Interview 3\n\n**Interviewer:** Hello?\n## Part 1\n**P3**: Hi there.\n"
    parsed = read_md(text.encode(), "P3.md", config.ingest)
    assert [(t.speaker, t.text, t.line_start) for t in parsed.turns] == [
        ("Interviewer", "Hello?", 3),
        ("P3", "Hi there.", 5),
    ]
    assert parsed.warnings == ()
    assert [t.speaker for t in read(text, config).turns][0] == "unknown"  # .txt: no headings
