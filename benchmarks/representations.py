"""Representations that follow meaning: which vectors should UMAP + HDBSCAN see?

Variants (each a settings override, so the pipeline's own code runs them):
- ``base``: the segment's embedding (with the prompt context as set);
- ``abttK``: all-but-the-top, the mean and top K principal directions removed before UMAP
  (`reduce.remove_top`);
- ``neutral``: he/she/him/her/his/hers embedded as they/them/their (`embed.neutral_pronouns`);
- combinations. Each with the prompt context off (``none``) and on (``blend``, the default).

Scored on SERDIF P1-P10 (tuning: the choice is made here) and P11-P17 (held out: checked),
each clustered on its own as `themes run` would (echo and filler segments set aside and
counted as unassigned), AMI against the analysts' final codes; and on the demo study by the
surface-split measure (`surface.pronoun_split`). Mean of seeds 42 and 43.
Run: `.venv/bin/python -m benchmarks.representations [--model NAME|FOLDER] [--variants a,b]`
(a few minutes; embeddings are cached). Writes results/representations[-MODEL].json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from benchmarks.common import (
    HELD_OUT,
    RESULTS,
    SERDIF_TRANSCRIPTS,
    TUNING,
    CachedEmbedder,
    load_all_segments,
    require_demo,
    run_input,
    score,
    segment_codes,
    serdif_config,
    themes_labels,
    themes_vectors,
    within,
)
from benchmarks.surface import pronoun_split

AS_WRITTEN = "embed.neutral_pronouns=false"
VARIANTS = {
    "base": [AS_WRITTEN],
    "abtt1": [AS_WRITTEN, "reduce.remove_top=1"],
    "abtt3": [AS_WRITTEN, "reduce.remove_top=3"],
    "abtt8": [AS_WRITTEN, "reduce.remove_top=8"],
    "neutral": ["embed.neutral_pronouns=true"],
    "neutral+abtt3": ["embed.neutral_pronouns=true", "reduce.remove_top=3"],
}
CONTEXTS = {"none": ["embed.context=none"], "blend": ["embed.context=blend"]}
SEEDS = (42, 43)


def cluster_all(candidates, kept, config, embedder, seed) -> np.ndarray:
    """Labels for every candidate: the kept ones clustered, the set-aside ones -1."""
    chosen = [s for s, k in zip(candidates, kept, strict=True) if k]
    labels, _ = themes_labels(themes_vectors(chosen, config, embedder), config, seed)
    out = np.full(len(candidates), -1, dtype=np.int64)
    out[np.flatnonzero(kept)] = labels
    return out


def serdif_scores(segments, config, embedder) -> dict:
    candidates, kept = run_input(segments, config, embedder)
    rows, final, _ = segment_codes(candidates)
    scores = [
        score(labels[rows], final, int(labels.max(initial=-1)) + 1)
        for labels in (cluster_all(candidates, kept, config, embedder, s) for s in SEEDS)
    ]
    return {
        "ami": round(float(np.mean([s.ami for s in scores])), 4),
        "ari": round(float(np.mean([s.ari for s in scores])), 4),
        "unassigned": round(float(np.mean([s.unassigned for s in scores])), 4),
        "n_themes": round(float(np.mean([s.n_themes for s in scores])), 1),
    }


def demo_scores(segments, config, embedder) -> dict:
    candidates, kept = run_input(segments, config, embedder)
    out = []
    for seed in SEEDS:
        labels = cluster_all(candidates, kept, config, embedder, seed)
        split = pronoun_split([s.text for s in candidates], labels)
        out.append((split, int(labels.max(initial=-1)) + 1, float(np.mean(labels < 0))))
    return {
        "one_gender_share": round(float(np.mean([o[0]["one_gender_share"] for o in out])), 3),
        "one_gender": [o[0]["one_gender"] for o in out],
        "themes_judged": [o[0]["themes_judged"] for o in out],
        "baseline_share": out[0][0]["baseline_share"],
        "n_themes": round(float(np.mean([o[1] for o in out])), 1),
        "unassigned": round(float(np.mean([o[2] for o in out])), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    args = parser.parse_args()
    from themes.core.config import load_config

    default = args.model == "all-MiniLM-L6-v2"
    cache = RESULTS / "cache" / ("embeddings.npz" if default else f"{_slug(args.model)}.npz")
    embedder = CachedEmbedder(args.model, path=cache)
    serdif = load_all_segments(SERDIF_TRANSCRIPTS, serdif_config())
    demo = load_all_segments(require_demo(), load_config())
    results: dict = {"model": args.model, "seeds": list(SEEDS), "rows": []}
    for ctx, ctx_set in CONTEXTS.items():
        for name in args.variants.split(","):
            overrides = [f"embed.model={args.model}", *ctx_set, *VARIANTS[name]]
            t0 = time.perf_counter()
            row = {
                "context": ctx,
                "variant": name,
                "tuning": serdif_scores(within(serdif, TUNING), serdif_config(overrides), embedder),
                "held_out": serdif_scores(
                    within(serdif, HELD_OUT), serdif_config(overrides), embedder
                ),
                "demo": demo_scores(demo, load_config(overrides=overrides), embedder),
                "seconds": round(time.perf_counter() - t0, 1),
            }
            results["rows"].append(row)
            print(_line(row), file=sys.stderr, flush=True)
    out = RESULTS / (
        "representations.json" if default else f"representations-{_slug(args.model)}.json"
    )
    out.write_text(json.dumps(results, indent=1))


def _slug(model: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in model.rstrip("/").split("/")[-1])


def _line(row: dict) -> str:
    t, h, d = row["tuning"], row["held_out"], row["demo"]
    return (
        f"{row['context']:5} {row['variant']:14} tuning {t['ami']:.3f} ({t['unassigned']:.0%}, "
        f"{t['n_themes']:.0f}) held-out {h['ami']:.3f} ({h['unassigned']:.0%}, "
        f"{h['n_themes']:.0f}) demo one-gender {d['one_gender_share']:.2f} {d['one_gender']}/"
        f"{d['themes_judged']} themes {d['n_themes']:.0f} [{row['seconds']}s]"
    )


if __name__ == "__main__":
    main()
