"""Deductive coding on SERDIF: the 22 final codes as a change model, zero-shot and trained
coders against the analysts' codes, beside the simple references on the same split.

Segments: the Participant turns `themes run` would consider (4+ words, nothing set aside),
the ones a coder codes; scored: the coded ones (`labels.csv`). Trained coders learn from the
coded turns of P1-P10 (`all_labels`, several codes per turn allowed) and are scored on P11-P17;
zero-shot coders use no codes at all. Every setting was chosen beforehand or by
cross-validation within P1-P10 (see benchmarks/README.md); P11-P17 are scored once.

    .venv/bin/python -m benchmarks.coding            # about a minute on 2 cores (cached vectors)
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

import numpy as np

from benchmarks.common import (
    HELD_OUT,
    RESULTS,
    SERDIF,
    SERDIF_TRANSCRIPTS,
    SPEAKER,
    TUNING,
    CachedEmbedder,
    load_all_segments,
    run_input,
    serdif_config,
    themes_vectors,
)
from themes.changemodel.agreement import agreement
from themes.changemodel.codings import Codings

CONTEXTS = ("blend", "none")
REFERENCE_C = 10.0  # the plain logistic regression's C (the 0.41; C=1 gives 0.37)


def gold_codes(model: Any) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """Segment id -> every code of the turn (element ids), and -> its final code (`label`)."""
    ids = {flat.element.name: flat.id for flat in model.codable()}
    every, top = {}, {}
    with open(SERDIF / "labels.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["speaker"] != SPEAKER or not row["label"]:
                continue
            seg = f"{row['transcript']}:{int(row['turn_index']) + 1}"  # line = turn_index + 1
            every[seg] = frozenset(ids[name] for name in row["all_labels"].split(";") if name)
            top[seg] = ids[row["label"]]
    return every, top


def scores(gold: Codings, gold_top: Codings, pred: Codings, top: Codings, ids: Sequence[str]):
    """Top code vs final code (single-label), and every code vs every code (multi-label)."""
    single = agreement(gold_top, top, elements=ids, resamples=200).single_label
    multi = agreement(gold, pred, elements=ids, resamples=200)
    r = lambda x: None if x is None else round(float(x), 3)  # noqa: E731

    def stats(row: Any) -> dict[str, Any]:
        return {
            s: {
                "value": r(row.statistic(s).value),
                "low": r(row.statistic(s).low),
                "high": r(row.statistic(s).high),
            }
            for s in ("kappa", "ac1", "alpha")
        }

    pred_sizes = [len(v) for v in pred.by_segment.values()]
    return {
        "n": len(multi.segments),
        "top1": stats(single) if single is not None else None,
        "pooled": stats(multi.pooled),
        "mean_of_elements": stats(multi.mean),
        "exact_match": r(multi.exact.value),
        "codes_per_segment": r(float(np.mean(pred_sizes))) if pred_sizes else 0.0,
        "uncoded_share": r(float(np.mean([n == 0 for n in pred_sizes]))) if pred_sizes else 0.0,
    }


def codings(name: str, seg_ids: Sequence[str], decided: np.ndarray, ids: Sequence[str]):
    return Codings.of(
        name,
        [
            (s, ids[int(j)])
            for s, row in zip(seg_ids, decided, strict=True)
            for j in np.flatnonzero(row)
        ]
        + [(s, None) for s, row in zip(seg_ids, decided, strict=True) if not row.any()],
    )


def top_codings(name: str, seg_ids: Sequence[str], scores_: np.ndarray, ids: Sequence[str]):
    best = scores_.argmax(axis=1)
    return Codings.of(name, [(s, ids[int(j)]) for s, j in zip(seg_ids, best, strict=True)])


def measure(quick: bool = False) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    from themes.changemodel.codebook import import_codebook
    from themes.changemodel.coding_features import FeatureSettings, coding_features
    from themes.changemodel.mapping import element_vectors
    from themes.changemodel.trained import TrainedCoder
    from themes.changemodel.zero_shot import ZeroShotCoder, element_signal

    model = import_codebook(SERDIF / "codebook_final.csv").model
    ids = [flat.id for flat in model.codable()]
    every, final = gold_codes(model)
    embedder = CachedEmbedder()
    base = serdif_config(["segment.set_aside=false"])
    segments, _ = run_input(load_all_segments(SERDIF_TRANSCRIPTS, base), base, embedder)
    default = serdif_config()
    considered, kept = run_input(load_all_segments(SERDIF_TRANSCRIPTS, default), default, embedder)
    kept_ids = {s.id for s, k in zip(considered, kept, strict=True) if k}
    seg_ids = [s.id for s in segments]
    sessions = np.asarray([s.transcript_id for s in segments])
    coded = np.asarray([s in every for s in seg_ids])
    train = coded & np.isin(sessions, TUNING)
    test = coded & np.isin(sessions, HELD_OUT)
    test_ids = [seg_ids[i] for i in np.flatnonzero(test)]
    gold = Codings.of("analysts", [(s, e) for s in test_ids for e in every[s]])
    gold_top = Codings.of("analysts (final code)", [(s, final[s]) for s in test_ids])
    Y = np.asarray([[e in every.get(s, ()) for e in ids] for s in seg_ids], dtype=bool)
    elements = element_vectors(model, embedder)
    plain = embedder.encode([s.text for s in segments])
    out: dict[str, Any] = {
        "n_segments": len(segments),
        "n_train": int(train.sum()),
        "n_test": int(test.sum()),
        "n_test_set_aside_by_default": sum(1 for s in test_ids if s not in kept_ids),
        "rows": [],
    }

    def add(name: str, context: str, decided: np.ndarray, ranking: np.ndarray, **extra: Any):
        rows = np.flatnonzero(test)
        row = {
            "method": name,
            "context": context,
            **scores(
                gold,
                gold_top,
                codings(name, test_ids, decided[rows], ids),
                top_codings(name, test_ids, ranking[rows], ids),
                ids,
            ),
            **extra,
        }
        out["rows"].append(row)
        top1 = row["top1"]["kappa"]["value"] if row["top1"] else None
        print(f"{name} ({context}): top-1 kappa {top1}, pooled {row['pooled']['kappa']['value']}")

    # references: the two baselines, on the plain segment vectors
    t0 = time.perf_counter()
    reference = LogisticRegression(C=REFERENCE_C, max_iter=3000)
    reference.fit(plain[train], np.asarray([final[s] for s in np.asarray(seg_ids)[train]]))
    proba = np.zeros((len(segments), len(ids)))
    proba[:, [ids.index(c) for c in reference.classes_]] = reference.predict_proba(plain)
    one_hot = np.eye(len(ids), dtype=bool)[proba.argmax(axis=1)]
    seconds = round(time.perf_counter() - t0, 2)
    add("reference: logistic regression on frozen vectors", "none", one_hot, proba, seconds=seconds)
    nearest = plain @ np.asarray(elements.prototypes).T
    one_hot = np.eye(len(ids), dtype=bool)[nearest.argmax(axis=1)]
    add("reference: nearest code. description", "none", one_hot, nearest)

    for context in CONTEXTS[:1] if quick else CONTEXTS:
        config = serdif_config(["segment.set_aside=false", f"embed.context={context}"])
        vectors = themes_vectors(segments, config, embedder)
        t0 = time.perf_counter()
        signal = element_signal(vectors, elements.prototypes, elements.exclusions)
        coder = ZeroShotCoder().fit(signal)
        decided, ranking = coder.predict(signal).astype(bool), coder.decision_function(signal)
        add("zero-shot", context, decided, ranking, seconds=round(time.perf_counter() - t0, 2))
        prompts = [s.prompt or "" for s in segments] if context != "none" else [""] * len(segments)
        keys = [(s.transcript_id, float(s.char_start)) for s in segments]
        variants = {"trained": FeatureSettings()}
        if not quick and context == "blend":
            variants["trained, vectors only"] = FeatureSettings(0.0, 0.0, 0.0)
            variants["trained, vectors + neighbours"] = FeatureSettings(text_weight=0.0)
        for name, settings in variants.items():
            t0 = time.perf_counter()
            X = coding_features(vectors, [s.text for s in segments], prompts, keys, settings)
            rows = np.flatnonzero(train)
            trained = TrainedCoder().fit(X[rows], Y[rows], groups=sessions[rows])
            proba = trained.predict_proba(X)
            seconds = round(time.perf_counter() - t0, 2)
            assert trained.cv_predict_ is not None and trained.cv_proba_ is not None
            cv = scores(
                Codings.of("P1-P10", [(seg_ids[i], e) for i in rows for e in every[seg_ids[i]]]),
                Codings.of("final", [(seg_ids[i], final[seg_ids[i]]) for i in rows]),
                codings("cv", [seg_ids[i] for i in rows], trained.cv_predict_, ids),
                top_codings("cv", [seg_ids[i] for i in rows], trained.cv_proba_, ids),
                ids,
            )
            decided = trained.decide(proba)
            add(name, context, decided, proba, seconds=seconds, cross_validated_on_p1_p10=cv)
    return out


def markdown(result: dict[str, Any]) -> str:
    def cell(row: dict[str, Any], part: str) -> str:
        if row.get(part) is None:
            return "-"
        return " / ".join(f"{row[part][s]['value']:.2f}" for s in ("kappa", "ac1", "alpha"))

    lines = [
        f"SERDIF, 22 final codes; trained on P1-P10 ({result['n_train']} coded turns), scored "
        f"on P11-P17 ({result['n_test']} coded turns). Cells: kappa / AC1 / alpha.",
        "",
        "| method | context | top code vs final code | every code (pooled) | mean of codes "
        "| exact | codes per turn | CV on P1-P10 (top / pooled kappa) | s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        cv = row.get("cross_validated_on_p1_p10")
        cv_text = (
            f"{cv['top1']['kappa']['value']:.2f} / {cv['pooled']['kappa']['value']:.2f}"
            if cv
            else ""
        )
        lines.append(
            f"| {row['method']} | {row['context']} | {cell(row, 'top1')} | {cell(row, 'pooled')} "
            f"| {cell(row, 'mean_of_elements')} | {row['exact_match']:.2f} "
            f"| {row['codes_per_segment']:.2f} | {cv_text} | {row.get('seconds', '')} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="blend context only, printed, no files written"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    result = measure(args.quick)
    result["date"] = datetime.now(timezone.utc).isoformat(timespec="minutes")
    result["seconds"] = round(time.perf_counter() - start, 1)
    print(markdown(result))
    if not args.quick:  # a smoke run is printed only
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "coding.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        (RESULTS / "coding.md").write_text(markdown(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
