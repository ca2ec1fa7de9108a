"""`check_project`: a healthy project passes every check; each kind of damage fails the check
that is about it, naming ids (never transcript text)."""

from __future__ import annotations

import shutil

import pytest
from fakes import curated_project, tamper

from themes.core.errors import ProjectError
from themes.core.types import Assignment
from themes.curation.check import check_project, membership_problems
from themes.curation.replay import CuratedState, CuratedTheme
from themes.store.project import Project

NAMES = ["database", "schema", "triggers", "chain", "events", "view", "transcripts"]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return curated_project(tmp_path_factory.mktemp("check"))


@pytest.fixture
def p(base, tmp_path):
    return shutil.copytree(base, tmp_path / "p")


def _failed(p) -> dict[str, tuple[str, ...]]:
    return {c.name: c.problems for c in check_project(p).failed}


def test_a_healthy_project_passes_every_check(p) -> None:
    report = check_project(p)
    assert [c.name for c in report.checks] == NAMES
    assert report.ok, report.failed
    events = {c.name: c for c in report.checks}["events"]
    assert events.notes == ()  # nothing without effect in the fixture's log


def test_no_project_is_the_usual_error(tmp_path) -> None:
    with pytest.raises(ProjectError, match="no project here"):
        check_project(tmp_path)


def test_missing_triggers_and_an_edited_event_fail_their_checks(p) -> None:
    tamper(p).execute("UPDATE events SET analyst='eve' WHERE id=2")
    failed = _failed(p)
    assert set(failed) == {"triggers", "chain"}
    assert failed["chain"][0].startswith("event 2 was changed")
    assert all("missing" in t for t in failed["triggers"]) and len(failed["triggers"]) == 2


def test_a_hand_inserted_invalid_event_fails_chain_and_events(p) -> None:
    with Project.open(p) as store:
        run_id = store.require_run().id
    tamper(p).execute(
        "INSERT INTO events (run_id, created_at, analyst, kind, payload) "
        "VALUES (?, 't', 'x', 'undo', '{}')",
        (run_id,),
    )
    failed = _failed(p)
    assert set(failed) == {"triggers", "chain", "events"}
    (problem,) = failed["events"]
    assert problem == (
        "event 6 (run 1) is not a valid 'undo' event and is not replayed: event: Field required"
    )


def test_a_transcript_added_then_deleted_is_found(p) -> None:
    conn = tamper(p)
    conn.execute("PRAGMA foreign_keys=OFF")
    (tid,) = conn.execute("SELECT id FROM transcripts ORDER BY added_in DESC LIMIT 1").fetchone()
    conn.execute("DELETE FROM segments WHERE transcript_id=?", (tid,))
    conn.execute("DELETE FROM transcripts WHERE id=?", (tid,))
    failed = _failed(p)
    assert "view" in failed and "transcripts" in failed
    assert any(tid in t and "no longer holds" in t for t in failed["transcripts"])


def test_events_without_effect_are_listed_as_notes(p) -> None:
    with Project.open(p) as store:
        run_id = store.require_run().id
        store.append_event(run_id, "ann", "rename", {"theme": 2, "name": "Merged away"})
    report = check_project(p)
    assert report.ok
    (events,) = [c for c in report.checks if c.name == "events"]
    assert events.notes == ("event 6 (run 1) has no effect: theme 2 no longer exists",)


def test_a_damaged_page_fails_the_database_check(p) -> None:
    with Project.open(p) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    db = p / "project.db"
    data = bytearray(db.read_bytes())
    page = 4096
    last = (pages - 1) * page
    data[last + 8 : last + page] = b"\x5a" * (page - 8)  # a data page, not the schema
    db.write_bytes(bytes(data))
    report = check_project(p)
    assert not report.ok and "database" in {c.name for c in report.failed}


def test_membership_problems_name_the_segments() -> None:
    state = CuratedState(
        themes=(CuratedTheme(1, ("a", "b"), (1,)), CuratedTheme(2, ("b",), (2,))),
        assignments=(
            Assignment("a", 1, 1.0, "x"),
            Assignment("b", 2, 1.0, "x"),
            Assignment("c", 9, 1.0, "x"),
        ),
    )
    assert membership_problems(state, {"a", "b"}) == [
        "segment b is in 2 themes",
        "segment c is assigned to theme 9, which is gone",
        "1 segment(s) in the view are not in the project (e.g. c)",
    ]
