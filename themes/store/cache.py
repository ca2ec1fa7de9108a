"""The project's caches: segment vectors by (model, text hash), and UMAP outputs by key.

numpy is imported where it is used, so commands that never read a vector do not load it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from themes.store.base import StoreBase

if TYPE_CHECKING:
    import numpy as np


class CacheStore(StoreBase):
    """Part of `Project`: the embedding and reduction caches."""

    def cached_vectors(self, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        import numpy as np

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
        import numpy as np

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
        import numpy as np

        row = self.conn.execute(
            "SELECT n, dim, data FROM reductions WHERE key=?", (key,)
        ).fetchone()
        if row is None:
            return None
        return np.frombuffer(row[2], dtype=np.float32).reshape(row[0], row[1]).copy()

    def cache_reduction(self, key: str, reduced: np.ndarray) -> None:
        import numpy as np

        data = np.ascontiguousarray(reduced, dtype=np.float32)
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO reductions VALUES (?,?,?,?)",
                (key, int(data.shape[0]), int(data.shape[1]), data.tobytes()),
            )
