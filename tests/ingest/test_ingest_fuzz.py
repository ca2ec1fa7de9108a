"""Property-based fuzzing (Hypothesis) of every reader and of `ingest_folder`.

Inputs: random bytes; the demo study's real files mutated (bits flipped, cut short, bytes
inserted); transcript-like text in mixed encodings with NUL, right-to-left scripts, emoji,
zero-width characters and CR/CRLF/LF line ends. Properties: no exception but InputError
escapes a reader (and its message names the file), nothing escapes `ingest_folder`, every
file is read or skipped with a message naming it, no message holds transcript text, and each
file takes less than PER_FILE_S. The `slow` tests run the same properties on many more
examples (CI runs them).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from themes.core.config import load_config
from themes.core.errors import InputError
from themes.ingest import READERS, ingest_folder
from themes.ingest.base import Parsed

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "peer-support-study"
SAMPLES = sorted((p.suffix, p.read_bytes()) for p in EXAMPLES.iterdir() if p.suffix in READERS)
CONFIG = load_config()
PER_FILE_S = 5.0
SECRET = "zqxv secret diagnosis"  # transcript text that no message may contain
PIECES = [
    "Interviewer: ",
    "P1: ",
    "[00:01:02] P2: ",
    "**Bob:** ",
    "NAME:",
    "1.a ",
    "(laughs)",
    "WEBVTT\n\n",
    "00:00:01.000 --> 00:00:02.000\n",
    "1\n00:00:01,000 --> 00:00:02,000\n",
    "<v Ann>",
    "</v>",
    "<b>",
    "NOTE x\n",
    "speaker,text\n",
    '"',
    '""',
    ",",
    ";",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\x00",
    "\u200b",
    "\u200c",
    "\u200d",
    "\ufeff",
    "\u200f",
    "\u202e",
    "\u2066",
    "مرحبا، كيف حالك؟",
    "שלום, מה שלומך?",
    "😀",
    "👩‍👩‍👧",
    "café",
    "ß",
    "What I said was: ",
    "...",
    "?!",
    "…",
    " ",
    SECRET,
]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]

text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=80).map("".join)


@st.composite
def encoded(draw: st.DrawFn) -> bytes:
    """Transcript-like text, each part in its own encoding (a file pasted together)."""
    parts = draw(st.lists(st.tuples(text, st.sampled_from(ENCODINGS)), min_size=1, max_size=3))
    return b"".join(t.encode(enc, errors="replace") for t, enc in parts)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A real file of the demo study with bits flipped, cut short or bytes inserted."""
    _, data = draw(st.sampled_from(SAMPLES))
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        op = draw(st.sampled_from(["flip", "truncate", "insert"]))
        if op == "flip" and out:
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "truncate":
            del out[at:]
        else:
            out[at:at] = draw(st.binary(min_size=1, max_size=64))
    return bytes(out)


inputs = st.one_of(st.binary(max_size=4096), mutated(), encoded())
names = st.text(
    alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=16,
).filter(lambda n: not n.startswith((".", "~$", "GOOD")) and "metadata" not in n.casefold())
files = st.lists(
    st.tuples(names, st.sampled_from(sorted(READERS)), inputs),
    max_size=6,
    unique_by=lambda f: (f[0] + f[1]).casefold(),
)

FAST = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = settings(FAST, max_examples=2000)


def readers_read_or_refuse(data: bytes) -> None:
    for suffix, (_, reader) in READERS.items():
        source = f"fuzz{suffix}"
        started = time.perf_counter()
        try:
            parsed = reader(data, source, CONFIG.ingest)
        except InputError as exc:
            message = str(exc)
            assert message.startswith(source) and SECRET not in message
        else:
            check_parsed(parsed, source)
        assert time.perf_counter() - started < PER_FILE_S, suffix


def check_parsed(parsed: Parsed, source: str) -> None:
    for turn in parsed.turns:
        assert parsed.text[turn.char_start : turn.char_end] == turn.text
    for warning in parsed.warnings:
        assert warning.startswith(source) and SECRET not in warning


def folder_reads_or_names_every_file(made: list[tuple[str, str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "GOOD01.txt").write_text("Interviewer: Why?\nGOOD01: Because.\n")
        for name, suffix, data in made:
            (folder / (name + suffix)).write_bytes(data)
        entries = [p.name for p in folder.iterdir()]
        started = time.perf_counter()
        corpus = ingest_folder(folder, CONFIG)
        assert time.perf_counter() - started < PER_FILE_S * len(entries)
    read = {t.source for t in corpus.transcripts}
    skipped = {s.source: s.reason for s in corpus.skipped}
    assert "GOOD01.txt" in read
    for name in entries:
        assert (name in read) != (name in skipped), name
    for message in [*skipped.values(), *corpus.warnings]:
        assert SECRET not in message


test_readers = FAST(given(inputs)(readers_read_or_refuse))
test_folder = FAST(given(files)(folder_reads_or_names_every_file))
test_readers_many = pytest.mark.slow(SLOW(given(inputs)(readers_read_or_refuse)))
test_folder_many = pytest.mark.slow(SLOW(given(files)(folder_reads_or_names_every_file)))
