from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from transforms import schema
from transforms.io.increment import publish_run_record
from transforms.io.report import report_data, write_report
from transforms.report import (
    REPORT_DIR,
    SECTIONS,
    ReportData,
    cumulative_rows_by_run,
    render_report,
)

REPO = Path(__file__).resolve().parents[2]
EXTERNAL_REFERENCE = re.compile(r"""(?:src|href|xlink:href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*['"]?(?!#)|@import|<script|<link""", re.IGNORECASE)  # url(#id): a clip path inside the page


def _section(page: str, anchor: str) -> str:
    match = re.search(rf'<section id="{anchor}">.*?</section>', page, re.DOTALL)
    assert match, f"no section {anchor}"
    return match.group(0)


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The real CLI once on the sample, in its own process with its own temporary Prefect API (not a
    test server another test module may have pointed this process's settings at)."""
    wh = tmp_path_factory.mktemp("wh")
    env = {name: value for name, value in os.environ.items() if not name.startswith("PREFECT_") or name == "PREFECT_HOME"}
    done = subprocess.run([sys.executable, "-m", "flows.cli", "run", "data/raw", "--warehouse", str(wh), "--json-summary"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return wh, json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def sample_page(sample_run: tuple[Path, dict]) -> str:
    return write_report(sample_run[0]).read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_page_has_every_section_with_its_charts(sample_page: str) -> None:
    for anchor, _ in SECTIONS:
        _section(sample_page, anchor)
    assert sample_page.count("<svg") >= 6
    assert "No data yet" not in sample_page


@pytest.mark.slow
def test_the_header_names_the_warehouse_and_the_latest_run(sample_run: tuple[Path, dict], sample_page: str) -> None:
    wh, summary = sample_run
    header = sample_page[: sample_page.index("</header>")]
    assert str(wh.absolute()) in header
    assert summary["run_id"] in header and "published" in header


@pytest.mark.slow
def test_the_conflicting_claim_shows_each_source_and_its_value(sample_page: str) -> None:
    conflicts = _section(sample_page, "conflicts")
    assert "troops (North Korea)" in conflicts
    rows = re.findall(r"<tr>.*?</tr>", conflicts.split("<tbody>", 1)[1], re.DOTALL)
    by_source = {re.search(r"data/raw/(\d{3})_", row).group(1): row for row in rows if "troops (North Korea)" in row}  # type: ignore[union-attr]
    assert set(by_source) == {"001", "002", "003"}  # the three articles that report a number of troops
    assert "11,000 count" in by_source["001"] and "50,000 count" in by_source["002"] and "12,000 count" in by_source["003"]
    assert all("(unknown)" in row for row in by_source.values())  # the sample's text files name no outlet


@pytest.mark.slow
def test_the_sample_is_one_story_of_five_articles(sample_page: str) -> None:
    stories = _section(sample_page, "top-stories")
    (row,) = re.findall(r"<tr>.*?</tr>", stories.split("<tbody>", 1)[1], re.DOTALL)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[0].startswith("The decision had been expected for months") and cells[1:3] == ["5", "0"]


@pytest.mark.slow
def test_the_page_fetches_nothing(sample_page: str) -> None:
    assert not EXTERNAL_REFERENCE.search(sample_page)
    assert "http://" not in sample_page and "https://" not in sample_page  # not even SVG namespaces or a DOCTYPE


@pytest.mark.slow
def test_the_page_is_replaced_whole(sample_run: tuple[Path, dict]) -> None:
    wh = sample_run[0]
    first = write_report(wh)
    second = write_report(wh)
    assert first == second
    assert sorted(p.name for p in (wh / REPORT_DIR).iterdir()) == ["index.html"]  # no temporary file left


def test_text_from_the_inputs_is_escaped() -> None:
    hostile = "<script>alert(1)</script>"
    data = ReportData(
        warehouse="/tmp/<b>wh",
        table_rows={"articles": 1},
        articles_by_source=pd.DataFrame({"source_name": [hostile], "articles": [1]}),
        top_speakers=pd.DataFrame({"speaker_name": [r"$\notacommand{$ Smith"], "quotes": [2], "articles": [1]}),  # not TeX
        conflicts=pd.DataFrame([{
            "claim_id": "c1", "label": "<i>troops</i>", "normalized_unit": "count", "min_value": 1.0, "max_value": 2.0,
            "relative_spread": 0.5, "n_articles": 2, "source_name": hostile, "title": '"><img src=x onerror=alert(1)>',
            "source_uri": "a.txt", "surface": "1", "value": 1.0, "unit": "count", "qualifier": "exact",
        }]),
        conflicting_claims=1, conflicting_figures=1,
    )
    page = render_report(data, title="<title>")
    assert "<script" not in page and "<img" not in page and "<i>troops" not in page and "<b>wh" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in _section(page, "conflicts")
    assert "&lt;title&gt;" in page
    assert page.count("<svg") == 2  # the source and speaker charts; the other sections say there is no data


def test_an_empty_warehouse_renders_a_no_data_page(tmp_path: Path) -> None:
    page = write_report(tmp_path).read_text(encoding="utf-8")
    assert "No data yet" in page and "<svg" not in page
    assert "none yet" in page[: page.index("</header>")]


def test_a_warehouse_with_only_a_gate_failed_run_reports_its_failures(tmp_path: Path) -> None:
    started = datetime(2026, 12, 2, 6, tzinfo=UTC)
    run_id = "20261202T060000Z-abcdef"
    record = {
        "run_id": run_id, "started_at": started, "finished_at": started, "status": "gate_failed", "code_version": "0.1.0",
        "model_name": "m", "parameters": "{}", "articles_seen": 5, "articles_new": 5, "articles_rejected": 0,
        "validation_success": False, "rows_relinked": 0, "snapshot": None,
    }
    results = pd.DataFrame([
        {"result_id": f"r{i}", "run_id": run_id, "table_name": "figures", "expectation": f"expect_{i}(value)",
         "severity": severity, "success": success, "observed_value": None if success else "3 unexpected"}
        for i, (severity, success) in enumerate([("blocking", True), ("blocking", False), ("warning", False)])
    ], columns=schema.VALIDATION_RESULTS.column_names)
    publish_run_record(tmp_path, record, results)

    data = report_data(tmp_path)
    assert data.validation_by_run[["passed", "failed_warning", "failed_blocking"]].values.tolist() == [[1, 1, 1]]
    page = render_report(data)
    assert "gate_failed" in page[: page.index("</header>")]
    validation = _section(page, "validation")
    assert "<svg" in validation and "expect_1(value)" in validation and "3 unexpected" in validation
    assert "No data yet" in _section(page, "top-speakers")


def test_rows_over_runs_add_up_in_run_order_and_carry_through_runs_that_added_nothing() -> None:
    runs = pd.DataFrame({"run_id": ["r1", "r2", "r3"]})
    rows = pd.DataFrame({"run_id": ["r3", "r1", "r1", "r3", "gone"], "table_name": ["articles", "articles", "quotes", "quotes", "articles"],
                         "rows": [2, 5, 10, 1, 99]})
    cumulative = cumulative_rows_by_run(runs, rows)
    assert cumulative.to_dict("list") == {"articles": [5, 5, 7], "quotes": [10, 10, 11]}
