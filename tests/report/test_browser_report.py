"""The HTML report in a real headless Chromium (Debian `chromium` + `chromium-driver`).

Skipped cleanly when /usr/bin/chromium is absent; `scripts/install-browser.sh` installs it.
Never downloads a browser: Selenium is pointed at the Debian binaries and told to stay offline.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from test_report_support import INJECT_IMG, INJECT_SCRIPT, make_project, write_report_study
from typer.testing import CliRunner

from themes.cli.app import app
from themes.curation.view import load_view
from themes.report import write_report
from themes.store.project import Project

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
DEMO = Path(__file__).resolve().parents[2] / "examples" / "peer-support-study"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1800",
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs /usr/bin/chromium and /usr/bin/chromedriver (run scripts/install-browser.sh)",
    ),
]


@contextmanager
def chromium(profile: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium Manager must never fetch anything
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def network_urls(driver: Any) -> list[str]:
    """Every URL the page asked the network stack for (CDP Network events)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
        elif message.get("method") == "Network.webSocketCreated":
            urls.append(message["params"]["url"])
    return urls


CONTRAST = """
function lum(c) {
  const v = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(x => x / 255)
    .map(x => x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4));
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}
return Array.from(document.querySelectorAll(arguments[0])).map(function (el) {
  const s = getComputedStyle(el), a = lum(s.color), b = lum(s.backgroundColor);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
});
"""


def check_layout(driver: Any, view: Any) -> None:
    """Themes first, settings last; every segment of a theme in its card; readable heat cells;
    on paper the exemplars only, without the collapsed lists."""
    from selenium.webdriver.common.by import By

    sections = driver.execute_script(
        "return Array.from(document.querySelectorAll('main > section')).map(s => s.id)"
    )
    assert sections[:3] == ["overview", "theme-list", "themes"] and sections[-1] == "settings"
    assert not driver.find_elements(By.CSS_SELECTOR, "p.empty")  # no placeholder sections
    theme = max(view.themes, key=lambda t: t.size)
    card = driver.find_element(By.ID, f"theme-{theme.id}")
    shown = len(card.find_elements(By.CSS_SELECTOR, "li.quote"))
    others = card.find_elements(By.CSS_SELECTOR, "details.segments li")
    assert shown + len(others) == theme.size
    # heat cells: text against fill meets WCAG AA (4.5:1) at every shade
    ratios = driver.execute_script(CONTRAST, "td.heat")
    assert ratios and min(ratios) >= 4.5, min(ratios)
    # print media: no collapsed lists, at most the first exemplars, a note where to read more
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not card.find_element(By.CSS_SELECTOR, "details.segments").is_displayed()
        assert not any(d.is_displayed() for d in card.find_elements(By.CSS_SELECTOR, "details"))
        printed = [q for q in card.find_elements(By.CSS_SELECTOR, "li.quote") if q.is_displayed()]
        assert 0 < len(printed) <= 5
        assert "themes show" in card.find_element(By.CSS_SELECTOR, ".print-only").text
        assert not driver.find_element(By.CSS_SELECTOR, "nav.toc").is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def printed_pages(driver: Any, pdf: Path) -> int:
    """Print the page to an A4 PDF as Chromium does; its number of pages."""
    import base64
    import re

    from selenium.webdriver.common.print_page_options import PrintOptions

    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf.write_bytes(base64.b64decode(driver.print_page(options)))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def check_report(driver: Any, html: Path, project_dir: Path, shots: Path) -> dict[str, Any]:
    """Open the report and check it as a person would; returns a few facts for the caller."""
    from selenium.webdriver.common.by import By

    with Project.open(project_dir) as project:
        view = load_view(project)
    url = html.resolve().as_uri()
    driver.get("about:blank")
    network_urls(driver)  # drain what the browser's own start page fetched
    driver.get(url)
    driver.find_element(By.ID, "overview")

    # nothing ran from the transcript text
    assert driver.execute_script("return typeof window.__pwned") == "undefined"

    # every theme has its card, every card its quotes
    cards = driver.find_elements(By.CSS_SELECTOR, "article.card")
    assert len(cards) == len(view.themes) > 0
    for theme in view.themes:
        card = driver.find_element(By.ID, f"theme-{theme.id}")
        assert card.find_elements(By.CSS_SELECTOR, "li.quote blockquote")
    rows = driver.find_elements(By.CSS_SELECTOR, "#theme-table tbody tr[data-theme]")
    assert len(rows) == len(view.themes)

    # the map is drawn: one circle per clustered segment, with a real size on screen
    n_circles = driver.execute_script("return document.querySelectorAll('#map-svg circle').length")
    assert n_circles == len(view.coords) > 0
    box = driver.find_element(By.ID, "map-svg").rect
    assert box["width"] > 300 and box["height"] > 150
    driver.execute_script("document.getElementById('map').scrollIntoView()")
    driver.save_screenshot(str(shots / "report-map.png"))

    # hovering a dot shows its quote, speaker and transcript:line, as text
    tip = driver.execute_script(
        """
        const data = JSON.parse(document.getElementById('report-data').textContent);
        let i = data.points.findIndex(p => p[3].includes('__pwned'));
        if (i < 0) { i = 0; }
        const c = document.querySelector('#map-svg circle[data-i="' + i + '"]');
        const r = c.getBoundingClientRect();
        c.dispatchEvent(new MouseEvent('mousemove', {bubbles: true,
            clientX: r.left + r.width / 2, clientY: r.top + r.height / 2}));
        const tip = document.getElementById('map-tip');
        return {hidden: tip.hidden, text: tip.innerText, html: tip.innerHTML,
                loc: data.points[i][5]};
        """
    )
    assert not tip["hidden"] and tip["loc"] in tip["text"]
    assert "<img" not in tip["html"] and "<script" not in tip["html"]

    check_layout(driver, view)
    pages = printed_pages(driver, shots / "report.pdf")

    # open every collapsed part; hostile markup shows as text and still runs nothing
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    body = driver.find_element(By.TAG_NAME, "body").text
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert not driver.find_elements(By.CSS_SELECTOR, "main img, main textarea, main script")

    # filter and sort the theme list
    first = view.themes[0]
    word = first.keywords[0] if first.keywords else first.label.split()[0]
    driver.find_element(By.ID, "theme-filter").send_keys("zzqqxx-no-such-word")
    assert not [
        c for c in driver.find_elements(By.CSS_SELECTOR, "article.card") if c.is_displayed()
    ]
    driver.find_element(By.ID, "theme-filter").clear()
    driver.find_element(By.ID, "theme-filter").send_keys(word)
    assert driver.find_element(By.ID, f"theme-{first.id}").is_displayed()
    driver.find_element(By.ID, "theme-filter").clear()
    driver.execute_script(
        "document.getElementById('theme-filter').dispatchEvent(new Event('input'))"
    )
    driver.find_element(By.CSS_SELECTOR, '#theme-table th[data-sort="size"]').click()
    sizes = [
        int(r.get_attribute("data-size"))
        for r in driver.find_elements(By.CSS_SELECTOR, "#theme-table tbody tr[data-theme]")
    ]
    assert sizes == sorted(sizes, reverse=True)

    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(shots / "report.png"))
    driver.execute_script(f"document.getElementById('theme-{first.id}').scrollIntoView()")
    driver.save_screenshot(str(shots / "report-card.png"))

    # no console errors, no request but the file itself
    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == [], errors
    others = [u for u in network_urls(driver) if u != url]
    assert others == [], others
    return {"body": body, "n_themes": len(view.themes), "pages": pages}


def test_report_in_chromium_fake_embedder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path)
    html = write_report(project, fmt="html")
    with chromium(tmp_path / "chrome-profile", monkeypatch) as driver:
        facts = check_report(driver, html, project, tmp_path)
    assert 0 < facts["pages"] <= 2 * facts["n_themes"] + 20
    # the interviewer's housing question carries the markup: it shows as text on the page
    assert INJECT_SCRIPT in facts["body"] and INJECT_IMG in facts["body"]
    assert "</textarea>" in facts["body"]
    assert (tmp_path / "report.png").stat().st_size > 10_000
    print(f"screenshots: {tmp_path}")


@pytest.mark.model
def test_demo_study_report_in_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`themes run` on the demo study (real model) plus one hostile transcript."""
    if not DEMO.is_dir():
        pytest.skip(f"{DEMO} is not there yet")
    study = tmp_path / "study"
    shutil.copytree(DEMO, study)
    hostile = write_report_study(tmp_path / "hostile")
    shutil.copy(hostile / "STA1PW01.txt", study / "ZZZ9PW99.txt")
    project = tmp_path / "project"
    result = CliRunner().invoke(app, ["run", str(study), "--project", str(project), "--quiet"])
    assert result.exit_code == 0, result.output
    html = project / "reports" / "report.html"
    assert f"Report: {html}" in " ".join(result.output.split()) or html.exists()
    assert html.stat().st_size < 5_000_000
    with chromium(tmp_path / "chrome-profile", monkeypatch) as driver:
        facts = check_report(driver, html, project, tmp_path)
    assert INJECT_SCRIPT in facts["body"]
    # printed, a readable document: about a page or two per theme (it was 148 pages, then
    # every collapsed list and surrounding turn opened for print)
    n_themes, pages = facts["n_themes"], facts["pages"]
    assert pages <= 2 * n_themes + 20, (pages, n_themes)
    with chromium(tmp_path / "chrome-profile-2", monkeypatch) as driver:
        from selenium.webdriver.common.by import By

        driver.get(html.resolve().as_uri())
        years = driver.find_element(By.CSS_SELECTOR, 'table[data-field="years_in_role"]')
        head = years.find_elements(By.CSS_SELECTOR, "thead tr:first-child th.n")
        values = [th.text for th in head][:-2]  # the contexts, then p and q
        assert len(values) > 3 and values == sorted(values, key=float)  # numbers as numbers
    print(
        f"screenshots: {tmp_path}; report {html.stat().st_size} bytes, {n_themes} themes, "
        f"{pages} printed pages (A4)"
    )
