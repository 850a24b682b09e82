"""A benchmark's `newsfacts run`, and its Parquet read back with DuckDB, the way a user and a BI tool do.

Runs the `newsfacts` beside the interpreter the benchmark runs under, so a worktree or another venv
measures its own code, with the configured spaCy model (`NEWSFACTS_SPACY_MODEL` or the default).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_newsfacts(inputs: Path, warehouse: Path) -> tuple[dict, float]:
    """One `newsfacts run` of `inputs` into `warehouse`: its JSON summary and its wall seconds. A failed run raises with its stderr."""
    from transforms.nlp import configured_model_name

    command = [str(Path(sys.executable).with_name("newsfacts")), "run", str(inputs), "--warehouse", str(warehouse),
               "--model", configured_model_name(), "--json-summary"]
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {completed.returncode}:\n{completed.stderr[-2000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1]), time.perf_counter() - started


def parquet_table(warehouse: Path, name: str) -> str:
    """DuckDB's read of one published table: every file, partitions as columns, an older file's missing column as nulls."""
    return f"read_parquet('{warehouse / name}/**/*.parquet', union_by_name = true, hive_partitioning = true)"
