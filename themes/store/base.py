"""What every part of the store shares: the open connection and its write transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from themes.core.errors import ProjectError


class StoreBase:
    """An open project database. `Project` combines this with one mixin per kind of row."""

    def __init__(self, folder: Path, conn: sqlite3.Connection) -> None:
        self.folder = folder
        self.conn = conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``: the write lock is taken before any
        read, so what is read inside is what the write is based on). Nested uses join the
        outer transaction."""
        if self.conn.in_transaction:
            yield self.conn
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise database_error(self.folder, exc) from exc
        try:
            yield self.conn
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self.rolled_back()
            if isinstance(exc, sqlite3.OperationalError):
                raise database_error(self.folder, exc) from exc
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self.rolled_back()
            raise database_error(self.folder, exc) from exc

    def rolled_back(self) -> None:
        """A write transaction was rolled back: forget what was read inside it."""


def database_error(folder: Path, exc: sqlite3.DatabaseError) -> ProjectError:
    """A SQLite failure as a message that names the project and what to do (never the SQL or
    the data)."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        hint = "is read-only here; copy the project folder somewhere writable to change it"
    elif "full" in text:
        hint = "could not be written: the disk is full; free some space and try again"
    elif "locked" in text or "busy" in text:
        hint = "is busy: another themes command is writing to it; try again when it finishes"
    elif "malformed" in text or "not a database" in text or "corrupt" in text:
        hint = (
            "is damaged or not a themes project database; restore project.db from a backup "
            "(`themes check` says what is wrong)"
        )
    else:
        hint = "could not be read or written; check the file and its permissions"
    return ProjectError(f"{folder / 'project.db'}: the project {hint} ({type(exc).__name__}).")
