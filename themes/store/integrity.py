"""What `themes check` asks of the database itself: SQLite's own check, the schema version
and the triggers that keep the decision log append-only. (The log's hash chain is checked by
`EventStore.chain_problems`.)"""

from __future__ import annotations

import sqlite3

from themes.store.base import StoreBase
from themes.store.schema import APPEND_ONLY_TRIGGERS, MIGRATIONS, SCHEMA_VERSION, schema_version


class IntegrityStore(StoreBase):
    """Part of `Project`: checks of the database file and its schema."""

    def database_problems(self, most: int = 10) -> list[str]:
        """SQLite's ``PRAGMA integrity_check``: empty when the file is sound."""
        try:
            rows = [str(r[0]) for r in self.conn.execute(f"PRAGMA integrity_check({most})")]
        except sqlite3.DatabaseError as exc:
            return [f"SQLite cannot check the file ({type(exc).__name__})"]
        return [] if rows == ["ok"] else rows

    def schema_problems(self) -> list[str]:
        """The recorded schema version and migrations against those this version knows."""
        try:
            version = schema_version(self.conn)
        except ValueError:
            return ["the recorded schema version is not a number"]
        problems = []
        if version != SCHEMA_VERSION:
            problems.append(f"schema version {version}, expected {SCHEMA_VERSION}")
        known = {m.name for m in MIGRATIONS}
        recorded = [str(r[0]) for r in self.conn.execute("SELECT name FROM migrations")]
        unknown = sorted(set(recorded) - known)
        if unknown:
            problems.append(f"migrations this version does not know: {', '.join(unknown)}")
        # a project made by the first release never recorded m001; every later one must be
        missing = [m.name for m in MIGRATIONS[1:] if m.name not in recorded]
        if missing:
            problems.append(f"migrations not recorded: {', '.join(missing)}")
        return problems

    def missing_triggers(self) -> list[str]:
        """The append-only triggers of the decision log that are not there."""
        present = {
            str(r[0])
            for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
        return [name for name in APPEND_ONLY_TRIGGERS if name not in present]
