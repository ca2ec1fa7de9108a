"""Sentence embeddings, loaded offline, cached in the project by (model, text hash)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

from themes.core.errors import ModelError
from themes.core.offline import go_offline
from themes.discovery.model_registry import resolve_model

if TYPE_CHECKING:
    from themes.core.config import Config
    from themes.discovery.onnx_backend import OnnxEncoder
    from themes.store.project import Project

Progress = Callable[[int, int], None]  # (done, total)


class Embedder(Protocol):
    model_id: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text."""
        ...


def normalise_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


class SentenceTransformerEmbedder:
    """A local sentence-transformers model; the weights never come from the network.

    backend "auto" runs an ONNX export of the model (`onnx_backend`) when there is one or
    one can be made and checked, else sentence-transformers on torch; `backend_` says which
    ran and `notes` why torch was used under "auto".
    """

    def __init__(self, model: str, batch_size: int = 32, backend: str = "auto") -> None:
        self.info = resolve_model(model)
        self.model_id = self.info.name
        self.batch_size = batch_size
        self.backend = backend
        self.backend_: str | None = None
        self.notes: list[str] = []
        self._model: object | None = None
        self._onnx: OnnxEncoder | None = None

    def _load(self) -> object:
        """The sentence-transformers model on torch (loaded once)."""
        if self._model is None:
            go_offline()
            try:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
                self._model = SentenceTransformer(
                    str(self.info.path), device="cpu", local_files_only=True
                )
            except Exception as exc:  # the library raises many kinds; none carry transcript text
                raise ModelError(
                    f"{self.info.path}: could not load the embedding model "
                    f"({type(exc).__name__}: {exc}); "
                    "check that the folder is a complete sentence-transformers model."
                ) from exc
        return self._model

    def _resolve(self) -> None:
        if self.backend_ is not None:
            return
        if self.backend != "torch":
            reason = self._try_onnx()
            if reason is None:
                self.backend_ = "onnx"
                return
            if self.backend == "onnx":
                raise ModelError(
                    f"{self.info.path}: cannot run the model with onnxruntime ({reason}); "
                    "use --set embed.backend=torch."
                )
            self.notes.append(f"embedding with torch: {reason}")
        self._load()
        self.backend_ = "torch"

    def _try_onnx(self) -> str | None:
        """Set up the ONNX encoder; None when it is ready, else the reason it is not."""
        go_offline()
        try:
            from themes.discovery.onnx_backend import OnnxEncoder, prepare

            folder, export = prepare(self.info.path, self._load, label=self.model_id)
            if not export.usable:
                return export.reason
            self._onnx = OnnxEncoder(folder, export, self.batch_size)
        except ImportError as exc:
            return f"{exc.name or 'onnxruntime'} is not installed"
        except OSError as exc:
            return f"could not write the ONNX export ({exc}); set THEMES_CACHE_DIR"
        except ModelError:
            raise
        except Exception as exc:  # exporters raise many kinds; none carry transcript text
            return f"the ONNX export failed ({type(exc).__name__}: {exc})"
        return None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self._resolve()
        if self._onnx is not None:
            return self._onnx.encode(texts)
        vectors = self._load().encode(  # type: ignore[attr-defined]
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def embedder_for(config: Config) -> Embedder:
    """The embedder the settings describe (model, batch size, backend); a model registered in
    this process (`model_registry.register_model`) builds its own."""
    from themes.discovery.model_registry import registered_model

    embed = config.embed
    plugged = registered_model(embed.model)
    if plugged is not None:
        made: Embedder = plugged.make(config)
        return made
    return SentenceTransformerEmbedder(embed.model, embed.batch_size, embed.backend)


def embed_texts(
    texts: Sequence[str],
    embedder: Embedder,
    project: Project | None = None,
    chunk_size: int = 256,
    progress: Progress | None = None,
) -> np.ndarray:
    """Embed texts, reusing and filling the project's cache chunk by chunk.

    Texts are embedded longest first (similar lengths batch with little padding) and each
    chunk is committed as soon as it is computed, so an interrupted run resumes where it
    stopped.
    """
    hashes = [text_hash(t) for t in texts]
    cached = project.cached_vectors(embedder.model_id, hashes) if project is not None else {}
    todo: dict[str, str] = {}
    for h, t in zip(hashes, texts, strict=False):
        if h not in cached and h not in todo:
            todo[h] = normalise_text(t)
    total = len(todo)
    if progress:
        progress(0, total)
    items = sorted(todo.items(), key=lambda item: (-len(item[1]), item[0]))
    for start in range(0, total, chunk_size):
        chunk = items[start : start + chunk_size]
        vectors = embedder.encode([t for _, t in chunk])
        fresh = list(zip([h for h, _ in chunk], vectors, strict=False))
        if project is not None:
            project.cache_vectors(embedder.model_id, fresh)
        cached.update(fresh)
        if progress:
            progress(min(start + chunk_size, total), total)
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([cached[h] for h in hashes]).astype(np.float32)


def unit(vector: np.ndarray) -> np.ndarray:
    """The vector scaled to length 1 (a zero vector stays zero)."""
    return vector / (float(np.linalg.norm(vector)) or 1.0)


def unit_mean(rows: np.ndarray) -> np.ndarray:
    """The unit-length mean of some rows: a theme's centroid in cosine space."""
    return unit(np.asarray(rows).mean(axis=0))


def with_context(
    segment_vectors: np.ndarray, prompt_vectors: np.ndarray | None, weight: float
) -> np.ndarray:
    """normalise(segment + weight * prompt); rows without a prompt pass zeros."""
    if prompt_vectors is None or weight == 0:
        return segment_vectors
    mixed = segment_vectors + weight * prompt_vectors
    norms = np.linalg.norm(mixed, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(mixed / norms, dtype=np.float32)
