"""The real embedding model: loads offline, no network access attempted."""

import socket

import numpy as np
import pytest

from themes.core.errors import ModelError
from themes.discovery.embed import SentenceTransformerEmbedder
from themes.discovery.model_registry import resolve_model

pytestmark = pytest.mark.model


def test_default_model_loads_and_encodes_without_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    embedder = SentenceTransformerEmbedder("all-MiniLM-L6-v2")
    vectors = embedder.encode(["She had been there herself.", "The rota changed again."])
    assert attempts == []
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)


def test_registry_and_folder_resolution(tmp_path):
    info = resolve_model("all-MiniLM-L6-v2")
    assert (info.path / "modules.json").exists() and info.dim == 384
    with pytest.raises(ModelError, match="neither a known model"):
        resolve_model(str(tmp_path / "missing"))
    with pytest.raises(ModelError, match="not a sentence-transformers model folder"):
        resolve_model(str(tmp_path))
    folder = resolve_model(str(info.path))
    assert folder.path == info.path.resolve()
