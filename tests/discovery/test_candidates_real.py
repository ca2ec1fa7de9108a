"""Candidate themes an analyst recognises, on real data: no theme pair on the demo study that
differs mainly by the pronoun of the person described (real model), labels that read as
phrases; and on SERDIF the task-reading and "task completed" turns are marked."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from fakes import FakeEmbedder

from themes.core.config import load_config
from themes.curation.compare import compare_themes
from themes.curation.view import load_view
from themes.discovery.pipeline import clustering_input, run
from themes.discovery.run_vectors import view_vectors
from themes.discovery.segment import segment_corpus
from themes.discovery.setaside import mark_echoes, mark_kind
from themes.discovery.talk import FILLERS
from themes.discovery.tokens import token_counter
from themes.ingest import ingest_folder
from themes.store.project import Project

surface = pytest.importorskip("benchmarks.surface")

DEMO = Path(__file__).resolve().parents[2] / "examples" / "peer-support-study"


@pytest.mark.model
def test_demo_themes_do_not_split_by_pronoun_and_labels_are_phrases(tmp_path: Path) -> None:
    run(DEMO, tmp_path / "p", load_config())
    with Project.open(tmp_path / "p") as project:
        view = load_view(project)
        vectors = view_vectors(project, view)
    ids = list(view.order)
    theme_of = {s: t.id - 1 for t in view.themes for s in t.segment_ids}
    split = surface.pronoun_split(
        [view.segments[i].text for i in ids], np.array([theme_of.get(i, -1) for i in ids])
    )
    # themes are no more gendered than themes dealt at random (pronouns as written: 0.6)
    assert split["one_gender_share"] <= split["baseline_share"]
    one = [r for r in split["themes"] if r["one_gender"]]
    he = [r["theme"] for r in one if r["male"] > r["female"]]
    she = [r["theme"] for r in one if r["female"] > r["male"]]
    for a in he:
        for b in she:  # a he-theme and a she-theme would be a surface split if alike
            assert compare_themes(view, vectors, a, b).suggestion == "keep apart"
    phrases = [t.label for t in view.themes if len(t.label.split()) >= 2 and "·" not in t.label]
    assert len(phrases) >= 0.8 * len(view.themes)
    assert all(t.label.split()[0].lower() not in FILLERS for t in view.themes)
    assert all(t.subtitle for t in view.themes)


def _serdif_segments(serdif: Path):
    config = load_config(overrides=["speakers.include_speakers=[Participant]"])
    corpus = ingest_folder(serdif / "transcripts", config)
    segments = segment_corpus(corpus, config, token_counter(config.embed.model))
    return config, segments


@pytest.mark.serdif
def test_serdif_task_completed_turns_are_fillers(serdif: Path) -> None:
    _, segments = _serdif_segments(serdif)
    done = re.compile(
        r"^(okay,? |so,? |okay so |so that is |so that's |that's |so i guess )*(the |this )?"
        r"task (\d+ )?(is |was )?(also )?completed( now)?\.?$",
        re.IGNORECASE,
    )
    said = [s for s in segments if s.speaker == "Participant" and done.match(s.text.strip())]
    assert len(said) >= 15
    assert all(mark_kind(s) == "filler" or s.skip_reason == "short" for s in said)
    assert not any(s.clustered for s in said)


@pytest.mark.serdif
def test_serdif_task_text_read_out_is_an_echo(serdif: Path) -> None:
    config, segments = _serdif_segments(serdif)
    marked = mark_echoes(segments, clustering_input(segments), config, FakeEmbedder(), None)
    recited = [s for s in marked if s.skip_reason.startswith("echo: recites")]
    restated = [s for s in marked if s.skip_reason.startswith("echo: restates")]
    assert len(recited) >= 45 and len(restated) >= 15
    assert len({s.transcript_id for s in recited}) >= 14  # read out in nearly every session
    assert not any(s.clustered for s in recited + restated)
    assert len(clustering_input(marked)) < len(clustering_input(segments)) - 60
