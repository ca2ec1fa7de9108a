"""The report's analyses: context tests, co-occurrence and the framework matrix in the model,
in the HTML and Markdown reports, and the Word report read back paragraph by paragraph."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_report_support import INJECT_SCRIPT, make_project
from typer.testing import CliRunner

from themes.cli.app import app
from themes.curation import decisions as decide
from themes.report import render_html, render_markdown, report_from_project, write_report
from themes.report.model import ReportModel
from themes.store.project import Project


@pytest.fixture(scope="module")
def project_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_project(tmp_path_factory.mktemp("analyses"))
    with Project.open(folder) as store:
        decide.rename(store, 1, "Keeping a home", analyst="ann")
        decide.define(store, 1, "Talk of tenancies and rent", "bills, eviction", "staff housing")
        decide.memo(store, "1", "Compare with the voluntary sites", analyst="ann")
    return folder


@pytest.fixture(scope="module")
def model(project_dir: Path) -> ReportModel:
    with Project.open(project_dir) as store:
        return report_from_project(store)


def test_model_holds_the_analyses(model: ReportModel) -> None:
    fields = [c.field for c in model.context_comparisons]
    assert "org_context" in fields
    org = next(c for c in model.context_comparisons if c.field == "org_context")
    assert org.contexts == ("partnership", "statutory", "voluntary")
    assert [r.label.id for r in org.rows] == [str(t.id) for t in model.themes]
    assert [c.unit for c in model.cooccurrences] == ["participant", "adjacent"]
    matrix = model.framework
    assert matrix is not None and matrix.rows_by == "participant" and len(matrix.rows) == 6
    for k, card in enumerate(model.themes):
        assert sum(row[k].count for row in matrix.cells) == card.size


def test_html_has_the_new_sections(model: ReportModel) -> None:
    html = render_html(model)
    assert 'href="#contexts"' in html and 'href="#cooccurrence"' in html
    assert '<section id="contexts">' in html and '<section id="cooccurrence">' in html
    assert 'data-field="org_context"' in html and "Benjamini–Hochberg" in html
    n = len(model.themes)
    section = html.split('<section id="cooccurrence">')[1].split("</section>")[0]
    assert section.count("<rect ") == 2 * n * n  # a heat map per unit
    assert INJECT_SCRIPT not in html


def test_markdown_has_the_new_sections(model: ReportModel) -> None:
    text = render_markdown(model)
    assert "## Themes across contexts" in text and "### By org\\_context" in text
    assert "## Themes that occur together" in text and "### By participant (6 units)" in text


def test_docx_reads_back_with_words_own_styles(project_dir: Path, model: ReportModel) -> None:
    from docx import Document

    path = write_report(project_dir, fmt="docx")
    assert path == project_dir / "reports" / "report.docx"
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []
    doc = Document(str(path))
    paras = [(p.style.name, p.text) for p in doc.paragraphs]
    assert paras[0] == ("Title", f"Themes: {model.overview.project_name}")
    headings1 = [t for s, t in paras if s == "Heading 1"]
    assert headings1 == [
        "Themes", "Framework matrix", "Comparison across contexts", "Themes that occur together",
        "Decision log", "Provenance",
    ]  # fmt: skip
    assert not model.mappings  # no change model: no empty mapping section
    headings2 = [t for s, t in paras if s == "Heading 2"]
    assert [f"{t.id}. {t.title}" for t in model.themes] == headings2[: len(model.themes)]
    assert "1. Keeping a home" in headings2 and "By org_context" in headings2
    texts = [t for _, t in paras]
    assert "Definition: Talk of tenancies and rent" in texts
    assert "Include: bills, eviction" in texts and "Exclude: staff housing" in texts
    bullets = [t for s, t in paras if s == "List Bullet"]
    assert any(t.startswith("Compare with the voluntary sites (ann, ") for t in bullets)
    quotes = [t for s, t in paras if s == "Quote"]
    for card in model.themes:
        for q in card.quotes:
            assert any(f", {q.location}" in t and " ".join(q.text.split()) in t for t in quotes)
    # tables: the theme list, the framework matrix, one per compared field, ...
    theme_list, matrix = doc.tables[0], doc.tables[1]
    assert all(t.style.name == "Table Grid" for t in doc.tables)
    assert [c.text for c in theme_list.rows[0].cells][:3] == ["#", "theme", "segments"]
    assert [c.text for c in theme_list.rows[1].cells][:3] == [
        "1",
        "Keeping a home",
        str(model.themes[0].size),
    ]
    fm = model.framework
    assert [c.text for c in matrix.rows[0].cells] == [
        "participant",
        *(x.id for x in fm.labels),
        "all",
    ]
    for r, (row, cells, total) in enumerate(zip(fm.rows, fm.cells, fm.row_totals, strict=True), 1):
        expected = [row, *(str(c.count) if c.count else "" for c in cells), str(total)]
        assert [c.text for c in matrix.rows[r].cells] == expected
    org = next(t for t in doc.tables if t.rows[0].cells[1].text.startswith("partnership"))
    assert [c.text for c in org.rows[0].cells][-3:] == ["test", "p", "q"]
    # the matrix sits on a landscape page, the rest on portrait A4
    orientations = [s.page_width > s.page_height for s in doc.sections]
    assert orientations[:3] == [False, True, False]
    assert round(doc.sections[0].page_width.cm, 1) == 21.0


def test_report_command_writes_docx(project_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.docx"
    result = CliRunner().invoke(
        app, ["report", "--project", str(project_dir), "--format", "docx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"


def test_element_codes_plug_into_the_same_renderers(project_dir: Path, model: ReportModel) -> None:
    """Deductive codes (several elements per segment) go through the same analyses and
    renderers as themes: only the coding differs."""
    import io
    from dataclasses import replace

    from docx import Document

    from themes.analysis.coding import Coding, LabelInfo
    from themes.analysis.contexts import compare_contexts
    from themes.analysis.cooccur import available_units, cooccurrence
    from themes.analysis.matrix import build_matrix
    from themes.curation.view import load_view
    from themes.discovery.run_vectors import view_vectors
    from themes.report.docx_render import render_docx

    with Project.open(project_dir) as store:
        view = load_view(store)
        vectors = view_vectors(store, view)
    labels = {
        "trust": LabelInfo("trust", "Building trust", "trust: Building trust"),
        "role": LabelInfo("role", "Role-modelling", "role: Role-modelling"),
    }
    by_segment = {}
    for k, seg_id in enumerate(view.order):
        by_segment[seg_id] = frozenset(["trust", "role"][: k % 3])  # none, trust, trust+role
    codes = Coding("element", labels, by_segment, multi_label=True)
    assert available_units(codes)[-1] == "segment"
    elements = replace(
        model,
        context_comparisons=(compare_contexts(codes, view.segments, "org_context", vectors),),
        cooccurrences=tuple(cooccurrence(codes, view.segments, u) for u in available_units(codes)),
        framework=build_matrix(codes, view.segments, "participant", vectors, 0),
    )
    html = render_html(elements)
    assert "trust: Building trust" in html and 'href="#theme-trust"' not in html
    assert "By segment" in html
    assert "### By segment" in render_markdown(elements)
    doc = Document(io.BytesIO(render_docx(elements)))
    assert [c.text for c in doc.tables[1].rows[0].cells][1:3] == ["trust", "role"]
    assert "By segment (" in " ".join(p.text for p in doc.paragraphs)


def test_docx_framework_matrix_of_many_themes_fits_the_page(model: ReportModel) -> None:
    """45 theme columns do not fit across a landscape page: three tables of 15, each with
    the participant and total columns, every count in one of them."""
    import dataclasses
    import io

    from docx import Document

    from themes.analysis.coding import LabelInfo
    from themes.report.docx_render import render_docx

    matrix = model.framework
    assert matrix is not None
    labels = tuple(LabelInfo(str(k), f"t{k}", f"{k}. t{k}") for k in range(1, 46))
    cells = tuple(tuple(row[k % len(row)] for k in range(45)) for row in matrix.cells)
    wide = dataclasses.replace(matrix, labels=labels, cells=cells)
    doc = Document(io.BytesIO(render_docx(dataclasses.replace(model, framework=wide))))
    tables = [t for t in doc.tables if t.rows[0].cells[0].text == matrix.rows_by]
    assert [len(t.columns) for t in tables] == [17, 17, 17]
    assert [c.text for t in tables for c in t.rows[0].cells[1:-1]] == [str(k) for k in range(1, 46)]
    total = sum(c.count for row in cells for c in row)
    counted = sum(int(c.text) for t in tables for r in t.rows[1:] for c in r.cells[1:-1] if c.text)
    assert counted == total
