"""One measured thing per fresh process: `python -m benchmarks.worker TASK JSON-ARGS`.

Prints one line `RESULT {json}` with wall times and peak RSS (VmHWM high-water marks).
The parent (benchmarks.speed / benchmarks.scale) starts a new interpreter for every task, so
imports, model loading and numba compiling are part of what is measured.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

T_START = time.perf_counter()

from benchmarks.common import peak_rss_mb  # noqa: E402


def _emit(result: dict) -> None:
    result.setdefault("peak_rss_mb", peak_rss_mb())
    result.setdefault("in_process_s", round(time.perf_counter() - T_START, 3))
    print("RESULT " + json.dumps(result), flush=True)


def pipeline(args: dict) -> dict:
    """`themes run` as the CLI does it (pipeline.run, then the HTML report), per stage."""
    from themes.core.config import load_config
    from themes.discovery.pipeline import Listener, run

    marks: dict[str, float] = {}

    class Marks(Listener):
        current = "start"

        def stage(self, name: str) -> None:
            marks[self.current] = peak_rss_mb()  # high-water mark at the end of the last stage
            self.current = name

    config = load_config(overrides=args.get("overrides", []))
    listener = Marks()
    t0 = time.perf_counter()
    result = run(
        args["folder"], args["project"], config, force=args.get("force", False), listener=listener
    )
    marks[listener.current] = peak_rss_mb()
    timings: dict[str, float | None] = dict(result.timings)
    timings["pipeline_total"] = round(time.perf_counter() - t0, 3)
    report_s, report_note = None, ""
    try:
        from themes.report import write_report
    except ImportError as exc:
        report_note = f"report not measured: {exc}"
    else:
        t1 = time.perf_counter()
        write_report(args["project"], fmt="html")
        report_s = round(time.perf_counter() - t1, 3)
        marks["report"] = peak_rss_mb()
    timings["report"] = report_s
    return {
        "timings": timings,
        "rss_after_stage_mb": marks,
        "reused": result.reused,
        "n_clustered": result.n_clustered,
        "n_themes": result.n_themes,
        "n_unassigned": result.n_unassigned,
        "n_embedded": result.n_embedded,
        "report_note": report_note,
    }


def pipeline_texts(folder: str, overrides: list[str]) -> list[str]:
    """The distinct texts the pipeline embeds for this folder and config (as embed_texts does)."""
    from benchmarks.common import load_segments
    from themes.core.config import load_config
    from themes.discovery.embed import normalise_text

    config = load_config(overrides=overrides)
    segments = load_segments(Path(folder), config)
    ctx = config.embed.context
    texts = [f"{s.prompt} {s.text}" if ctx == "concat" and s.prompt else s.text for s in segments]
    if ctx == "blend":
        texts += [s.prompt for s in segments if s.prompt]
    return list(dict.fromkeys(normalise_text(t) for t in texts))


def encode(args: dict) -> dict:
    """Pure encode of the same texts, batch 32, model load not included.

    backend "torch" (default): sentence-transformers' own encode, the physical reference.
    backend "onnx": the ONNX export themes runs by default (export already cached).
    """
    texts = pipeline_texts(args["folder"], args.get("overrides", []))
    from themes.discovery.embed import SentenceTransformerEmbedder

    backend = args.get("backend", "torch")
    embedder = SentenceTransformerEmbedder("all-MiniLM-L6-v2", 32, backend)  # local, offline
    t0 = time.perf_counter()
    if backend == "torch":
        model = embedder._load()
        run = lambda: model.encode(  # type: ignore[attr-defined]  # noqa: E731
            texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False
        )
    else:
        embedder.encode(texts[:1])  # loads the export
        run = lambda: embedder.encode(texts)  # noqa: E731
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    run()
    encode_s = time.perf_counter() - t1
    return {
        "backend": backend,
        "n_texts": len(texts),
        "load_s": round(load_s, 3),
        "encode_s": round(encode_s, 3),
        "texts_per_s": round(len(texts) / encode_s, 1),
    }


def bertopic(args: dict) -> dict:
    """BERTopic's fit on the plain segment embeddings (cached) or end to end (encode + fit)."""
    from benchmarks.common import CachedEmbedder, bertopic_labels, load_segments
    from themes.core.config import load_config

    config = load_config(overrides=args.get("overrides", []))
    segments = load_segments(args["folder"], config)
    texts = [s.text for s in segments]
    out: dict = {"n_docs": len(texts)}
    if args.get("end_to_end"):
        from themes.discovery.embed import SentenceTransformerEmbedder

        embedder = SentenceTransformerEmbedder("all-MiniLM-L6-v2", backend="torch")  # as BERTopic
        t0 = time.perf_counter()
        vectors = embedder.encode(texts)
        out["encode_s"] = round(time.perf_counter() - t0, 3)
    else:
        vectors = CachedEmbedder().encode(texts)  # from the cache: no model load if cached
    out["rss_before_fit_mb"] = peak_rss_mb()
    t1 = time.perf_counter()
    topics = bertopic_labels(texts, vectors, args.get("seed", 42))
    out["fit_s"] = round(time.perf_counter() - t1, 3)
    out["n_topics"] = int(topics.max()) + 1
    out["outliers"] = round(float((topics < 0).mean()), 4)
    return out


def scale(args: dict) -> dict:
    """Reduce + cluster + describe on N surrogate segments (see benchmarks/scale.py)."""
    from benchmarks.scale import surrogate
    from themes.core.config import load_config
    from themes.discovery.cluster import clusterer_for
    from themes.discovery.describe import describe_themes
    from themes.discovery.reduce import reducer_for

    config = load_config()
    segments, vectors = surrogate(args["n"], seed=args.get("seed", 0))
    out: dict = {"n": len(segments), "rss_after_stage_mb": {"data": peak_rss_mb()}, "timings": {}}
    t = time.perf_counter()
    reducer = reducer_for(config)
    reduced = reducer.fit_transform(vectors)
    out["timings"]["reduce"] = round(time.perf_counter() - t, 3)
    out["rss_after_stage_mb"]["reduce"] = peak_rss_mb()
    t = time.perf_counter()
    clusterer = clusterer_for(config)
    clusterer.fit(reduced, vectors=vectors)
    out["timings"]["cluster"] = round(time.perf_counter() - t, 3)
    out["rss_after_stage_mb"]["cluster"] = peak_rss_mb()
    t = time.perf_counter()
    themes = describe_themes(
        segments, vectors, clusterer.labels_, clusterer.assigned_by_ == "hdbscan", config.describe
    )
    out["timings"]["describe"] = round(time.perf_counter() - t, 3)
    out["rss_after_stage_mb"]["describe"] = peak_rss_mb()
    out.update(
        n_themes=len(themes),
        unassigned=round(float((clusterer.labels_ < 0).mean()), 4),
        n_neighbors=int(reducer.n_neighbors_),
        min_cluster_size=int(clusterer.min_cluster_size_),
        min_samples=int(clusterer.min_samples_),
    )
    return out


TASKS = {"pipeline": pipeline, "encode": encode, "bertopic": bertopic, "scale": scale}

if __name__ == "__main__":
    task = sys.argv[1]
    _emit(TASKS[task](json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}))
