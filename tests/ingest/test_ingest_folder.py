"""Reading a folder: skipped files, duplicates, id clashes, metadata, strict mode."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from themes.core.config import Config, load_config
from themes.core.errors import InputError, StrictModeError
from themes.ingest import ingest_folder, read_file

SECRET = "my neighbour's diagnosis"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def interview(n: int) -> str:
    return f"Interviewer: Question {n}?\nP{n}: Answer {n} about {SECRET}.\n"


def reasons(corpus) -> dict[str, str]:
    return {s.source: s.reason for s in corpus.skipped}


def test_missing_folder(tmp_path: Path, config: Config) -> None:
    with pytest.raises(InputError, match="folder not found"):
        ingest_folder(tmp_path / "nope", config)


def test_nothing_usable_says_what_was_expected(tmp_path: Path, config: Config) -> None:
    write(tmp_path, "notes.pdf", b"%PDF-1.4")
    write(tmp_path, "empty.txt", "")
    with pytest.raises(InputError) as info:
        ingest_folder(tmp_path, config)
    message = str(info.value)
    assert ".txt" in message and ".docx" in message and ".vtt" in message
    assert "empty.txt" in message and "notes.pdf" in message
    assert info.value.exit_code == 2


def test_every_bad_input_is_skipped_with_a_message(tmp_path: Path) -> None:
    config = load_config(overrides=["ingest.max_file_mb=0.001"])
    write(tmp_path, "A1.txt", interview(1))
    write(tmp_path, "B1.txt", "")
    write(tmp_path, "C1.txt", b"abc\x00\x00def")
    write(tmp_path, "D1.docx", b"not a zip at all")
    write(tmp_path, "E1.txt", "x" * 2000)
    write(tmp_path, "F1.pdf", b"%PDF")
    write(tmp_path, ".hidden.txt", interview(2))
    write(tmp_path, "~$A1.docx", b"lock")
    (tmp_path / "site2").mkdir()
    corpus = ingest_folder(tmp_path, config)
    assert [t.id for t in corpus.transcripts] == ["A1"]
    why = reasons(corpus)
    assert set(why) == {"B1.txt", "C1.txt", "D1.docx", "E1.txt", "F1.pdf", "site2"}
    assert "empty" in why["B1.txt"] and "not a text file" in why["C1.txt"]
    assert "not a Word" in why["D1.docx"] and "max_file_mb" in why["E1.txt"]
    assert "not a supported format" in why["F1.pdf"] and "subfolder" in why["site2"]
    for source, reason in why.items():
        assert SECRET not in reason
        assert not reason.startswith(source)  # the file is named once, in `source`


def test_duplicates_and_id_clashes(tmp_path: Path, config: Config) -> None:
    write(tmp_path, "P1 copy.txt", interview(1))
    write(tmp_path, "P1.md", interview(3))
    write(tmp_path, "P1.txt", interview(1))  # same id as P1.md (and same bytes as the copy)
    write(tmp_path, "P2.txt", interview(2))
    write(tmp_path, "P3.txt", interview(2).replace("\n", "\n\n"))  # same text, other bytes
    csv = f"speaker,text\nInterviewer,Question 2?\nP2,Answer 2 about {SECRET}.\n"
    write(tmp_path, "Z9.csv", csv)  # same turns in another format
    corpus = ingest_folder(tmp_path, config)
    assert [t.id for t in corpus.transcripts] == ["P1 copy", "P1", "P2"]
    why = reasons(corpus)
    assert "same transcript id 'P1' as P1.md" in why["P1.txt"] and "Rename" in why["P1.txt"]
    assert "same content as P2.txt" in why["P3.txt"]
    assert "same content as P2.txt" in why["Z9.csv"]
    assert any(w.startswith("Z9.csv") and "P2.txt" in w for w in corpus.warnings)
    assert all(SECRET not in w for w in corpus.warnings)


def test_same_id_second_file_skipped(tmp_path: Path, config: Config) -> None:
    write(tmp_path, "P1.txt", interview(1))
    write(tmp_path, "P1.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>other words</v>\n")
    corpus = ingest_folder(tmp_path, config)
    assert [t.source for t in corpus.transcripts] == ["P1.txt"]
    assert "rename" in reasons(corpus)["P1.vtt"].lower()


def test_metadata_from_file_and_id_patterns(tmp_path: Path, config: Config) -> None:
    write(tmp_path, "STA1PW01.txt", interview(1))
    write(tmp_path, "VOL2SU03.txt", interview(2))
    write(tmp_path, "other.txt", interview(3))
    write(
        tmp_path,
        "metadata.csv",
        "transcript_id,site_name,org_context\nSTA1PW01,North,\nother.txt,South,PAR\nghost,X,Y\n",
    )
    corpus = ingest_folder(tmp_path, config)
    meta = {t.id: dict(t.metadata) for t in corpus.transcripts}
    assert meta["STA1PW01"] == {
        "org_context": "statutory",
        "role": "peer worker",
        "site": "1",
        "site_name": "North",
    }
    assert meta["VOL2SU03"]["org_context"] == "voluntary"
    assert meta["VOL2SU03"]["role"] == "service user"
    assert meta["other"] == {"org_context": "partnership", "site_name": "South"}
    assert any("'ghost'" in w and "metadata.csv" in w for w in corpus.warnings)
    assert any("no row for VOL2SU03" in w for w in corpus.warnings)
    assert "metadata.csv" not in reasons(corpus)


def test_metadata_without_id_column(tmp_path: Path, config: Config) -> None:
    write(tmp_path, "P1.txt", interview(1))
    write(tmp_path, "metadata.csv", "id,site\nP1,North\n")
    corpus = ingest_folder(tmp_path, config)
    assert dict(corpus.transcripts[0].metadata) == {}
    assert any(
        "metadata.csv" in w and "transcript_id" in w and "metadata_id_column" in w
        for w in corpus.warnings
    )


def test_strict_makes_warnings_fatal(tmp_path: Path, config: Config) -> None:
    write(tmp_path, "P1.txt", interview(1))
    write(tmp_path, "P2.txt", "Caf\xe9 words without any label.".encode("cp1252"))
    corpus = ingest_folder(tmp_path, config)
    assert corpus.transcripts[1].encoding == "cp1252"
    assert len(corpus.warnings) == 2
    with pytest.raises(StrictModeError, match=r"(?s)--strict: 2 problem.*P2\.txt"):
        ingest_folder(tmp_path, config, strict=True)


def test_strict_passes_on_clean_input(tmp_path: Path, config: Config) -> None:
    write(tmp_path, "P1.txt", interview(1))
    write(tmp_path, "P2.txt", codecs.BOM_UTF16_LE + interview(2).encode("utf-16-le"))
    corpus = ingest_folder(tmp_path, config, strict=True)
    assert [t.encoding for t in corpus.transcripts] == ["utf-8", "utf-16-le"]


def test_read_file_alone(tmp_path: Path, config: Config) -> None:
    path = write(tmp_path, "P7.txt", interview(7))
    transcript = read_file(path, tmp_path, config)
    assert (transcript.id, transcript.source, transcript.format) == ("P7", "P7.txt", "txt")
    assert len(transcript.content_hash) == 64 and len(transcript.turns) == 2


def test_unreadable_file_is_skipped(tmp_path: Path, config: Config) -> None:
    write(tmp_path, "P1.txt", interview(1))
    (tmp_path / "P2.txt").symlink_to(tmp_path / "gone.txt")  # dangling link
    corpus = ingest_folder(tmp_path, config)
    assert reasons(corpus)["P2.txt"].startswith("cannot be read")
