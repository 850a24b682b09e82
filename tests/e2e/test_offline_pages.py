"""The pages a run leaves beside its tables open offline and render: the run report and the GX Data Docs.

One `newsfacts run` on the sample; Chromium then opens the pages from disk with every non-file
request aborted (and recorded: a page that needs the network fails here, not on a reader's laptop).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests.e2e.browser import REPO

pytestmark = pytest.mark.slow

MIN_CHARTS = 6


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse published by the command line from a copy of the sample."""
    root = tmp_path_factory.mktemp("offline")
    raw = shutil.copytree(REPO / "data" / "raw", root / "raw")
    env = {name: value for name, value in os.environ.items() if not name.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(root / "prefect-home")
    result = subprocess.run([str(REPO / ".venv" / "bin" / "newsfacts"), "run", str(raw), "--warehouse", str(root / "warehouse")],
                            env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "warehouse"


class OfflineContext:
    """A browser context that serves only file: URLs; what else a page asks for is aborted and listed."""

    def __init__(self, browser: Browser) -> None:
        self.context: BrowserContext = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.network_requests: list[str] = []
        self.missing_files: list[str] = []
        self.context.route("**/*", self._only_files)
        self.context.on("requestfailed", lambda request: self.missing_files.append(request.url)
                        if request.url.startswith("file:") else None)

    def _only_files(self, route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.network_requests.append(route.request.url)
            route.abort()

    def open(self, page_file: Path) -> Page:
        page = self.context.new_page()
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        return page


@pytest.fixture()
def offline(browser: Browser) -> Iterator[OfflineContext]:
    context = OfflineContext(browser)
    yield context
    context.context.close()


def test_the_run_report_draws_its_charts_and_tables_offline(warehouse: Path, offline: OfflineContext, screenshots: Path) -> None:
    page = offline.open(warehouse / "_report" / "index.html")

    # A chart counts when its SVG is laid out at a readable size (icons and empty boxes do not).
    chart_sizes = page.locator("svg").evaluate_all("svgs => svgs.map(s => { const b = s.getBoundingClientRect(); return [b.width, b.height]; })")
    charts = [size for size in chart_sizes if size[0] >= 100 and size[1] >= 40]
    assert len(charts) >= MIN_CHARTS, chart_sizes
    assert page.locator("svg path, svg rect, svg text").count() > 0
    tables = page.locator("table")
    assert tables.count() >= 1
    for table in tables.all():
        expect(table.locator("tbody tr").first).to_be_visible()
    page.screenshot(path=screenshots / "report.png", full_page=True)

    assert offline.network_requests == []
    assert offline.missing_files == []


def test_the_data_docs_list_validation_results_and_open_a_styled_result_page_offline(
    warehouse: Path, offline: OfflineContext, screenshots: Path
) -> None:
    page = offline.open(warehouse / "_data_docs" / "index.html")

    results = page.locator("table.ge-index-page-validation-results-table tbody tr")
    expect(results.first).to_be_visible()
    assert results.count() >= 10  # one validation per table of the run
    expect(page.locator(".bootstrap-table").first).to_be_visible()  # its scripts ran: jQuery and bootstrap-table wrapped the table
    page.screenshot(path=screenshots / "data-docs.png")

    results.filter(has_text="figures").first.click()
    page.wait_for_url("**/validations/figures/**")
    page.wait_for_load_state("load")
    expect(page.locator("table.table-bordered tbody tr").first).to_be_visible()  # the expectations' results
    # Bootstrap's stylesheet applied: bordered tables collapse their borders and draw solid 1px cell lines
    # (without it a browser draws cells unbordered, in separate-border tables).
    cell_style = page.locator("table.table-bordered td").first.evaluate(
        "td => { const s = getComputedStyle(td); return [getComputedStyle(td.closest('table')).borderCollapse, s.borderTopStyle, s.borderTopWidth]; }")
    assert cell_style == ["collapse", "solid", "1px"]

    assert offline.network_requests == []
    assert offline.missing_files == []
