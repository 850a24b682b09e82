"""Flow tests run the real Prefect flow against one temporary Prefect server per session."""

from __future__ import annotations

import os
import shutil
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


@pytest.fixture()
def sample_dir(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(SAMPLE, target)
    return target
