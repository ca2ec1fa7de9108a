"""Test doubles shared by the tests."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np


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
