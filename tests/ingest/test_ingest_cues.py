"""The .vtt and .srt readers: voice tags, labels, NOTE blocks, merging cues."""

from __future__ import annotations

import pytest

from themes.core.config import Config
from themes.core.errors import InputError
from themes.ingest.srt import read_srt
from themes.ingest.vtt import read_vtt

TEAMS = """WEBVTT

NOTE exported by a meeting tool
with two lines

STYLE
::cue { color: white }

0f3a-1
00:00:01.000 --> 00:00:04.000
<v Jane Smith>Welcome, thanks for joining.</v>

0f3a-2
00:00:04.500 --> 00:00:06.000
<v Jane Smith>Shall we start?</v>

3
00:00:06.000 --> 00:00:09.250 align:start
<v.loud Sam>I'm <i>ready</i> &amp; <c.yellow>happy</c>
to talk.</v>

00:01:00.000 --> 00:01:02.000
Jane Smith: A labelled cue.

00:01:02.000 --> 00:01:03.000
<v Jane Smith>Yes.</v> <v Sam>No.</v>
"""


def spans_ok(parsed) -> bool:
    return all(parsed.text[t.char_start : t.char_end] == t.text for t in parsed.turns)


def test_vtt_voice_tags_merge_and_strip(config: Config) -> None:
    parsed = read_vtt(TEAMS.encode(), "P1.vtt", config.ingest)
    assert spans_ok(parsed)
    turns = parsed.turns
    assert [t.speaker for t in turns] == ["Jane Smith", "Sam", "Jane Smith", "Sam"]
    assert turns[0].text == "Welcome, thanks for joining. Shall we start?"
    assert (turns[0].start_time, turns[0].end_time) == (1.0, 6.0)
    assert turns[1].text == "I'm ready & happy to talk."
    assert (turns[1].line_start, turns[1].line_end) == (19, 20)
    assert turns[2].text == "A labelled cue. Yes."
    assert turns[3].line_start == turns[2].line_end == 26
    assert parsed.text.split("\n")[0] == "Jane Smith: Welcome, thanks for joining. Shall we start?"


def test_vtt_without_cues(config: Config) -> None:
    with pytest.raises(InputError, match=r"P1\.vtt: no captions"):
        read_vtt(b"WEBVTT\n\nNOTE nothing here\n", "P1.vtt", config.ingest)


SRT = """1
00:00:01,000 --> 00:00:02,000
Interviewer: How are you?

2
00:00:02,500 --> 00:00:04,000
P1: Fine, thanks.

3
00:00:04,000 --> 00:00:05,000
And you?

4
00:00:05,000 --> 00:00:06,000
Interviewer: Good.
"""


def test_srt_labels_and_unlabelled_cues(config: Config) -> None:
    parsed = read_srt(SRT.encode(), "P1.srt", config.ingest)
    assert spans_ok(parsed)
    assert [(t.speaker, t.text) for t in parsed.turns] == [
        ("Interviewer", "How are you?"),
        ("P1", "Fine, thanks. And you?"),
        ("Interviewer", "Good."),
    ]
    assert (parsed.turns[1].start_time, parsed.turns[1].end_time) == (2.5, 5.0)
    assert (parsed.turns[1].line_start, parsed.turns[1].line_end) == (7, 11)


def test_srt_without_any_label_is_unknown(config: Config) -> None:
    parsed = read_srt(b"1\n00:00:01,000 --> 00:00:02,000\nhello\n", "a.srt", config.ingest)
    assert [t.speaker for t in parsed.turns] == ["unknown"]


def test_srt_garbage(config: Config) -> None:
    with pytest.raises(InputError, match=r"a\.srt: no subtitles"):
        read_srt(b"just some words\n", "a.srt", config.ingest)
