"""What the trained coder reads of each segment: its vector, its neighbours' vectors, and its
words and its prompt's words.

- the segment's vector as the run embedded it (with the prompt as context when the run blends
  it in);
- the mean vector of the segments before and after it in the same transcript, times
  `neighbour_weight`: analysts code passages, and a code often runs over several turns;
- TF-IDF of the segment's words and word pairs: names of things ("heat map", "the risk
  assessment") that an embedding blurs;
- TF-IDF of the prompt's words, times `prompt_weight` (0 leaves the prompt out).

TF-IDF is fitted on the segments being coded (no labels are used), so the same segments give
the same features whatever the training sample. Every part has rows of length about 1, so the
weights say how much each part counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class FeatureSettings:
    """How much each part counts (see the module docstring); 0 leaves a part out."""

    neighbour_weight: float = 0.5
    text_weight: float = 1.0
    prompt_weight: float = 0.5
    min_df: int = 2  # a word (pair) in fewer segments is left out (1 when too few are left)


def neighbour_mean(vectors: np.ndarray, keys: Sequence[tuple[str, float]]) -> np.ndarray:
    """Per row, the mean of the rows just before and after it among the rows with the same
    transcript (`keys`: (transcript id, position) per row); zeros for a row on its own."""
    vectors = np.asarray(vectors, dtype=np.float64)
    out = np.zeros_like(vectors)
    order = sorted(range(len(keys)), key=lambda i: (keys[i][0], keys[i][1], i))
    for pos, row in enumerate(order):
        near = [
            order[p]
            for p in (pos - 1, pos + 1)
            if 0 <= p < len(order) and keys[order[p]][0] == keys[row][0]
        ]
        if near:
            out[row] = vectors[near].mean(axis=0)
    return out


def _tfidf(texts: Sequence[str], ngrams: tuple[int, int], min_df: int) -> Any:
    """TF-IDF rows (unit length), or None when the texts hold no word."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    for df in dict.fromkeys((min(min_df, max(len(texts), 1)), 1)):
        vectorizer = TfidfVectorizer(ngram_range=ngrams, min_df=df, sublinear_tf=True)
        try:
            return vectorizer.fit_transform(texts)
        except ValueError:  # no word is left ("empty vocabulary")
            continue
    return None


def coding_features(
    vectors: np.ndarray,
    texts: Sequence[str],
    prompts: Sequence[str],
    keys: Sequence[tuple[str, float]],
    settings: FeatureSettings | None = None,
) -> Any:
    """The feature matrix (scipy CSR, one row per segment) the trained coder fits on."""
    from scipy import sparse

    settings = settings or FeatureSettings()
    vectors = np.asarray(vectors, dtype=np.float64)
    if not (len(vectors) == len(texts) == len(prompts) == len(keys)):
        raise ValueError("vectors, texts, prompts and keys need one entry per segment")
    parts: list[Any] = [sparse.csr_matrix(vectors)]
    if settings.neighbour_weight:
        parts.append(sparse.csr_matrix(settings.neighbour_weight * neighbour_mean(vectors, keys)))
    if settings.text_weight:
        words = _tfidf(texts, (1, 2), settings.min_df)
        if words is not None:
            parts.append(settings.text_weight * words)
    if settings.prompt_weight and any(prompts):
        asked = _tfidf(prompts, (1, 1), settings.min_df)
        if asked is not None:
            parts.append(settings.prompt_weight * asked)
    return sparse.hstack(parts, format="csr")
