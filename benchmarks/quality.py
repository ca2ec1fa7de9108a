"""Quality on SERDIF (coded Participant turns) and determinism, `themes` vs BERTopic.

Both tools cluster the same segments (the Participant segments `themes` clusters) with the same
model; BERTopic gets the plain segment embeddings, `themes` its own (context as configured).
Only coded turns are scored; every clustered segment takes part in the clustering.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from benchmarks.common import (
    HELD_OUT,
    SERDIF_TRANSCRIPTS,
    TUNING,
    CachedEmbedder,
    agreement,
    bertopic_labels,
    load_all_segments,
    run_input,
    score,
    segment_codes,
    serdif_config,
    themes_labels,
    themes_vectors,
)

SUBSETS = {"all": None, "held_out": HELD_OUT, "tuning": TUNING}


def subset(segments: Sequence, transcripts: Sequence[str] | None) -> list:
    return (
        list(segments)
        if transcripts is None
        else [s for s in segments if s.transcript_id in transcripts]
    )


def evaluate_subset(segments, config, embedder, seed: int, with_bertopic: bool = True) -> dict:
    """`segments`: every segment of the subset's transcripts; both tools get the turns
    `themes run` would consider, and the echo and filler turns `themes` sets aside count as
    unassigned."""
    segments, kept = run_input(segments, config, embedder)
    rows, final, first = segment_codes(segments)
    out: dict = {
        "n_segments": len(segments),
        "n_scored": int(rows.size),
        "n_set_aside": int((~kept).sum()),
    }
    chosen = [s for s, k in zip(segments, kept, strict=True) if k]
    vectors = themes_vectors(chosen, config, embedder)
    t0 = time.perf_counter()
    kept_labels, info = themes_labels(vectors, config, seed)
    labels = np.full(len(segments), -1, dtype=np.int64)
    labels[np.flatnonzero(kept)] = kept_labels
    n_themes = int(labels.max(initial=-1)) + 1
    out["themes"] = {
        "final": score(labels[rows], final, n_themes).as_dict(),
        "first_pass": score(labels[rows], first, n_themes).as_dict(),
        "unassigned_all_segments": round(float(np.mean(labels < 0)), 4),
        "settings": info,
        "seconds": round(time.perf_counter() - t0, 2),
    }
    if with_bertopic:
        plain = embedder.encode([s.text for s in segments])
        t0 = time.perf_counter()
        topics = bertopic_labels([s.text for s in segments], plain, seed)
        n_topics = int(topics.max(initial=-1)) + 1
        out["bertopic"] = {
            "final": score(topics[rows], final, n_topics).as_dict(),
            "first_pass": score(topics[rows], first, n_topics).as_dict(),
            "unassigned_all_segments": round(float(np.mean(topics < 0)), 4),
            "seconds": round(time.perf_counter() - t0, 2),
        }
    return out


def determinism(
    segments, config, embedder, seeds: Sequence[int], with_bertopic: bool = True
) -> dict:
    """ARI between two runs with the same seed, and between runs with different seeds."""
    segments, _ = run_input(segments, config, embedder)
    vectors = themes_vectors(segments, config, embedder)
    plain = embedder.encode([s.text for s in segments])
    texts = [s.text for s in segments]
    out: dict = {}
    runs = {seed: themes_labels(vectors, config, seed)[0] for seed in seeds}
    again = themes_labels(vectors, config, seeds[0])[0]
    out["themes"] = {
        "same_seed_ari": agreement(runs[seeds[0]], again),
        "other_seed_ari": [agreement(runs[seeds[0]], runs[s]) for s in seeds[1:]],
    }
    if with_bertopic:
        bruns = {seed: bertopic_labels(texts, plain, seed) for seed in seeds}
        bagain = bertopic_labels(texts, plain, seeds[0])
        out["bertopic"] = {
            "same_seed_ari": agreement(bruns[seeds[0]], bagain),
            "other_seed_ari": [agreement(bruns[seeds[0]], bruns[s]) for s in seeds[1:]],
        }
    for tool in list(out):
        others = out[tool]["other_seed_ari"]
        out[tool]["other_seed_ari_median"] = round(float(np.median(others)), 4) if others else None
    return out


def run_quality(quick: bool = False, seeds: Sequence[int] = (42, 43, 44)) -> dict:
    config = serdif_config()
    embedder = CachedEmbedder(config.embed.model, config.embed.batch_size)
    segments = load_all_segments(SERDIF_TRANSCRIPTS, config)
    names = ("all", "held_out") if quick else ("all", "held_out", "tuning")
    result: dict = {"speaker": "Participant", "seed": seeds[0], "subsets": {}}
    for name in names:
        result["subsets"][name] = evaluate_subset(
            subset(segments, SUBSETS[name]), config, embedder, seeds[0]
        )
    det_seeds = seeds[:2] if quick else seeds
    result["determinism"] = determinism(segments, config, embedder, det_seeds)
    result["determinism"]["seeds"] = list(det_seeds)
    result["n_newly_embedded"] = embedder.n_encoded
    return result


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run_quality(quick="--quick" in sys.argv), indent=1))


def demo_check(folder, embedder=None) -> dict:
    """Defaults on the synthetic demo study: theme count, unassigned, one-voice and prompt flags."""
    from themes.core.config import load_config
    from themes.discovery.describe import describe_themes

    config = load_config()
    embedder = embedder or CachedEmbedder(config.embed.model, config.embed.batch_size)
    segments, kept = run_input(load_all_segments(folder, config), config, embedder)
    segments = [s for s, k in zip(segments, kept, strict=True) if k]
    vectors = themes_vectors(segments, config, embedder)
    labels, info = themes_labels(vectors, config)
    themes = describe_themes(segments, vectors, labels, labels >= 0, config.describe)
    conc = config.describe.prompt_concentration
    return {
        "folder": str(folder),
        "n_segments": len(segments),
        "n_themes": len(themes),
        "unassigned": round(float(np.mean(labels < 0)), 4),
        "settings": info,
        "one_voice": sum(t.one_voice for t in themes),
        "prompt_concentrated": sum(t.prompt_share >= conc for t in themes),
        "median_participants": float(np.median([t.n_participants for t in themes]))
        if themes
        else 0,
        "labels": [f"{t.label} ({t.size}, {t.n_participants} voices)" for t in themes],
    }
