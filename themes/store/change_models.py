"""The change models a project maps and codes against, and machine (deductive) codes.

A change model is stored as the YAML text it was used as, keyed by the SHA-256 of that text
(`model_hash`): events (`map_set`, `code_set`, ...) name a model by its hash, so what a
decision was made against never changes, even when the file is edited later (an edited file
is another model). Machine codes are rows of (run, segment, element, model) with a score and
the method that decided them; `themes code` replaces a run's codes for a model as a whole.
The store keeps the text; parsing it is `themes.changemodel`'s job.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from themes.core.errors import NotFoundError
from themes.store.base import StoreBase
from themes.store.schema import now


def content_hash(content: str) -> str:
    """The hash a change model's text is stored under (SHA-256 of its UTF-8 bytes)."""
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoredChangeModel:
    """A change model as the project holds it: `name` is what the analyst called it when it
    was first used (a shipped model's name or the file's name), `content` the YAML text."""

    id: int
    name: str
    content: str
    hash: str
    added_at: str

    @property
    def short_hash(self) -> str:
        return self.hash[:12]


class MachineCode(NamedTuple):
    """One element a method gave one segment, with its score (higher: more confident)."""

    segment_id: str
    element: str
    score: float
    method: str


_MODEL_COLUMNS = "id, name, content, hash, added_at"
_CURRENT_KEY = "current_change_model"


class ChangeModelStore(StoreBase):
    """Part of `Project`: stored change models and machine codes."""

    def save_change_model(self, name: str, content: str) -> str:
        """Keep a change model's text and make it the project's current model (the default
        when a command is given no --model); returns its hash. The same text is stored once,
        under the name it was first used by."""
        digest = content_hash(content)
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO change_models (name, content, hash, added_at) "
                "VALUES (?,?,?,?)",
                (name, content, digest, now()),
            )
            conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (_CURRENT_KEY, digest))
        return digest

    def change_model(self, model_hash: str) -> StoredChangeModel:
        """The stored model with this hash; `NotFoundError` when the project has none."""
        row = self.conn.execute(
            f"SELECT {_MODEL_COLUMNS} FROM change_models WHERE hash=?", (model_hash,)
        ).fetchone()
        if row is None:
            raise NotFoundError(
                f"{self.folder}: no change model with hash {model_hash[:12]} is stored in the "
                "project; give the model with --model (a shipped name or a YAML file)."
            )
        return StoredChangeModel(*row)

    def change_models(self) -> list[StoredChangeModel]:
        """Every stored change model, oldest first."""
        return [
            StoredChangeModel(*row)
            for row in self.conn.execute(f"SELECT {_MODEL_COLUMNS} FROM change_models ORDER BY id")
        ]

    def current_change_model(self) -> StoredChangeModel | None:
        """The model saved (used) last: the default when a command is given no --model."""
        row = self.conn.execute(
            f"SELECT {_MODEL_COLUMNS} FROM change_models WHERE hash = "
            "(SELECT value FROM meta WHERE key=?)",
            (_CURRENT_KEY,),
        ).fetchone()
        if row is None:
            row = self.conn.execute(
                f"SELECT {_MODEL_COLUMNS} FROM change_models ORDER BY id DESC LIMIT 1"
            ).fetchone()
        return StoredChangeModel(*row) if row is not None else None

    def save_codes(
        self,
        run_id: int,
        model_hash: str,
        rows: Iterable[MachineCode | tuple[str, str, float, str]],
    ) -> int:
        """Replace the machine codes of `run_id` against `model_hash` with `rows` (segment,
        element, score, method), in one transaction; returns how many were stored. The model
        must be stored first (`save_change_model`)."""
        self.change_model(model_hash)
        values = [(run_id, str(r[0]), str(r[1]), float(r[2]), str(r[3]), model_hash) for r in rows]
        with self.transaction() as conn:
            conn.execute("DELETE FROM codes WHERE run_id=? AND model_hash=?", (run_id, model_hash))
            conn.executemany(
                "INSERT INTO codes (run_id, segment_id, element, score, method, model_hash) "
                "VALUES (?,?,?,?,?,?)",
                values,
            )
        return len(values)

    def codes(self, run_id: int, model_hash: str) -> list[MachineCode]:
        """The machine codes of a run against a model, in the order they were stored."""
        return [
            MachineCode(str(r[0]), str(r[1]), float(r[2]), str(r[3]))
            for r in self.conn.execute(
                "SELECT segment_id, element, score, method FROM codes "
                "WHERE run_id=? AND model_hash=? ORDER BY rowid",
                (run_id, model_hash),
            )
        ]

    def coded_models(self, run_id: int) -> list[str]:
        """Hashes of the models a run has machine codes for, in the order they were stored."""
        return [
            str(r[0])
            for r in self.conn.execute(
                "SELECT model_hash FROM codes WHERE run_id=? GROUP BY model_hash "
                "ORDER BY MIN(rowid)",
                (run_id,),
            )
        ]
