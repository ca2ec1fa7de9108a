"""Do `themes suggest-merges` pairs match the analysts' own merges? (SERDIF)

The SERDIF analysts coded in two passes and then merged first-pass codes into final codes
(`initial_to_final_codes.csv`). We run `themes` on the Participant turns, label each theme
with the final code that dominates its coded segments (`labels.csv`: transcript, 0-based
line, final code in `label`), and score the top N suggested pairs: the share whose two themes
are dominated by the same final code (precision at N). The baseline is the same share over
every pair of themes, i.e. the expected precision of random pairs (plus a seeded sample).

    .venv/bin/python -m benchmarks.merge_precision [--project DIR] [--top 5 10 20]

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SERDIF)
    parser.add_argument("--project", type=Path, default=None, help="reuse or create this project")
    parser.add_argument("--top", type=int, nargs="+", default=[5, 10, 20])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--samples", type=int, default=1000, help="random-pair draws per N")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()

    from themes.core.config import load_config
    from themes.curation.compare import suggest_merges
    from themes.curation.view import load_view
    from themes.discovery.pipeline import run
    from themes.discovery.run_vectors import view_vectors
    from themes.store.project import Project

    project = args.project or Path(tempfile.mkdtemp(prefix="merge-precision-"))
    config = load_config(overrides=["speakers.include_speakers=[Participant]", f"seed={args.seed}"])
    result = run(args.corpus / "transcripts", project, config)
    with Project.open(project) as store:
        view = load_view(store, result.run_id)
        vectors = view_vectors(store, view)
    dominant = dominant_codes(view, final_codes(args.corpus))
    all_pairs = [(a, b) for a, b in combinations(sorted(dominant), 2)]
    baseline = precision(all_pairs, dominant)
    rnd = random.Random(args.seed)
    figures = {
        "date": __import__("datetime").date.today().isoformat(),
        "run_id": result.run_id,
        "n_themes": len(view.themes),
        "n_themes_coded": len(dominant),
        "n_final_codes_dominant": len({c for c, _, _ in dominant.values()}),
        "random_all_pairs": round(baseline, 3),
        "by_top": {},
    }
    for weight in (0.25, 0.0):
        ranked = suggest_merges(view, vectors, top=0, keyword_weight=weight)
        for n in args.top:
            top = [(p.a, p.b) for p in ranked[:n]]
            sampled = [
                precision(rnd.sample(all_pairs, min(n, len(all_pairs))), dominant)
                for _ in range(args.samples)
            ]
            key = f"top{n}" + ("" if weight else "_cosine_only")
            figures["by_top"][key] = {
                "precision": round(precision(top, dominant), 3),
                "random_mean": round(sum(sampled) / len(sampled), 3),
                "pairs": [
                    [a, b, dominant.get(a, ("?",))[0], dominant.get(b, ("?",))[0]] for a, b in top
                ],
            }
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
