"""Runs, their theme assignments and themes; and which run the analyst is working on."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from themes.core.errors import ProjectError
from themes.core.types import Assignment, Theme
from themes.store.base import StoreBase
from themes.store.records import Run, RunSummary
from themes.store.schema import now

_RUN_COLUMNS = (
    "id, created_at, kind, fingerprint, config, model_id, versions, seed, folder, summary"
)


class RunStore(StoreBase):
    """Part of `Project`: runs and what they found."""

    def save_run(
        self,
        *,
        kind: str,
        fingerprint: str,
        config: Mapping[str, Any],
        model_id: str,
        versions: Mapping[str, str],
        seed: int,
        folder: str,
        summary: RunSummary,
        assignments: Sequence[Assignment],
        coords: Mapping[str, tuple[float, float]],
        themes: Sequence[Theme],
    ) -> Run:
        """Store a run and make it the current one (in the caller's transaction, if any)."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO runs (created_at, kind, fingerprint, config, model_id, versions, "
                "seed, folder, summary) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    now(),
                    kind,
                    fingerprint,
                    json.dumps(dict(config), sort_keys=True),
                    model_id,
                    json.dumps(dict(versions), sort_keys=True),
                    seed,
                    folder,
                    json.dumps(summary.to_dict(), sort_keys=True),
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
                "INSERT INTO themes (run_id, theme_id, data, label, size) VALUES (?,?,?,?,?)",
                [
                    (run_id, t.id, json.dumps(theme_to_dict(t), sort_keys=True), t.label, t.size)
                    for t in themes
                ],
            )
            self.set_current_run(run_id)
        return self.run(run_id)

    def set_current_run(self, run_id: int) -> None:
        """The run that `list`, reports and decisions use from now on."""
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('current_run', ?)", (str(run_id),))

    def current_run(self) -> Run | None:
        """The run the analyst works on: the latest run made or reused."""
        row = self.conn.execute("SELECT value FROM meta WHERE key='current_run'").fetchone()
        if row is None:
            row = self.conn.execute("SELECT MAX(id) FROM runs").fetchone()
        return self.run(int(row[0])) if row and row[0] is not None else None

    def find_run(self, fingerprint: str) -> Run | None:
        row = self.conn.execute(
            "SELECT id FROM runs WHERE fingerprint=? ORDER BY id DESC LIMIT 1", (fingerprint,)
        ).fetchone()
        return self.run(int(row[0])) if row else None

    def run(self, run_id: int) -> Run:
        row = self.conn.execute(f"SELECT {_RUN_COLUMNS} FROM runs WHERE id=?", (run_id,)).fetchone()
        if row is None:
            raise ProjectError(f"{self.folder}: run {run_id} does not exist; see `themes list`.")
        return Run(
            id=row[0],
            created_at=row[1],
            kind=row[2],
            fingerprint=row[3],
            config=json.loads(row[4]),
            model_id=row[5],
            versions=json.loads(row[6]),
            seed=row[7],
            folder=row[8],
            summary=RunSummary.from_dict(json.loads(row[9])),
        )

    def require_run(self) -> Run:
        run = self.current_run()
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

    def themes(self, run_id: int) -> list[Theme]:
        return [
            theme_from_dict(json.loads(r[0]))
            for r in self.conn.execute(
                "SELECT data FROM themes WHERE run_id=? ORDER BY theme_id", (run_id,)
            )
        ]


def theme_to_dict(theme: Theme) -> dict[str, Any]:
    data = asdict(theme)
    data["spread"] = {k: dict(v) for k, v in theme.spread.items()}
    return data


def theme_from_dict(data: dict[str, Any]) -> Theme:
    fields = dict(data)
    for key in ("keywords", "segment_ids", "exemplar_ids"):
        fields[key] = tuple(fields[key])
    return Theme(**fields)
