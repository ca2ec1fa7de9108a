import numpy as np
import pytest
from fakes import FakeEmbedder

from themes.discovery.embed import embed_texts, normalise_text, text_hash, with_context
from themes.store.project import Project


def test_text_hash_ignores_whitespace_only():
    assert text_hash("a  b\n c") == text_hash("a b c") != text_hash("a b d")
    assert normalise_text("  a \n\t b ") == "a b"


def test_cache_means_second_call_embeds_nothing(tmp_path):
    texts = [f"text number {i} about housing" for i in range(10)] + ["text number 1 about housing"]
    fake = FakeEmbedder()
    with Project.open(tmp_path, create=True) as p:
        first = embed_texts(texts, fake, p, chunk_size=4)
        assert sum(fake.calls) == 10  # duplicate embedded once
        second = embed_texts(texts, fake, p, chunk_size=4)
        assert sum(fake.calls) == 10
    assert np.array_equal(first, second) and first.shape == (11, 64)


class Crash(Exception):
    pass


class CrashingEmbedder(FakeEmbedder):
    def __init__(self, crash_after: int) -> None:
        super().__init__()
        self.crash_after = crash_after

    def encode(self, texts):
        if len(self.calls) >= self.crash_after:
            raise Crash
        return super().encode(texts)


def test_interrupted_embedding_resumes_where_it_stopped(tmp_path):
    texts = [f"segment {i} on training and courses" for i in range(20)]
    with Project.open(tmp_path, create=True) as p:
        with pytest.raises(Crash):
            embed_texts(texts, CrashingEmbedder(crash_after=2), p, chunk_size=5)
        assert p.count_cached("fake-bow") == 10
        resumed = FakeEmbedder()
        embed_texts(texts, resumed, p, chunk_size=5)
        assert sum(resumed.calls) == 10  # only the 10 that were missing


def test_with_context_blends_and_normalises():
    seg = np.array([[1, 0], [0, 1]], dtype=np.float32)
    prompt = np.array([[0, 1], [0, 0]], dtype=np.float32)
    out = with_context(seg, prompt, 0.5)
    assert np.allclose(np.linalg.norm(out, axis=1), 1)
    assert out[0, 1] > 0 and np.allclose(out[1], [0, 1])
