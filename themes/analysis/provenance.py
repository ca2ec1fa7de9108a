"""Where an analysis came from: the run, its model and settings, the package versions, the
decisions replayed and when the file was made (a sheet of the XLSX matrix, a table of the
DOCX report)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from themes.curation.view import ProjectView


@dataclass(frozen=True)
class Provenance:
    project: str
    run_id: int
    run_created_at: str
    model_id: str
    seed: int
    folder: str
    n_decisions: int
    coding: str  # what the columns are: "theme" (curated themes) or "element"
    exported_at: str  # UTC, ISO 8601
    versions: tuple[tuple[str, str], ...]
    settings: tuple[tuple[str, str], ...]  # every resolved setting, dotted name -> value

    def rows(self) -> list[tuple[str, str]]:
        """(field, value) rows in reading order: the run first, then versions and settings."""
        head = [
            ("project", self.project),
            ("run", str(self.run_id)),
            ("run made", self.run_created_at),
            ("model", self.model_id),
            ("seed", str(self.seed)),
            ("transcript folder", self.folder),
            ("analyst decisions replayed", str(self.n_decisions)),
            ("columns", self.coding),
            ("exported", self.exported_at),
        ]
        return (
            head
            + [(f"version: {k}", v) for k, v in self.versions]
            + [(f"setting: {k}", v) for k, v in self.settings]
        )


def flatten(config: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Nested settings as (dotted name, value) pairs, sorted; lists and scalars as JSON."""
    out: list[tuple[str, str]] = []
    for key in sorted(config):
        value = config[key]
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.extend(flatten(value, f"{name}."))
        else:
            out.append((name, value if isinstance(value, str) else json.dumps(value)))
    return out


def provenance(
    view: ProjectView, project_name: str, coding: str, now: datetime | None = None
) -> Provenance:
    from themes import __version__

    run = view.run
    when = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    versions = dict(run.versions or {})
    versions.setdefault("themes (this export)", __version__)
    return Provenance(
        project=project_name,
        run_id=run.id,
        run_created_at=run.created_at,
        model_id=run.model_id,
        seed=run.seed,
        folder=run.folder,
        n_decisions=len(view.events),
        coding=coding,
        exported_at=when.replace(microsecond=0).isoformat(),
        versions=tuple(sorted((str(k), str(v)) for k, v in versions.items())),
        settings=tuple(flatten(run.config or {})),
    )
