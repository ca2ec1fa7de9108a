"""Shared pieces: SERDIF loading, an embedding cache, scoring, and both tools on one input."""

from __future__ import annotations

import csv
import os
import re
import resource
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
CACHE = RESULTS / "cache"
SERDIF = Path(
    os.environ.get("THEMES_SERDIF", ROOT.parent / "shared" / "corpora" / "serdif-usability")
)
SERDIF_TRANSCRIPTS = SERDIF / "transcripts"
SPEAKER = "Participant"

# Tuning / held-out split of the 17 SERDIF sessions: fixed, by session number.
TUNING = tuple(f"serdif_P{i}" for i in range(1, 11))
HELD_OUT = tuple(f"serdif_P{i}" for i in range(11, 18))

# BERTopic's default UMAP parameters (bertopic/_bertopic.py), seeded.
BERTOPIC_UMAP = {"n_neighbors": 15, "n_components": 5, "min_dist": 0.0, "metric": "cosine"}


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    Linux: VmHWM from /proc/self/status, which starts afresh at exec. (`getrusage`'s
    ru_maxrss does not: a child inherits its parent's high-water mark across fork + exec, so a
    fresh worker started by a 1 GB parent would report 1 GB.) Elsewhere: ru_maxrss.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def demo_folder() -> Path | None:
    for candidate in (
        ROOT / "examples" / "peer-support-study",
        ROOT / "examples" / "sources" / "peer-support-study",
    ):
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    return None


def require_demo() -> Path:
    """The demo study's folder (an error when the examples are missing)."""
    folder = demo_folder()
    if folder is None:
        raise FileNotFoundError("examples/peer-support-study is missing")
    return folder


def serdif_config(overrides: Sequence[str] = ()):  # -> themes.core.config.Config
    from themes.core.config import load_config

    return load_config(overrides=[f"speakers.include_speakers=[{SPEAKER}]", *overrides])


def load_segments(folder: Path, config) -> list:  # -> list[Segment] in clustering order
    from themes.discovery.pipeline import clustering_input
    from themes.discovery.segment import segment_corpus
    from themes.discovery.tokens import token_counter
    from themes.ingest import ingest_folder

    corpus = ingest_folder(folder, config)
    return clustering_input(segment_corpus(corpus, config, token_counter(config.embed.model)))


def load_all_segments(folder: Path, config) -> list:  # -> every Segment, every role
    """Every segment of the folder (prompts and other roles included), in clustering order."""
    from themes.discovery.pipeline import segment_order
    from themes.discovery.segment import segment_corpus
    from themes.discovery.tokens import token_counter
    from themes.ingest import ingest_folder

    corpus = ingest_folder(folder, config)
    found = segment_corpus(corpus, config, token_counter(config.embed.model))
    return sorted(found, key=segment_order)


def run_input(segments: Sequence, config, embedder) -> tuple[list, np.ndarray]:
    """What `themes run` on these segments' transcripts would cluster: the candidates (turns
    that would be clustered if nothing were set aside) and a mask of those kept after echo
    and filler marks (`segment.set_aside`), in clustering order."""
    from themes.discovery.pipeline import clustering_input
    from themes.discovery.setaside import mark_echoes, mark_kind

    candidates = [s for s in segments if s.clustered or mark_kind(s)]
    marked = mark_echoes(segments, clustering_input(segments), config, embedder, None)
    kept = {s.id for s in clustering_input(marked)}
    return candidates, np.asarray([s.id in kept for s in candidates], dtype=bool)


def within(segments: Sequence, transcripts: Sequence[str] | None) -> list:
    """The segments of these transcripts (all when None)."""
    if transcripts is None:
        return list(segments)
    wanted = set(transcripts)
    return [s for s in segments if s.transcript_id in wanted]


_LINE = re.compile(r"^(?P<t>.+):(?P<line>\d+)[a-z]*(?:\.\d+)?$")


def serdif_labels() -> dict[tuple[str, int], tuple[str, str]]:
    """(transcript, 1-based line) -> (final code, first-pass code) for coded Participant turns."""
    out = {}
    with open(SERDIF / "labels.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["speaker"] == SPEAKER and row["label"]:
                out[(row["transcript"], int(row["turn_index"]) + 1)] = (row["label"], row["label2"])
    return out


def segment_codes(segments: Sequence) -> tuple[np.ndarray, list[str], list[str]]:
    """Rows of coded segments, and their final and first-pass codes."""
    labels = serdif_labels()
    rows, final, first = [], [], []
    for i, seg in enumerate(segments):
        m = _LINE.match(seg.id)
        key = (m.group("t"), int(m.group("line"))) if m else None
        if key in labels:
            rows.append(i)
            final.append(labels[key][0])
            first.append(labels[key][1] or labels[key][0])
    return np.asarray(rows, dtype=np.int64), final, first


class CachedEmbedder:
    """The real model behind a .npz cache keyed by text hash (benchmarks/results/cache)."""

    def __init__(
        self,
        model: str = "all-MiniLM-L6-v2",
        batch_size: int = 32,
        path: Path = CACHE / "embeddings.npz",
    ) -> None:
        from themes.discovery.embed import SentenceTransformerEmbedder

        self.inner = SentenceTransformerEmbedder(model, batch_size)
        self.model_id = self.inner.model_id
        self.path = path
        self.cache: dict[str, np.ndarray] = {}
        self.n_encoded = 0
        if path.is_file():
            data = np.load(path)
            self.cache = dict(zip(data["hashes"].tolist(), data["vectors"], strict=True))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        from themes.discovery.embed import text_hash

        hashes = [text_hash(t) for t in texts]
        todo = [i for i, h in enumerate(hashes) if h not in self.cache]
        if todo:
            fresh = self.inner.encode([texts[i] for i in todo])
            for i, v in zip(todo, fresh, strict=True):
                self.cache[hashes[i]] = v
            self.n_encoded += len(todo)
            self.save()
        return np.vstack([self.cache[h] for h in hashes]).astype(np.float32)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(self.cache)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, hashes=np.asarray(keys), vectors=np.vstack([self.cache[k] for k in keys]))
        tmp.replace(self.path)


def themes_vectors(segments: Sequence, config, embedder) -> np.ndarray:
    """The vectors `themes run` clusters (context as configured), via the pipeline's own code."""
    from themes.discovery.pipeline import Listener, embed_segments

    vectors, _ = embed_segments(segments, config, embedder, None, Listener())
    return vectors


def themes_labels(
    vectors: np.ndarray, config, seed: int | None = None, reduced: np.ndarray | None = None
) -> tuple[np.ndarray, dict]:
    """Reduce + cluster exactly as `pipeline.discover` does; labels (-1 unassigned)."""
    from themes.discovery.cluster import clusterer_for
    from themes.discovery.reduce import reducer_for

    seed = config.seed if seed is None else seed
    info: dict = {}
    if reduced is None:
        reducer = reducer_for(config, seed)
        reduced = reducer.fit_transform(vectors)
        info["n_neighbors"] = int(reducer.n_neighbors_)
    clusterer = clusterer_for(config)
    clusterer.fit(reduced, vectors=vectors)
    info.update(
        min_cluster_size=int(clusterer.min_cluster_size_),
        min_samples=int(clusterer.min_samples_),
        n_attached=int(np.sum(clusterer.assigned_by_ == "nearest")),
    )
    return clusterer.labels_, info


def bertopic_labels(texts: Sequence[str], vectors: np.ndarray, seed: int) -> np.ndarray:
    """BERTopic with its defaults on precomputed embeddings; only UMAP is seeded."""
    from bertopic import BERTopic
    from umap import UMAP

    model = BERTopic(umap_model=UMAP(random_state=seed, **BERTOPIC_UMAP))
    topics, _ = model.fit_transform(list(texts), embeddings=vectors)
    return np.asarray(topics)


@dataclass(frozen=True)
class Score:
    ami: float
    ari: float
    ami_assigned: float
    ari_assigned: float
    unassigned: float
    n_themes: int

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def score(pred: np.ndarray, truth: Sequence[str], n_themes: int | None = None) -> Score:
    """AMI/ARI with unassigned as one cluster, and on assigned segments only."""
    from sklearn.metrics import adjusted_mutual_info_score as ami
    from sklearn.metrics import adjusted_rand_score as ari

    pred = np.asarray(pred)
    truth_arr = np.asarray(truth)
    on = pred >= 0
    r = lambda x: round(float(x), 4)  # noqa: E731
    return Score(
        ami=r(ami(truth_arr, pred)),
        ari=r(ari(truth_arr, pred)),
        ami_assigned=r(ami(truth_arr[on], pred[on])) if on.sum() > 1 else 0.0,
        ari_assigned=r(ari(truth_arr[on], pred[on])) if on.sum() > 1 else 0.0,
        unassigned=r(1 - on.mean()),
        n_themes=int(len(set(pred[on].tolist()))) if n_themes is None else int(n_themes),
    )


def agreement(a: np.ndarray, b: np.ndarray) -> float:
    from sklearn.metrics import adjusted_rand_score

    return round(float(adjusted_rand_score(a, b)), 4)
