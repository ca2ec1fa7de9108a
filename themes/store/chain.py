"""Tamper evidence for the decision log: each event's hash covers its content and the hash of
the event before it (a chain over the whole project's log, in id order).

``hash = sha256(JSON [prev_hash, id, run_id, created_at, analyst, kind, payload, memo])``,
where ``payload`` is the payload text as stored (JSON with sorted keys). The latest hash is
also kept in ``meta`` (`HEAD_KEY`), so deleting the latest events shows too. A log changed
with the triggers dropped, or rows added by hand, no longer verifies: `verify` names the
events. (Anyone who can rewrite the file can also recompute every hash: the chain shows
accidents and casual edits, it does not stop a determined forger.)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

HEAD_KEY = "event_chain_head"
GENESIS = ""  # the "previous hash" of the first event
EVENT_COLUMNS = "id, run_id, created_at, analyst, kind, payload, memo"


@dataclass(frozen=True)
class ChainRow:
    """One event row as stored: its `EVENT_COLUMNS` values (id first) and its hashes."""

    values: tuple[Any, ...]
    hash: str
    prev_hash: str

    @property
    def id(self) -> int:
        return int(self.values[0])

    def expected_hash(self) -> str:
        return event_hash(self.prev_hash, self.values)


@dataclass(frozen=True)
class ChainProblem:
    """A place where the log does not verify (`event_id` None: the log as a whole)."""

    event_id: int | None
    text: str


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return "bytes:" + value.hex()
    if value is None or isinstance(value, int | float | str):
        return value
    return repr(value)


def event_hash(prev_hash: str, row: Sequence[Any]) -> str:
    """The hash of one event: `row` holds the `EVENT_COLUMNS` values as stored."""
    data = json.dumps([prev_hash, *(_plain(v) for v in row)], separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def verify(rows: Sequence[ChainRow], head: str | None) -> tuple[ChainProblem, ...]:
    """Every place where `rows` (the whole log, in id order) fails to verify."""
    problems: list[ChainProblem] = []
    last_hash, last_id = GENESIS, 0
    for row in rows:
        if not row.hash:
            problems.append(
                ChainProblem(row.id, f"event {row.id} has no hash: it was added outside themes")
            )
            continue  # the next event recorded by themes links past it
        if row.hash != row.expected_hash():
            problems.append(
                ChainProblem(
                    row.id,
                    f"event {row.id} was changed after it was recorded (its content, run, id "
                    "or place in the log is not what was hashed)",
                )
            )
        if row.prev_hash != last_hash:
            after = f"after event {last_id}" if last_id else "at the start of the log"
            problems.append(
                ChainProblem(
                    row.id,
                    f"the log is broken before event {row.id}: an event {after} is missing "
                    "(deleted) or the events were reordered",
                )
            )
        last_hash, last_id = row.hash, row.id
    if head is None:
        problems.append(
            ChainProblem(None, f"the project does not record the log's latest hash ({HEAD_KEY})")
        )
    elif head != last_hash:
        ends_at = next((r.id for r in rows if r.hash == head), None)
        if ends_at is not None:
            text = f"the events after event {ends_at} were not recorded by themes"
        else:
            where = f"after event {last_id}" if last_id else "(every event)"
            text = f"the latest event(s) that themes recorded are missing {where}: deleted"
        problems.append(ChainProblem(None, text))
    return tuple(problems)
