"""How the flow's work is executed: parse plans, worker processes, Dask, the garbage collector.

Runtime machinery, apart from the flow's wiring (`flows/pipeline.py`): it decides where parsing
runs and keeps the workers warm, and it changes no table. See docs/performance.md for what each
of these measurably buys.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Self

from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner

from expectations.gate import import_great_expectations
from transforms.nlp import load_pipeline, warm_worker

if TYPE_CHECKING:
    from flows.settings import RunSettings


class StageClock:
    """Context manager factory that adds each stage's wall time to a dict."""

    def __init__(self, seconds: dict[str, float]) -> None:
        self.seconds = seconds

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0.0) + time.perf_counter() - start, 3)


@contextmanager
def collector_skips_objects_alive_now() -> Iterator[None]:
    """Python's full garbage collections re-scan every tracked object; by the aggregate stage the
    flow's process holds hundreds of thousands of them (Prefect, pandas and GX modules, the run's
    inputs), and the corpus-wide stages allocate enough to trigger many full collections. Frozen
    objects are skipped (still freed by reference counting), which shortens aggregate and validation
    (measured in docs/performance.md). A process that froze its objects before the flow (a worker
    that freezes after its imports) keeps them frozen."""
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()


def warm_up(model: str, parse_here: bool) -> None:
    """Do now what the run would otherwise do later on its critical path: import GX, and load the
    model when this process parses (one worker, or one chunk). The CLI calls it while the Prefect
    API boots."""
    import_great_expectations()
    if parse_here:
        load_pipeline(model)


@dataclass(frozen=True)
class ParsePlan:
    """Where a run's new articles are parsed, decided once from its settings and the number of new
    records: the command line (to warm up) and the flow (to start workers and cut chunks) both ask
    `ParsePlan.for_run`."""

    runner: Literal["local", "dask"]
    chunk_size: int
    worker_processes: int  # worker processes (or Dask workers) to start; 0 when the flow's own process parses
    workers_sharing_chunks: int  # how many parse the chunks at once: the last chunks shrink to share them out

    @classmethod
    def for_run(cls, settings: RunSettings, n_records: int | None) -> ParsePlan:
        """The plan for `n_records` new records: this process parses them when one local worker is
        asked for, when they fit one chunk on the local runner, or when there are none. `n_records`
        is None when it is not known yet (the CLI before a full refresh)."""
        wanted = settings.workers or os.cpu_count() or 1  # by default one per core
        effective = wanted
        if n_records is not None:
            effective = min(effective, len(plan_chunks(n_records, settings.chunk_size, effective)))
        processes = 0 if effective == 0 or (settings.runner == "local" and effective == 1) else effective
        return cls(settings.runner, settings.chunk_size, processes, wanted if processes else 1)

    @property
    def parses_here(self) -> bool:
        return self.worker_processes == 0

    def chunks(self, n_articles: int) -> list[slice]:
        return plan_chunks(n_articles, self.chunk_size, self.workers_sharing_chunks)


def plan_chunks(n_articles: int, chunk_size: int, workers: int) -> list[slice]:
    """Chunks of `chunk_size` articles; with several workers the last ones shrink (to an eighth) so
    the workers finish together instead of one parsing a whole last chunk alone. Articles that fit
    one chunk stay one chunk (worker processes would cost more to start than they save)."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be >= 1")
    if n_articles <= chunk_size:
        return [slice(0, n_articles)] if n_articles else []  # one chunk: parsed in the flow's process
    smallest = max(1, chunk_size // 8)
    slices, start = [], 0
    while start < n_articles:
        remaining = n_articles - start
        size = chunk_size if workers <= 1 else max(smallest, min(chunk_size, -(-remaining // (2 * workers))))
        slices.append(slice(start, min(start + size, n_articles)))
        start += size
    return slices


@contextmanager
def parse_workers(plan: ParsePlan, dask_address: str | None, model: str) -> Iterator[TaskRunner | None]:
    """The worker processes (or Dask cluster) that will parse, started before normalisation so that
    their start-up and model loading overlap it; None when this process parses."""
    if plan.parses_here:
        yield None
        return
    with api_url_for_workers(), build_task_runner(plan.runner, plan.worker_processes, dask_address, model) as task_runner:
        if plan.runner == "dask":  # connects (or starts the local cluster) now; each worker loads the model meanwhile
            with glibc_default_malloc_on_dask_workers():
                task_runner.client.run(warm_dask_worker, model, wait=False)
        yield task_runner


@contextmanager
def glibc_default_malloc_on_dask_workers() -> Iterator[None]:
    """Dask's nannies start workers with MALLOC_TRIM_THRESHOLD_=65536 (memory goes back to the OS
    sooner), which also turns off glibc's adaptive mmap threshold: spaCy's per-batch arrays are
    then mapped and unmapped each time, which costs the parse system time (measured in
    docs/performance.md). Workers of the temporary local cluster keep glibc's default; a cluster of
    your own keeps its settings."""
    import dask

    environ = {k: v for k, v in dask.config.get("distributed.nanny.pre-spawn-environ", {}).items() if k != "MALLOC_TRIM_THRESHOLD_"}
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
        yield


async def warm_dask_worker(model: str) -> None:
    """`warm_worker` on a Dask worker (`Client.run` without waiting takes only coroutines); it holds
    the worker's event loop while the model loads, as the first chunk would."""
    warm_worker(model)


class WarmProcessPoolTaskRunner(ProcessPoolTaskRunner):
    """Prefect's process pool, with every worker process started on entry instead of at the first
    submissions (the executor spawns them lazily): each loads the model in its initializer while
    the flow is still normalising."""

    def __enter__(self) -> Self:
        super().__enter__()
        assert self._executor is not None
        for _ in range(self._max_workers):  # a submission finding no idle process starts one
            self._executor.submit(os.getpid)
        return self


@contextmanager
def api_url_for_workers() -> Iterator[None]:
    """Point worker processes at this run's Prefect API.

    In ephemeral mode the API address lives only in this process's settings; a spawned worker
    that does not see it starts a Prefect server of its own (seconds of start-up and a core's
    worth of CPU per worker).
    """
    from prefect.client.orchestration import get_client

    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = str(get_client(sync_client=True).api_url)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous


def build_task_runner(runner: str, workers: int, dask_address: str | None, model: str) -> TaskRunner:
    """Worker processes on this machine, or Dask (a given scheduler, else a temporary local cluster)."""
    if runner == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None})
    return WarmProcessPoolTaskRunner(max_workers=workers, initializer=warm_worker, initargs=(model,))
