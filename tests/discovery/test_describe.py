import numpy as np
from fakes import segment as seg

from themes.core.config import load_config
from themes.discovery.describe import ctfidf_keywords, describe_themes, select_exemplars, stop_words


def test_ctfidf_prefers_distinctive_terms_and_drops_fillers():
    docs = [
        "um yeah you know the housing and the landlord, housing rent, kind of housing",
        "yeah like training course, sort of training, the induction course",
    ]
    stop = stop_words([seg(1, "x", speaker="Dave Smith")])
    kw = ctfidf_keywords(docs, stop, 3)
    assert kw[0][0].startswith("housing") and "training" in " ".join(kw[1])
    flat = " ".join(" ".join(k) for k in kw)
    for filler in ("yeah", "um", "kind", "sort", "like", "know"):
        assert filler not in flat.split()
    assert "dave" in stop and "smith" in stop


def test_describe_flags_one_voice_and_counts_spread():
    config = load_config().describe
    segments = [
        seg(i, "housing rent landlord", transcript="A", meta={"org_context": "voluntary"})
        for i in range(5)
    ]
    segments += [
        seg(
            i,
            "training course induction",
            transcript=f"P{i}",
            prompt="Training?",
            meta={"org_context": "statutory" if i % 2 else "voluntary"},
        )
        for i in range(6)
    ]
    vectors = np.vstack([np.tile([1, 0, 0], (5, 1)), np.tile([0, 1, 0], (6, 1))]).astype(np.float32)
    labels = np.array([0] * 5 + [1] * 6)
    themes = describe_themes(segments, vectors, labels, np.ones(11, bool), config)
    housing, training = themes
    assert housing.one_voice and housing.n_participants == 1 and housing.top_share == 1.0
    assert not training.one_voice and training.n_participants == 6
    assert training.spread["org_context"] == {"statutory": 3, "voluntary": 3}
    assert training.prompt_share == 1.0 and training.top_prompt == "Training?"
    assert housing.keywords and "housing" in housing.label
    assert len(set(training.exemplar_ids)) == len(training.exemplar_ids) <= config.n_exemplars


def test_exemplars_spread_over_participants():
    vectors = np.array([[1, 0], [0.99, 0.1], [0.98, 0.2], [0.9, 0.43]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    people = ["a", "a", "a", "b"]
    picks = select_exemplars(vectors, np.array([1.0, 0.0]), people, np.ones(4, bool), 2)
    assert picks[0] == 0 and picks[1] == 3
