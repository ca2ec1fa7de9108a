"""The decision log: analyst decisions as append-only events."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from themes.store.base import StoreBase
from themes.store.records import Event
from themes.store.schema import now


class EventStore(StoreBase):
    """Part of `Project`: the append-only decision log."""

    def append_event(
        self, run_id: int, analyst: str, kind: str, payload: Mapping[str, Any], memo: str = ""
    ) -> int:
        """Record one analyst decision; returns its id. Events are never changed or deleted."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO events (run_id, created_at, analyst, kind, payload, memo) "
                "VALUES (?,?,?,?,?,?)",
                (run_id, now(), analyst, kind, json.dumps(dict(payload), sort_keys=True), memo),
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

    def last_event_id(self) -> int:
        """The id of the latest decision in the whole project (0 when there is none)."""
        row = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()
        return int(row[0])
