"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from transforms.nlp import load_pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[EXIT_STATUS] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave without the interpreter's finalisation once pytest has reported. Prefect keeps failed
    flow states (their tracebacks, and the closed DuckDB connections in those frames) alive until
    exit, and DuckDB's bindings then print "leaked instance" lines after pytest's summary, which
    must stay the last line of the output."""
    import os
    import sys

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(config.stash.get(EXIT_STATUS, 0))


EXIT_STATUS = pytest.StashKey[int]()
