# ruff: noqa: E501  (Markdown table rows read best on one line)
"""Targets (measured, never asserted) and the Markdown summary of a benchmark run."""

from __future__ import annotations

from typing import Any


def _get(d: dict, *keys: str, default: Any = None) -> Any:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return default
        d = d[k]
    return d


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def targets(res: dict) -> list[dict]:
    q, sp = res.get("quality", {}), res.get("speed", {})
    rows: list[dict] = []

    def add(name: str, measured: str, met: bool | None, note: str = "") -> None:
        rows.append(
            {
                "target": name,
                "measured": measured,
                "met": "n/a" if met is None else ("met" if met else "NOT met"),
                "note": note,
            }
        )

    for subset in ("held_out", "all"):
        ours = _get(q, "subsets", subset, "themes", "final", "ami")
        theirs = _get(q, "subsets", subset, "bertopic", "final", "ami")
        if ours is not None and theirs is not None:
            add(
                f"AMI (final codes, unassigned counted) >= BERTopic + 0.05 [{subset}]",
                f"{ours:.3f} vs {theirs:.3f} (+{ours - theirs:.3f})",
                ours >= theirs + 0.05,
            )
    for subset in ("held_out", "all"):
        share = _get(q, "subsets", subset, "themes", "final", "unassigned")
        if share is not None:
            add(f"unassigned share <= 20 % [{subset}, coded turns]", f"{share:.1%}", share <= 0.20)
    same = _get(q, "determinism", "themes", "same_seed_ari")
    if same is not None:
        add("same-seed ARI = 1.0", f"{same:.4f}", same == 1.0)
    cold = _get(sp, "pipeline", "cold", "process_wall_s")
    warm = _get(sp, "pipeline", "warm", "process_wall_s")
    if cold and warm:
        add(
            "warm re-run (embeddings cached, --force) <= 10 % of cold run",
            f"{warm:.1f} s / {cold:.1f} s = {warm / cold:.0%}",
            warm <= 0.10 * cold,
            "whole fresh processes; the unchanged re-run (run reused) is "
            f"{_get(sp, 'pipeline', 'unchanged', 'process_wall_s', default=float('nan')):.1f} s",
        )
    enc = _get(sp, "encode", "encode_s")
    own = _get(sp, "encode_onnx", "encode_s")
    if cold and enc:
        add(
            "cold run <= 1.3x pure encode time",
            f"{cold:.1f} s / {enc:.1f} s = {cold / enc:.2f}x",
            cold <= 1.3 * enc,
            "cold = whole fresh process, numba cache and ONNX export made by an earlier run; "
            "encode = sentence-transformers (torch)"
            + (f"; vs the ONNX encode themes runs ({own:.1f} s): {cold / own:.2f}x" if own else ""),
        )
    help_s = _get(sp, "help", "median_s")
    if help_s is not None:
        add("`themes --help` < 0.5 s", f"{help_s:.2f} s (median)", help_s < 0.5)
    ours_rss = _get(sp, "pipeline", "cold", "peak_rss_mb")
    b_e2e = _get(sp, "bertopic", "end_to_end", "peak_rss_mb")
    b_fit = _get(sp, "bertopic", "fit_only", "peak_rss_mb")
    theirs_rss = b_e2e or b_fit
    if ours_rss and theirs_rss:
        what = "encode + fit" if b_e2e else "fit on cached embeddings"
        add(
            "peak RSS <= BERTopic's",
            f"{ours_rss:.0f} MB vs {theirs_rss:.0f} MB ({what})",
            (ours_rss <= theirs_rss) if b_e2e else None,
            "ours: cold `themes run` incl. model, report"
            + ("" if b_e2e else "; BERTopic loaded no model here (--quick), so not comparable"),
        )
    return rows


def _score_row(name: str, s: dict | None) -> str:
    if not s:
        return f"| {name} | - | - | - | - | - | - |"
    return (
        f"| {name} | {s['ami']:.3f} | {s['ari']:.3f} | {s['ami_assigned']:.3f} | "
        f"{s['ari_assigned']:.3f} | {s['unassigned']:.1%} | {s['n_themes']} |"
    )


def markdown(res: dict) -> str:
    m, q, sp, sc = (
        res.get("machine", {}),
        res.get("quality", {}),
        res.get("speed", {}),
        res.get("scale", {}),
    )
    out = [
        f"# Benchmark results ({'quick' if res.get('quick') else 'full'})",
        "",
        f"- date: {res.get('date')}; command: `{res.get('command')}`; total {res.get('total_s')} s",
        f"- machine: {m.get('cores')} cores, {m.get('memory_gib')} GiB, {m.get('platform')}, "
        f"Python {m.get('python')}; load average at start {m.get('load_avg_at_start')}, "
        f"at end {m.get('load_avg_at_end')} (shared machine: absolute times are noisy, "
        "compare ratios)",
        "- versions: " + ", ".join(f"{k} {v}" for k, v in res.get("versions", {}).items()),
        "",
    ]
    out += ["## Targets", "", "| target | measured | status | note |", "|---|---|---|---|"]
    out += [
        f"| {t['target']} | {t['measured']} | {t['met']} | {t['note']} |"
        for t in res.get("targets", [])
    ]
    out += ["", "## Quality on SERDIF (Participant turns; coded turns scored)", ""]
    for subset, sub in q.get("subsets", {}).items():
        out += [
            f"### {subset}: {sub['n_segments']} segments clustered, {sub['n_scored']} scored",
            "",
            "| tool / codes | AMI | ARI | AMI assigned | ARI assigned | unassigned | themes |",
            "|---|---|---|---|---|---|---|",
        ]
        for tool in ("themes", "bertopic"):
            for codes in ("final", "first_pass"):
                out.append(_score_row(f"{tool} / {codes}", _get(sub, tool, codes)))
        st = _get(sub, "themes", "settings", default={})
        out += ["", f"themes resolved settings: {st}", ""]
    det = q.get("determinism", {})
    if det:
        out += [
            "## Determinism (ARI between whole-corpus runs)",
            "",
            "| tool | same seed | other seeds (median) | other seeds |",
            "|---|---|---|---|",
        ]
        for tool in ("themes", "bertopic"):
            d = det.get(tool)
            if d:
                out.append(
                    f"| {tool} | {d['same_seed_ari']} | {d['other_seed_ari_median']} | "
                    f"{d['other_seed_ari']} |"
                )
        out += ["", f"seeds: {det.get('seeds')}", ""]
    demo = res.get("demo")
    if demo:
        out += [
            "## Demo study (examples/), defaults",
            "",
            f"{demo['n_segments']} segments -> {demo['n_themes']} themes, "
            f"{demo['unassigned']:.1%} unassigned, {demo['one_voice']} one-voice, "
            f"{demo['prompt_concentrated']} prompt-concentrated, median "
            f"{demo['median_participants']} participants per theme; settings {demo['settings']}",
            "",
        ]
    if sp:
        p = sp.get("pipeline", {})
        out += [
            f"## Speed and memory ({sp.get('corpus')}; each row a fresh process)",
            "",
            "| run | wall s | ingest | embed | reduce | cluster | describe | save | report | peak RSS MB |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name in ("cold", "first_run", "warm", "unchanged"):
            r = p.get(name)
            if r:
                t = r["timings"]
                cells = " | ".join(
                    "-" if t.get(k) is None else f"{t[k]:.2f}"
                    for k in ("ingest", "embed", "reduce", "cluster", "describe", "save", "report")
                )
                out.append(
                    f"| {name} | {r['process_wall_s']:.1f} | {cells} | {r['peak_rss_mb']:.0f} |"
                )
        out += [
            "",
            "All runs, process wall s: cold "
            f"{[r['process_wall_s'] for r in p.get('cold_runs', [])]}, warm "
            f"{[r['process_wall_s'] for r in p.get('warm_runs', [])]} (the median is shown); "
            f"pure encode s {enc_runs(sp)}",
            "",
            "Peak RSS after each stage (high-water marks, cold run): "
            f"{_get(p, 'cold', 'rss_after_stage_mb')}",
            "",
            f"numba on-disk cache before the runs (index files): {p.get('numba_cache_before')}; "
            "`cold` uses it and the model's ONNX export as they are, `first_run` points "
            "NUMBA_CACHE_DIR and THEMES_CACHE_DIR at empty folders (the first run after "
            "installing: numba compiles, the model is exported and checked).",
            "",
        ]
        enc, bt = sp.get("encode", {}), sp.get("bertopic", {})
        own = sp.get("encode_onnx", {})
        cold = _get(p, "cold", "process_wall_s")
        out += [
            "| reference | seconds | peak RSS MB | ratio |",
            "|---|---|---|---|",
            f"| pure encode, sentence-transformers on torch ({enc.get('n_texts')} texts, batch 32, "
            f"{enc.get('texts_per_s')} texts/s; model load {enc.get('load_s')} s not included) | "
            f"{enc.get('encode_s')} | {enc.get('peak_rss_mb')} | "
            f"cold run / encode = {_ratio(cold, enc.get('encode_s'))} |",
            f"| pure encode, the ONNX export themes runs ({own.get('n_texts')} texts, "
            f"{own.get('texts_per_s')} texts/s; load {own.get('load_s')} s not included) | "
            f"{own.get('encode_s')} | {own.get('peak_rss_mb')} | "
            f"cold run / encode = {_ratio(cold, own.get('encode_s'))} |",
            f"| cold run, stages only (ingest..save + report) | "
            f"{_stage_sum(_get(p, 'cold', 'timings', default={}))} | | "
            f"/ encode = {_ratio(_stage_sum(_get(p, 'cold', 'timings', default={})), enc.get('encode_s'))} |",
        ]
        for name, r in bt.items():
            out.append(
                f"| BERTopic {name.replace('_', ' ')} ({r.get('n_docs')} docs; fit {r.get('fit_s')} s"
                + (f", encode {r['encode_s']} s" if "encode_s" in r else "")
                + f"; {r.get('n_topics')} topics, {r.get('outliers', 0):.0%} outliers) | "
                f"{r.get('process_wall_s')} | {r.get('peak_rss_mb')} | "
                f"ours cold / this = {_ratio(cold, r.get('process_wall_s'))} |"
            )
        h = sp.get("help", {})
        out += ["", f"`themes --help`: median {h.get('median_s')} s over {h.get('runs_s')}", ""]
    if sc.get("sizes"):
        out += [
            "## Scale (reduce + cluster + describe; surrogate vectors, fresh process per size)",
            "",
            sc.get("surrogate", ""),
            "",
            "| segments | reduce s | cluster s | describe s | peak RSS MB | themes | unassigned | auto n_neighbors / min_cluster_size / min_samples |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for n, r in sc["sizes"].items():
            if "timings" in r:
                t = r["timings"]
                out.append(
                    f"| {n} | {t['reduce']:.1f} | {t['cluster']:.1f} | {t['describe']:.1f} | "
                    f"{r['peak_rss_mb']:.0f} | {r['n_themes']} | {r['unassigned']:.1%} | "
                    f"{r['n_neighbors']} / {r['min_cluster_size']} / {r['min_samples']} |"
                )
            else:
                out.append(f"| {n} | not finished: {r.get('failed')} | | | | | | |")
        if sc.get("growth_exponent"):
            out += [
                "",
                f"growth exponent b (t ~ n^b) between the sizes measured: {sc['growth_exponent']}",
            ]
        if sc.get("projection"):
            out += ["", sc["projection"]]
        out.append("")
    return "\n".join(out) + "\n"


def _stage_sum(t: dict) -> float | None:
    keys = ("ingest", "embed", "reduce", "cluster", "describe", "save", "report")
    vals = [float(t[k]) for k in keys if t.get(k) is not None]
    return round(sum(vals), 2) if vals else None


def enc_runs(sp: dict) -> list:
    return list(sp.get("encode", {}).get("encode_s_runs", []))
