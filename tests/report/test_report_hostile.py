"""Issue 11, finding 7, in the reports: a file name with backticks stays inside its code span
in the Markdown report (no live link), and a 10,000-character word wraps in the HTML report
instead of making the page scroll sideways."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fakes import FakeEmbedder
from test_report_support import CONFIG_OVERRIDES, PEOPLE, write_report_study

from themes.core.config import load_config
from themes.discovery.pipeline import run
from themes.report import render_html, render_markdown
from themes.report.build import report_from_project
from themes.report.model import ReportModel
from themes.report.templating import code
from themes.store.project import Project

LINK = "`[click](evil.html)`"
LONG_WORD = "x" * 10_000


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> ReportModel:
    root = tmp_path_factory.mktemp("hostile-report")
    study = write_report_study(root / "study")
    for name in PEOPLE:  # every transcript id carries the would-be link
        path = study / f"{name}.txt"
        text = path.read_text(encoding="utf-8")
        if name == PEOPLE[0]:
            text = text.replace("Participant: ", f"Participant: {LONG_WORD} ")
        path.unlink()
        (study / f"{name}{LINK}.txt").write_text(text, encoding="utf-8")
    project = root / "project"
    run(study, project, load_config(overrides=CONFIG_OVERRIDES), embedder=FakeEmbedder())
    with Project.open(project) as store:
        return report_from_project(store)


def test_code_spans_hold_any_text() -> None:
    assert code("P1:3") == "`P1:3`"
    assert code("a`b") == "``a`b``"
    assert code("`a``") == "``` `a`` ```"
    assert code("two\nlines") == "`two lines`"


def test_markdown_location_with_backticks_is_not_a_link(model: ReportModel) -> None:
    from markdown_it import MarkdownIt

    markdown = render_markdown(model)
    assert markdown.count(LINK) > 0
    html = MarkdownIt("commonmark").render(markdown)
    assert "<a " not in html and 'href="evil.html"' not in html
    locations = re.findall(r"<code>([^<]*)</code>", html)
    assert any(LINK in loc for loc in locations)


def test_html_report_wraps_long_words() -> None:
    css = (Path(__file__).resolve().parents[2] / "themes/report/templates/report.css").read_text()
    body = re.search(r"(?s)\nbody \{(.*?)\}", css)
    assert body is not None and "overflow-wrap: anywhere" in body.group(1)


def test_html_report_with_a_long_word_does_not_scroll_sideways(
    model: ReportModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_browser_report import CHROMEDRIVER, CHROMIUM, chromium

    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("needs /usr/bin/chromium and /usr/bin/chromedriver")
    html = render_html(model)
    assert LONG_WORD in html
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    with chromium(tmp_path / "profile", monkeypatch) as driver:
        driver.get(page.resolve().as_uri())
        driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        width = driver.execute_script(
            "const e = document.documentElement; return [e.scrollWidth, e.clientWidth];"
        )
    assert width[0] <= width[1], f"the page is {width[0]} px wide in a {width[1]} px window"


test_html_report_with_a_long_word_does_not_scroll_sideways = pytest.mark.browser(
    test_html_report_with_a_long_word_does_not_scroll_sideways
)
