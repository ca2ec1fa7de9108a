"""The project store: one SQLite file, the single source of truth.

Every write happens in a transaction, so a killed process never leaves a half-written
project. The decision log (`events`) is append-only. A project in a folder this user cannot
write (an archive copy, a shared drive) opens read-only: every read command works.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from themes.core.errors import ProjectError
from themes.store.base import StoreBase, database_error
from themes.store.cache import CacheStore
from themes.store.change_models import ChangeModelStore
from themes.store.corpus import CorpusStore
from themes.store.integrity import IntegrityStore
from themes.store.log import EventStore
from themes.store.runs import RunStore, theme_from_dict, theme_to_dict
from themes.store.schema import SCHEMA_VERSION, apply, now, pending, schema_version
from themes.store.view_cache import ViewCacheStore

DB_NAME = "project.db"

__all__ = ["DB_NAME", "SCHEMA_VERSION", "Project", "now", "theme_from_dict", "theme_to_dict"]


class Project(
    CorpusStore,
    CacheStore,
    RunStore,
    EventStore,
    ChangeModelStore,
    IntegrityStore,
    ViewCacheStore,
    StoreBase,
):
    """A project folder: ``project.db`` plus ``reports/``."""

    read_only: bool = False

    @classmethod
    def open(cls, folder: Path | str, create: bool = False) -> Project:
        folder = Path(folder)
        db = folder / DB_NAME
        if not db.exists():
            if not create:
                raise ProjectError(
                    f"{folder}: no project here (no {DB_NAME}); create one with "
                    f"`themes run TRANSCRIPTS --project {folder}`."
                )
            if folder.exists() and not folder.is_dir():
                raise ProjectError(
                    f"{folder}: exists and is not a folder; choose another --project."
                )
            folder.mkdir(parents=True, exist_ok=True)
        elif not db.is_file():
            raise ProjectError(f"{db}: is not a file; choose another --project.")
        read_only = db.exists() and not (os.access(db, os.W_OK) and os.access(folder, os.W_OK))
        try:
            conn = _connect(db, read_only, immutable=not os.access(folder, os.W_OK))
        except sqlite3.DatabaseError as exc:
            raise database_error(folder, exc) from exc
        project = cls(folder, conn)
        project.read_only = read_only
        try:
            project._migrate()
        except BaseException:
            conn.close()
            raise
        return project

    def _migrate(self) -> None:
        try:
            version = schema_version(self.conn)
        except ValueError:
            raise ProjectError(
                f"{self.folder / DB_NAME}: the schema version recorded in the project is not a "
                "number; the file was edited by hand or damaged. Restore it from a backup."
            ) from None
        except sqlite3.DatabaseError as exc:
            raise database_error(self.folder, exc) from exc
        if version is not None and version > SCHEMA_VERSION:
            raise ProjectError(
                f"{self.folder}: made by a newer themes (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade themes to open it."
            )
        todo = pending(version)
        if todo and self.read_only:
            raise ProjectError(
                f"{self.folder}: made by an earlier themes and read-only here; open it once "
                "where it can be written to upgrade it (or copy the folder somewhere writable)."
            )
        for step, migration in enumerate(todo, start=version or 0):
            try:
                apply(self.conn, migration, step)
            except sqlite3.DatabaseError as exc:
                raise database_error(self.folder, exc) from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(db: Path, read_only: bool, immutable: bool) -> sqlite3.Connection:
    if read_only:
        flags = "mode=ro&immutable=1" if immutable else "mode=ro"
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?{flags}", uri=True, timeout=30)
        conn.isolation_level = None
        conn.execute("PRAGMA query_only=ON")
        return conn
    conn = sqlite3.connect(db, timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=FULL")  # a decision acknowledged is on disk
    return conn
