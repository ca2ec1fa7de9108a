"""The demo study in examples/peer-support-study reads cleanly in every format it uses."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from themes.core.config import load_config
from themes.discovery.segment import segment_corpus
from themes.ingest import READERS, ingest_folder
from themes.ingest.summary import summarise

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "peer-support-study"


def test_demo_study_reads_cleanly() -> None:
    config = load_config()
    corpus = ingest_folder(EXAMPLE, config)
    files = sorted(
        p.name
        for p in EXAMPLE.iterdir()
        if p.suffix.lower() in READERS
        and p.name != config.ingest.metadata_file
        and not p.name.startswith(".")
    )
    assert sorted(t.source for t in corpus.transcripts) == files  # nothing skipped
    formats = {t.format for t in corpus.transcripts}
    assert {"txt", "docx", "odt", "vtt", "srt"} <= formats
    segments = segment_corpus(corpus, config)
    assert len({s.id for s in segments}) == len(segments)
    for t in corpus.transcripts:
        assert all(t.text[x.char_start : x.char_end] == x.text for x in t.turns)
        roles = Counter(s.role for s in segments if s.transcript_id == t.id)
        assert roles["interviewer"] > 0 and roles["participant"] > 0, t.source
        assert "unknown" not in {x.speaker for x in t.turns}, t.source
        assert t.metadata.get("org_context") in {"statutory", "voluntary", "partnership"}
        if t.format in ("vtt", "srt"):
            assert all(x.start_time is not None for x in t.turns)
    answers = [s for s in segments if s.role == "participant"]
    assert sum(s.prompt is not None for s in answers) >= 0.9 * len(answers)
    summary = summarise(corpus, segments)
    assert summary.totals.clustered > 0.3 * summary.totals.segments
