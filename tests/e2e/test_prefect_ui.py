"""A custom run launched from the Prefect UI, as an operator would: real server, served deployment, Chromium.

Starts `prefect server start` and `newsfacts serve` as subprocesses on a free port with their own
PREFECT_HOME, opens the deployment in the UI, launches "Run -> Custom run" with another warehouse,
and checks the run completes, its logs show the pipeline's stages and its artifacts are listed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser import REPO

pytestmark = pytest.mark.slow

BIN = REPO / ".venv" / "bin"
STAGES = ["ingest", "normalize", "extract", "aggregate", "validate", "publish"]
RUN_TIMEOUT_MS = 240_000  # the sample takes under a minute; a busy machine takes longer, a finished run ends the wait


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prefect_env(home: Path, api_url: str) -> dict[str, str]:
    """This machine's environment with only our Prefect settings: none leak in from the test session."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("PREFECT_")}
    return env | {
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api_url,
        "PREFECT_UI_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(command, env=env, cwd=REPO, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    """End the process, its group, and every descendant (Prefect starts flow runs in sessions of their own)."""
    try:
        parent = psutil.Process(process.pid)
        family = [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        family = []
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        for descendant in family[1:]:
            with contextlib.suppress(psutil.NoSuchProcess):
                descendant.send_signal(sig)
        _, alive = psutil.wait_procs(family, timeout=10)
        if not alive:
            break
    process.wait(timeout=10)


def wait_until(ready: Callable[[], bool], what: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        if ready():
            return
        time.sleep(0.5)
    pytest.fail(f"{what} not ready after {timeout:g} s:\n{log.read_text(errors='replace')[-3000:]}")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture()
def prefect_ui(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """A Prefect server of our own; yields its UI's address and the environment that points at it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = prefect_env(tmp_path / "prefect-home", f"{url}/api")
    log = tmp_path / "server.log"
    server = start([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)], env, log)
    try:
        wait_until(lambda: answers(f"{url}/api/health"), "prefect server", server, log)
        yield url, env
    finally:
        stop(server)


@pytest.fixture()
def served_deployment(prefect_ui: tuple[str, dict[str, str]], tmp_path: Path) -> Iterator[str]:
    """`newsfacts serve` on a copy of the sample; yields the UI's address once the deployment is listed."""
    url, env = prefect_ui
    raw = shutil.copytree(REPO / "data" / "raw", tmp_path / "raw")
    log = tmp_path / "serve.log"
    serve = start([str(BIN / "newsfacts"), "serve", "--paths", str(raw), "--warehouse", str(tmp_path / "scheduled")], env, log)
    try:
        wait_until(lambda: "newsfacts-daily" in log.read_text(errors="replace"), "newsfacts serve", serve, log)
        yield url
    finally:
        stop(serve)


def launch_custom_run(page: Page, url: str, warehouse: Path) -> None:
    """Deployments -> newsfacts-daily -> Run -> Custom run, another warehouse, Submit -> the run's page."""
    page.goto(f"{url}/deployments")
    page.get_by_role("link", name="newsfacts-daily").click()
    page.get_by_role("button", name="Run", exact=True).click()
    page.get_by_text("Custom run", exact=True).click()
    # The form's labels are not tied to their inputs: find the field by its property's label.
    warehouse_field = page.locator(".schema-form-property", has=page.locator(".schema-form-property__label", has_text="warehouse_dir"))
    warehouse_field.locator("textarea").fill(str(warehouse))
    page.get_by_role("button", name="Submit").click()
    # The UI mounts its toasts twice, one over the other: the last is the one that takes the click.
    page.get_by_role("button", name="View run").last.click()
    expect(page).to_have_url(re.compile(r"/runs/flow-run/"))


def test_a_custom_run_launched_from_the_ui_completes_with_stage_logs_and_artifacts(
    served_deployment: str, browser: Browser, tmp_path: Path, screenshots: Path
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1500})
    page = context.new_page()
    try:
        custom_warehouse = tmp_path / "from-the-ui"
        launch_custom_run(page, served_deployment, custom_warehouse)

        state = page.locator(".page-heading-flow-run__meta .state-badge")
        expect(state).to_have_text(re.compile("Completed|Failed|Crashed|Cancelled"), timeout=RUN_TIMEOUT_MS)
        expect(state).to_have_text("Completed")
        assert (custom_warehouse / "_current").exists()  # the edited parameter reached the flow
        page.reload()  # the finished run as a visitor sees it: all its logs, its timeline fitted to its length

        log_lines = page.locator(".log-row__content")
        for stage in STAGES:
            expect(log_lines.filter(has_text=re.compile(rf"^{stage}: "))).to_have_count(1)
        page.screenshot(path=screenshots / "ui-run.png", full_page=True)

        page.locator(".p-tab", has_text="Artifacts").click()
        for key in ["newsfacts-run", "newsfacts-validation", "newsfacts-report"]:
            expect(page.get_by_text(key, exact=True)).to_be_visible()
        page.screenshot(path=screenshots / "ui-artifacts.png", full_page=True)
    finally:
        with contextlib.suppress(Exception):  # for a failure's post-mortem; never hides the failure
            page.screenshot(path=tmp_path / "last-page.png", full_page=True)
        context.close()
