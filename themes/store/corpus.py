"""Transcripts and their segments in the project (one row each, columns for every field)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import fields as dataclass_fields
from typing import Any

from themes.core.types import Segment, Transcript, Turn
from themes.store.base import StoreBase
from themes.store.schema import SEGMENT_FIELDS, now

_SEGMENT_SELECT = "s.id, s.transcript_id, s.text, " + ", ".join(f"s.{f}" for f in SEGMENT_FIELDS)


class CorpusStore(StoreBase):
    """Part of `Project`: transcripts and segments."""

    # the segments as last read: (PRAGMA data_version, our writes) then the segments
    _segments_read: tuple[tuple[int, int], tuple[Segment, ...]] | None = None
    _corpus_writes = 0  # segments saved through this connection (data_version misses them)

    def rolled_back(self) -> None:
        self._segments_read = None
        super().rolled_back()

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
        self._corpus_writes += 1
        with self.transaction() as conn:
            batch = self.next_batch()
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
                    f"INSERT INTO segments (id, transcript_id, text, {', '.join(SEGMENT_FIELDS)}) "
                    f"VALUES ({', '.join('?' * (3 + len(SEGMENT_FIELDS)))})",
                    [_segment_row(s) for s in by_transcript.get(tr.id, [])],
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
        """All segments in transcript order (or the given ids, in that order). Read once per
        open project while no connection has written since (a decision command reads its
        view more than once)."""
        version = (self.conn.execute("PRAGMA data_version").fetchone()[0], self._corpus_writes)
        if self._segments_read is not None and self._segments_read[0] == version:
            found = list(self._segments_read[1])
        else:
            rows = self.conn.execute(
                f"SELECT {_SEGMENT_SELECT} FROM segments s JOIN transcripts t "
                "ON s.transcript_id=t.id ORDER BY t.added_in, s.transcript_id, s.rowid"
            ).fetchall()
            metadata: dict[str, dict[str, Any]] = {}  # a transcript's segments share one value
            found = [_segment_from(r, metadata) for r in rows]
            self._segments_read = (version, tuple(found))
        if ids is None:
            return found
        by_id = {s.id: s for s in found}
        return [by_id[i] for i in ids if i in by_id]


def _shallow(obj: Any) -> dict[str, Any]:
    """A dataclass's fields as a dict (dataclasses.asdict deep-copies, slowly)."""
    return {f.name: getattr(obj, f.name) for f in dataclass_fields(obj)}


def _segment_row(seg: Segment) -> tuple[Any, ...]:
    values = []
    for name in SEGMENT_FIELDS:
        value = getattr(seg, name)
        if name == "metadata":
            value = json.dumps(dict(value), sort_keys=True)
        elif name == "clustered":
            value = int(value)
        values.append(value)
    return (seg.id, seg.transcript_id, seg.text, *values)


_NAMES = ("id", "transcript_id", "text", *SEGMENT_FIELDS)  # a row's columns, in order
_META, _CLUSTERED = _NAMES.index("metadata"), _NAMES.index("clustered")
assert set(_NAMES) == {f.name for f in dataclass_fields(Segment)}  # every field, no other


def _segment_from(row: Sequence[Any], metadata: dict[str, dict[str, Any]]) -> Segment:
    """A segment from its row; `metadata` memoises the parsed metadata texts (the same for
    every segment of a transcript; segments are immutable, so they may share the value).

    Every field comes from the row, so the frozen dataclass's ``__init__`` (one guarded
    ``setattr`` per field, a third of the time a view takes to read thousands of segments)
    is skipped: the fields are set at once."""
    meta = metadata.get(row[_META])
    if meta is None:
        meta = metadata[row[_META]] = json.loads(row[_META])
    seg = object.__new__(Segment)
    fields = dict(zip(_NAMES, row, strict=True))
    fields["metadata"] = meta
    fields["clustered"] = bool(row[_CLUSTERED])
    seg.__dict__.update(fields)
    return seg
