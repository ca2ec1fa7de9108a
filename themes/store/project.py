"""The project store: one SQLite file, the single source of truth.

Every write happens in a transaction, so a killed process never leaves a half-written
project. The decision log (`events`) is append-only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from dataclasses import fields as dataclass_fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from themes.core.errors import ProjectError
from themes.core.types import Assignment, Segment, Theme, Transcript, Turn
from themes.store.records import Event

SCHEMA_VERSION = 1
DB_NAME = "project.db"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
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
"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Project:
    """A project folder: ``project.db`` plus ``reports/``."""

    def __init__(self, folder: Path, conn: sqlite3.Connection) -> None:
        self.folder = folder
        self.conn = conn

    # -- opening -----------------------------------------------------------------------
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
        try:
            conn = sqlite3.connect(db, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError as exc:
            raise ProjectError(f"{db}: not a themes project database ({exc}).") from exc
        project = cls(folder, conn)
        project._migrate()
        return project

    def _migrate(self) -> None:
        try:
            self.conn.executescript("BEGIN IMMEDIATE;" + _SCHEMA + "COMMIT;")
            row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise ProjectError(
                f"{self.folder / DB_NAME}: cannot be read as a project ({exc})."
            ) from exc
        if row is None:
            with self.transaction() as conn:
                conn.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
        elif int(row[0]) > SCHEMA_VERSION:
            raise ProjectError(
                f"{self.folder}: made by a newer themes (schema {row[0]}); "
                "upgrade themes to open it."
            )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    @property
    def reports_dir(self) -> Path:
        return self.folder / "reports"

    # -- transcripts and segments ------------------------------------------------------
    def next_batch(self) -> int:
        row = self.conn.execute("SELECT COALESCE(MAX(added_in), 0) FROM transcripts").fetchone()
        return int(row[0]) + 1

    def save_corpus(
        self, transcripts: Sequence[Transcript], segments: Sequence[Segment]
    ) -> list[str]:
        """Store transcripts (new or changed) and their segments; returns ids that are new."""
        new: list[str] = []
        by_transcript: dict[str, list[Segment]] = {}
        for seg in segments:
            by_transcript.setdefault(seg.transcript_id, []).append(seg)
        batch = self.next_batch()
        with self.transaction() as conn:
            for tr in transcripts:
                row = conn.execute(
                    "SELECT content_hash, added_in FROM transcripts WHERE id=?", (tr.id,)
                ).fetchone()
                if row is None:
                    new.append(tr.id)
                added_in = batch if row is None else int(row[1])
                conn.execute("DELETE FROM segments WHERE transcript_id=?", (tr.id,))
                conn.execute(
                    "INSERT OR REPLACE INTO transcripts VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (
                        tr.id,
                        tr.source,
                        tr.format,
                        tr.text,
                        json.dumps([_shallow(t) for t in tr.turns]),
                        json.dumps(dict(tr.metadata), sort_keys=True),
                        tr.encoding,
                        tr.content_hash,
                        now(),
                        added_in,
                    ),
                )
                conn.executemany(
                    "INSERT INTO segments VALUES (?,?,?,?,?)",
                    [
                        (
                            s.id,
                            s.transcript_id,
                            json.dumps(_segment_dict(s)),
                            s.text,
                            int(s.clustered),
                        )
                        for s in by_transcript.get(tr.id, [])
                    ],
                )
        return new

    def transcripts(self) -> list[Transcript]:
        rows = self.conn.execute(
            "SELECT id, source, format, text, turns, metadata, encoding, content_hash "
            "FROM transcripts ORDER BY added_in, id"
        ).fetchall()
        return [
            Transcript(
                id=r[0],
                source=r[1],
                format=r[2],
                text=r[3],
                turns=tuple(Turn(**t) for t in json.loads(r[4])),
                metadata=json.loads(r[5]),
                encoding=r[6],
                content_hash=r[7],
            )
            for r in rows
        ]

    def transcript_hashes(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT id, content_hash FROM transcripts")}

    def transcript_batches(self) -> dict[str, int]:
        return {r[0]: int(r[1]) for r in self.conn.execute("SELECT id, added_in FROM transcripts")}

    def segments(self, ids: Iterable[str] | None = None) -> list[Segment]:
        """All segments in transcript order (or the given ids, in that order)."""
        if ids is None:
            rows = self.conn.execute(
                "SELECT s.data, s.text FROM segments s JOIN transcripts t ON s.transcript_id=t.id "
                "ORDER BY t.added_in, s.transcript_id, s.rowid"
            ).fetchall()
            return [_segment_from(d, t) for d, t in rows]
        wanted = list(ids)
        found = {
            r[0]: _segment_from(r[1], r[2])
            for r in self.conn.execute("SELECT id, data, text FROM segments")
        }
        return [found[i] for i in wanted if i in found]

    # -- embeddings cache --------------------------------------------------------------
    def cached_vectors(self, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        wanted = list(dict.fromkeys(hashes))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for h, dim, blob in self.conn.execute(
                "SELECT text_hash, dim, vector FROM embeddings "
                f"WHERE model_id=? AND text_hash IN ({marks})",
                (model_id, *chunk),
            ):
                out[h] = np.frombuffer(blob, dtype=np.float32, count=dim).copy()
        return out

    def cache_vectors(self, model_id: str, items: Sequence[tuple[str, np.ndarray]]) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO embeddings VALUES (?,?,?,?)",
                [
                    (model_id, h, int(v.shape[0]), np.asarray(v, np.float32).tobytes())
                    for h, v in items
                ],
            )

    def count_cached(self, model_id: str) -> int:
        row = self.conn.execute(
            "SELECT COUNT(*) FROM embeddings WHERE model_id=?", (model_id,)
        ).fetchone()
        return int(row[0])

    def cached_reduction(self, key: str) -> np.ndarray | None:
        row = self.conn.execute(
            "SELECT n, dim, data FROM reductions WHERE key=?", (key,)
        ).fetchone()
        if row is None:
            return None
        return np.frombuffer(row[2], dtype=np.float32).reshape(row[0], row[1]).copy()

    def cache_reduction(self, key: str, reduced: np.ndarray) -> None:
        data = np.ascontiguousarray(reduced, dtype=np.float32)
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO reductions VALUES (?,?,?,?)",
                (key, int(data.shape[0]), int(data.shape[1]), data.tobytes()),
            )

    # -- runs ------------------------------------------------------------------------
    def save_run(
        self,
        *,
        kind: str,
        fingerprint: str,
        config: dict[str, Any],
        model_id: str,
        versions: dict[str, str],
        seed: int,
        folder: str,
        summary: dict[str, Any],
        assignments: Sequence[Assignment],
        coords: dict[str, tuple[float, float]],
        themes: Sequence[Theme],
    ) -> int:
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO runs (created_at, kind, fingerprint, config, model_id, versions, "
                "seed, folder, summary) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    now(),
                    kind,
                    fingerprint,
                    json.dumps(config, sort_keys=True),
                    model_id,
                    json.dumps(versions, sort_keys=True),
                    seed,
                    folder,
                    json.dumps(summary, sort_keys=True),
                ),
            )
            run_id = int(cur.lastrowid or 0)
            conn.executemany(
                "INSERT INTO assignments VALUES (?,?,?,?,?,?,?)",
                [
                    (
                        run_id,
                        a.segment_id,
                        a.theme_id,
                        float(a.probability),
                        a.assigned_by,
                        *coords.get(a.segment_id, (None, None)),
                    )
                    for a in assignments
                ],
            )
            conn.executemany(
                "INSERT INTO themes VALUES (?,?,?)",
                [(run_id, t.id, json.dumps(theme_to_dict(t), sort_keys=True)) for t in themes],
            )
        return run_id

    def latest_run(self) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT id FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        return self.run(int(row[0])) if row else None

    def find_run(self, fingerprint: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT id FROM runs WHERE fingerprint=? ORDER BY id DESC LIMIT 1", (fingerprint,)
        ).fetchone()
        return self.run(int(row[0])) if row else None

    def run(self, run_id: int) -> dict[str, Any]:
        row = self.conn.execute(
            "SELECT id, created_at, kind, fingerprint, config, model_id, versions, seed, "
            "folder, summary "
            "FROM runs WHERE id=?",
            (run_id,),
        ).fetchone()
        if row is None:
            raise ProjectError(f"{self.folder}: run {run_id} does not exist; see `themes list`.")
        return {
            "id": row[0],
            "created_at": row[1],
            "kind": row[2],
            "fingerprint": row[3],
            "config": json.loads(row[4]),
            "model_id": row[5],
            "versions": json.loads(row[6]),
            "seed": row[7],
            "folder": row[8],
            "summary": json.loads(row[9]),
        }

    def require_run(self) -> dict[str, Any]:
        run = self.latest_run()
        if run is None:
            raise ProjectError(
                f"{self.folder}: the project has no run yet; start one with "
                f"`themes run TRANSCRIPTS --project {self.folder}`."
            )
        return run

    def assignments(self, run_id: int) -> list[Assignment]:
        return [
            Assignment(segment_id=r[0], theme_id=r[1], probability=r[2], assigned_by=r[3])
            for r in self.conn.execute(
                "SELECT segment_id, theme_id, probability, assigned_by FROM assignments "
                "WHERE run_id=? ORDER BY rowid",
                (run_id,),
            )
        ]

    def coords(self, run_id: int) -> dict[str, tuple[float, float]]:
        return {
            r[0]: (r[1], r[2])
            for r in self.conn.execute(
                "SELECT segment_id, x, y FROM assignments WHERE run_id=? AND x IS NOT NULL",
                (run_id,),
            )
        }

    # -- decision log (append-only) ------------------------------------------------------
    def append_event(
        self, run_id: int, analyst: str, kind: str, payload: dict[str, Any], memo: str = ""
    ) -> int:
        """Record one analyst decision; returns its id. Events are never changed or deleted."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO events (run_id, created_at, analyst, kind, payload, memo) "
                "VALUES (?,?,?,?,?,?)",
                (run_id, now(), analyst, kind, json.dumps(payload, sort_keys=True), memo),
            )
        return int(cur.lastrowid or 0)

    def events(self, run_id: int) -> list[Event]:
        """The run's decisions in the order they were made."""
        return [
            Event(
                id=r[0],
                run_id=r[1],
                created_at=r[2],
                analyst=r[3],
                kind=r[4],
                payload=json.loads(r[5]),
                memo=r[6],
            )
            for r in self.conn.execute(
                "SELECT id, run_id, created_at, analyst, kind, payload, memo FROM events "
                "WHERE run_id=? ORDER BY id",
                (run_id,),
            )
        ]

    def themes(self, run_id: int) -> list[Theme]:
        return [
            theme_from_dict(json.loads(r[0]))
            for r in self.conn.execute(
                "SELECT data FROM themes WHERE run_id=? ORDER BY theme_id", (run_id,)
            )
        ]


def _shallow(obj: Any) -> dict[str, Any]:
    """A dataclass's fields as a dict (dataclasses.asdict deep-copies, slowly)."""
    return {f.name: getattr(obj, f.name) for f in dataclass_fields(obj)}


def _segment_dict(seg: Segment) -> dict[str, Any]:
    data = _shallow(seg)
    data.pop("text")
    data["metadata"] = dict(seg.metadata)
    return data


def _segment_from(data: str, text: str) -> Segment:
    return Segment(text=text, **json.loads(data))


def theme_to_dict(theme: Theme) -> dict[str, Any]:
    data = asdict(theme)
    data["spread"] = {k: dict(v) for k, v in theme.spread.items()}
    return data


def theme_from_dict(data: dict[str, Any]) -> Theme:
    fields = dict(data)
    for key in ("keywords", "segment_ids", "exemplar_ids"):
        fields[key] = tuple(fields[key])
    return Theme(**fields)
