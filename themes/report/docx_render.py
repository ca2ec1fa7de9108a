"""The report as a Word document (python-docx), built from the report model: the theme list,
each theme with the analyst's definition, include/exclude notes, memos and quotes (with
transcript:line), the framework matrix (participants x themes), the comparison across
contexts, co-occurrence, the change-model mapping, the decision log and provenance.

Word's own styles carry the structure (Title, Heading 1-3, List Bullet, Quote, Table Grid), so
the document can be restyled and edited into a paper's results section.
"""

from __future__ import annotations

import io
from typing import Any

from themes.analysis.contexts import ContextComparison
from themes.report.docx_parts import (
    LANDSCAPE_WIDTH,
    PORTRAIT_WIDTH,
    a4,
    clean,
    heat_fill,
    labelled,
    section,
    spread,
    table,
)
from themes.report.model import ReportModel, ThemeCard

MAX_PAIRS = 10
WIDE_CONTEXTS = 4  # a comparison with more contexts goes on a landscape page
MATRIX_COLUMNS = 20  # theme columns of the framework matrix that fit across a landscape page


def _flags(t: ThemeCard) -> str:
    flags = []
    if t.one_voice:
        flags.append("one voice")
    if t.restates_prompt:
        flags.append("may restate a question")
    if t.set_aside_flag:
        flags.append(f"mostly {t.set_aside_flag}")
    return ", ".join(flags)


def _intro(doc: Any, m: ReportModel) -> None:
    o = m.overview
    doc.add_heading(clean(f"Themes{': ' + o.project_name if o.project_name else ''}"), 0)
    doc.add_paragraph(
        clean(
            f"Run {o.run_id} of {o.run_date}: {o.n_themes} themes from {o.n_clustered} segments "
            f"of {o.n_transcripts} transcripts (model {o.model_id}, seed {o.seed}); "
            f"{len(m.decisions)} analyst decisions recorded."
        )
    )
    note = doc.add_paragraph(
        "Candidate themes were found by clustering sentence embeddings of the transcript "
        "segments; the analyst's names, definitions and memos are shown where given, and every "
        "decision is listed in the decision log. This document contains transcript quotes: "
        "handle it as you handle the transcripts."
    )
    note.runs[0].italic = True


def _theme_list(doc: Any, m: ReportModel) -> None:
    doc.add_heading("Themes", 1)
    rows = [(t.id, t.title, t.size, t.n_participants, t.n_transcripts, _flags(t)) for t in m.themes]
    if not rows:
        doc.add_paragraph("No themes in this run: every segment is unassigned.")
        return
    headers = ["#", "theme", "segments", "participants", "transcripts", "flags"]
    table(doc, headers, rows, (0, 2, 3, 4), widths=(0.9, 6.5, 2.1, 2.6, 2.5, 2.0))


def _theme(doc: Any, t: ThemeCard) -> None:
    doc.add_heading(clean(f"{t.id}. {t.title}"), 2)
    if t.subtitle:
        doc.add_paragraph(clean(f"“{t.subtitle}”"), style="Quote")
    if t.name:
        doc.add_paragraph(clean(f"The run's label: {t.label}."))
    if t.definition:
        labelled(doc, "Definition:", t.definition)
    if t.include_note:
        labelled(doc, "Include:", t.include_note)
    if t.exclude_note:
        labelled(doc, "Exclude:", t.exclude_note)
    labelled(
        doc,
        "Evidence:",
        f"{t.size} segments from {t.n_participants} participants in {t.n_transcripts} "
        f"transcripts (the largest participant {t.top_share:.0%})"
        + (f"; {_flags(t)}" if _flags(t) else "")
        + ".",
    )
    if t.keywords:
        labelled(doc, "Keywords:", ", ".join(t.keywords))
    if t.memos:
        doc.add_paragraph().add_run("Memos").bold = True
        for memo in t.memos:
            doc.add_paragraph(
                clean(f"{memo.text} ({memo.analyst}, {memo.created_at[:10]})"), style="List Bullet"
            )
    if t.quotes:
        doc.add_paragraph().add_run("Quotes").bold = True
    for q in t.quotes:
        who = q.speaker if q.role.lower() in ("", q.speaker.lower()) else f"{q.speaker} ({q.role})"
        _quote(doc, q.text, f"{who}, {q.location}")


def _quote(doc: Any, text: str, cite: str) -> None:
    para = doc.add_paragraph(style="Quote")
    para.add_run(clean(f"“{' '.join(text.split())}”"))
    para.add_run().add_break()
    cited = para.add_run(clean(f"— {cite}"))
    cited.italic = False


def _framework(doc: Any, m: ReportModel) -> None:
    matrix = m.framework
    if matrix is None or not matrix.labels:
        return
    section(doc, landscape=True)
    doc.add_heading("Framework matrix", 1)
    doc.add_paragraph(
        "Segments of each participant (rows) in each theme (columns, numbered as in the theme "
        "list); darker cells hold more. The last column counts all the participant's "
        "segments, unassigned ones included. Empty: none. Many themes are split over "
        "tables one under another."
    )
    top = max((c.count for cells in matrix.cells for c in cells), default=0) or 1
    n = len(matrix.labels)
    parts = -(-n // MATRIX_COLUMNS)  # tables side by side would not fit: one under another
    step = -(-n // parts)
    for start in range(0, n, step):
        labels = matrix.labels[start : start + step]
        headers = [matrix.rows_by, *(label.id for label in labels), "all"]
        rows = [
            (row, *(c.count or "" for c in cells[start : start + step]), total)
            for row, cells, total in zip(matrix.rows, matrix.cells, matrix.row_totals, strict=True)
        ]
        first, last = 3.0, 1.1
        widths = [first, *spread(LANDSCAPE_WIDTH, (first, last), len(labels)), last]
        out = table(doc, headers, rows, tuple(range(1, len(headers))), size=8, widths=widths)
        for r, cells in enumerate(matrix.cells, start=1):
            for k, cell in enumerate(cells[start : start + step], start=1):
                if cell.count:
                    heat_fill(out.rows[r].cells[k], cell.count / top)
    section(doc, landscape=False)


def _comparison(doc: Any, c: ContextComparison) -> None:
    k = len(c.contexts)
    if not any(r.test.tested for r in c.rows):
        doc.add_heading(clean(f"By {c.field}"), 2)
        doc.add_paragraph(
            clean(
                f"Too few segments in each of its {k} values ({', '.join(c.contexts)}) to test "
                "any theme; the HTML report has the shares (themes across contexts)."
            )
        )
        return
    wide = k > WIDE_CONTEXTS
    if wide:
        section(doc, landscape=True)
    doc.add_heading(clean(f"By {c.field}"), 2)
    headers = [c.source, *(f"{v}\n(n={n})" for v, n in zip(c.contexts, c.totals, strict=True))]
    headers += ["test", "p", "q"]
    rows = []
    for r in c.rows:
        t = r.test
        shares = [f"{s:.0%} ({n})" for n, s in zip(r.counts, r.shares, strict=True)]
        method = t.method if t.tested else t.note.split(":")[0]
        rows.append(
            (r.label.heading, *shares, method, t.p_text, t.q_text + ("*" if t.differs() else ""))
        )
    fixed = (3.9, 2.0, 1.6, 1.8)
    widths = [fixed[0], *spread(LANDSCAPE_WIDTH if wide else PORTRAIT_WIDTH, fixed, k), *fixed[1:]]
    table(doc, headers, rows, (*range(1, k + 1), k + 2, k + 3), size=8, widths=widths)
    differing = c.differing()
    if not differing:
        doc.add_paragraph(
            "No theme's share differs between these contexts beyond chance after the "
            "correction. The quotes that differ most for every theme are in the HTML report "
            "and `themes compare-contexts`."
        )
    for r in differing:
        doc.add_heading(clean(f"{r.label.heading}: what each context says"), 3)
        for q in r.quotes:
            _quote(doc, q.text, f"{q.context}: {q.speaker}, {q.location}")
    if wide:
        section(doc, landscape=False)


def _contexts(doc: Any, m: ReportModel) -> None:
    if not m.context_comparisons:  # nothing to compare: no section
        return
    doc.add_heading("Comparison across contexts", 1)
    doc.add_paragraph(
        "Each cell: the share of the context's segments in the theme (and their number). "
        "One test per theme: Fisher's exact test for two contexts, Pearson's chi-square for "
        "more (not run under 5 segments or when expected counts are too small); q is p "
        "corrected by the Benjamini-Hochberg procedure across the themes tested; * q < 0.05. "
        "Segments of one participant are not independent, so a small q marks where to read, "
        "not a finding. Under each theme that differs: per context, the quote most typical of "
        "that context's talk about it and least like the other contexts'."
    )
    for c in m.context_comparisons:
        _comparison(doc, c)


def _cooccurrence(doc: Any, m: ReportModel) -> None:
    if not m.cooccurrences:
        return
    doc.add_heading("Themes that occur together", 1)
    doc.add_paragraph(
        "Pairs of themes by the number of units that speak to both and Jaccard's index (units "
        "with both over units with either). By participant: the themes a participant's "
        "segments fall in; adjacent: two neighbouring segments of a transcript."
    )
    for c in m.cooccurrences:
        doc.add_heading(clean(f"By {c.unit} ({c.n_units} units)"), 2)
        pairs = c.pairs(MAX_PAIRS)
        rows = [(p.a.heading, p.b.heading, p.count, f"{p.jaccard:.2f}") for p in pairs]
        if rows:
            widths = (6.4, 6.4, 1.7, 2.1)
            table(doc, ["theme", "theme", "both", "Jaccard"], rows, (2, 3), widths=widths)
        else:
            doc.add_paragraph("No two themes occur together.")


def _mapping_and_log(doc: Any, m: ReportModel) -> None:
    if m.mappings:
        doc.add_heading("Change-model mapping", 1)
        mapped = [(x.theme_id, x.mechanism, x.status, x.note) for x in m.mappings]
        table(
            doc, ["theme", "mechanism", "status", "note"], mapped, (0,), widths=(1.5, 7, 2.4, 5.7)
        )
    if m.decisions:
        doc.add_heading("Decision log", 1)
        rows = [
            (
                d.id,
                d.created_at[:16].replace("T", " "),
                d.analyst,
                d.kind,
                d.summary,
                d.memo,
                d.status,
            )
            for d in m.decisions
        ]
        headers = ["#", "when", "who", "decision", "what", "why", "status"]
        widths = (0.9, 2.6, 1.8, 1.9, 4.6, 3.0, 1.8)
        table(doc, headers, rows, (0,), size=8, widths=widths)


def _provenance(doc: Any, m: ReportModel) -> None:
    o = m.overview
    doc.add_heading("Provenance", 1)
    run = f"{o.run_id} ({o.run_kind})" if o.run_kind else o.run_id
    rows = [("run", run), ("run date", o.run_date), ("transcript folder", o.folder),
            ("model", o.model_id), ("seed", o.seed), *o.settings]  # fmt: skip
    rows += [(f"{name} version", version) for name, version in o.versions]
    table(doc, ["", "value"], rows, size=8, widths=(5.0, PORTRAIT_WIDTH - 5.0))


def render_docx(model: ReportModel) -> bytes:
    """The Word document's bytes."""
    from docx import Document

    doc = Document()
    a4(doc)
    doc.core_properties.title = clean(f"Themes: {model.overview.project_name}")
    doc.core_properties.comments = f"themes run {model.overview.run_id}"
    _intro(doc, model)
    _theme_list(doc, model)
    for card in model.themes:
        _theme(doc, card)
    _framework(doc, model)
    _contexts(doc, model)
    _cooccurrence(doc, model)
    _mapping_and_log(doc, model)
    _provenance(doc, model)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
