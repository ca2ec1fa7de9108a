"""A run's segment vectors, read back from the project's embedding cache (no model needed)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from themes.core.config import Config
from themes.core.errors import ProjectError
from themes.core.types import Segment
from themes.store.project import Project
from themes.store.records import Run


class CacheOnlyEmbedder:
    """Stands in for the model when every vector should already be cached."""

    def __init__(self, model_id: str, folder: object) -> None:
        self.model_id = model_id
        self.folder = folder

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        raise ProjectError(
            f"{self.folder}: {len(texts)} embedding(s) for model {self.model_id} are missing from "
            "the project's cache; run `themes run` again on the same folder to rebuild them."
        )


# Settings whose default changed how vectors are made, with the value runs stored before the
# setting existed were made with: their vectors are read back the way they were made.
BEFORE_SETTING = {("embed", "neutral_pronouns"): False}


def run_config(run: Run) -> Config:
    """The run's stored settings, validated, over today's defaults (settings added since keep
    their defaults, except those in `BEFORE_SETTING`; settings since removed are dropped)."""
    from themes.core.config import stored_config

    stored = {k: dict(v) if isinstance(v, dict) else v for k, v in run.config.items()}
    for (section, key), value in BEFORE_SETTING.items():
        if isinstance(stored.get(section), dict) and key not in stored[section]:
            stored[section][key] = value
    return stored_config(stored)


def segment_vectors(project: Project, run: Run, segments: Sequence[Segment]) -> np.ndarray:
    """Unit vectors of `segments` as the run embedded them (same model and context), in order."""
    from themes.discovery.pipeline import Listener, embed_segments

    if not segments:
        return np.zeros((0, 0), dtype=np.float32)
    embedder = CacheOnlyEmbedder(run.model_id, project.folder)
    vectors, _ = embed_segments(segments, run_config(run), embedder, project, Listener())
    return vectors


def vector_map(project: Project, run: Run, segments: Sequence[Segment]) -> dict[str, np.ndarray]:
    vectors = segment_vectors(project, run, segments)
    return {s.id: vectors[i] for i, s in enumerate(segments)}


def view_vectors(project: Project, view: Any) -> dict[str, np.ndarray]:
    """Vectors of every segment in a `ProjectView`'s order (themes, unassigned, added)."""
    return vector_map(project, view.run, [view.segments[i] for i in view.order])
