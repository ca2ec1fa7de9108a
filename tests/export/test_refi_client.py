"""A .qdpx of the demo study opens in a real REFI-QDA client, the `qualitative-coding`
package's importer (`qc init --import`), with every code and every coded quote present.

qc codes lines, not character ranges: each of our selections must arrive as its code on the
line where the quote starts, by the coder who made it. (qc 1.7.8's importer stops in a
`breakpoint()` left in its source; PYTHONBREAKPOINT=0 turns that off.)
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from refi_support import make_project, read_qdpx, validate_project

from themes.changemodel.yaml_file import load_model
from themes.curation import decisions as decide
from themes.curation.view import load_view
from themes.export.refi.guids import project_identity
from themes.export.refi.inputs import ElementCodes
from themes.export.refi.project import export_project
from themes.store.project import Project

DEMO = Path(__file__).resolve().parents[2] / "examples" / "peer-support-study"


@pytest.fixture(scope="module")
def demo_qdpx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    folder = make_project(root, DEMO)
    with Project.open(folder) as store:
        view = load_view(store)
        decide.rename(store, 1, "Being believed — “she’d been there”", analyst="Zoë")
        decide.define(store, 1, "Trust from shared experience", exclude="trust in services")
        decide.move(store, view.theme(2).segment_ids[0], 3, analyst="Zoë")
        view = load_view(store)
        transcripts = store.transcripts()
        identity = project_identity(store)
    coded = view.theme(1).segment_ids[:3]
    result = export_project(
        view,
        transcripts,
        identity,
        model=load_model("gillard2014"),
        element_codes=ElementCodes.of((s, "trust") for s in coded),
        exported_at=datetime(2026, 5, 6, tzinfo=timezone.utc),
        path=root / "demo.qdpx",
    )
    assert result.n_sources == len({t.id for t in transcripts}) >= 10
    return root / "demo.qdpx"


def test_the_demo_study_export_is_valid_and_every_quote_is_in_place(demo_qdpx: Path) -> None:
    qdpx = read_qdpx(demo_qdpx.read_bytes())
    validate_project(qdpx.qde)
    formats = {
        s.get("name"): s.find("{urn:QDA-XML:project:1.0}Description").text
        for s in qdpx.find("q:Sources/q:TextSource")
    }
    assert {f.split("(")[1].split(",")[0] for f in formats.values()} >= {
        "txt",
        "docx",
        "odt",
        "vtt",
    }
    for sel in qdpx.selections():
        assert 0 <= sel.start < sel.end <= len(qdpx.texts[sel.source]) and sel.codes


def test_qualitative_coding_imports_every_code_and_coded_quote(
    demo_qdpx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    QCCorpus = pytest.importorskip("qualitative_coding.corpus").QCCorpus
    REFIQDAReader = pytest.importorskip("qualitative_coding.refi_qda.reader").REFIQDAReader

    qdpx = read_qdpx(demo_qdpx.read_bytes())
    names = {c.get("guid"): c.get("name") for c in qdpx.find(".//q:Code")}
    users = {u.get("guid"): u.get("name") for u in qdpx.find("q:Users/q:User")}
    expected = set()
    for sel in qdpx.selections():
        line = qdpx.texts[sel.source].count("\n", 0, sel.start)
        for code, user in zip(sel.codes, sel.users, strict=True):
            expected.add((names[code], users[user], line, f"{sel.source}.txt"))

    destination = tmp_path / "qc-project"
    destination.mkdir()
    monkeypatch.chdir(destination)  # qc initialises the project in the working folder
    monkeypatch.setenv("PYTHONBREAKPOINT", "0")
    REFIQDAReader(str(demo_qdpx)).unpack_project(destination)

    corpus = QCCorpus(destination / "settings.yaml")
    tree = corpus.get_codebook()
    in_codebook: set[str] = set()
    todo = list(tree.children)
    while todo:
        node = todo.pop()
        in_codebook.add(node.name)
        todo.extend(node.children)
    assert in_codebook == set(names.values())  # every code, themes and elements
    with corpus.session():
        documents = {d.file_path for d in corpus.get_documents()}
        coded = {tuple(row) for row in corpus.get_coded_lines()}
    assert documents == {f"{name}.txt" for name in qdpx.texts}
    assert coded == expected  # every coded quote, with its code, coder and line
    assert {c[1] for c in coded} == {"themes", "Zoë"}
    assert {c[0] for c in coded} >= {
        "Building trusting relationships based on shared lived experience"
    }
    for _code, _coder, line, document in coded:  # the line qc shows holds the quote's start
        text = (destination / "corpus" / document).read_text(encoding="utf-8").split("\n")
        starts = [
            qdpx.texts[s.source][s.start : s.end].split("\n")[0]
            for s in qdpx.selections()
            if f"{s.source}.txt" == document
            and qdpx.texts[s.source].count("\n", 0, s.start) == line
        ]
        assert starts and all(start in text[line] for start in starts)
