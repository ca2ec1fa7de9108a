"""Word-piece counting with the model's tokenizer.json, and the fallback heuristic."""

from __future__ import annotations

from pathlib import Path

from themes.discovery.tokens import heuristic_count, token_counter


def test_counts_word_pieces_without_special_tokens() -> None:
    count = token_counter("all-MiniLM-L6-v2")
    assert count("hello") == 1
    assert count("hello world") == 2
    assert count("unbelievably") > 1
    assert count("") == 0
    assert token_counter("all-MiniLM-L6-v2") is count  # cached


def test_no_truncation_on_long_text() -> None:
    count = token_counter("all-MiniLM-L6-v2")
    assert count("word " * 1000) == 1000


def test_folder_without_tokenizer_uses_heuristic(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    count = token_counter(str(tmp_path))
    assert count is heuristic_count
    assert count("one two three four five six seven eight nine ten") == 13
