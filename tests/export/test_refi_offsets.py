"""Character positions in a .qdpx, where exchanges break in practice: CRLF sources exported
with either line ending, byte-order marks (UTF-8 and UTF-16) in the originals, accented and
combining letters, emoji outside the BMP and smart quotes. Positions count code points."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from refi_support import make_project, read_qdpx, validate_project, write_awkward_study

from themes.curation.view import load_view
from themes.export.refi.guids import project_identity
from themes.export.refi.project import export_project
from themes.export.refi.sources import export_text, exported_span
from themes.store.project import Project

PIECES = st.sampled_from(
    [
        "a",
        "é",
        "e\u0301",
        "😀",
        "👩\u200d👩\u200d👧",
        "“",
        "’",
        " ",
        "\n",
        "\r\n",
        "\r",
        "\ufeff",
        "\t",
    ]
)


@given(st.lists(PIECES, max_size=40), st.data(), st.sampled_from(["lf", "crlf"]))
def test_every_span_maps_onto_its_text(pieces: list[str], data: st.DataObject, mode: str) -> None:
    text = "".join(pieces)
    exported = export_text(text, mode)
    assert not exported.text.startswith("\ufeff")
    if mode == "lf":
        assert "\r" not in exported.text
    else:
        assert "\r" not in exported.text.replace("\r\n", "")
        assert "\n" not in exported.text.replace("\r\n", "")
    # positions between pieces (never inside a CRLF) and after a leading BOM
    bounds = [0]
    for piece in pieces:
        bounds.append(bounds[-1] + len(piece))
    marks = len(text) - len(text.lstrip("\ufeff"))
    inside_crlf = {i + 1 for i in range(len(text) - 1) if text[i : i + 2] == "\r\n"}
    bounds = [b for b in bounds if b >= marks and b not in inside_crlf] or [len(text)]
    start = data.draw(st.sampled_from(bounds))
    end = data.draw(st.sampled_from([b for b in bounds if b >= start]))
    got = exported.text[exported.offset(start) : exported.offset(end)]
    assert got == exported_span(text[start:end], mode)


def test_an_emoji_counts_one_code_point_not_two_utf16_units() -> None:
    text = "A: 😀 fine\nB: after"
    exported = export_text(text, "lf")
    start = text.index("after")
    assert exported.offset(start) == start == 13
    assert len(text[:start].encode("utf-16-le")) // 2 == 14  # what a UTF-16 count would say


@pytest.fixture(scope="module")
def awkward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("awkward")
    write_awkward_study(root / "study")
    return make_project(root, root / "study")


@pytest.mark.parametrize("mode", ["lf", "crlf"])
def test_crlf_bom_accents_emoji_and_smart_quotes(awkward: Path, mode: str) -> None:
    with Project.open(awkward) as store:
        view = load_view(store)
        transcripts = {t.id: t for t in store.transcripts()}
        identity = project_identity(store)
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    result = export_project(
        view, list(transcripts.values()), identity, line_endings=mode, exported_at=when
    )
    qdpx = read_qdpx(result.data)
    validate_project(qdpx.qde)
    newline = "\r\n" if mode == "crlf" else "\n"
    for name, raw in qdpx.raw.items():
        assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without a BOM, also for UTF-16 input
        text = raw.decode("utf-8")
        assert text == transcripts[name].text.replace("\n", newline)
        assert "😀" in text and "“" in text and "e\u0301" in text
    selections = qdpx.selections()
    assert len(selections) == sum(1 for a in view.assignments.values() if a.theme_id is not None)
    astral_before = 0
    multi_line = 0
    for sel in selections:
        seg = view.segments[sel.name.split(" ", 1)[1]]
        text = qdpx.texts[sel.source]
        assert text[sel.start : sel.end] == seg.text.replace("\n", newline)
        multi_line += "\n" in seg.text
        # code points: a UTF-16 count would be larger by one per character outside the BMP
        astral = sum(1 for ch in text[: sel.start] if ord(ch) > 0xFFFF)
        assert len(text[: sel.start].encode("utf-16-le")) // 2 == sel.start + astral
        astral_before += astral
    assert multi_line and astral_before  # turns over two lines, emoji before quotes


def test_a_transcript_with_a_bom_keeps_it_out_of_the_text(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    with Project.open(folder) as store:
        view = load_view(store)
        transcripts = store.transcripts()
        identity = project_identity(store)
    # a reader that kept a BOM at the start of a text: the export drops it, positions follow
    first = transcripts[0]
    shifted = [
        type(first)(**{**first.__dict__, "text": "\ufeff" + first.text}),
        *transcripts[1:],
    ]
    segments = {
        k: (
            type(s)(**{**s.__dict__, "char_start": s.char_start + 1, "char_end": s.char_end + 1})
            if s.transcript_id == first.id
            else s
        )
        for k, s in view.segments.items()
    }
    moved = type(view)(**{**view.__dict__, "segments": segments})
    qdpx = read_qdpx(export_project(moved, shifted, identity).data)
    assert qdpx.texts[first.id] == first.text
    for sel in qdpx.selections():
        assert (
            qdpx.texts[sel.source][sel.start : sel.end]
            == view.segments[sel.name.split(" ", 1)[1]].text
        )
