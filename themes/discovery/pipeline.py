"""`themes run` as a library call: ingest, segment, embed, reduce, cluster, describe, store."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

import numpy as np

from themes import __version__
from themes.core.config import Config
from themes.core.errors import InputError, ProjectError
from themes.core.types import Assignment, Segment, SkippedFile, Theme, Transcript
from themes.discovery.embed import Embedder, embed_texts, embedder_for, text_hash, with_context
from themes.store.project import Project
from themes.store.records import Run, RunSummary

_VERSIONED = (
    "sentence-transformers",
    "torch",
    "onnxruntime",
    "umap-learn",
    "hdbscan",
    "scikit-learn",
    "numpy",
)


# settings that are read after a run (curation, mapping, reports): changing them never calls
# for a new run
AFTER_THE_RUN = frozenset({"curate", "changemodel", "report"})


class Listener:
    """Receives progress; the CLI subclasses it to draw progress bars. Default: silent."""

    def stage(self, name: str) -> None:
        """A stage starts: ingest, embed, reduce, cluster, describe, stability, save."""

    def progress(self, done: int, total: int) -> None:
        """Units done of total within the current stage."""


@dataclass(frozen=True)
class RunResult:
    run_id: int
    reused: bool
    n_transcripts: int
    n_segments: int
    n_clustered: int
    n_themes: int
    n_unassigned: int
    n_attached: int
    n_embedded: int  # texts embedded now (0 when all came from the cache)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()


def package_versions() -> dict[str, str]:
    out = {"themes": __version__}
    for name in _VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def segment_order(seg: Segment) -> tuple[str, int, str]:
    """Stable order for embedding and clustering, whatever order files were listed in."""
    return (seg.transcript_id, seg.char_start, seg.id)


def clustering_input(segments: Sequence[Segment]) -> list[Segment]:
    return sorted((s for s in segments if s.clustered), key=segment_order)


def fingerprint(
    config: Config, model_id: str, segments: Sequence[Segment], transcripts: Sequence[Transcript]
) -> str:
    """Identifies a run's inputs: settings, model, version, the clustered segments, and every
    transcript's bytes and metadata (a changed context turn or metadata value is a change)."""
    digest = hashlib.sha256()
    settings = {k: v for k, v in config.to_dict().items() if k not in AFTER_THE_RUN}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    digest.update(f"{model_id}|{__version__}".encode())
    for seg in segments:
        digest.update(f"{seg.id}|{text_hash(seg.text)}|{text_hash(seg.prompt or '')}\n".encode())
    for tr in sorted(transcripts, key=lambda t: t.id):
        meta = json.dumps(dict(tr.metadata), sort_keys=True)
        digest.update(f"{tr.id}|{tr.content_hash}|{meta}\n".encode())
    return digest.hexdigest()


def embed_segments(
    segments: Sequence[Segment],
    config: Config,
    embedder: Embedder,
    project: Project | None,
    listener: Listener,
) -> tuple[np.ndarray, int]:
    """Vectors for clustering, with the prompt as context as configured; and how many were new."""
    context = config.embed.context
    texts = [s.text for s in segments]
    if context == "concat":
        texts = [f"{s.prompt} {s.text}" if s.prompt else s.text for s in segments]
    prompts = [s.prompt for s in segments if s.prompt] if context == "blend" else []
    if config.embed.neutral_pronouns:
        from themes.discovery.talk import neutral_pronouns

        texts, prompts = (
            [neutral_pronouns(t) for t in texts],
            [neutral_pronouns(p) for p in prompts],
        )
    all_texts = texts + prompts
    before = project.count_cached(embedder.model_id) if project is not None else 0
    vectors = embed_texts(all_texts, embedder, project, progress=listener.progress)
    after = project.count_cached(embedder.model_id) if project is not None else len(set(all_texts))
    seg_vectors = vectors[: len(texts)]
    if context == "blend" and prompts:
        prompt_vectors = np.zeros_like(seg_vectors)
        prompt_rows = iter(range(len(texts), len(all_texts)))
        for i, s in enumerate(segments):
            if s.prompt:
                prompt_vectors[i] = vectors[next(prompt_rows)]
        seg_vectors = with_context(seg_vectors, prompt_vectors, config.embed.prompt_weight)
    return seg_vectors, after - before


@contextmanager
def _timed(timings: dict[str, float], name: str, listener: Listener) -> Iterator[None]:
    listener.stage(name)
    start = time.perf_counter()
    yield
    timings[name] = round(timings.get(name, 0.0) + time.perf_counter() - start, 3)


def run(
    folder: Path | str,
    project_dir: Path | str,
    config: Config,
    *,
    embedder: Embedder | None = None,
    strict: bool = False,
    force: bool = False,
    new_run: bool = False,
    listener: Listener | None = None,
) -> RunResult:
    """Discover candidate themes in a folder of transcripts and store them in the project.

    An unchanged folder with unchanged settings reuses the stored run (unless `force`). A
    project whose latest run holds analyst decisions gets a new run only with `new_run`.
    """
    from themes.discovery.segment import segment_corpus
    from themes.discovery.tokens import token_counter
    from themes.ingest import ingest_folder

    listener = listener or Listener()
    timings: dict[str, float] = {}
    folder = Path(folder)
    with _timed(timings, "ingest", listener):
        corpus = ingest_folder(folder, config, strict=strict)
        segments = segment_corpus(corpus, config, token_counter(config.embed.model))
        chosen = clustering_input(segments)
    _enough(chosen, folder)
    embedder = embedder or embedder_for(config)
    with Project.open(project_dir, create=True) as project:
        with _timed(timings, "set aside", listener):
            from themes.discovery.setaside import mark_echoes

            segments = mark_echoes(segments, chosen, config, embedder, project)
            chosen = clustering_input(segments)
        _enough(chosen, folder)
        print_id = fingerprint(config, embedder.model_id, chosen, corpus.transcripts)
        previous = None if force else project.find_run(print_id)
        n_embedded = 0
        if previous is not None:
            with project.transaction():  # the run reused is the run shown from now on
                _keep_decisions_in_view(project, new_run, switching_to=previous.id)
                project.save_corpus(corpus.transcripts, segments)
                project.set_current_run(previous.id)
            stored = previous
        else:
            _keep_decisions_in_view(project, new_run)  # refuse before the work, not after
            started_after = project.last_event_id()
            with _timed(timings, "embed", listener):
                vectors, n_embedded = embed_segments(chosen, config, embedder, project, listener)
            found = discover(project, chosen, vectors, config, timings, listener, embedder)
            spec = RunSpec(
                model_id=embedder.model_id,
                fingerprint=print_id,
                folder=str(folder),
                embed_backend=getattr(embedder, "backend_", None),
            )
            with _timed(timings, "save", listener), project.transaction():
                _keep_decisions_in_view(project, new_run, since=started_after)
                project.save_corpus(corpus.transcripts, segments)
                stored = store_run(project, found, config, spec, timings)
    return RunResult(
        run_id=stored.id,
        reused=previous is not None,
        n_transcripts=len(corpus.transcripts),
        n_segments=len(segments),
        n_clustered=len(chosen),
        n_themes=stored.summary.n_themes,
        n_unassigned=stored.summary.n_unassigned,
        n_attached=stored.summary.n_attached,
        n_embedded=n_embedded,
        timings=timings,
        warnings=corpus.warnings + tuple(getattr(embedder, "notes", ())),
        skipped=corpus.skipped,
    )


def _enough(chosen: Sequence[Segment], folder: Path) -> None:
    if len(chosen) < 3:
        raise InputError(
            f"{folder}: only {len(chosen)} segment(s) to cluster; themes needs at least 3. "
            "Check --speaker/--role (which speakers are clustered), segment.min_words and "
            "segment.set_aside."
        )


def _keep_decisions_in_view(
    project: Project, new_run: bool, *, since: int | None = None, switching_to: int | None = None
) -> None:
    """A run that becomes the current one hides the current run's decision log: never let that
    happen silently. `since`: decisions recorded after this event id (while the run was
    working) always refuse the switch, even with `new_run`."""
    current = project.current_run()
    if current is None or current.id == switching_to:
        return
    events = project.events(current.id)
    late = [e.id for e in events if since is not None and e.id > since]
    if late:
        raise ProjectError(
            f"{project.folder}: {len(late)} decision(s) were recorded on run {current.id} while "
            "this run was working (events "
            f"{', '.join(map(str, late[:5]))}); the new run was not saved, so they stay in view. "
            "Run again when the analysis is quiet (vectors are cached, so it is quick), with "
            "--new-run to start from fresh themes anyway."
        )
    if events and not new_run:
        raise ProjectError(
            f"{project.folder}: run {current.id} holds {len(events)} analyst decision(s); a new "
            "run would start again from fresh candidate themes with an empty log (the "
            "decisions stay with the old run). To add transcripts to this analysis use "
            "`themes add`; to start a new run anyway, pass --new-run."
        )


@dataclass(frozen=True)
class RunSpec:
    """What identifies a run besides its segments and vectors."""

    model_id: str
    fingerprint: str
    folder: str
    kind: str = "run"
    embed_backend: str | None = None  # "onnx" | "torch"; None when every vector was cached


@dataclass(frozen=True)
class Discovery:
    """What reduce, cluster, describe and stability found for a set of segments."""

    segments: tuple[Segment, ...]
    themes: tuple[Theme, ...]
    assignments: tuple[Assignment, ...]
    coords: dict[str, tuple[float, float]]
    n_neighbors: int
    min_cluster_size: int
    min_samples: int


def discover(
    project: Project,
    segments: Sequence[Segment],
    vectors: np.ndarray,
    config: Config,
    timings: dict[str, float],
    listener: Listener,
    embedder: Embedder | None = None,
) -> Discovery:
    """Reduce (UMAP outputs cached in the project), cluster, describe, score stability.

    With the `embedder`, theme labels are phrases scored with the model (`labels`)."""
    from themes.discovery.cluster import clusterer_for
    from themes.discovery.describe import describe_themes
    from themes.discovery.labels import label_model
    from themes.discovery.reduce import reducer_for, to_2d
    from themes.discovery.stability import theme_stability

    with _timed(timings, "reduce", listener):
        reducer = reducer_for(config)
        key = reducer.cache_key(vectors)
        reduced = project.cached_reduction(key)  # the same vectors and settings: reuse UMAP
        if reduced is None:
            reduced = reducer.fit_transform(vectors)
            project.cache_reduction(key, reduced)
    with _timed(timings, "cluster", listener):
        clusterer = clusterer_for(config)
        clusterer.fit(reduced, vectors=vectors)
        labels = clusterer.labels_
    with _timed(timings, "describe", listener):
        core = clusterer.assigned_by_ == "hdbscan"
        model = None
        if embedder is not None:
            model = label_model(segments, embedder, project, config.embed.neutral_pronouns)
        themes = describe_themes(
            segments, vectors, labels, core, config.describe, model, config.segment.filler_share
        )
    if config.stability.runs > 0 and themes:
        with _timed(timings, "stability", listener):
            scores = theme_stability(
                vectors,
                labels,
                reducer,
                clusterer,
                config.stability.runs,
                config.stability.sample,
                config.seed,
                progress=listener.progress,
            )
            themes = [replace(t, stability=s) for t, s in zip(themes, scores, strict=False)]
    xy = to_2d(reduced)
    return Discovery(
        segments=tuple(segments),
        themes=tuple(themes),
        assignments=tuple(
            Assignment(
                segment_id=s.id,
                theme_id=int(labels[i]) + 1 if labels[i] >= 0 else None,
                probability=round(float(clusterer.probabilities_[i]), 4),
                assigned_by=str(clusterer.assigned_by_[i]),
            )
            for i, s in enumerate(segments)
        ),
        coords={
            s.id: (round(float(xy[i, 0]), 4), round(float(xy[i, 1]), 4))
            for i, s in enumerate(segments)
        },
        n_neighbors=reducer.resolved_n_neighbors(len(segments)),
        min_cluster_size=int(clusterer.min_cluster_size_),
        min_samples=int(clusterer.min_samples_),
    )


def store_run(
    project: Project, found: Discovery, config: Config, spec: RunSpec, timings: dict[str, float]
) -> Run:
    """Store one run (in the caller's transaction) and make it the current one."""
    hashes = project.transcript_hashes()
    summary = RunSummary(
        n_segments=len(found.segments),
        n_themes=len(found.themes),
        n_unassigned=sum(1 for a in found.assignments if a.theme_id is None),
        n_attached=sum(1 for a in found.assignments if a.assigned_by == "nearest"),
        n_neighbors=found.n_neighbors,
        min_cluster_size=found.min_cluster_size,
        min_samples=found.min_samples,
        timings=timings,
        embed_backend=spec.embed_backend,
        # the content each transcript had, so a later edit is noticed
        transcripts={
            t: hashes.get(t, "") for t in sorted({s.transcript_id for s in found.segments})
        },
    )
    return project.save_run(
        kind=spec.kind,
        fingerprint=spec.fingerprint,
        config=config.to_dict(),
        model_id=spec.model_id,
        versions=package_versions(),
        seed=config.seed,
        folder=spec.folder,
        summary=summary,
        assignments=found.assignments,
        coords=found.coords,
        themes=found.themes,
    )
