"""What is new since the last published run, and the run log: the IO edge of incremental runs.

A rerun hashes its inputs and compares them with the content hashes the warehouse already holds
(`articles.content_sha256`, and `rejected_inputs` by source and hash). Only the key columns are
read, so deciding that nothing changed costs a directory walk and the hashing, never a parse.
"""

from __future__ import annotations

import json
import secrets
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from transforms import schema, warehouse
from transforms.ingest import ArticleCandidate, Rejection, utc_now
from transforms.sources import discover_inputs, read_input


@dataclass(frozen=True)
class InputScan:
    candidates: list[ArticleCandidate]  # records whose content the warehouse does not hold yet
    rejections: list[Rejection]  # rejections not recorded before
    records_seen: int  # every record read, new or not

    @property
    def is_empty(self) -> bool:
        return not self.candidates and not self.rejections


def scan_inputs(paths: Sequence[str], warehouse_dir: Path, max_input_bytes: int, full_refresh: bool = False) -> InputScan:
    """Read every input and keep what the warehouse does not already hold (everything on a full refresh)."""
    known_content: frozenset[str] = frozenset()
    known_rejections: frozenset[tuple[str, str]] = frozenset()
    if not full_refresh:
        known_content = frozenset(warehouse.read_table(warehouse_dir, schema.ARTICLES, ["content_sha256"])["content_sha256"])
        rejected = warehouse.read_table(warehouse_dir, schema.REJECTED_INPUTS, ["source_uri", "content_sha256"])
        known_rejections = frozenset(zip(rejected["source_uri"], rejected["content_sha256"]))
    candidates: list[ArticleCandidate] = []
    rejections: list[Rejection] = []
    seen = 0
    for path in discover_inputs(paths):
        result = read_input(path, max_input_bytes)
        seen += len(result.candidates) + len(result.rejections)
        candidates += [
            c for c in result.candidates  # an exact duplicate stays known by its rejection
            if c.content_sha256 not in known_content and (c.source_uri, c.content_sha256) not in known_rejections
        ]
        rejections += [r for r in result.rejections if (r.source_uri, r.content_sha256) not in known_rejections]
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
            ["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).parent, capture_output=True, text=True, timeout=5
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
    }


def append_run_record(warehouse_dir: Path, record: dict[str, Any]) -> int:
    """Publish the run log with one more row (an atomic swap like any table); returns its row count."""
    runs = pd.concat([warehouse.read_table(warehouse_dir, schema.RUNS), pd.DataFrame([record], columns=schema.RUNS.column_names)], ignore_index=True)
    staged = warehouse.staging_path(warehouse_dir, record["run_id"]) / schema.RUNS.name
    warehouse.write_table(runs, schema.RUNS, staged)
    warehouse.publish_tables(warehouse_dir, {schema.RUNS.name: staged})
    warehouse.retire_staging(warehouse_dir, record["run_id"], failed=False)
    return len(runs)
