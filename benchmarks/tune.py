"""Tuning sweep on the SERDIF tuning sessions (P1-P10), checked on the held-out ones (P11-P17).

One set of cached embeddings; each UMAP fit (context x n_neighbors x n_components) is reused for
every clustering setting. Scores are AMI against the final codes with unassigned counted as one
cluster, the mean over seeds. Run: `.venv/bin/python -m benchmarks.tune [--seeds 42,43]`.
Writes benchmarks/results/tuning.json. Not part of `benchmarks.run` (it takes ~10 minutes).
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from typing import Any

import numpy as np

from benchmarks.common import (
    RESULTS,
    SERDIF_TRANSCRIPTS,
    CachedEmbedder,
    load_segments,
    score,
    segment_codes,
    serdif_config,
    themes_labels,
    themes_vectors,
)
from benchmarks.quality import SUBSETS, subset

CONTEXTS = [("blend", 0.5), ("blend", 0.75), ("blend", 1.0), ("concat", 0.0)]
NEIGHBOURS: list[int | str] = ["auto", 30]
COMPONENTS = [5]
MIN_SIZE = ["auto", 8, 20]
MIN_SAMPLES = ["auto", 1]
SELECTION = ["eom", "leaf"]
ATTACH = [0.0, 0.5, 0.6]
BASE: dict = {}


def variant(ctx, weight, nn, nc, size="auto", samples="auto", sel="eom", attach=0.5):
    """A config from the defaults (read once) with these settings."""
    from themes.core.config import validate

    if not BASE:
        BASE.update(serdif_config().to_dict())
    data = json.loads(json.dumps(BASE))
    data["embed"].update(context=ctx, prompt_weight=weight or 0.5)
    data["reduce"].update(n_neighbors=nn, n_components=nc)
    data["cluster"].update(
        min_cluster_size=size,
        min_samples=samples,
        cluster_selection_method=sel,
        attach_threshold=attach,
    )
    return validate(data)


def sweep(segments, embedder, seeds) -> list[dict]:
    from themes.discovery.reduce import Reducer

    rows, final, _ = segment_codes(segments)
    out: list[dict[str, Any]] = []
    for (ctx, weight), nn, nc in itertools.product(CONTEXTS, NEIGHBOURS, COMPONENTS):
        config = variant(ctx, weight, nn, nc)
        vectors = themes_vectors(segments, config, embedder)
        reduced = {}
        t0 = time.perf_counter()
        for seed in seeds:
            reduced[seed] = Reducer(
                n_components=nc, n_neighbors=nn, random_state=seed
            ).fit_transform(vectors)
        fit_s = (time.perf_counter() - t0) / len(seeds)
        for size, samples, sel, attach in itertools.product(
            MIN_SIZE, MIN_SAMPLES, SELECTION, ATTACH
        ):
            cfg = variant(ctx, weight, nn, nc, size, samples, sel, attach)
            scores = []
            for seed in seeds:
                labels, info = themes_labels(vectors, cfg, seed, reduced=reduced[seed])
                scores.append(score(labels[rows], final, int(labels.max(initial=-1)) + 1))
            out.append(
                {
                    "context": ctx,
                    "prompt_weight": weight,
                    "n_neighbors": nn,
                    "n_components": nc,
                    "min_cluster_size": size,
                    "min_samples": samples,
                    "selection": sel,
                    "attach_threshold": attach,
                    "ami": round(float(np.mean([s.ami for s in scores])), 4),
                    "ami_assigned": round(float(np.mean([s.ami_assigned for s in scores])), 4),
                    "ari": round(float(np.mean([s.ari for s in scores])), 4),
                    "unassigned": round(float(np.mean([s.unassigned for s in scores])), 4),
                    "n_themes": round(float(np.mean([s.n_themes for s in scores])), 1),
                    "umap_s": round(fit_s, 1),
                }
            )
        print(
            f"{ctx} {weight} nn={nn} nc={nc}: best ami so far "
            f"{max(r['ami'] for r in out):.3f} ({fit_s:.1f}s/fit)",
            file=sys.stderr,
            flush=True,
        )
    return out


def main() -> None:
    seeds = [42, 43]
    for arg in sys.argv[1:]:
        if arg.startswith("--seeds="):
            seeds = [int(s) for s in arg.split("=", 1)[1].split(",")]
    config = serdif_config()
    embedder = CachedEmbedder(config.embed.model, config.embed.batch_size)
    segments = load_segments(SERDIF_TRANSCRIPTS, config)
    tuning = subset(segments, SUBSETS["tuning"])
    results = sweep(tuning, embedder, seeds)
    eligible = [r for r in results if r["unassigned"] <= 0.20]
    eligible.sort(key=lambda r: -r["ami"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tuning.json").write_text(
        json.dumps(
            {
                "seeds": seeds,
                "n_segments": len(tuning),
                "transcripts": list(SUBSETS["tuning"] or ()),
                "top": eligible[:25],
                "all": results,
            },
            indent=1,
        )
    )
    for r in eligible[:15]:
        print(r)


if __name__ == "__main__":
    main()
