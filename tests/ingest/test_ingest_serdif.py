"""Integration: the real SERDIF usability corpus in ../shared (skipped when absent)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from themes.core.config import load_config
from themes.discovery.segment import segment_corpus
from themes.ingest import ingest_folder

pytestmark = pytest.mark.serdif


def test_txt_transcripts_match_stats(serdif: Path) -> None:
    stats = json.loads((serdif / "stats.json").read_text(encoding="utf-8"))
    config = load_config()
    corpus = ingest_folder(serdif / "transcripts", config, strict=True)
    assert len(corpus.transcripts) == stats["n_transcripts"] == 17
    turns = [turn for t in corpus.transcripts for turn in t.turns]
    assert len(turns) == stats["n_turns"] == 2991
    assert dict(Counter(turn.speaker for turn in turns)) == stats["speakers"]
    # each line of the .txt is one turn
    for t in corpus.transcripts:
        assert [turn.line_start for turn in t.turns] == list(range(1, len(t.turns) + 1))


def test_only_selected_speaker_is_clustered(serdif: Path) -> None:
    config = load_config(overrides=['speakers.include_speakers=["Participant"]'])
    corpus = ingest_folder(serdif / "transcripts", config)
    segments = segment_corpus(corpus, config)
    clustered = {s.speaker for s in segments if s.clustered}
    assert clustered == {"Participant"}
    assert len({s.id for s in segments}) == len(segments) >= 2991
    answered = [s for s in segments if s.speaker == "Participant" and s.prompt_id]
    assert answered and all(s.prompt_id.split(":")[0] == s.transcript_id for s in answered)


def test_odt_originals_are_read(serdif: Path) -> None:
    config = load_config()
    corpus = ingest_folder(serdif / "raw" / "transcripts_odt", config)
    assert len(corpus.transcripts) == 17 and not corpus.skipped
    for t in corpus.transcripts:
        assert t.format == "odt" and len(t.turns) > 50
        assert all(t.text[x.char_start : x.char_end] == x.text for x in t.turns)
        speakers = Counter(x.speaker for x in t.turns)
        assert speakers["unknown"] > speakers["Prompt"] > 0  # answers, numbered tasks
        assert set(speakers) <= {"unknown", "Prompt", "Note", "MODERATOR", "Location"}
    segments = segment_corpus(corpus, config)
    roles = Counter(s.role for s in segments)
    assert roles["participant"] > 2000 and roles["prompt"] > 500 and roles["interviewer"] > 100
