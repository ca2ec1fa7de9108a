"""Counting word pieces the way the embedding model's tokenizer does."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

PIECES_PER_WORD = 1.3


def heuristic_count(text: str) -> int:
    """About 1.3 word pieces per word: used when the model has no tokenizer.json."""
    return math.ceil(len(text.split()) * PIECES_PER_WORD)


@lru_cache(maxsize=8)
def token_counter(model_spec: str) -> Callable[[str], int]:
    """A function counting the word pieces of a text (special tokens excluded).

    `model_spec` is a registry name or a model folder; the folder's ``tokenizer.json`` is
    read with the `tokenizers` library, else the heuristic is used. Never downloads.
    """
    folder = Path(model_spec).expanduser()
    if not folder.is_dir():
        from themes.discovery.model_registry import resolve_model

        folder = resolve_model(model_spec).path
    path = folder / "tokenizer.json"
    if not path.is_file():
        return heuristic_count
    from tokenizers import Tokenizer  # lazy: only needed when segmenting

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_truncation()
    tokenizer.no_padding()

    def count(text: str) -> int:
        return len(tokenizer.encode(text, add_special_tokens=False).ids)

    return count
