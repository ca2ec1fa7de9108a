"""Echo and filler detection on small hand-made inputs, and the setting that brings them back."""

from __future__ import annotations

import numpy as np
import pytest
from fakes import FakeEmbedder, segment

from themes.core.config import load_config
from themes.core.types import Segment
from themes.discovery.segment import segment_transcript
from themes.discovery.setaside import echo_reasons, mark_kind, set_aside, status_of, word_pairs
from themes.discovery.talk import filler_reason, neutral_pronouns, talk_heavy

CONFIG = load_config()


def seg(i: int, text: str, transcript: str = "T1", prompt: str | None = None) -> Segment:
    return segment(i, text, transcript, "P", prompt)


@pytest.mark.parametrize(
    "text",
    [
        "Okay, so I think that task is done now.",
        "Yeah, yeah, mm-hm, you know, right.",
        "So that is task 7 completed, I will go to the next one.",
        "(The participant reads the task again)",
        "Okay ... (The participant reads the task again)",
    ],
)
def test_fillers_and_session_talk_are_fillers(text: str) -> None:
    assert filler_reason(text, CONFIG.segment.filler_share).startswith("filler: ")


@pytest.mark.parametrize(
    "text",
    [
        "I like the map a lot.",
        "It is. I know it is now.",  # leans on its question: an answer, not a filler
        "Okay, that is clear.",  # a judgement
        "It was everything. It told me someone had thought about it.",
        "Yeah, kind of. Like it's better than nothing. But it's not the same as someone who's "
        "actually been there with you.",  # long: says something however many fillers
        "Mm-hm.",  # one filler word: a short turn, not marked here
    ],
)
def test_answers_are_not_fillers(text: str) -> None:
    assert filler_reason(text, CONFIG.segment.filler_share) == ""


def test_filler_share_is_the_threshold() -> None:
    text = "Okay, yeah, I guess the map."  # okay, yeah, guess are talk; map is content
    assert filler_reason(text, 0.75) and not filler_reason(text, 0.8)
    assert talk_heavy(text) and not talk_heavy("The map and the table were clear, okay.")


def test_word_pairs_skip_fillers_labels_and_function_pairs() -> None:
    pairs = word_pairs("Okay, b.ii Do both support groups (G1 and G2) meet on the same day?")
    assert ("support", "groups") in pairs and ("same", "day") in pairs
    assert not any("okay" in p or "ii" in p for p in pairs)
    assert ("on", "the") not in pairs  # two function words


def _embed(texts):
    return FakeEmbedder().encode(texts)


def test_a_prompt_read_aloud_is_an_echo_and_an_answer_is_not() -> None:
    prompt = "Describe the weekly timetable shown on the noticeboard beside the kitchen."
    reading = seg(
        1, "(reads) Describe the weekly timetable shown on the noticeboard beside the kitchen."
    )
    answer = seg(2, "The timetable is clear but the colours confuse me.", prompt=prompt)
    partial = seg(3, "Describe the weekly timetable, I think the groups moved to Fridays.")
    reasons = echo_reasons([reading, answer, partial], [prompt], _embed, CONFIG)
    assert set(reasons) == {"T1:1"}
    assert reasons["T1:1"].startswith("echo: restates a prompt (100% of its word pairs")

    def unlike(texts):  # the reading and the prompt orthogonal: the embedding disagrees
        return np.array([[1, 0] if t.startswith("(") else [0, 1] for t in texts], np.float32)

    assert echo_reasons([reading], [prompt], unlike, CONFIG) == {}  # both must agree


def test_a_text_recited_in_enough_transcripts_is_an_echo() -> None:
    line = "Which of the three leaflets names the most local walking groups for newcomers?"
    recited = [seg(1, line, transcript=f"P{k}") for k in range(5)]
    said = [
        "the first one has more",
        "the green leaflet lists three",
        "probably the library one",
        "no idea, they look alike",
        "the second leaflet wins",
    ]
    own = [seg(2, text, f"P{k}") for k, text in enumerate(said)]
    reasons = echo_reasons(recited + own, [], _embed, CONFIG)
    assert set(reasons) == {s.id for s in recited}
    assert "in 5 transcripts" in reasons["P0:1"]
    fewer = echo_reasons(recited[:4] + own, [], _embed, CONFIG)
    assert fewer == {}  # echo_recited: 5 transcripts by default
    off = load_config(overrides=["segment.echo_recited=0"])
    assert echo_reasons(recited, [], _embed, off) == {}


def test_set_aside_keeps_marks_and_the_setting_brings_them_back() -> None:
    segments = (seg(1, "one two three"), seg(2, "four five six"))
    reasons = {"T1:1": "echo: restates a prompt (100% of its word pairs, cosine 0.90)"}
    out = set_aside(segments, reasons, CONFIG)
    assert not out[0].clustered and mark_kind(out[0]) == "echo" and out[1] == segments[1]
    assert status_of(out[0], in_run=False) == ("echo", reasons["T1:1"])
    back = set_aside(segments, reasons, load_config(overrides=["segment.set_aside=false"]))
    assert back[0].clustered and mark_kind(back[0]) == "echo"
    assert status_of(back[0], in_run=True) == ("clustered", reasons["T1:1"])


def _transcript(text: str):
    from themes.core.types import Transcript, Turn

    turns, at = [], 0
    for i, line in enumerate(text.splitlines()):
        speaker, said = line.split(": ", 1)
        start = at + len(speaker) + 2
        turns.append(Turn(i, speaker, said, i + 1, i + 1, start, start + len(said)))
        at += len(line) + 1
    return Transcript("T1", "T1.txt", "txt", text, tuple(turns))


def test_segmenting_marks_fillers_and_a_backchannel_leaves_the_question_standing() -> None:
    text = (
        "Interviewer: How did the peer worker help with your housing?\n"
        "P: She rang the council with me and sorted the rent arrears.\n"
        "Interviewer: Mm-hm.\n"
        "P: Okay, yeah, right, so I guess that is it really.\n"
    )
    for setting, clustered in (("true", False), ("false", True)):
        config = load_config(overrides=[f"segment.set_aside={setting}"])
        segments = segment_transcript(_transcript(text), config, lambda t: len(t.split()))
        answer, filler = segments[1], segments[3]
        assert answer.clustered and not answer.skip_reason
        assert filler.prompt == answer.prompt == "How did the peer worker help with your housing?"
        assert mark_kind(filler) == "filler" and filler.clustered is clustered


def test_pronouns_are_neutral_for_embedding_only() -> None:
    text = "She rang her mum, I sat with her. He's fine; his dad said he'd help him herself."
    assert neutral_pronouns(text) == (
        "They rang their mum, I sat with them. They're fine; their dad said they'd help them "
        "themselves."
    )
    assert neutral_pronouns("The chef's shelf") == "The chef's shelf"


def test_runs_stored_before_neutral_pronouns_read_their_vectors_as_made(fake_study) -> None:
    from dataclasses import replace

    from themes.curation.view import load_view
    from themes.discovery.run_vectors import run_config
    from themes.store.project import Project

    with Project.open(fake_study() / "p") as project:
        stored = load_view(project).run
    assert run_config(stored).embed.neutral_pronouns is True  # stored with today's setting
    embed = {k: v for k, v in stored.config["embed"].items() if k != "neutral_pronouns"}
    older = replace(stored, config={**stored.config, "embed": embed})
    assert run_config(older).embed.neutral_pronouns is False
