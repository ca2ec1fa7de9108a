"""Do `themes suggest-merges` pairs match the analysts' own merges? (SERDIF)

The SERDIF analysts coded in two passes and then merged first-pass codes into final codes
(`initial_to_final_codes.csv`). We run `themes` on the Participant turns, label each theme
with the final code that dominates its coded segments (`labels.csv`: transcript, 0-based
line, final code in `label`), and score the top N suggested pairs: the share whose two themes
are dominated by the same final code (precision at N). The baseline is the same share over
every pair of themes, i.e. the expected precision of random pairs (plus a seeded sample).

    .venv/bin/python -m benchmarks.merge_precision [--project DIR] [--top 5 10 20]
        [--seeds 42 43 44]

Besides the criterion (the neighbour share of `themes.curation.criterion`) it scores the
centroid cosine alone and the score `suggest-merges` used before (0.75 cosine + 0.25 keyword
overlap), and for each verdict of the criterion (merge, look closer, keep apart) the share of
its pairs that are one final code. One project serves every seed (its embeddings are cached).

Needs the real model and ../shared/corpora/serdif-usability (or $THEMES_SERDIF).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import tempfile
from collections import Counter
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERDIF = Path(
    os.environ.get("THEMES_SERDIF", ROOT.parent / "shared" / "corpora" / "serdif-usability")
)


def final_codes(corpus: Path) -> dict[tuple[str, int], str]:
    """(transcript, 1-based line) -> final code, for coded turns."""
    out = {}
    with (corpus / "labels.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["label"]:
                out[(row["transcript"], int(row["turn_index"]) + 1)] = row["label"]
    return out


def dominant_codes(view, codes: dict[tuple[str, int], str]) -> dict[int, tuple[str, float, int]]:
    """Theme id -> (dominant final code, its share of the coded members, n coded)."""
    out = {}
    for theme in view.themes:
        found: Counter[str] = Counter()
        for seg_id in theme.segment_ids:
            seg = view.segments[seg_id]
            code = codes.get((seg.transcript_id, seg.line_start))
            if code:
                found[code] += 1
        if found:
            code, n = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            out[theme.id] = (code, round(n / sum(found.values()), 3), sum(found.values()))
    return out


def precision(pairs, dominant) -> float:
    scored = [(a, b) for a, b in pairs if a in dominant and b in dominant]
    if not scored:
        return float("nan")
    return sum(dominant[a][0] == dominant[b][0] for a, b in scored) / len(scored)


def rankings(view, vectors) -> dict[str, list[tuple[int, int]]]:
    """Pairs of themes, most likely one first: by the merge criterion `themes suggest-merges`
    uses (the neighbour share), by centroid cosine alone, and by the score used before it
    (0.75 cosine + 0.25 keyword overlap)."""
    from themes.curation.compare import keyword_overlap, suggest_merges

    ranked = suggest_merges(view, vectors, top=0)
    by_id = {t.id: t for t in view.themes}
    old = sorted(
        ranked,
        key=lambda p: (
            -(0.75 * p.centroid_cosine + 0.25 * keyword_overlap(by_id[p.a], by_id[p.b])),
            p.a,
            p.b,
        ),
    )
    return {
        "criterion": [(p.a, p.b) for p in ranked],
        "cosine_only": [(p.a, p.b) for p in sorted(ranked, key=lambda p: -p.centroid_cosine)],
        "before_0.75cos_0.25kw": [(p.a, p.b) for p in old],
    }


def verdicts(view, vectors, dominant) -> dict[str, dict[str, float]]:
    """For each verdict of the criterion: how many pairs got it, and the share of them whose
    two themes are dominated by one final code."""
    from themes.curation.compare import suggest_merges

    out: dict[str, dict[str, float]] = {}
    for p in suggest_merges(view, vectors, top=0):
        if p.a in dominant and p.b in dominant:
            row = out.setdefault(p.verdict, {"pairs": 0, "one_code": 0})
            row["pairs"] += 1
            row["one_code"] += dominant[p.a][0] == dominant[p.b][0]
    for row in out.values():
        row["precision"] = round(row["one_code"] / row["pairs"], 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SERDIF)
    parser.add_argument("--project", type=Path, default=None, help="reuse or create this project")
    parser.add_argument("--top", type=int, nargs="+", default=[5, 10, 20])
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 43, 44])
    parser.add_argument("--samples", type=int, default=1000, help="random-pair draws per N")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()

    from themes.core.config import load_config
    from themes.curation.derived import view_vectors
    from themes.curation.view import load_view
    from themes.discovery.pipeline import run
    from themes.store.project import Project

    project = args.project or Path(tempfile.mkdtemp(prefix="merge-precision-"))
    codes = final_codes(args.corpus)
    figures: dict = {"date": __import__("datetime").date.today().isoformat(), "runs": {}}
    for seed in args.seeds:
        config = load_config(overrides=["speakers.include_speakers=[Participant]", f"seed={seed}"])
        result = run(args.corpus / "transcripts", project, config, new_run=True)
        with Project.open(project) as store:
            store.set_current_run(result.run_id)
            view = load_view(store, result.run_id)
            vectors = view_vectors(store, view)
        dominant = dominant_codes(view, codes)
        all_pairs = [(a, b) for a, b in combinations(sorted(dominant), 2)]
        rnd = random.Random(seed)
        row: dict = {
            "run_id": result.run_id,
            "n_themes": len(view.themes),
            "n_themes_coded": len(dominant),
            "n_final_codes_dominant": len({c for c, _, _ in dominant.values()}),
            "random_all_pairs": round(precision(all_pairs, dominant), 3),
            "verdicts": verdicts(view, vectors, dominant),
            "by_top": {},
        }
        for name, ranked in rankings(view, vectors).items():
            for n in args.top:
                top = ranked[:n]
                sampled = [
                    precision(rnd.sample(all_pairs, min(n, len(all_pairs))), dominant)
                    for _ in range(args.samples)
                ]
                row["by_top"][f"{name}@{n}"] = {
                    "precision": round(precision(top, dominant), 3),
                    "random_mean": round(sum(sampled) / len(sampled), 3),
                    "pairs": [
                        [a, b, dominant.get(a, ("?",))[0], dominant.get(b, ("?",))[0]]
                        for a, b in top
                    ],
                }
        figures["runs"][str(seed)] = row
    means = {}
    for key in figures["runs"][str(args.seeds[0])]["by_top"]:
        values = [r["by_top"][key]["precision"] for r in figures["runs"].values()]
        means[key] = round(sum(values) / len(values), 3)
    figures["mean_precision"] = means
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
