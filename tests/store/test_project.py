import sqlite3

import numpy as np
import pytest

from themes.core.errors import ProjectError
from themes.core.types import Segment, Transcript, Turn
from themes.store.project import Project


def _corpus():
    text = "I: Hi?\nR: Hello there friend."
    turns = (Turn(0, "I", "Hi?", 1, 1, 3, 6), Turn(1, "R", "Hello there friend.", 2, 2, 10, 28))
    tr = Transcript(
        id="T1",
        source="T1.txt",
        format="txt",
        text=text,
        turns=turns,
        metadata={"site": "1"},
        content_hash="abc",
    )
    segs = [
        Segment(
            id="T1:1",
            transcript_id="T1",
            source="T1.txt",
            turn_index=0,
            speaker="I",
            role="interviewer",
            text="Hi?",
            line_start=1,
            line_end=1,
            char_start=3,
            char_end=6,
            clustered=False,
            skip_reason="short",
        ),
        Segment(
            id="T1:2",
            transcript_id="T1",
            source="T1.txt",
            turn_index=1,
            speaker="R",
            role="participant",
            text="Hello there friend.",
            line_start=2,
            line_end=2,
            char_start=10,
            char_end=28,
            prompt="Hi?",
            prompt_id="T1:1",
            metadata={"site": "1"},
        ),
    ]
    return tr, segs


def test_missing_project_says_how_to_create_one(tmp_path):
    with pytest.raises(ProjectError, match="themes run"):
        Project.open(tmp_path / "nope")


def test_corpus_round_trip(tmp_path):
    tr, segs = _corpus()
    with Project.open(tmp_path / "p", create=True) as p:
        assert p.save_corpus([tr], segs) == ["T1"]
        assert p.save_corpus([tr], segs) == []  # second time: not new
        assert p.transcripts() == [tr]
        assert p.segments() == segs
        assert p.segments(["T1:2"]) == [segs[1]]


def test_embedding_cache_round_trip(tmp_path):
    with Project.open(tmp_path, create=True) as p:
        v = np.arange(4, dtype=np.float32)
        p.cache_vectors("m", [("h1", v)])
        got = p.cached_vectors("m", ["h1", "h2"])
        assert list(got) == ["h1"] and np.array_equal(got["h1"], v)
        assert p.cached_vectors("other", ["h1"]) == {}


def test_failed_transaction_leaves_nothing(tmp_path):
    tr, segs = _corpus()
    with Project.open(tmp_path, create=True) as p:
        with pytest.raises(RuntimeError):
            with p.transaction() as conn:
                conn.execute("INSERT INTO meta VALUES ('x', 'y')")
                raise RuntimeError("crash")
        assert p.conn.execute("SELECT COUNT(*) FROM meta WHERE key='x'").fetchone()[0] == 0


def test_event_log_is_append_only(tmp_path):
    with Project.open(tmp_path, create=True) as p:
        p.conn.execute(
            "INSERT INTO runs (created_at, kind, fingerprint, config, model_id, versions, seed, folder, summary)"
            " VALUES ('t','run','f','{}','m','{}',1,'.','{}')"
        )
        p.conn.execute(
            "INSERT INTO events (run_id, created_at, analyst, kind, payload) VALUES (1,'t','a','memo','{}')"
        )
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            p.conn.execute("DELETE FROM events")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            p.conn.execute("UPDATE events SET memo='x'")


def test_not_a_database(tmp_path):
    (tmp_path / "project.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ProjectError):
        Project.open(tmp_path)
