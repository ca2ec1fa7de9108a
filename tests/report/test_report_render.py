"""HTML and Markdown rendering, escaping, writing and the `themes report` command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_report_support import INJECT, INJECT_IMG, INJECT_SCRIPT, make_project
from typer.testing import CliRunner

from themes.cli.app import app
from themes.core.errors import ConfigError, ProjectError
from themes.report import render_html, render_markdown, write_report
from themes.report.build import report_from_project
from themes.report.html import asset, csp_hash, script_json
from themes.report.model import DecisionEntry, ReportModel
from themes.report.templating import md
from themes.store.project import Project


@pytest.fixture(scope="module")
def project_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("render"))


@pytest.fixture(scope="module")
def model(project_dir: Path) -> ReportModel:
    with Project.open(project_dir) as project:
        return report_from_project(project)


@pytest.fixture(scope="module")
def html(model: ReportModel) -> str:
    return render_html(model)


def test_html_is_self_contained(html: str) -> None:
    lowered = html.lower()
    assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:|//|ftp:)""", lowered)
    assert "<link" not in lowered and "@import" not in lowered and "url(" not in lowered
    assert "<iframe" not in lowered and "<object" not in lowered
    scripts = re.findall(r"<script([^>]*)>", lowered)
    assert scripts == [' type="application/json" id="report-data"', ""]  # data, then code
    assert "connect-src" not in lowered or "'none'" in lowered
    assert "default-src 'none'" in html


def test_csp_allows_exactly_the_inline_script(html: str) -> None:
    code = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    assert code == [asset("report.js")]
    assert f"script-src '{csp_hash(code[0])}'" in html


def test_every_section_is_there(html: str, model: ReportModel) -> None:
    anchors = re.findall(r'<section id="([\w-]+)">', html)
    # themes first, settings and provenance last
    assert anchors[:3] == ["overview", "theme-list", "themes"] and anchors[-1] == "settings"
    for anchor in ("map", "similarity", "contexts", "cooccurrence", "saturation", "set-aside"):
        assert anchor in anchors
    assert anchors.index("themes") < anchors.index("map") < anchors.index("similarity")
    # every section linked from the table of contents is there, and no other
    nav = html.split('<nav class="toc"')[1].split("</nav>")[0]
    assert re.findall(r'href="#([\w-]+)"', nav) == anchors
    for card in model.themes:
        assert f'id="theme-{card.id}"' in html
    # nothing to show, no section: no decisions, no change model, nothing unassigned here
    assert "decisions" not in anchors and "No analytic decisions" not in html
    assert 'id="change-model"' not in html
    assert ("unassigned" in anchors) == bool(model.unassigned)
    assert "@media print" in html
    assert html.count('<details class="context">') == sum(len(c.quotes) for c in model.themes)


def test_every_segment_of_a_theme_is_in_its_card(html: str, model: ReportModel) -> None:
    for card in model.themes:
        body = html.split(f'id="theme-{card.id}"')[1].split("</article>")[0]
        shown = body.count('<li class="quote') + body.count("<li data-segment=")
        assert shown == card.size == len(card.quotes) + len(card.others)
        ids = {q.segment_id for q in (*card.quotes, *card.others)}
        assert len(ids) == card.size


def test_transcript_markup_is_escaped(html: str) -> None:
    assert INJECT_SCRIPT not in html and INJECT_IMG not in html and "</textarea>" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;/textarea&gt;" in html
    data = re.search(
        r'<script type="application/json" id="report-data">(.*?)</script>', html, flags=re.S
    )
    assert data is not None
    block = data.group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    parsed = json.loads(block)
    assert any(INJECT_SCRIPT in p[3] for p in parsed["points"])  # the JSON still holds the text


def test_script_json_escapes_what_could_close_the_tag() -> None:
    text = script_json({"q": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(str(text)) == {"q": "</script><!-- & \u2028"}


def test_markdown_has_the_content_but_no_map(model: ReportModel) -> None:
    text = render_markdown(model)
    assert text.startswith("# Candidate themes")
    for heading in (
        "## Overview",
        "## Theme list",
        "## Themes",
        "## Similar themes (merge candidates)",
        "## Themes across contexts",
        "## Settings and provenance",
    ):
        assert heading in text
    assert text.index("## Themes\n") < text.index("## Similar themes") < text.index("## Settings")
    assert "## Decision log" not in text  # nothing recorded: no empty section
    assert "## Change model" not in text
    assert "Map" not in text and "<svg" not in text
    for card in model.themes:
        assert f"### {card.id}. " in text
        assert f"`{card.quotes[0].location}`" in text
    body = re.sub(r"(?m)^>", "", text)  # blockquote markers are the renderer's own
    assert not re.search(r"(?<!\\)[<>]", body)  # every < and > is escaped: \<script\>
    assert "\\<script\\>window.\\_\\_pwned=1\\</script\\>" in text
    assert "\n\n\n" not in text


def test_markdown_escape() -> None:
    assert md("a *b* | c\n<d>") == "a \\*b\\* \\| c \\<d\\>"


def test_decisions_render_when_present(model: ReportModel) -> None:
    filled = ReportModel(
        **{
            **model.__dict__,
            "decisions": (DecisionEntry(1, "2026-01-01", "ana", "rename", "3 → Trust", "why <b>"),),
        }
    )
    html, text = render_html(filled), render_markdown(filled)
    assert 'id="decisions"' in html and "why &lt;b&gt;" in html
    assert "## Decision log (audit trail)" in text and "3 → Trust" in text


def test_write_report_defaults_and_atomic(project_dir: Path) -> None:
    path = write_report(project_dir)
    assert path == project_dir / "reports" / "report.html"
    md_path = write_report(str(project_dir), fmt="md")
    assert md_path == project_dir / "reports" / "report.md"
    again = write_report(project_dir, fmt="html")  # replaces the old file
    assert again.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
    assert sorted(p.name for p in (project_dir / "reports").iterdir()) == [
        "report.html",
        "report.md",
    ]  # no temporary files left behind
    with Project.open(project_dir) as project:
        run_id = project.require_run().id
    out = write_report(project_dir, fmt="md", out=project_dir / "x" / "r.md", run_id=run_id)
    assert out.read_text(encoding="utf-8").startswith("# Candidate themes")


def test_write_report_errors_say_what_to_do(tmp_path: Path, project_dir: Path) -> None:
    with pytest.raises(ConfigError, match="html, md"):
        write_report(project_dir, fmt="pdf")
    with pytest.raises(ProjectError, match="themes run"):
        write_report(tmp_path / "nothing")
    with pytest.raises(ProjectError, match="does not exist"):
        write_report(project_dir, run_id=999)
    (tmp_path / "dir.html").mkdir()
    with pytest.raises(ProjectError, match="is a folder"):
        write_report(project_dir, out=tmp_path / "dir.html")


def test_report_command(project_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "report.md"
    result = runner.invoke(
        app, ["report", "--project", str(project_dir), "--format", "md", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Report:" in result.output and out.exists()
    assert INJECT not in out.read_text(encoding="utf-8")
    result = runner.invoke(app, ["report", "--project", str(project_dir)])
    assert result.exit_code == 0 and (project_dir / "reports" / "report.html").exists()
    assert "--format" in runner.invoke(app, ["report", "--help"]).output


def test_run_writes_the_report(tmp_path: Path) -> None:
    from test_report_support import CONFIG_OVERRIDES, write_report_study

    study = write_report_study(tmp_path / "study")
    args = ["run", str(study), "--project", str(tmp_path / "p"), "--quiet", "--model", "fake-bow"]
    for override in CONFIG_OVERRIDES:
        args += ["--set", override]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    report = tmp_path / "p" / "reports" / "report.html"
    assert report.exists() and "Report:" in result.output


@pytest.mark.serdif
def test_serdif_report_stays_small(serdif: Path, tmp_path: Path) -> None:
    """The SERDIF corpus (17 sessions, ~2,000 clustered turns) gives a report under 5 MB."""
    from fakes import FakeEmbedder

    from themes.core.config import load_config
    from themes.discovery.pipeline import run

    config = load_config(overrides=['speakers.include_speakers=["Participant"]'])
    run(serdif / "transcripts", tmp_path / "p", config, embedder=FakeEmbedder())
    html = write_report(tmp_path / "p")
    text = html.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) < 5_000_000
    assert len(write_report(tmp_path / "p", fmt="md").read_bytes()) < 5_000_000
    assert text.count('<article class="card"') >= 2


def test_markdown_quotes_are_one_blockquote_each(model: ReportModel) -> None:
    """Read back as CommonMark: one blockquote per quote, holding its attribution, and the
    definition, inclusion and exclusion notes on lines of their own."""
    import dataclasses

    from markdown_it import MarkdownIt

    card = dataclasses.replace(
        model.themes[0], definition="Keeping a home", include_note="rent", exclude_note="staff"
    )
    text = render_markdown(dataclasses.replace(model, themes=(card, *model.themes[1:])))
    tokens = MarkdownIt("commonmark").parse(text)
    quotes = sum(len(c.quotes) for c in model.themes)
    opened = [i for i, t in enumerate(tokens) if t.type == "blockquote_open"]
    assert len(opened) == quotes
    for i in opened:
        inside = []
        for t in tokens[i + 1 :]:
            if t.type == "blockquote_close":
                break
            inside.append(t.content)
        assert sum(1 for c in inside if c.startswith("— ")) == 1  # its own attribution
    paragraphs = [t.content for t in tokens if t.type == "inline"]
    for line in ("**Definition:** Keeping a home", "**Include:** rent", "**Exclude:** staff"):
        assert line in paragraphs
