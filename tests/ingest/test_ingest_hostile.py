"""Issue 11, findings 1-4: each hostile or broken file, generated here, gives its file a clear
message (name + what to do), never a traceback, never a hang, never transcript text."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import hostile
import pytest
from hostile import SECRET

from themes.core.config import Config, load_config
from themes.core.errors import InputError
from themes.ingest import READERS, ingest_folder
from themes.ingest.csv_reader import read_csv
from themes.ingest.docx_reader import read_docx
from themes.ingest.files import read_limited
from themes.ingest.odt import MAX_SPACES, read_odt
from themes.ingest.srt import read_srt
from themes.ingest.vtt import read_vtt


class TookTooLong(Exception):
    pass


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the test run) when the block takes longer than `seconds`."""

    def alarm(*_: object) -> None:
        raise TookTooLong(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def one_file(tmp_path: Path, make, config: Config) -> tuple[str, dict[str, str], list[str]]:
    """Ingest a folder of the good transcript and one made file: (name, skipped, warnings)."""
    folder = tmp_path / "study"
    folder.mkdir(parents=True)
    hostile.good_transcript(folder)
    name = make(folder)
    with deadline(20):
        corpus = ingest_folder(folder, config)
    assert "GOOD01.txt" in {t.source for t in corpus.transcripts}
    skipped = {s.source: s.reason for s in corpus.skipped}
    for message in [*skipped.values(), *corpus.warnings]:
        assert SECRET not in message
    return name, skipped, list(corpus.warnings)


def skip_reason(tmp_path: Path, make, config: Config) -> str:
    name, skipped, _ = one_file(tmp_path, make, config)
    assert name in skipped, f"{name} was not skipped"
    return skipped[name]


def read_bytes(tmp_path: Path, make) -> tuple[str, bytes]:
    name = make(tmp_path)
    return name, (tmp_path / name).read_bytes()


# --- finding 1: tracebacks that stopped the whole folder ---------------------------------


def test_odt_space_count_that_is_not_a_number(tmp_path: Path, config: Config) -> None:
    name, data = read_bytes(tmp_path, hostile.odt_bad_space_count)
    parsed = read_odt(data, name, config.ingest)
    assert parsed.turns[0].text == "Hello there."
    assert any(name in w and "text:s" in w for w in parsed.warnings)


def test_odt_nested_50000_deep(tmp_path: Path, config: Config) -> None:
    reason = skip_reason(tmp_path, hostile.odt_deep, config)
    assert "ingest.max_xml_depth" in reason and "save it again" in reason


@pytest.mark.parametrize(
    "make, expected",
    [
        (hostile.odt_encrypted, "password-protected"),
        (hostile.odt_unknown_compression, "compression method"),
    ],
)
def test_odt_members_zipfile_cannot_open(tmp_path: Path, config: Config, make, expected) -> None:
    reason = skip_reason(tmp_path, make, config)
    assert expected in reason


def test_docx_table_with_an_empty_row(tmp_path: Path, config: Config) -> None:
    name, data = read_bytes(tmp_path, hostile.docx_empty_row)
    parsed = read_docx(data, name, config.ingest)
    assert [t.speaker for t in parsed.turns] == ["Interviewer", "P1", "P1"]


# --- finding 2: hangs and memory -----------------------------------------------------------


@pytest.mark.parametrize("make", [hostile.docx_bomb, hostile.odt_whitespace_bomb])
def test_zip_bombs_are_refused_from_their_directory(tmp_path: Path, config: Config, make) -> None:
    name, data = read_bytes(tmp_path, make)
    reader = READERS[Path(name).suffix][1]
    started = time.perf_counter()
    with pytest.raises(InputError, match=rf"^{name}: unpacks to .*ingest\.max_unpacked_mb"):
        reader(data, name, config.ingest)
    assert time.perf_counter() - started < 2


def test_odt_space_count_of_three_billion(tmp_path: Path, config: Config) -> None:
    name, data = read_bytes(tmp_path, hostile.odt_huge_space_count)
    with deadline(10):
        parsed = read_odt(data, name, config.ingest)
    assert len(parsed.text) < 1000 and " " * MAX_SPACES in parsed.text
    assert any("text:s" in w for w in parsed.warnings)


def test_odt_text_larger_than_the_unpacked_limit(tmp_path: Path) -> None:
    """Runs of spaces cannot multiply the text past the limit either."""
    body = '<text:p>P1: a<text:s text:c="100"/>b</text:p>' * 20_000
    path = hostile.write_odt(tmp_path / "spaces.odt", hostile.odt_content(body))
    small = load_config(overrides=["ingest.max_unpacked_mb=1"]).ingest
    with pytest.raises(InputError, match=r"spaces\.odt: its text is longer"):
        read_odt(path.read_bytes(), "spaces.odt", small)


def test_link_to_dev_zero(tmp_path: Path, config: Config) -> None:
    assert "outside the folder" in skip_reason(tmp_path, hostile.zero_link, config)
    follow = load_config(overrides=["ingest.follow_symlinks=true"])
    reason = skip_reason(tmp_path / "follow", hostile.zero_link, follow)
    assert reason.startswith("a character device, not a regular file")


def test_fifo_does_not_hang(tmp_path: Path, config: Config) -> None:
    reason = skip_reason(tmp_path, hostile.fifo, config)
    assert reason.startswith("a named pipe (FIFO), not a regular file")


def test_reads_stop_at_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"P1: x\n" * 300_000)  # 1.8 MB
    refusal = read_limited(path, max_mb=1)
    assert not isinstance(refusal, bytes) and "ingest.max_file_mb" in refusal.what
    assert read_limited(path, max_mb=2) == path.read_bytes()


def test_ten_megabyte_single_line(tmp_path: Path, config: Config) -> None:
    from themes.discovery.segment import segment_corpus
    from themes.discovery.tokens import token_counter

    folder = tmp_path / "study"
    folder.mkdir()
    name = hostile.single_line_txt(folder)
    started = time.perf_counter()
    with deadline(60):
        corpus = ingest_folder(folder, config)
        segments = segment_corpus(corpus, config, token_counter(config.embed.model))
    elapsed = time.perf_counter() - started
    assert elapsed < 30, f"{elapsed:.1f} s"
    assert corpus.transcripts[0].source == name and len(segments) > 1000
    count = token_counter(config.embed.model)
    assert max(count(s.text) for s in segments[:50]) <= config.segment.max_tokens


# --- finding 3: links, folders, dropped cues and rows --------------------------------------


def test_link_out_of_the_folder_is_not_followed(tmp_path: Path, config: Config) -> None:
    reason = skip_reason(tmp_path, hostile.outside_link, config)
    assert "outside the folder" in reason and "ingest.follow_symlinks" in reason
    follow = load_config(overrides=["ingest.follow_symlinks=true"])
    name, skipped, _ = one_file(tmp_path / "follow", hostile.outside_link, follow)
    assert name not in skipped


def test_link_inside_the_folder_is_followed(tmp_path: Path, config: Config) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "P2.txt").write_text("Interviewer: Hi?\nP2: Hello.\n", encoding="utf-8")
    (tmp_path / "P2.txt").symlink_to(tmp_path / "sub" / "P2.txt")
    corpus = ingest_folder(tmp_path, config)
    assert [t.source for t in corpus.transcripts] == ["P2.txt"]


def test_metadata_csv_that_is_a_folder(tmp_path: Path, config: Config) -> None:
    _, _, warnings = one_file(tmp_path, hostile.metadata_folder, config)
    assert any(w.startswith("metadata.csv: a folder, not a regular file") for w in warnings)


def test_vtt_malformed_cues_are_named(tmp_path: Path, config: Config) -> None:
    name, data = read_bytes(tmp_path, hostile.malformed_vtt)
    parsed = read_vtt(data, name, config.ingest)
    assert [t.text for t in parsed.turns] == ["How did it start?", "Then all at once."]
    (warning,) = parsed.warnings
    assert (
        warning.startswith(f"{name}: 2 block(s) without a cue timing") and "lines 6, 9" in warning
    )


def test_srt_block_without_timing_is_named(config: Config) -> None:
    data = (
        b"1\n00:00:01,000 --> 00:00:02,000\nInterviewer: Hi?\n\n"
        b"2\n00:00:02,000 -> 00:00:04,000\nP1: lost\n\n"
        b"3\n00:00:04,000 --> 00:00:05,000\nP1: kept\n"
    )
    parsed = read_srt(data, "s.srt", config.ingest)
    assert len(parsed.turns) == 2 and "line 5" in parsed.warnings[0]


def test_csv_unterminated_quote_does_not_fold_the_turns(tmp_path: Path, config: Config) -> None:
    name, data = read_bytes(tmp_path, hostile.unterminated_csv)
    parsed = read_csv(data, name, config.ingest)
    assert [t.speaker for t in parsed.turns] == ["Interviewer", "P1", "Interviewer", "P1"]
    assert [t.line_start for t in parsed.turns] == [2, 3, 4, 5]
    (warning,) = parsed.warnings
    assert warning.startswith(f"{name}, line 2: a quote") and SECRET not in warning


def test_csv_short_rows_are_named(config: Config) -> None:
    data = b"speaker,text\nP1,one\nP1\nP2,two\nP3;three\n"
    parsed = read_csv(data, "short.csv", config.ingest)
    assert len(parsed.turns) == 2
    assert any("lines 3, 5" in w and "fewer cells" in w for w in parsed.warnings)


def test_quoted_multiline_cells_are_fine(config: Config) -> None:
    data = b'speaker,text\nP1,"one\ntwo"\nP2,three\n'
    parsed = read_csv(data, "ok.csv", config.ingest)
    assert [t.text for t in parsed.turns] == ["one two", "three"] and parsed.warnings == ()


# --- finding 4: no transcript text in any message ------------------------------------------


def test_csv_without_a_header_row_is_described_not_quoted(tmp_path: Path, config: Config) -> None:
    reason = skip_reason(tmp_path, hostile.headerless_csv, config)
    assert "is not quoted here" in reason and "ingest.csv_speaker_column" in reason


def test_a_reader_bug_skips_the_file_not_the_folder(
    tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(data: bytes, source: str, config: object) -> None:
        raise ValueError(f"cannot handle {SECRET}")

    monkeypatch.setitem(READERS, ".srt", ("srt", broken))
    (tmp_path / "a.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nP1: hi\n")
    hostile.good_transcript(tmp_path)
    corpus = ingest_folder(tmp_path, config)
    (skip,) = corpus.skipped
    assert skip.source == "a.srt" and skip.reason.startswith("the srt reader failed on it")
    assert "ValueError" in skip.reason and SECRET not in skip.reason


def test_folder_that_cannot_be_listed(
    tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(self: Path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", denied)
    with pytest.raises(InputError, match="cannot list the folder .Permission denied"):
        ingest_folder(tmp_path, config)


# --- readers stay linear on adversarial lines ----------------------------------------------


@pytest.mark.parametrize(
    "suffix, data",
    [
        (".vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + "<v." * 300_000 + "\n"),
        (".vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + "<" * 1_000_000 + "\n"),
        (".txt", ("a" + " " * 150 + "x: y\n") * 50_000),
        (".txt", "P1: " + "." * 1_000_000 + "\n"),
        (".csv", "speaker,text\n" + 'P1,"x\n' * 100_000),
    ],
)
def test_adversarial_lines_take_linear_time(config: Config, suffix: str, data: str) -> None:
    from themes.discovery.segment import split_span
    from themes.discovery.tokens import heuristic_count

    started = time.perf_counter()
    with deadline(20):
        try:
            parsed = READERS[suffix][1](data.encode(), f"x{suffix}", config.ingest)
        except InputError:
            parsed = None
        for turn in parsed.turns if parsed else ():
            split_span(parsed.text, turn.char_start, turn.char_end, heuristic_count, 200)
    assert time.perf_counter() - started < 10
