"""Test doubles shared by the tests."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from themes.core.types import Segment


def segment(
    i: int,
    text: str,
    transcript: str = "T1",
    speaker: str = "Ann",
    prompt: str | None = None,
    meta: dict[str, str] | None = None,
) -> Segment:
    """A participant's turn `i` of `transcript` (id ``transcript:i``, line i), by hand."""
    return Segment(
        id=f"{transcript}:{i}",
        transcript_id=transcript,
        source=f"{transcript}.txt",
        turn_index=i,
        speaker=speaker,
        role="participant",
        text=text,
        line_start=i,
        line_end=i,
        char_start=0,
        char_end=len(text),
        prompt=prompt,
        metadata=meta or {},
    )


class FakeEmbedder:
    """Deterministic bag-of-words vectors hashed into a few dimensions (no model needed)."""

    def __init__(self, dim: int = 64, model_id: str = "fake-bow") -> None:
        self.dim = dim
        self.model_id = model_id
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]+", text.lower()):
                if len(word) < 4:
                    continue
                h = int(hashlib.md5(word.encode()).hexdigest(), 16)
                out[row, h % self.dim] += 1.0
            out[row, row % 3] += 0.01  # never all zero
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out


TOPICS = {
    "housing": "housing flat landlord rent council tenancy eviction bills",
    "trust": "trust believed lived experience understood listened honest shared",
    "training": "training course induction accredited module certificate learning",
    "risk": "risk safeguarding assessment incident paperwork policy crisis",
}


def write_study(
    folder, n_per_topic: int = 4, people: int = 6, order: Sequence[int] | None = None
) -> None:
    """A small synthetic study: each participant talks about every topic."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"VOL{1 + p % 2}PW{p + 1:02d}" for p in range(people)]
    indices = list(order) if order is not None else list(range(people))
    for p in indices:
        lines = []
        for _t, (topic, words) in enumerate(TOPICS.items()):
            lines.append(f"Interviewer: Tell me about {topic} in your work?")
            ws = words.split()
            for k in range(n_per_topic):
                chosen = " ".join(ws[(k + j + p) % len(ws)] for j in range(5))
                lines.append(f"Participant: Well I think the {chosen} really matters to us here.")
        (folder / f"{names[p]}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def curated_project(root) -> Path:
    """A project with a run on `write_study`, transcripts added, and a few decisions (one of
    them undone): what `themes check` should find healthy. Returns the project folder."""
    from themes.core.config import load_config
    from themes.curation import decisions as decide
    from themes.curation.add import add_transcripts
    from themes.discovery.pipeline import run
    from themes.store.project import Project

    config = load_config(overrides=["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"])
    write_study(root / "study", people=7)
    (root / "more").mkdir()
    held = sorted((root / "study").glob("*.txt"))[-1]
    held.rename(root / "more" / held.name)
    run(root / "study", root / "p", config, embedder=FakeEmbedder())
    add_transcripts(root / "p", root / "more", embedder=FakeEmbedder(), analyst="ann")
    with Project.open(root / "p") as store:
        decide.merge(store, [1, 2], "Both", analyst="ann", memo="alike")
        decide.rename(store, 3, "Temporary", analyst="ann")
        renamed = store.last_event_id()
        decide.memo(store, None, "a note on the project", analyst="bob")
        store.append_event(store.require_run().id, "bob", "undo", {"event": renamed})
    return root / "p"


def tamper(folder) -> sqlite3.Connection:
    """A connection to `folder`'s project.db with the log's append-only triggers dropped, as
    someone with the sqlite3 shell could do."""
    conn = sqlite3.connect(Path(folder) / "project.db", isolation_level=None)
    for name in ("events_append_only_update", "events_append_only_delete"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    return conn
