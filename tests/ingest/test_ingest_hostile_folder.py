"""Issue 11, done when: a folder holding every hostile or broken file of the findings plus one
good transcript ingests in under 30 s, the good one read and each bad one named."""

from __future__ import annotations

import time
from pathlib import Path

from hostile import BAD, SECRET, escape_name, good_transcript, metadata_folder

from themes.core.config import Config
from themes.discovery.segment import segment_corpus
from themes.discovery.tokens import token_counter
from themes.ingest import ingest_folder
from themes.ingest.summary import summarise

LIMIT_S = 30.0


def test_every_bad_file_is_named_and_the_good_one_read(tmp_path: Path, config: Config) -> None:
    folder = tmp_path / "study"
    folder.mkdir()
    good = good_transcript(folder)
    bad = [make(folder) for make in BAD.values()] + [escape_name(folder)]
    metadata = metadata_folder(folder)

    started = time.perf_counter()
    corpus = ingest_folder(folder, config)
    summary = summarise(corpus, segment_corpus(corpus, config, token_counter(config.embed.model)))
    elapsed = time.perf_counter() - started

    assert elapsed < LIMIT_S, f"ingest took {elapsed:.1f} s"
    read = {t.source for t in corpus.transcripts}
    assert good in read
    skipped = {s.source: s.reason for s in corpus.skipped}
    for name in bad:
        named = name in read or name in skipped or any(name in w for w in corpus.warnings)
        assert named, f"{name!r} is neither read nor named in a message"
    assert any(w.startswith(f"{metadata}:") for w in corpus.warnings)
    messages = [*skipped.values(), *corpus.warnings]
    assert all(SECRET not in m for m in messages)
    assert summary.totals.skipped == len(skipped) >= 9
    print(f"ingest and segment: {elapsed:.1f} s")
