"""The decision log: payloads checked on write and read, a hash chain that shows tampering
(issue 10, finding 6), and the migration that gives existing logs their chain."""

from __future__ import annotations

import json
import sqlite3

import pytest
from fakes import tamper

from themes.core.errors import EventError
from themes.store.chain import HEAD_KEY
from themes.store.project import Project
from themes.store.schema import MIGRATIONS, SCHEMA_VERSION, apply


def _add_run(conn: sqlite3.Connection) -> None:
    conn.execute(
        "INSERT INTO runs (created_at, kind, fingerprint, config, model_id, versions, seed, "
        "folder, summary) VALUES ('t','run','f','{}','m','{}',1,'.','{}')"
    )


@pytest.fixture
def project(tmp_path):
    with Project.open(tmp_path / "p", create=True) as p:
        _add_run(p.conn)
        p.append_event(1, "ann", "rename", {"theme": 1, "name": "One"}, "why")
        p.append_event(1, "ann", "merge", {"themes": [1, 2], "name": "Both"})
        p.append_event(1, "bob", "memo", {"target": "project", "id": None}, "note")
        p.append_event(1, "bob", "undo", {"event": 2})
        yield p


def _raw(p: Project) -> sqlite3.Connection:
    return tamper(p.folder)


def _texts(p: Project) -> list[str]:
    return [problem.text for problem in p.chain_problems()]


def test_a_log_written_by_themes_verifies(project) -> None:
    assert project.chain_problems() == ()
    rows = project.conn.execute("SELECT hash, prev_hash FROM events ORDER BY id").fetchall()
    assert all(len(h) == 64 for h, _ in rows) and rows[0][1] == ""
    assert [prev for _, prev in rows[1:]] == [h for h, _ in rows[:-1]]  # each links back
    head = project.conn.execute("SELECT value FROM meta WHERE key=?", (HEAD_KEY,)).fetchone()
    assert head == (rows[-1][0],)
    assert [e.valid for e in project.events(1)] == [True] * 4


def test_an_invalid_payload_is_refused_and_nothing_is_recorded(project) -> None:
    for kind, payload in [
        ("undo", {}),
        ("merge", {"themes": [3], "name": "x"}),
        ("rename", {"theme": "3", "name": "x"}),
        ("move", {"segment": "P1:2", "theme": 2, "extra": 1}),
        ("teleport", {"theme": 1}),
    ]:
        with pytest.raises(EventError, match="not recorded") as info:
            project.append_event(1, "ann", kind, payload)
        assert "bug in themes" in str(info.value)
    assert project.last_event_id() == 4 and project.chain_problems() == ()


def test_the_append_joins_an_outer_transaction_and_rolls_back_with_it(project) -> None:
    with pytest.raises(RuntimeError), project.transaction():
        project.append_event(1, "ann", "rename", {"theme": 1, "name": "Gone"})
        raise RuntimeError("the caller fails after appending")
    assert project.last_event_id() == 4 and project.chain_problems() == ()
    assert project.append_event(1, "ann", "rename", {"theme": 1, "name": "Kept"}) == 5
    assert project.chain_problems() == ()


def test_hand_inserted_rows_are_read_as_invalid_never_raising(project) -> None:
    raw = _raw(project)
    raw.execute(
        "INSERT INTO events (run_id, created_at, analyst, kind, payload) "
        "VALUES (1, 't', 'x', 'undo', '{}')"
    )
    raw.execute(
        "INSERT INTO events (run_id, created_at, analyst, kind, payload) "
        "VALUES (1, 't', 'x', 'rename', 'not json at all')"
    )
    raw.execute(
        "INSERT INTO events (run_id, created_at, analyst, kind, payload) "
        "VALUES (1, 't', 'x', 'merge', '[1, 2]')"
    )
    events = project.events(1)
    assert [e.valid for e in events] == [True] * 4 + [False] * 3
    assert [e.problem for e in events[4:]] == [
        "event: Field required",
        "the payload is not JSON",
        "the payload is not a JSON object",
    ]
    assert _texts(project) == [
        "event 5 has no hash: it was added outside themes",
        "event 6 has no hash: it was added outside themes",
        "event 7 has no hash: it was added outside themes",
    ]


def test_an_edited_event_is_named(project) -> None:
    payload = json.dumps({"name": "Other", "theme": 1}, sort_keys=True)
    _raw(project).execute("UPDATE events SET payload=? WHERE id=1", (payload,))
    (text,) = _texts(project)
    assert text.startswith("event 1 was changed after it was recorded")
    _raw(project).execute("UPDATE events SET analyst='eve' WHERE id=3")
    assert [p.event_id for p in project.chain_problems()] == [1, 3]


def test_a_deleted_event_is_found_in_the_middle_and_at_the_end(project) -> None:
    raw = _raw(project)
    raw.execute("DELETE FROM events WHERE id=2")
    assert _texts(project) == [
        "the log is broken before event 3: an event after event 1 is missing (deleted) or the "
        "events were reordered"
    ]
    raw.execute("DELETE FROM events WHERE id=4")
    assert "the latest event(s) that themes recorded are missing after event 3: deleted" in (
        _texts(project)
    )
    # a decision recorded afterwards does not hide the deletion
    project.append_event(1, "ann", "rename", {"theme": 1, "name": "Again"})
    assert any("broken before event 5" in t for t in _texts(project))


def test_reordered_events_are_found(project) -> None:
    raw = _raw(project)
    raw.execute("UPDATE events SET id=100 WHERE id=2")
    raw.execute("UPDATE events SET id=2 WHERE id=3")
    raw.execute("UPDATE events SET id=3 WHERE id=100")
    assert {p.event_id for p in project.chain_problems()} >= {2, 3}


def test_an_event_moved_to_another_run_is_found(project) -> None:
    raw = _raw(project)
    _add_run(raw)
    raw.execute("UPDATE events SET run_id=2 WHERE id=1")
    assert [p.event_id for p in project.chain_problems()] == [1]


def _schema_2_project_with_events(folder) -> None:
    folder.mkdir()
    conn = sqlite3.connect(folder / "project.db", isolation_level=None)
    for version, migration in enumerate(MIGRATIONS[:2]):
        apply(conn, migration, version)
    _add_run(conn)
    for kind, payload in [
        ("rename", {"theme": 1, "name": "One"}),
        ("undo", {"event": 1}),
        ("memo", {"target": "theme", "id": 1}),
    ]:
        conn.execute(
            "INSERT INTO events (run_id, created_at, analyst, kind, payload, memo) "
            "VALUES (1, '2026-01-01T00:00:00+00:00', 'ann', ?, ?, 'm')",
            (kind, json.dumps(payload, sort_keys=True)),
        )
    conn.close()


def test_the_migration_gives_existing_events_a_valid_chain(tmp_path) -> None:
    _schema_2_project_with_events(tmp_path / "p")
    with Project.open(tmp_path / "p") as p:
        assert p.schema_problems() == [] and SCHEMA_VERSION >= 3
        assert p.chain_problems() == () and p.missing_triggers() == []
        hashes = [r[0] for r in p.conn.execute("SELECT hash FROM events ORDER BY id")]
        assert len(set(hashes)) == 3 and all(len(h) == 64 for h in hashes)
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            p.conn.execute("UPDATE events SET memo='x' WHERE id=1")
        assert p.append_event(1, "bob", "rename", {"theme": 1, "name": "Two"}) == 4
        assert p.chain_problems() == ()
        applied = [r[0] for r in p.conn.execute("SELECT name FROM migrations ORDER BY name")]
        assert applied == [m.name for m in MIGRATIONS]


def test_appends_from_several_connections_at_once_keep_one_chain(project) -> None:
    import threading

    def append_many(worker: int) -> None:
        with Project.open(project.folder) as mine:
            for i in range(25):
                mine.append_event(1, f"w{worker}", "rename", {"theme": worker, "name": f"n{i}"})

    threads = [threading.Thread(target=append_many, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert project.last_event_id() == 4 + 100
    assert project.chain_problems() == ()
