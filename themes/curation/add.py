"""`themes add`: new transcripts compared with the current (curated) themes.

The new transcripts are segmented as the run's were, with fillers and echoes of their prompts
set aside as a run sets them aside. Each new segment joins the theme whose centroid it is
closest to when the cosine is at least `curate.add_threshold`; otherwise it is *novel*. Novel
segments are clustered (HDBSCAN on their unit vectors, small minimum size) into new candidate
themes when there are enough of them; the rest stay unassigned. Everything is recorded as one
`add` event, so it shows in the history, replays on top of the run and can be undone.

The new segments are embedded first (the vector cache commits on its own and shows nothing);
then one write transaction stores the transcripts, compares them with the themes as they are
at that moment, chooses the new theme ids and appends the event: a killed `add` leaves either
everything or nothing, and a decision recorded meanwhile is taken into account.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from themes.core.errors import InputError, ModelError, ProjectError
from themes.core.order import natural_key
from themes.core.types import Segment, Transcript
from themes.curation.analyst import resolve_analyst
from themes.curation.replay import next_theme_id
from themes.discovery.embed import Embedder, unit_mean
from themes.discovery.pipeline import Listener, clustering_input, embed_segments
from themes.store.project import Project


@dataclass(frozen=True)
class AddedTranscript:
    transcript_id: str
    n_segments: int  # clustered segments
    n_fit: int  # joined an existing theme
    n_novel: int  # not close enough to any theme
    n_new_themes: int  # new candidate themes that first appear in this transcript


@dataclass(frozen=True)
class AddResult:
    event_id: int
    batch: int
    transcripts: tuple[AddedTranscript, ...]
    new_theme_ids: tuple[int, ...]
    n_unassigned: int
    already_in_project: tuple[str, ...]  # transcript ids skipped
    warnings: tuple[str, ...] = ()


def default_embedder(config: Any) -> Embedder:
    from themes.discovery.embed import embedder_for

    return embedder_for(config)


def cluster_novel(vectors: np.ndarray, min_size: int) -> np.ndarray:
    """Labels 0.. (by size) for novel segments, -1 where none; all -1 when too few."""
    n = vectors.shape[0]
    if n < 2 * min_size:
        return np.full(n, -1, dtype=np.int64)
    import hdbscan

    from themes.discovery.cluster import renumber_by_size

    model = hdbscan.HDBSCAN(
        min_cluster_size=min_size,
        min_samples=max(1, min(min_size, 3)),
        allow_single_cluster=True,
        core_dist_n_jobs=1,
    )
    return renumber_by_size(np.asarray(model.fit_predict(np.asarray(vectors, np.float64))))


def _fit(
    view: Any, project: Project, vectors: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Best theme (index into ids) and cosine for each new vector."""
    from themes.discovery.run_vectors import vector_map

    themes = [t for t in view.themes if t.segment_ids]
    if not themes:
        return np.full(len(vectors), -1), np.zeros(len(vectors)), []
    members = [view.segments[s] for t in themes for s in t.segment_ids]
    vec = vector_map(project, view.run, members)
    cents = np.vstack([unit_mean(np.vstack([vec[s] for s in t.segment_ids])) for t in themes])
    sims = vectors @ cents.T
    best = sims.argmax(axis=1)
    score = sims[np.arange(len(vectors)), best]
    return np.where(score >= threshold, best, -1), score, [t.id for t in themes]


def add_transcripts(
    project_dir: Path | str,
    folder: Path | str,
    *,
    embedder: Embedder | None = None,
    analyst: str | None = None,
    threshold: float | None = None,
    min_new_theme_size: int = 3,
    strict: bool = False,
    memo: str = "",
    listener: Listener | None = None,
) -> AddResult:
    """Ingest `folder`'s new transcripts into the project and place their segments."""
    from themes.curation.view import load_view
    from themes.discovery.run_vectors import run_config
    from themes.discovery.segment import segment_corpus
    from themes.discovery.setaside import mark_echoes
    from themes.discovery.tokens import token_counter
    from themes.ingest import ingest_folder

    listener = listener or Listener()
    if min_new_theme_size < 2:
        raise InputError("--min-size must be at least 2.")
    with Project.open(project_dir) as project:
        run = project.require_run()
        config = run_config(run)  # the run's settings: same speakers, segmenting, context
        limit = config.curate.add_threshold if threshold is None else float(threshold)
        listener.stage("ingest")
        corpus = ingest_folder(Path(folder), config, strict=strict)
        fresh, already = _new_transcripts(project, corpus.transcripts, folder)
        fresh_ids = {t.id for t in fresh}
        segments = [
            s
            for s in segment_corpus(corpus, config, token_counter(config.embed.model))
            if s.transcript_id in fresh_ids
        ]
        embedder = embedder or default_embedder(config)
        if embedder.model_id != run.model_id:
            raise ModelError(
                f"run {run.id} used model {run.model_id} but the embedder is "
                f"{embedder.model_id}; add transcripts with the run's model."
            )
        listener.stage("set aside")  # echoes of the new transcripts' prompts, as a run does
        segments = list(
            mark_echoes(segments, clustering_input(segments), config, embedder, project)
        )
        chosen = clustering_input(segments)
        listener.stage("embed")  # the vector cache commits on its own: nothing is in view yet
        if chosen:
            vectors, _ = embed_segments(chosen, config, embedder, project, listener)
        else:
            vectors = np.zeros((0, 1), dtype=np.float32)
        listener.stage("compare")
        with project.transaction():  # the transcripts and their event, or neither
            if project.require_run().id != run.id:
                raise ProjectError(
                    f"{project.folder}: run {project.require_run().id} became the current run "
                    f"while the transcripts were being read for run {run.id}; nothing was "
                    "added. Run `themes add` again."
                )
            # another command may have added some of them meanwhile: keep the rest
            fresh, also = _new_transcripts(project, fresh, folder)
            already = tuple(sorted({*already, *also}, key=natural_key))
            keep = [i for i, s in enumerate(chosen) if s.transcript_id not in set(also)]
            chosen, vectors = [chosen[i] for i in keep], vectors[keep]
            segments = [s for s in segments if s.transcript_id not in set(also)]
            batch = project.next_batch()
            project.save_corpus(fresh, segments)
            view = load_view(project)
            best, score, theme_ids = _fit(view, project, vectors, limit)
            novel = np.flatnonzero(best < 0)
            labels = cluster_novel(vectors[novel], min_new_theme_size) if novel.size else novel
            first_id = next_theme_id(view.run_themes, view.events)
            payload, rows, new_ids = _payload(
                chosen, best, score, theme_ids, novel, labels, first_id, fresh
            )
            payload.update(
                {
                    "folder": str(folder),
                    "threshold": limit,
                    "min_new_theme_size": min_new_theme_size,
                    "batch": batch,
                }
            )
            event_id = project.append_event(run.id, resolve_analyst(analyst), "add", payload, memo)
        listener.stage("describe")
        _prepare(project)
    return AddResult(
        event_id=event_id,
        batch=batch,
        transcripts=rows,
        new_theme_ids=new_ids,
        n_unassigned=len(payload["unassigned"]),
        already_in_project=already,
        warnings=corpus.warnings + tuple(getattr(embedder, "notes", ())),
    )


def _prepare(project: Project) -> None:
    """The new view's vectors, words and theme descriptions, kept for the curation commands
    that follow (this command has loaded what computing them needs anyway)."""
    from themes.curation.derived import prepare
    from themes.curation.view import load_view

    view = load_view(project)  # describes the themes the new segments changed
    prepare(project, view.run, view.order, view.segments)


def _new_transcripts(
    project: Project, transcripts: Sequence[Transcript], folder: Path | str
) -> tuple[list[Transcript], tuple[str, ...]]:
    """The transcripts not yet in the project, and the ids of those that are; an error when
    none is new."""
    known = project.transcript_batches()
    fresh = [t for t in transcripts if t.id not in known]
    already = tuple(sorted((t.id for t in transcripts if t.id in known), key=natural_key))
    if not fresh:
        raise InputError(
            f"{folder}: every transcript here is already in the project "
            f"({', '.join(already)}); rename a file to add it as a new transcript."
        )
    return fresh, already


def _payload(
    chosen: Sequence[Segment],
    best: np.ndarray,
    score: np.ndarray,
    theme_ids: Sequence[int],
    novel: np.ndarray,
    labels: np.ndarray,
    first_id: int,
    fresh: Sequence[Any],
) -> tuple[dict[str, Any], tuple[AddedTranscript, ...], tuple[int, ...]]:
    assign = [
        [chosen[i].id, int(theme_ids[best[i]]), round(float(score[i]), 4)]
        for i in range(len(chosen))
        if best[i] >= 0
    ]
    k = int(labels.max(initial=-1)) + 1
    new_themes = [
        {
            "id": first_id + c,
            "segment_ids": [chosen[novel[j]].id for j in np.flatnonzero(labels == c)],
        }
        for c in range(k)
    ]
    unassigned = [chosen[novel[j]].id for j in np.flatnonzero(labels < 0)]
    starts = {
        t["id"]: chosen[novel[np.flatnonzero(labels == c)[0]]].transcript_id
        for c, t in enumerate(new_themes)
    }
    rows = []
    for tr in sorted(fresh, key=lambda t: t.id):
        idx = [i for i, s in enumerate(chosen) if s.transcript_id == tr.id]
        fit = sum(1 for i in idx if best[i] >= 0)
        rows.append(
            AddedTranscript(
                transcript_id=tr.id,
                n_segments=len(idx),
                n_fit=fit,
                n_novel=len(idx) - fit,
                n_new_themes=sum(1 for t in starts.values() if t == tr.id),
            )
        )
    payload = {
        "transcripts": [r.transcript_id for r in rows],
        "assign": assign,
        "new_themes": new_themes,
        "unassigned": unassigned,
        "per_transcript": [asdict(r) for r in rows],
    }
    return payload, tuple(rows), tuple(first_id + c for c in range(k))
