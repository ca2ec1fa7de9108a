"""What every analysis starts from: the project's current view, a coding of it, and the run's
vectors (for choosing quotes)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from themes.analysis.coding import Coding, coding_for
from themes.curation.view import ProjectView, load_view
from themes.store.project import Project


@dataclass(frozen=True)
class Inputs:
    view: ProjectView
    coding: Coding
    vectors: dict[str, np.ndarray]
    project_name: str


def load_inputs(store: Project, source: str = "theme", run_id: int | None = None) -> Inputs:
    """The view of `run_id` (default: the latest run), its coding by `source` (``theme`` or
    ``element``) and its vectors from the project's cache."""
    from themes.discovery.run_vectors import view_vectors

    view = load_view(store, run_id)
    coding = coding_for(source, store, view)
    return Inputs(view, coding, view_vectors(store, view), Path(store.folder).resolve().name)


def default_path(project_dir: Path, stem: str, ext: str) -> Path:
    """``DIR/reports/<stem>.<ext>``, the stem made safe as a file name."""
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in stem).strip("-.") or "out"
    return Path(project_dir) / "reports" / f"{safe}.{ext}"
