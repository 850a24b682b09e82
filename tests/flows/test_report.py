from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest
from prefect import flow
from prefect.settings import PREFECT_API_URL

from flows import report
from flows.report import REPORT_ARTIFACT_KEY, publish_report, report_command
from transforms.io.increment import publish_run_record


def _published_warehouse(wh: Path) -> Path:
    """A warehouse holding one no-change run: what `newsfacts run` publishes when nothing is new."""
    started = datetime(2026, 12, 2, 6, tzinfo=timezone.utc)
    publish_run_record(wh, {
        "run_id": "20261202T060000Z-abcdef", "started_at": started, "finished_at": started, "status": "no_change",
        "code_version": "0.1.0", "model_name": "m", "parameters": "{}", "articles_seen": 0, "articles_new": 0,
        "articles_rejected": 0, "validation_success": True, "rows_relinked": 0, "snapshot": None,
    })
    return wh


def test_report_command_writes_the_page_and_prints_its_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wh = _published_warehouse(tmp_path / "wh")
    assert report_command(str(wh)) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == str((wh / "_report" / "index.html").absolute())
    assert "20261202T060000Z-abcdef" in Path(printed).read_text(encoding="utf-8")


def _a_file(folder: Path) -> Path:
    (folder / "notes.txt").write_text("not a warehouse", encoding="utf-8")
    return folder / "notes.txt"


@pytest.mark.parametrize("target", [lambda p: p / "missing", lambda p: p, _a_file], ids=["missing", "empty folder", "file"])
def test_report_command_refuses_what_is_not_a_warehouse(tmp_path: Path, capsys: pytest.CaptureFixture[str], target) -> None:  # noqa: ANN001
    assert report_command(str(target(tmp_path))) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "not a newsfacts warehouse" in captured.err
    assert not (tmp_path / "_report").exists()


def test_publish_report_links_the_page_from_the_flow_run(tmp_path: Path) -> None:
    wh = _published_warehouse(tmp_path / "wh")

    @flow
    def publishing() -> Path | None:
        return publish_report(wh, "20261202T060000Z-abcdef")

    path = publishing()
    assert path == (wh / "_report" / "index.html").resolve()
    # The REST API itself: this Prefect's client sends nulls its server rejects in artifact filters.
    response = httpx.post(f"{PREFECT_API_URL.value()}/artifacts/filter", json={"artifacts": {"key": {"any_": [REPORT_ARTIFACT_KEY]}}})
    response.raise_for_status()
    # Other tests' runs publish reports on the same test server: this run's page is linked exactly once.
    assert sum(path.as_uri() in artifact["data"] for artifact in response.json()) == 1


def test_a_report_that_fails_does_not_fail_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_: Path) -> Path:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(report, "write_report", broken)

    @flow
    def publishing() -> Path | None:
        return publish_report(tmp_path, "run")

    assert publishing() is None
