"""A project made by an earlier version opens and is migrated; broken ones get a message."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from themes.core.errors import ProjectError
from themes.store.project import Project
from themes.store.schema import MIGRATIONS, SCHEMA_VERSION


def _version_1_project(folder) -> None:
    """A project as the first release wrote it: segments as JSON, no migrations table."""
    folder.mkdir()
    conn = sqlite3.connect(folder / "project.db", isolation_level=None)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    MIGRATIONS[0].apply(conn)
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    conn.execute(
        "INSERT INTO transcripts VALUES ('P1','P1.txt','txt','I: Hi?\nR: Fine thanks.','[]',"
        "'{\"site\": \"A\"}','utf-8','h1','t',1)"
    )
    data = {
        "source": "P1.txt", "turn_index": 1, "speaker": "R", "role": "participant",
        "line_start": 2, "line_end": 2, "char_start": 10, "char_end": 22, "prompt": "Hi?",
        "prompt_id": "P1:1", "start_time": None, "end_time": None, "metadata": {"site": "A"},
        "clustered": True, "skip_reason": "", "transcript_id": "P1", "id": "P1:2",
    }  # fmt: skip
    conn.execute(
        "INSERT INTO segments VALUES ('P1:2','P1',?,'Fine thanks.',1)",
        (json.dumps({k: v for k, v in data.items() if k not in ("id", "transcript_id")}),),
    )
    for run_id in (1, 2):
        conn.execute(
            "INSERT INTO runs (created_at, kind, fingerprint, config, model_id, versions, seed, "
            "folder, summary) VALUES ('t','run',?,'{}','m','{}',1,'.','{\"n_themes\": 1}')",
            (f"f{run_id}",),
        )
    conn.execute(
        "INSERT INTO themes VALUES (2, 1, ?)", (json.dumps({"label": "thanks", "size": 1}),)
    )
    conn.close()


def test_a_version_1_project_is_migrated(tmp_path):
    _version_1_project(tmp_path / "p")
    with Project.open(tmp_path / "p") as p:
        (seg,) = p.segments()
        assert (seg.id, seg.text, seg.speaker, seg.prompt) == ("P1:2", "Fine thanks.", "R", "Hi?")
        assert seg.metadata == {"site": "A"} and seg.clustered and seg.char_end == 22
        assert p.require_run().id == 2  # the latest run is the current one
        assert p.require_run().summary.n_themes == 1
        applied = [r[0] for r in p.conn.execute("SELECT name FROM migrations ORDER BY name")]
        assert applied == [m.name for m in MIGRATIONS[1:]]
        version = p.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        assert int(version[0]) == SCHEMA_VERSION
        # columns other tools can browse
        row = p.conn.execute("SELECT speaker, role, line_start FROM segments").fetchone()
        assert row == ("R", "participant", 2)
        assert p.conn.execute("SELECT label, size FROM themes").fetchone() == ("thanks", 1)


def test_a_new_project_records_every_migration(tmp_path):
    with Project.open(tmp_path / "p", create=True) as p:
        applied = {r[0] for r in p.conn.execute("SELECT name FROM migrations")}
    assert applied == {m.name for m in MIGRATIONS}


def test_a_newer_project_is_refused(tmp_path):
    with Project.open(tmp_path / "p", create=True) as p:
        p.conn.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    with pytest.raises(ProjectError, match="newer themes"):
        Project.open(tmp_path / "p")


def test_a_garbled_schema_version_gets_a_message(tmp_path):
    with Project.open(tmp_path / "p", create=True) as p:
        p.conn.execute("UPDATE meta SET value='abc' WHERE key='schema_version'")
    with pytest.raises(ProjectError, match="not a number"):
        Project.open(tmp_path / "p")


def test_a_damaged_database_page_gets_a_message(tmp_path):
    with Project.open(tmp_path / "p", create=True) as p:
        p.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db = tmp_path / "p" / "project.db"
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page
    db.write_bytes(bytes(data))
    with pytest.raises(ProjectError, match="damaged|could not be read"):
        Project.open(tmp_path / "p")


def test_a_read_only_project_opens_for_reading(tmp_path, monkeypatch):
    with Project.open(tmp_path / "p", create=True) as p:
        p.set_current_run(0)
    (tmp_path / "p" / "project.db").chmod(0o444)
    (tmp_path / "p").chmod(0o555)
    if os.geteuid() == 0:  # root may write anyway: make the check see what a user would
        monkeypatch.setattr("themes.store.project.os.access", lambda *a, **k: False)
    try:
        with Project.open(tmp_path / "p") as p:
            assert p.read_only
            assert p.conn.execute("SELECT value FROM meta WHERE key='current_run'").fetchone()
            with pytest.raises(ProjectError, match="read-only"):
                p.set_current_run(1)
    finally:
        (tmp_path / "p").chmod(0o755)
        (tmp_path / "p" / "project.db").chmod(0o644)
