"""What is new since the last published run, and the run log: the IO edge of incremental runs.

A rerun hashes its inputs and asks the warehouse which (source, content hash) pairs it already
holds as articles or rejections: only those hashes are looked up, so deciding that nothing changed
costs a directory walk and the hashing, never a parse, whatever the archive holds.
"""

from __future__ import annotations

import json
import secrets
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from transforms.ingest import ArticleCandidate, Rejection, utc_now
from transforms.io.sources import (
    discover_inputs,
    read_input,
    read_manifests,
    with_metadata,
)


@dataclass(frozen=True)
class InputScan:
    candidates: list[ArticleCandidate]  # records whose content the warehouse does not hold yet
    rejections: list[Rejection]  # rejections not recorded before
    records_seen: int  # every record read, new or not

    @property
    def is_empty(self) -> bool:
        return not self.candidates and not self.rejections


# (source, content hash) of every input read -> the pairs the warehouse already holds
KnownInputs = Callable[[list[tuple[str, str]]], frozenset[tuple[str, str]]]


def scan_inputs(paths: Sequence[str], max_input_bytes: int, known_inputs: KnownInputs | None = None, default_source: str = "") -> InputScan:
    """Read every input and keep what the warehouse does not already hold (everything when `known_inputs` is None).

    The warehouse is asked only about the hashes just read, so the cost follows the inputs, not the archive.
    Metadata an input lacks comes from its folder's manifest, then `default_source` names the outlet.
    """
    discovered = discover_inputs(paths)
    manifests, bad_manifests = read_manifests(discovered.manifests)
    results = [read_input(path, max_input_bytes) for path in discovered.files]
    all_candidates = [
        with_metadata(c, manifests.get(c.source_uri.split("#")[0]), default_source) for result in results for c in result.candidates
    ]
    all_rejections = discovered.refused + bad_manifests + [r for result in results for r in result.rejections]
    seen = len(all_candidates) + len(all_rejections)
    known: frozenset[tuple[str, str]] = frozenset()
    if known_inputs is not None:
        known = known_inputs([(c.source_uri, c.content_sha256) for c in all_candidates] + [(r.source_uri, r.content_sha256) for r in all_rejections])
    # A source already read with this content is skipped; another file with a stored text is not (it
    # becomes a recorded duplicate), and an exact duplicate stays known by its rejection.
    candidates = [c for c in all_candidates if (c.source_uri, c.content_sha256) not in known]
    rejections = [r for r in all_rejections if (r.source_uri, r.content_sha256) not in known]
    return InputScan(candidates, rejections, seen)


def new_run_id(started_at: datetime) -> str:
    return f"{started_at:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def code_version() -> str:
    """Package version plus the git commit, when the code runs from a checkout."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        package = version("newsfacts")
    except PackageNotFoundError:
        package = "unknown"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).parent, capture_output=True, text=True, timeout=5, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{package}+{commit}" if commit else package


def run_record(run_id: str, started_at: datetime, parameters: dict[str, Any], model_name: str, records_seen: int) -> dict[str, Any]:
    """A `runs` row for a run that found nothing new; a publishing run updates the counts and status."""
    return {
        "run_id": run_id, "started_at": started_at, "finished_at": utc_now(), "status": "no_change",
        "code_version": code_version(), "model_name": model_name, "parameters": json.dumps(parameters, default=str),
        "articles_seen": records_seen, "articles_new": 0, "articles_rejected": 0, "validation_success": True,
        "rows_relinked": 0, "snapshot": None,
    }


def publish_status(new_articles: int, rejection_reasons: Sequence[str]) -> str:
    """A run with new inputs publishes; it is `nothing_read` when none became an article and some
    were rejected for a reason other than being a duplicate (a duplicate is not a failure to read)."""
    return "nothing_read" if not new_articles and any(reason != "duplicate" for reason in rejection_reasons) else "published"
