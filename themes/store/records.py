"""Typed rows of the project database, as the store reads and writes them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from themes.store.payloads import Payload, parse_payload


@dataclass(frozen=True)
class Event:
    """One recorded decision.

    `payload` is the JSON object as stored; `typed` is its checked, typed value (see
    `themes.store.payloads`), or None when the row is not a valid event, with `problem` saying
    why (an invalid event is reported, never replayed).
    """

    id: int
    run_id: int
    created_at: str
    analyst: str
    kind: str
    payload: Mapping[str, Any]
    memo: str = ""
    unreadable: str = field(default="", compare=False, repr=False)  # set when not JSON
    typed: Payload | None = field(init=False, compare=False, repr=False)
    problem: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        typed, problem = (
            (None, self.unreadable) if self.unreadable else parse_payload(self.kind, self.payload)
        )
        object.__setattr__(self, "typed", typed)
        object.__setattr__(self, "problem", problem)

    @property
    def valid(self) -> bool:
        return self.typed is not None


@dataclass(frozen=True)
class RunSummary:
    """What a run found and how it ran (stored as JSON beside the run)."""

    n_segments: int = 0
    n_themes: int = 0
    n_unassigned: int = 0
    n_attached: int = 0
    n_neighbors: int = 0
    min_cluster_size: int = 0
    min_samples: int = 0
    timings: Mapping[str, float] = field(default_factory=dict)
    embed_backend: str | None = None  # "onnx" | "torch"; None when every vector was cached
    transcripts: Mapping[str, str] = field(default_factory=dict)  # id -> content hash used

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["timings"] = dict(self.timings)
        out["transcripts"] = dict(self.transcripts)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunSummary:
        """Tolerant of runs stored by earlier versions: unknown keys are dropped, missing
        ones keep their defaults."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class Run:
    """One discovery run: its settings, model, versions and what it found."""

    id: int
    created_at: str
    kind: str  # "run"
    fingerprint: str  # identifies the inputs and settings (see discovery.pipeline)
    config: Mapping[str, Any]  # the resolved settings as stored; read them with run_config()
    model_id: str
    versions: Mapping[str, str]
    seed: int
    folder: str
    summary: RunSummary
