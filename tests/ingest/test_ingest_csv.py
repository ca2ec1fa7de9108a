"""The .csv reader: configured columns, row lines, times, missing columns."""

from __future__ import annotations

import pytest

from themes.core.config import Config, load_config
from themes.core.errors import InputError
from themes.ingest.csv_reader import read_csv


def test_rows_are_turns_with_row_lines(config: Config) -> None:
    data = b'speaker,text\nInterviewer,Hello\n\nP1,"Two\nlines"\nP1,Again\nP1,\n'
    parsed = read_csv(data, "P1.csv", config.ingest)
    assert [(t.speaker, t.text, t.line_start, t.line_end) for t in parsed.turns] == [
        ("Interviewer", "Hello", 2, 2),
        ("P1", "Two lines", 4, 5),
        ("P1", "Again", 6, 6),
    ]
    assert all(parsed.text[t.char_start : t.char_end] == t.text for t in parsed.turns)


def test_other_column_names_and_times() -> None:
    cfg = load_config(
        overrides=[
            "ingest.csv_speaker_column=Who",
            "ingest.csv_text_column=Said",
            "ingest.csv_time_column=At",
        ]
    )
    data = b"At,Who,Said\n00:01:02,A,hi\n75.5,B,ho\n,A,hum\n"
    parsed = read_csv(data, "x.csv", cfg.ingest)
    assert [t.start_time for t in parsed.turns] == [62.0, 75.5, None]


def test_missing_column_names_file_columns_and_setting(config: Config) -> None:
    with pytest.raises(InputError) as info:
        read_csv(b"who,said\nA,secret words\n", "P2.csv", config.ingest)
    message = str(info.value)
    assert "P2.csv" in message and "'who', 'said'" in message
    assert "ingest.csv_speaker_column" in message and "secret" not in message


def test_bad_time_names_line(config: Config) -> None:
    cfg = load_config(overrides=["ingest.csv_time_column=t"])
    with pytest.raises(InputError, match=r"P3\.csv, line 3"):
        read_csv(b"t,speaker,text\n1,A,x\nsoon,B,y\n", "P3.csv", cfg.ingest)
