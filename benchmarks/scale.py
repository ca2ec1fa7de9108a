"""Scale: reduce + cluster + describe on 5,000 and 20,000 (optionally 100,000) surrogate segments.

Surrogate data (documented, deterministic): the plain MiniLM embeddings of the 2,021 SERDIF
Participant segments, resampled with replacement to N rows, each plus Gaussian noise
(sigma = 0.02 per dimension, about 0.39 in norm, so a copy keeps cosine ~0.93 with its source)
and renormalised to unit length. Each row keeps its source segment's text (for the keywords and
exemplars of describe) and is spread over N / 100 synthetic transcripts. Every size runs in a
fresh process (benchmarks.worker scale), so peak RSS is that size's own.
"""

from __future__ import annotations

import numpy as np

SIGMA = 0.02
PER_TRANSCRIPT = 100


def base_data() -> tuple[list[str], np.ndarray]:
    from benchmarks.common import SERDIF_TRANSCRIPTS, CachedEmbedder, load_segments, serdif_config

    segments = load_segments(SERDIF_TRANSCRIPTS, serdif_config())
    texts = [s.text for s in segments]
    return texts, CachedEmbedder().encode(texts)


def surrogate(n: int, seed: int = 0) -> tuple[list, np.ndarray]:
    from themes.core.types import Segment

    texts, base = base_data()
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(texts), n)
    vectors = base[idx] + rng.normal(0.0, SIGMA, (n, base.shape[1])).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    segments = []
    for i, j in enumerate(idx.tolist()):
        tid, line = f"S{i // PER_TRANSCRIPT:05d}", i % PER_TRANSCRIPT + 1
        text = texts[j]
        segments.append(
            Segment(
                id=f"{tid}:{line}",
                transcript_id=tid,
                source=f"{tid}.txt",
                turn_index=line - 1,
                speaker="Participant",
                role="participant",
                text=text,
                line_start=line,
                line_end=line,
                char_start=0,
                char_end=len(text),
            )
        )
    return segments, vectors.astype(np.float32)


def growth(small: dict, large: dict) -> dict:
    """Exponent b in t ~ n^b between two sizes, per stage."""
    ratio_n = large["n"] / small["n"]
    out = {}
    for stage, t_small in small["timings"].items():
        t_large = large["timings"].get(stage)
        if t_small and t_large:
            out[stage] = round(float(np.log(t_large / t_small) / np.log(ratio_n)), 2)
    return out


def project(measured: dict, exponents: dict, n: int) -> str:
    """A projected (not measured) time for n segments from the largest size measured."""
    parts = []
    total = 0.0
    for stage, t in measured["timings"].items():
        b = max(exponents.get(stage, 1.0), 1.0)  # never project sub-linear growth
        est = t * (n / measured["n"]) ** b
        total += est
        parts.append(f"{stage} ~{est:.0f} s")
    return (
        f"{n:,} segments NOT measured (UMAP on 2 cores would exceed the run's time budget); "
        f"projected from {measured['n']:,} with the growth exponents above (at least linear): "
        + ", ".join(parts)
        + f"; total ~{total / 60:.0f} min. Run with --with-100k to measure it."
    )
