"""The project database's schema, built by a list of named migrations.

A project records how many migrations it has had (`meta.schema_version`) and which
(`migrations` table, with the time each ran). Opening a project applies the missing ones in
order, each in one transaction, so a project made by any earlier version opens in this one.
A new migration is appended to `MIGRATIONS`; none is ever edited or removed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from themes.store.chain import EVENT_COLUMNS, GENESIS, HEAD_KEY, event_hash


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[sqlite3.Connection], None]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _script(conn: sqlite3.Connection, text: str) -> None:
    """Run SQL statements one by one (executescript would commit the open transaction)."""
    statement = ""
    for line in text.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""


def _m001_initial(conn: sqlite3.Connection) -> None:
    _script(
        conn,
        """
CREATE TABLE IF NOT EXISTS transcripts (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, format TEXT NOT NULL, text TEXT NOT NULL,
    turns TEXT NOT NULL, metadata TEXT NOT NULL, encoding TEXT NOT NULL,
    content_hash TEXT NOT NULL, added_at TEXT NOT NULL, added_in INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS segments (
    id TEXT PRIMARY KEY, transcript_id TEXT NOT NULL REFERENCES transcripts(id),
    data TEXT NOT NULL, text TEXT NOT NULL, clustered INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS embeddings (
    model_id TEXT NOT NULL, text_hash TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (model_id, text_hash)
);
CREATE TABLE IF NOT EXISTS reductions (
    key TEXT PRIMARY KEY, n INTEGER NOT NULL, dim INTEGER NOT NULL, data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, kind TEXT NOT NULL,
    fingerprint TEXT NOT NULL, config TEXT NOT NULL, model_id TEXT NOT NULL,
    versions TEXT NOT NULL, seed INTEGER NOT NULL, folder TEXT NOT NULL, summary TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS assignments (
    run_id INTEGER NOT NULL REFERENCES runs(id), segment_id TEXT NOT NULL,
    theme_id INTEGER, probability REAL NOT NULL, assigned_by TEXT NOT NULL,
    x REAL, y REAL, PRIMARY KEY (run_id, segment_id)
);
CREATE TABLE IF NOT EXISTS themes (
    run_id INTEGER NOT NULL REFERENCES runs(id), theme_id INTEGER NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (run_id, theme_id)
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL REFERENCES runs(id),
    created_at TEXT NOT NULL, analyst TEXT NOT NULL, kind TEXT NOT NULL,
    payload TEXT NOT NULL, memo TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
""",
    )


_SEGMENT_COLUMNS = (
    "source TEXT NOT NULL, turn_index INTEGER NOT NULL, speaker TEXT NOT NULL, "
    "role TEXT NOT NULL, line_start INTEGER NOT NULL, line_end INTEGER NOT NULL, "
    "char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, prompt TEXT, prompt_id TEXT, "
    "start_time REAL, end_time REAL, metadata TEXT NOT NULL, "
    "clustered INTEGER NOT NULL, skip_reason TEXT NOT NULL"
)
SEGMENT_FIELDS = (
    "source", "turn_index", "speaker", "role", "line_start", "line_end", "char_start",
    "char_end", "prompt", "prompt_id", "start_time", "end_time", "metadata", "clustered",
    "skip_reason",
)  # fmt: skip


def _m002_columns(conn: sqlite3.Connection) -> None:
    """Columns instead of JSON for what is queried or browsed (segments, theme labels), and
    the run an analyst works on (`meta.current_run`)."""
    conn.execute(
        "CREATE TABLE segments_v2 (id TEXT PRIMARY KEY, "
        "transcript_id TEXT NOT NULL REFERENCES transcripts(id), text TEXT NOT NULL, "
        f"{_SEGMENT_COLUMNS})"
    )
    extract = ", ".join(
        "COALESCE(json_extract(data, '$.metadata'), '{}')"
        if f == "metadata"
        else "COALESCE(json_extract(data, '$.skip_reason'), '')"
        if f == "skip_reason"
        else "clustered"
        if f == "clustered"
        else f"json_extract(data, '$.{f}')"
        for f in SEGMENT_FIELDS
    )
    conn.execute(
        f"INSERT INTO segments_v2 (id, transcript_id, text, {', '.join(SEGMENT_FIELDS)}) "
        f"SELECT id, transcript_id, text, {extract} FROM segments ORDER BY rowid"
    )
    conn.execute("DROP TABLE segments")
    conn.execute("ALTER TABLE segments_v2 RENAME TO segments")
    conn.execute("CREATE INDEX IF NOT EXISTS segments_transcript ON segments(transcript_id)")
    conn.execute("ALTER TABLE themes ADD COLUMN label TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE themes ADD COLUMN size INTEGER NOT NULL DEFAULT 0")
    conn.execute(
        "UPDATE themes SET label = COALESCE(json_extract(data, '$.label'), ''), "
        "size = COALESCE(json_extract(data, '$.size'), 0)"
    )
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) "
        "SELECT 'current_run', CAST(MAX(id) AS TEXT) FROM runs WHERE id IS NOT NULL"
    )


APPEND_ONLY_TRIGGERS = ("events_append_only_update", "events_append_only_delete")


def _m003_event_chain(conn: sqlite3.Connection) -> None:
    """Tamper evidence (`themes.store.chain`): each event gets its hash and the previous
    event's, filled in id order for the events already recorded; the latest hash goes to
    `meta`. The update trigger is lifted for the fill and put back."""
    conn.execute("ALTER TABLE events ADD COLUMN hash TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE events ADD COLUMN prev_hash TEXT NOT NULL DEFAULT ''")
    conn.execute("DROP TRIGGER IF EXISTS events_append_only_update")
    prev = GENESIS
    for row in conn.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY id").fetchall():
        digest = event_hash(prev, row)
        conn.execute("UPDATE events SET hash=?, prev_hash=? WHERE id=?", (digest, prev, row[0]))
        prev = digest
    _script(
        conn,
        """
CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
""",
    )
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (HEAD_KEY, prev))


def _m004_change_models(conn: sqlite3.Connection) -> None:
    """The change models a project maps and codes against (`change_models`: the YAML as it was
    used, keyed by its SHA-256; events name a model by that hash), and machine (deductive)
    codes of segments (`codes`: one row per run, segment, element and model)."""
    _script(
        conn,
        """
CREATE TABLE IF NOT EXISTS change_models (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, content TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE, added_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS codes (
    run_id INTEGER NOT NULL REFERENCES runs(id), segment_id TEXT NOT NULL,
    element TEXT NOT NULL, score REAL NOT NULL, method TEXT NOT NULL,
    model_hash TEXT NOT NULL REFERENCES change_models(hash),
    PRIMARY KEY (run_id, segment_id, element, model_hash)
);
CREATE INDEX IF NOT EXISTS codes_run_model ON codes(run_id, model_hash);
""",
    )


def _m005_view_cache(conn: sqlite3.Connection) -> None:
    """What the curated view is made from, kept so curation commands need not recompute it
    (`themes.store.view_cache`): the run's segment vectors as clustered, the words of its
    segments, and the description of each curated theme by its members. Everything in it
    is derived from the rest of the project and can be deleted at any time."""
    _script(
        conn,
        """
CREATE TABLE IF NOT EXISTS view_cache (
    run_id INTEGER NOT NULL REFERENCES runs(id), kind TEXT NOT NULL, key TEXT NOT NULL,
    data BLOB NOT NULL, PRIMARY KEY (run_id, kind, key)
);
""",
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration("m001_initial", _m001_initial),
    Migration("m002_columns", _m002_columns),
    Migration("m003_event_chain", _m003_event_chain),
    Migration("m004_change_models", _m004_change_models),
    Migration("m005_view_cache", _m005_view_cache),
)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int | None:
    """The project's schema version; None for a new, empty database. Raises ValueError when
    the recorded version is not a number."""
    has_meta = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
    ).fetchone()
    if not has_meta:
        return None
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    return None if row is None else int(row[0])


def pending(version: int | None) -> tuple[Migration, ...]:
    return MIGRATIONS[version or 0 :]


def apply(conn: sqlite3.Connection, migration: Migration, version: int) -> None:
    """Apply one migration and record it, in one transaction (the caller's connection is in
    autocommit mode)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS migrations "
            "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        current = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if current is not None and int(current[0]) != version:
            conn.execute("ROLLBACK")  # another process migrated meanwhile
            return
        migration.apply(conn)
        conn.execute("INSERT OR REPLACE INTO migrations VALUES (?, ?)", (migration.name, now()))
        conn.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(version + 1),)
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
