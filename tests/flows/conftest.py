"""Flow tests run the real Prefect flow against one temporary Prefect server per session."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="session", autouse=True)
def prefect_server():
    # Worker processes would otherwise all ship their logs to the test server's SQLite database.
    os.environ["PREFECT_LOGGING_TO_API_ENABLED"] = "false"
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(autouse=True)
def prefect_logs_outlive_captured_output():
    """A flow run configures Prefect's console handlers on the `sys.stderr` of that moment: inside a
    test capturing output, that stream is closed once the test ends, and the next test's run would
    fail writing its first log line. Each test leaves them on the process's own stderr."""
    yield
    loggers = [logging.getLogger(), *(lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger))]
    for handler in (h for lg in loggers for h in lg.handlers):
        if isinstance(handler, logging.StreamHandler) and getattr(handler.stream, "closed", False):
            handler.stream = sys.__stderr__  # not setStream: it would flush the closed stream
            if getattr(handler, "console", None) is not None:
                handler.console.file = sys.__stderr__


@pytest.fixture()
def sample_dir(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(SAMPLE, target)
    return target
