"""Browser tests: a Chromium found on this machine (see browser.py), driven by Playwright.

They skip, with the reason, where no Chromium is found. Screenshots go to the test's temporary
folder; with NEWSFACTS_UPDATE_SCREENSHOTS=1 (`make screenshots`) they replace those in docs/images/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.e2e.browser import LAUNCH_ARGS, REPO, find_chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Per test module, and closed after it: Playwright's sync API keeps an asyncio loop running in
    this thread while it is open, and Prefect's sync calls (`deployment.apply()`, artifacts) in
    later test modules would then return coroutines instead of running."""
    chromium, reason = find_chromium()
    if chromium is None:
        pytest.skip(reason)
    with sync_playwright() as playwright:
        # Playwright gives each launch a fresh, temporary user-data-dir.
        launched = playwright.chromium.launch(executable_path=chromium.executable, args=LAUNCH_ARGS,
                                              env={**os.environ, **chromium.env})
        yield launched
        launched.close()


@pytest.fixture()
def screenshots(tmp_path: Path) -> Path:
    """Where a test saves its screenshots: docs/images/ when updating them, else its own folder."""
    if os.environ.get("NEWSFACTS_UPDATE_SCREENSHOTS") == "1":
        return REPO / "docs" / "images"
    return tmp_path
