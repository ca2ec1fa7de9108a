"""The report's change-model section: elements with their mapped themes, coded quotes
(confirmed first, then the machine's), spread, and the elements with no evidence yet."""

from __future__ import annotations

import shutil

import pytest

from themes.changemodel import decisions as decide
from themes.changemodel.project_model import use_model
from themes.curation import decisions as curation
from themes.curation.view import load_view
from themes.report import render_html, render_markdown
from themes.report.build import report_from_project
from themes.store.project import Project

MODEL = """\
name: Small model
source: written for the test
elements:
  - id: trust
    name: Trust <built>
    description: Shared experience.
  - id: group
    name: Conditions
    codable: false
    provisional: true
    children:
      - {id: housing, name: Housing}
      - {id: training, name: Training}
links:
  - {from: trust, to: housing, kind: leads_to}
"""


@pytest.fixture(scope="module")
def built(fake_study, tmp_path_factory):
    root = tmp_path_factory.mktemp("report-cm")
    shutil.copytree(fake_study(people=6) / "p", root / "p")
    (root / "model.yaml").write_text(MODEL, encoding="utf-8")
    with Project.open(root / "p") as store:
        model = use_model(store, str(root / "model.yaml"))
        view = load_view(store)
        one, two = view.themes[0], view.themes[1]
        decide.map_set(store, one.id, "trust", model.hash, analyst="ann", memo="why")
        decide.map_set(store, two.id, "trust", model.hash, analyst="bob")
        segs = list(two.segment_ids)
        decide.code_set(store, segs[3], "housing", model.hash, analyst="cy")
        decide.code_clear(store, segs[1], "housing", model.hash, analyst="cy")  # machine: wrong
        curation.exclude(store, segs[2], analyst="cy")
        store.save_codes(
            view.run.id,
            model.hash,
            [
                (segs[0], "housing", 0.6, "zero-shot"),
                (segs[1], "housing", 0.9, "zero-shot"),  # rejected by the analyst
                (segs[2], "housing", 0.8, "zero-shot"),  # excluded segment
                (segs[3], "housing", 0.7, "zero-shot"),  # also confirmed
                (segs[4], "housing", 0.75, "zero-shot"),
            ],
        )
        report = report_from_project(store)
    return report, (one, two), segs


def test_the_section_lists_every_element_in_tree_order(built) -> None:
    report, (one, two), _ = built
    cm = report.change_model
    assert cm is not None and cm.name == "Small model" and cm.label == "model.yaml (Small model)"
    assert [(e.id, e.depth, e.codable) for e in cm.elements] == [
        ("trust", 0, True), ("group", 0, False), ("housing", 1, True), ("training", 1, True),
    ]  # fmt: skip
    assert [e.id for e in cm.no_evidence] == ["training"]
    assert cm.links == (("trust", "housing", "leads_to"),) and cm.machine_methods == ("zero-shot",)
    trust = cm.elements[0]
    assert [(t.theme_id, t.analyst) for t in trust.themes] == [(one.id, "ann"), (two.id, "bob")]
    assert trust.n_segments == one.size + two.size - 1  # the excluded segment is not evidence
    assert trust.spreads[0].field == "participant" and trust.quotes == ()
    assert {(x.theme_id, x.note) for x in report.mappings} == {
        (one.id, "by ann (decision #1)"),
        (two.id, "by bob (decision #2)"),
    }  # the flat rows the DOCX report shows


def test_coded_quotes_confirmed_first_then_machine_by_score(built) -> None:
    report, _, segs = built
    housing = report.change_model.elements[2]  # type: ignore[union-attr]
    assert housing.themes == () and housing.has_evidence
    assert [(q.quote.segment_id, q.confirmed_by, q.score) for q in housing.quotes] == [
        (segs[3], "cy", None),
        (segs[4], "", 0.75),
        (segs[0], "", 0.6),
    ]  # rejected (segs[1]) and excluded (segs[2]) machine codes are left out
    assert (housing.n_confirmed, housing.n_machine, housing.n_segments) == (1, 2, 3)


def test_html_and_markdown_show_it(built) -> None:
    report, (one, _), _ = built
    html = render_html(report)
    assert '<a href="#change-model">Change model</a>' in html and 'id="change-model"' in html
    assert 'id="element-training"' in html and "no evidence yet" in html
    assert "Trust &lt;built&gt;" in html and "Trust <built>" not in html
    assert f'<a href="#theme-{one.id}">' in html and "confirmed by cy" in html
    assert "machine: zero-shot 0.75" in html
    text = render_markdown(report)
    assert "## Change model: Small model" in text
    assert "**No evidence yet** (1): Training (`training`)." in text
    assert (
        "### Trust \\<built\\> (`trust`)" in text
        and "### Conditions (category, provisional)" in text
    )
    assert "confirmed by cy" in text and "machine: zero-shot 0.60" in text
    assert "Links: `trust` leads to `housing`." in text
