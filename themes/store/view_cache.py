"""A cache of what the curated view is made from (table ``view_cache``, migration m005).

Rows are ``(run, kind, key) -> bytes``; what a kind means is up to its reader
(`themes.curation.derived`). Everything here is derived from the rest of the project, so the
cache is written only when that costs nothing: inside the caller's write transaction, or in a
short one of its own that gives up at once when another command holds the lock, and never in
a read-only project. A missing row is recomputed; deleting the table's rows is always safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from themes.core.errors import ProjectError
from themes.store.base import StoreBase

BUSY_MS = 30_000  # the connection's usual wait for the write lock (`project._connect`)
CACHE_WAIT_MS = 50  # how long a cache write waits for it


class ViewCacheStore(StoreBase):
    """Part of `Project`: derived values of the curated view, by run, kind and key."""

    read_only: bool

    def cached(self, run_id: int, kind: str, keys: Iterable[str] | None = None) -> dict[str, bytes]:
        """The stored values of `kind` for `run_id` (only `keys`, when given)."""
        if keys is None:
            rows = self.conn.execute(
                "SELECT key, data FROM view_cache WHERE run_id=? AND kind=?", (run_id, kind)
            ).fetchall()
            return {str(k): bytes(v) for k, v in rows}
        wanted = list(dict.fromkeys(keys))
        out: dict[str, bytes] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for k, v in self.conn.execute(
                f"SELECT key, data FROM view_cache WHERE run_id=? AND kind=? AND key IN ({marks})",
                (run_id, kind, *chunk),
            ):
                out[str(k)] = bytes(v)
        return out

    def remember(
        self, run_id: int, kind: str, items: Sequence[tuple[str, bytes]], *, only: bool = False
    ) -> bool:
        """Store values if that is cheap now (`only`: in place of every other value of
        `kind` for the run); whether they were stored."""
        if self.read_only or not items:
            return False
        rows = [(run_id, kind, key, data) for key, data in items]
        if self.conn.in_transaction:
            self._store(run_id, kind, rows, only)
            return True
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {CACHE_WAIT_MS}")
            with self.transaction():
                self._store(run_id, kind, rows, only)
        except ProjectError:  # busy, full or read-only after all: it is only a cache
            return False
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        return True

    def _store(
        self, run_id: int, kind: str, rows: list[tuple[int, str, str, bytes]], only: bool
    ) -> None:
        if only:
            self.conn.execute("DELETE FROM view_cache WHERE run_id=? AND kind=?", (run_id, kind))
        self.conn.executemany(
            "INSERT OR REPLACE INTO view_cache (run_id, kind, key, data) VALUES (?,?,?,?)", rows
        )
