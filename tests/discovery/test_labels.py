"""The label chooser on small hand-made themes: phrases from the theme's own text, never led by
fillers, names or the prompt, distinct across themes, with the central sentence below."""

from __future__ import annotations

import numpy as np
from fakes import FakeEmbedder, segment

from themes.core.config import load_config
from themes.core.types import Segment
from themes.discovery.describe import describe_themes, stop_words
from themes.discovery.labels import LabelModel, names_in, phrases_of, theme_texts

PROMPT = "Tell me about the housing office."


def seg(i: int, text: str, speaker: str = "Ann", prompt: str | None = PROMPT) -> Segment:
    return segment(i, text, f"P{i}", speaker, prompt)


HOUSING = [
    "Yeah, the housing office, you know. Dave rang the rent arrears team with me.",
    "Um, the rent arrears letters scared me, and Dave helped me with the rent arrears.",
    "We went to the housing office together and sorted the rent arrears in one visit.",
    "The housing office was fine once the rent arrears plan was signed.",
]
TRAINING = [
    "The peer support training was ten days, an accredited course with a certificate.",
    "I loved the peer support training, like, it made me feel I belonged.",
    "Okay so the accredited course taught us boundaries and self care.",
    "The accredited course was hard but the peer support training was worth it.",
]


def _model(segments):
    fake = FakeEmbedder()
    return LabelModel(fake.encode, fake.encode([s.text for s in segments]))


def _texts(segments, model=True):
    labels = np.array([0] * len(HOUSING) + [1] * len(TRAINING))
    vectors = FakeEmbedder().encode([s.text for s in segments])
    stop = stop_words(segments)
    keywords = [["rent", "arrears", "housing"], ["training", "accredited", "course"]]
    return theme_texts(
        segments, labels, vectors, stop, 0.8, _model(segments) if model else None, keywords=keywords
    )


def test_labels_are_phrases_of_the_theme_and_never_its_prompt_fillers_or_names() -> None:
    segments = [seg(i, t) for i, t in enumerate(HOUSING + TRAINING)]
    for with_model in (True, False):
        housing, training = _texts(segments, with_model)
        assert len(housing.label.split()) >= 2 and len(training.label.split()) >= 2
        assert housing.label.lower() in " ".join(HOUSING).lower()  # from its own text
        assert training.label.lower() in " ".join(TRAINING).lower()
        assert housing.label.lower() != "housing office"  # the question it answers
        for label in (housing.label, training.label):
            assert not {"yeah", "um", "okay", "like", "dave", "ann"} & set(label.lower().split())
        assert housing.label != training.label
        assert housing.subtitle in " ".join(HOUSING)  # its central sentence
        assert len(housing.subtitle.split()) >= 6


def test_phrases_sit_between_function_words_and_skip_names() -> None:
    names = frozenset({"dave"})
    found = phrases_of("Dave rang the rent arrears team with me.", frozenset(), names)
    assert "rent arrears team" in found and "rent arrears" not in found  # not cut mid-run
    assert not any("dave" in p for p in found)
    assert "rang the rent" not in found  # ends inside a run of content words
    segments = [seg(1, "We met in Dublin. Later Dublin felt far."), seg(2, "The Recovery College")]
    assert names_in(segments) >= {"ann", "dublin"} and "recovery" not in names_in(segments)


def test_describe_keeps_keywords_beside_the_phrase_label_and_counts_marks() -> None:
    config = load_config()
    segments = [seg(i, t) for i, t in enumerate(HOUSING + TRAINING)]
    filler = "filler: 3 of 3 words are fillers or session talk"
    segments[-1] = Segment(**{**segments[-1].__dict__, "skip_reason": filler})
    segments[-2] = Segment(**{**segments[-2].__dict__, "text": "Okay, yeah, so I guess that's it."})
    labels = np.array([0] * len(HOUSING) + [1] * len(TRAINING))
    vectors = FakeEmbedder().encode([s.text for s in segments])
    themes = describe_themes(
        segments, vectors, labels, np.ones(len(segments), bool), config.describe, _model(segments)
    )
    housing, training = themes
    assert housing.keywords and housing.label not in (" · ".join(housing.keywords[:3]),)
    assert housing.subtitle and housing.echo_share == 0 and housing.filler_share == 0
    assert training.filler_share == 0.5  # one marked, one mostly talk
