"""Candidate themes an analyst recognises (issue 17): agreement with the analysts' codes with
and without prompt context, echo/filler flags, surface splits on the demo study, and labels.

SERDIF (Participant turns): each subset clustered on its own, as `themes run` on those
sessions would (echo and filler segments set aside and counted as unassigned; BERTopic gets
every candidate turn, its own way). AMI/ARI against the final codes (22) and the first-pass
codes (112), unassigned share of the scored turns, themes, the share of themes flagged
echo/filler, for context ``blend`` (default) and ``none``; BERTopic side by side. Labels of
the themes of the whole corpus beside the final code most of their coded turns carry.
Demo study: the surface-split measure (`surface.pronoun_split`) with pronouns as written
(``embed.neutral_pronouns=false``) and neutral (default), and the former gendered pair
compared on the vectors the default makes (`themes compare`'s rule).

Run: `.venv/bin/python -m benchmarks.candidates [--no-bertopic]` (~3 minutes warm; embeddings
cached). Writes results/candidates.json and prints the tables.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

from benchmarks.common import (
    HELD_OUT,
    RESULTS,
    SERDIF_TRANSCRIPTS,
    TUNING,
    CachedEmbedder,
    bertopic_labels,
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

SUBSETS = {"held_out": HELD_OUT, "tuning": TUNING, "all": None}
SEED = 42


def clustered(candidates, kept, config, embedder) -> tuple[np.ndarray, list]:
    """Labels for every candidate (-1: unassigned or set aside) and the described themes."""
    from themes.discovery.describe import describe_themes
    from themes.discovery.labels import label_model

    chosen = [s for s, k in zip(candidates, kept, strict=True) if k]
    vectors = themes_vectors(chosen, config, embedder)
    labels, _ = themes_labels(vectors, config, SEED)
    model = label_model(chosen, embedder, None, config.embed.neutral_pronouns)
    themes = describe_themes(
        chosen,
        vectors,
        labels,
        labels >= 0,
        config.describe,
        model,
        config.segment.filler_share,
    )
    out = np.full(len(candidates), -1, dtype=np.int64)
    out[np.flatnonzero(kept)] = labels
    return out, themes


def _scores(labels, rows, final, first, n_themes) -> dict:
    return {
        "final": score(labels[rows], final, n_themes).as_dict(),
        "first_pass": score(labels[rows], first, n_themes).as_dict(),
    }


def serdif(embedder, with_bertopic: bool) -> dict:
    from themes.discovery.describe import set_aside_flag

    segments = load_all_segments(SERDIF_TRANSCRIPTS, serdif_config())
    out: dict = {}
    for name, sessions in SUBSETS.items():
        segs = within(segments, sessions)
        candidates, kept = run_input(segs, serdif_config(), embedder)
        rows, final, first = segment_codes(candidates)
        sub: dict = {
            "n_candidates": len(candidates),
            "n_set_aside": int((~kept).sum()),
            "n_scored": int(rows.size),
            "scored_set_aside": int((~kept[rows]).sum()),
        }
        for ctx in ("blend", "none"):
            config = serdif_config([f"embed.context={ctx}"])
            labels, themes = clustered(candidates, kept, config, embedder)
            share = config.describe.set_aside_share
            flagged = [t for t in themes if set_aside_flag(t, share)]
            sub[ctx] = {
                **_scores(labels, rows, final, first, len(themes)),
                "flagged_share": round(len(flagged) / max(1, len(themes)), 4),
                "flagged": [set_aside_flag(t, share) for t in flagged],
            }
            if name == "all" and ctx == "blend":
                sub["labels"] = label_table(labels, themes, rows, final)
        if with_bertopic:
            plain = embedder.encode([s.text for s in candidates])
            topics = bertopic_labels([s.text for s in candidates], plain, SEED)
            sub["bertopic"] = _scores(topics, rows, final, first, int(topics.max()) + 1)
        out[name] = sub
        print(f"serdif {name}: {_line(sub)}", file=sys.stderr, flush=True)
    return out


def label_table(labels, themes, rows, final) -> list[dict]:
    """Each theme with its label, its top keywords and the final code of most of its coded
    turns (with that code's share of them), largest first."""
    code_of = dict(zip(rows.tolist(), final, strict=True))
    table = []
    for t in themes:
        codes = Counter(code_of[i] for i in np.flatnonzero(labels == t.id - 1) if i in code_of)
        if not codes:
            continue
        code, n = codes.most_common(1)[0]
        table.append(
            {
                "theme": t.id,
                "size": t.size,
                "label": t.label,
                "keywords": " · ".join(t.keywords[:3]),
                "code": code,
                "code_share": round(n / sum(codes.values()), 3),
            }
        )
    return table


def demo(embedder) -> dict:
    from themes.core.config import load_config

    segments = load_all_segments(require_demo(), load_config())
    out: dict = {}
    for name, overrides in (
        ("pronouns_as_written", ["embed.neutral_pronouns=false"]),
        ("default", []),
    ):
        config = load_config(overrides=overrides)
        candidates, kept = run_input(segments, config, embedder)
        labels, themes = clustered(candidates, kept, config, embedder)
        split = pronoun_split([s.text for s in candidates], labels)
        out[name] = {
            "n_themes": len(themes),
            "unassigned": round(float(np.mean(labels < 0)), 4),
            "set_aside": int((~kept).sum()),
            **{k: v for k, v in split.items() if k != "themes"},
            "one_gender_themes": [r for r in split["themes"] if r["one_gender"]],
            "labels": [f"{t.label} ({t.size})" for t in themes],
        }
    out["former_pair"] = former_pair(embedder)
    return out


def former_pair(embedder) -> dict:
    """The largest pair of opposite one-gender themes made with pronouns as written, compared
    as `themes compare` does on those vectors and on the default (neutral) ones."""
    from themes.core.config import load_config
    from themes.curation.compare import compare_themes
    from themes.curation.view import load_view
    from themes.discovery.pipeline import Listener, embed_segments, run
    from themes.discovery.run_vectors import view_vectors
    from themes.store.project import Project

    with tempfile.TemporaryDirectory() as tmp:
        config = load_config(overrides=["embed.neutral_pronouns=false"])
        run(require_demo(), Path(tmp), config, embedder=embedder)
        with Project.open(Path(tmp)) as project:
            view = load_view(project)
            old = view_vectors(project, view)
    ids = list(view.order)
    theme_of = {s: t.id - 1 for t in view.themes for s in t.segment_ids}
    split = pronoun_split(
        [view.segments[i].text for i in ids], np.array([theme_of.get(i, -1) for i in ids])
    )
    he = [r for r in split["themes"] if r["one_gender"] and r["male"] > r["female"]]
    she = [r for r in split["themes"] if r["one_gender"] and r["female"] > r["male"]]
    if not he or not she:
        return {"found": False}
    a = max(he, key=lambda r: r["male"])["theme"]
    b = max(she, key=lambda r: r["female"])["theme"]
    segs = [view.segments[i] for i in ids]
    vectors, _ = embed_segments(segs, load_config(), embedder, None, Listener())
    new = {s.id: vectors[k] for k, s in enumerate(segs)}
    before, after = compare_themes(view, old, a, b), compare_themes(view, new, a, b)
    return {
        "found": True,
        "themes": [a, b],
        "sizes": [next(len(t.segment_ids) for t in view.themes if t.id == x) for x in (a, b)],
        "as_written": {
            "suggestion": before.suggestion,
            "cosine": before.centroid_cosine,
            "silhouette": before.silhouette,
        },
        "neutral": {
            "suggestion": after.suggestion,
            "cosine": after.centroid_cosine,
            "silhouette": after.silhouette,
        },
    }


def _line(sub: dict) -> str:
    parts = []
    for tool in ("blend", "none", "bertopic"):
        if tool in sub:
            f = sub[tool]["final"]
            parts.append(f"{tool} AMI {f['ami']:.3f} ({f['unassigned']:.0%}, {f['n_themes']})")
    return "; ".join(parts)


def main(argv: list[str]) -> int:
    t0 = time.perf_counter()
    embedder = CachedEmbedder()
    result = {
        "seed": SEED,
        "serdif": serdif(embedder, "--no-bertopic" not in argv),
        "demo": demo(embedder),
    }
    result["seconds"] = round(time.perf_counter() - t0, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "candidates.json").write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "serdif"}, indent=1)[:4000])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
