"""The view cache (migration m005): derived values by run, kind and key, written only when it
costs nothing (never waiting for another command's write lock, never in a read-only
project), and safe to lose."""

from __future__ import annotations

import sqlite3
import time

import pytest

from themes.core.types import Assignment
from themes.store.project import Project
from themes.store.records import RunSummary
from themes.store.schema import MIGRATIONS


@pytest.fixture
def project(tmp_path):
    with Project.open(tmp_path / "p", create=True) as p:
        p.save_run(
            kind="run",
            fingerprint="f",
            config={},
            model_id="m",
            versions={},
            seed=1,
            folder="x",
            summary=RunSummary(),
            assignments=[Assignment("a:1", None, 0.0, "")],
            coords={},
            themes=[],
        )
        yield p


def test_the_migration_is_named_and_appended() -> None:
    assert MIGRATIONS[-1].name == "m005_view_cache"
    assert [m.name for m in MIGRATIONS[:4]] == [
        "m001_initial",
        "m002_columns",
        "m003_event_chain",
        "m004_change_models",
    ]


def test_values_are_kept_by_run_kind_and_key(project) -> None:
    run = project.require_run().id
    assert project.remember(run, "theme", [("k1", b"one"), ("k2", b"two")])
    assert project.cached(run, "theme", ["k1", "k3"]) == {"k1": b"one"}
    assert project.cached(run, "theme") == {"k1": b"one", "k2": b"two"}
    assert project.cached(run, "words") == {}
    assert project.remember(run, "theme", [("k3", b"three")], only=True)
    assert project.cached(run, "theme") == {"k3": b"three"}


def test_a_cache_write_never_waits_for_another_command(project) -> None:
    run = project.require_run().id
    other = sqlite3.connect(project.folder / "project.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another command holds the write lock
    try:
        start = time.perf_counter()
        assert not project.remember(run, "theme", [("k", b"v")])
        assert time.perf_counter() - start < 5
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert project.remember(run, "theme", [("k", b"v")])  # and the usual wait is back
    assert project.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000


def test_a_read_only_project_is_never_written(project, monkeypatch) -> None:
    run = project.require_run().id
    monkeypatch.setattr(project, "read_only", True)
    assert not project.remember(run, "theme", [("k", b"v")])
    assert project.cached(run, "theme") == {}


def test_inside_a_transaction_the_cache_joins_it(project) -> None:
    run = project.require_run().id
    with pytest.raises(RuntimeError), project.transaction():
        project.remember(run, "theme", [("k", b"v")])
        raise RuntimeError("rolled back")
    assert project.cached(run, "theme") == {}


def test_segments_are_read_again_after_any_write(tmp_path) -> None:
    """A command reads its segments once while nothing is written; another connection's
    commit, its own save or a rolled-back save are seen."""
    from themes.core.types import Segment, Transcript

    def tr(tid: str) -> Transcript:
        return Transcript(tid, f"{tid}.txt", "txt", "text", ())

    def seg(tid: str) -> Segment:
        return Segment(f"{tid}:1", tid, f"{tid}.txt", 0, "A", "participant", "t", 1, 1, 0, 1)

    with Project.open(tmp_path / "p", create=True) as one:
        one.save_corpus([tr("T1")], [seg("T1")])
        first = one.segments()
        assert one.segments() == first and [s.id for s in first] == ["T1:1"]
        with Project.open(tmp_path / "p") as other:
            other.save_corpus([tr("T2")], [seg("T2")])
        assert [s.id for s in one.segments()] == ["T1:1", "T2:1"]
        one.save_corpus([tr("T3")], [seg("T3")])
        assert len(one.segments()) == 3
        with pytest.raises(RuntimeError), one.transaction():
            one.save_corpus([tr("T4")], [seg("T4")])
            assert len(one.segments()) == 4
            raise RuntimeError("rolled back")
        assert len(one.segments()) == 3


def test_segments_read_from_rows_are_the_segments_saved(tmp_path) -> None:
    from dataclasses import asdict

    from themes.core.types import Segment, Transcript

    made = Segment(
        "T1:3", "T1", "T1.txt", 2, "Ann", "participant", "text", 3, 4, 10, 14,
        prompt="q?", prompt_id="T1:2", start_time=1.5, end_time=2.0,
        metadata={"site": "1"}, clustered=False, skip_reason="short: 1 word",
    )  # fmt: skip
    with Project.open(tmp_path / "p", create=True) as p:
        p.save_corpus([Transcript("T1", "T1.txt", "txt", "text", ())], [made])
        (read,) = p.segments()
    assert read == made and asdict(read) == asdict(made) and hash(read.id) == hash(made.id)
    assert read.location == made.location
    with pytest.raises(AttributeError):
        read.text = "changed"  # type: ignore[misc]
