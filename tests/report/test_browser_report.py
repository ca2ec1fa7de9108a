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
    return {"body": body, "n_themes": len(view.themes)}


def test_report_in_chromium_fake_embedder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path)
    html = write_report(project, fmt="html")
    with chromium(tmp_path / "chrome-profile", monkeypatch) as driver:
        facts = check_report(driver, html, project, tmp_path)
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
    print(
        f"screenshots: {tmp_path}; report {html.stat().st_size} bytes, {facts['n_themes']} themes"
    )
