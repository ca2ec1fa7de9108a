"""Counting word pieces the way the embedding model's tokenizer does.

A long text is cut at whitespace into chunks that are tokenized as one batch: the tokenizer
splits words at whitespace anyway, so the count is the same, and a 10 MB turn takes about a
second instead of minutes. `TokenCounter.ends` gives where each piece ends, so the segmenter
can measure any stretch of a turn without tokenizing it again.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

PIECES_PER_WORD = 1.3
CHUNK_CHARS = 10_000  # texts longer than this are tokenized in chunks of about this size
_SPACE = re.compile(r"\s")


def heuristic_count(text: str) -> int:
    """About 1.3 word pieces per word: used when the model has no tokenizer.json."""
    return math.ceil(len(text.split()) * PIECES_PER_WORD)


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) of `text` cut just before whitespace, pieces of about `size` or more."""
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        cut = len(text) if len(text) - start <= size else _next_space(text, start + size)
        out.append((start, text[start:cut]))
        start = cut
    return out


def _next_space(text: str, at: int) -> int:
    """The first whitespace at or after `at` (len(text) if none)."""
    m = _SPACE.search(text, at)
    return len(text) if m is None else m.start()


class TokenCounter:
    """Counts the word pieces of a text with a `tokenizers` tokenizer (no special tokens)."""

    def __init__(self, tokenizer: Any) -> None:
        self._tokenizer = tokenizer

    def __call__(self, text: str) -> int:
        if len(text) <= CHUNK_CHARS:
            return len(self._tokenizer.encode(text, add_special_tokens=False).ids)
        return sum(len(e) for e in self._encode(text))

    def ends(self, text: str) -> list[int]:
        """The offset in `text` where each word piece ends, in order."""
        out: list[int] = []
        for (offset, _), encoding in zip(chunks(text), self._encode(text), strict=True):
            out.extend(offset + end for _, end in encoding.offsets)
        return out

    def _encode(self, text: str) -> list[Any]:
        pieces = [piece for _, piece in chunks(text)]
        return list(self._tokenizer.encode_batch(pieces, add_special_tokens=False))


@lru_cache(maxsize=8)
def token_counter(model_spec: str) -> Callable[[str], int]:
    """A function counting the word pieces of a text (special tokens excluded).

    `model_spec` is a registry name or a model folder; the folder's ``tokenizer.json`` is
    read with the `tokenizers` library, else the heuristic is used. Never downloads.
    """
    from themes.discovery.model_registry import registered_model, resolve_model

    plugged = registered_model(model_spec)
    if plugged is not None:
        return plugged.count_tokens or heuristic_count
    folder = Path(model_spec).expanduser()
    if not folder.is_dir():
        folder = resolve_model(model_spec).path
    path = folder / "tokenizer.json"
    if not path.is_file():
        return heuristic_count
    from tokenizers import Tokenizer  # lazy: only needed when segmenting

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return TokenCounter(tokenizer)
