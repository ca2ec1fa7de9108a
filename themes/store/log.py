"""The decision log: analyst decisions as append-only, hash-chained events."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from themes.core.errors import EventError
from themes.store.base import StoreBase
from themes.store.chain import (
    EVENT_COLUMNS,
    GENESIS,
    HEAD_KEY,
    ChainProblem,
    ChainRow,
    event_hash,
    verify,
)
from themes.store.payloads import parse_payload, payload_json
from themes.store.records import Event
from themes.store.schema import now


class EventStore(StoreBase):
    """Part of `Project`: the append-only decision log."""

    def append_event(
        self, run_id: int, analyst: str, kind: str, payload: Mapping[str, Any], memo: str = ""
    ) -> int:
        """Record one analyst decision; returns its id. Events are never changed or deleted.

        The payload must fit its kind's schema (`themes.store.payloads`). The event's hash
        links it to the latest event; both are read and written in one write transaction (in
        the caller's, if one is open)."""
        typed, problem = parse_payload(kind, payload)
        if typed is None:
            raise EventError(
                f"{self.folder}: a {kind!r} decision was not recorded: its payload is invalid "
                f"({problem}). This is a bug in themes; please report it with the command."
            )
        text = payload_json(payload)
        with self.transaction() as conn:
            head = conn.execute("SELECT value FROM meta WHERE key=?", (HEAD_KEY,)).fetchone()
            last = conn.execute("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
            seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name='events'").fetchone()
            prev = str(head[0]) if head is not None else (str(last[1]) if last else GENESIS)
            event_id = max(int(last[0]) if last else 0, int(seq[0]) if seq else 0) + 1
            row = (event_id, run_id, now(), analyst, kind, text, memo)
            digest = event_hash(prev, row)
            conn.execute(
                f"INSERT INTO events ({EVENT_COLUMNS}, hash, prev_hash) VALUES (?,?,?,?,?,?,?,?,?)",
                (*row, digest, prev),
            )
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (HEAD_KEY, digest)
            )
        return event_id

    def events(self, run_id: int) -> list[Event]:
        """The run's decisions in the order they were made; rows that are not valid events
        are kept, with why (`Event.problem`)."""
        return [
            _event(r)
            for r in self.conn.execute(
                f"SELECT {EVENT_COLUMNS} FROM events WHERE run_id=? ORDER BY id", (run_id,)
            )
        ]

    def event_run_ids(self) -> list[int]:
        """The runs that have decisions."""
        return [int(r[0]) for r in self.conn.execute("SELECT DISTINCT run_id FROM events")]

    def last_event_id(self) -> int:
        """The id of the latest decision in the whole project (0 when there is none)."""
        row = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()
        return int(row[0])

    def chain_problems(self) -> tuple[ChainProblem, ...]:
        """Where the whole project's log fails to verify against its hash chain (none: it
        holds exactly what themes recorded)."""
        rows = [
            ChainRow(tuple(r[:7]), hash=str(r[7] or ""), prev_hash=str(r[8] or ""))
            for r in self.conn.execute(
                f"SELECT {EVENT_COLUMNS}, hash, prev_hash FROM events ORDER BY id"
            )
        ]
        head = self.conn.execute("SELECT value FROM meta WHERE key=?", (HEAD_KEY,)).fetchone()
        return verify(rows, None if head is None else str(head[0]))


def _event(row: Sequence[Any]) -> Event:
    """An event as stored; a payload that is not a JSON object is kept as `{}`, with why."""
    payload: Any = {}
    unreadable = ""
    try:
        payload = json.loads(row[5])
    except (TypeError, ValueError):
        unreadable = "the payload is not JSON"
    if not unreadable and not isinstance(payload, dict):
        payload, unreadable = {}, "the payload is not a JSON object"
    return Event(
        id=int(row[0]),
        run_id=int(row[1]),
        created_at=str(row[2]),
        analyst=str(row[3]),
        kind=str(row[4]),
        payload=payload,
        memo=str(row[6] or ""),
        unreadable=unreadable,
    )
