"""The report's context tests and co-occurrence heat maps as a person sees them in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_browser_report import CHROMEDRIVER, CHROMIUM, chromium
from test_report_support import make_project

from themes.report import write_report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs /usr/bin/chromium and /usr/bin/chromedriver (run scripts/install-browser.sh)",
    ),
]


def test_context_tests_and_heat_maps_in_chromium(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from selenium.webdriver.common.by import By

    project = make_project(tmp_path)
    html = write_report(project, fmt="html")
    with chromium(tmp_path / "chrome-profile", monkeypatch) as driver:
        driver.get(html.resolve().as_uri())
        n_themes = len(driver.find_elements(By.CSS_SELECTOR, "article.card"))
        tests = driver.find_element(By.ID, "contexts")
        table = tests.find_element(By.CSS_SELECTOR, 'table[data-field="org_context"]')
        assert table.is_displayed()
        assert len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) == n_themes
        details = tests.find_element(By.CSS_SELECTOR, "details.context-quotes")
        assert not details.find_element(By.CSS_SELECTOR, "blockquote").is_displayed()
        details.find_element(By.TAG_NAME, "summary").click()
        assert details.find_element(By.CSS_SELECTOR, "blockquote").is_displayed()
        driver.execute_script("arguments[0].scrollIntoView()", tests)
        driver.save_screenshot(str(tmp_path / "report-context-tests.png"))

        section = driver.find_element(By.ID, "cooccurrence")
        maps = section.find_elements(By.CSS_SELECTOR, "svg.heatmap")
        assert len(maps) == 2
        for svg in maps:
            assert len(svg.find_elements(By.TAG_NAME, "rect")) == n_themes**2
            assert svg.rect["width"] > 100 and svg.rect["height"] > 100
        title = maps[0].find_elements(By.CSS_SELECTOR, "rect title")[1]
        assert "participant units with both, Jaccard" in title.get_attribute("textContent")
        driver.execute_script("arguments[0].scrollIntoView()", section)
        driver.save_screenshot(str(tmp_path / "report-cooccurrence.png"))
        assert driver.execute_script("return typeof window.__pwned") == "undefined"
    print(f"screenshots: {tmp_path}")
