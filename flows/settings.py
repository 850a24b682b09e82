"""The run's settings in one typed place: the defaults of the flow's parameters (and so of the
deployment's form in the Prefect UI), of the command line's options, and the one environment
variable newsfacts reads. Importable without Prefect or spaCy (the CLI reads it first thing)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from transforms.aggregate.corpus import DEFAULT_CONFLICT_TOLERANCE
from transforms.ingest import DEFAULT_MAX_INPUT_BYTES
from transforms.nlp import DEFAULT_BATCH_SIZE, DEFAULT_MODEL, MODEL_ENVIRONMENT_VARIABLE

__all__ = ["DEFAULTS", "DEFAULT_MODEL", "LIMITS", "MODEL_ENVIRONMENT_VARIABLE", "Limit", "RunSettings"]


@dataclass(frozen=True)
class Limit:
    """The range a numeric setting must lie in (checked by the CLI, and by Prefect for the UI form)."""

    low: float
    high: float | None = None
    low_included: bool = True

    def check(self, value: float) -> bool:
        above = value >= self.low if self.low_included else value > self.low
        return above and (self.high is None or value <= self.high)

    def describe(self) -> str:
        low = f"{'at least' if self.low_included else 'more than'} {self.low:g}"
        return low if self.high is None else f"between {self.low:g} and {self.high:g}"


LIMITS: dict[str, Limit] = {
    "chunk_size": Limit(1),
    "batch_size": Limit(1),
    "workers": Limit(0),
    "conflict_tolerance": Limit(0.0, 1.0),
    "max_input_mb": Limit(0.0, low_included=False),
    "lock_wait_seconds": Limit(0.0),
}


@dataclass(frozen=True)
class RunSettings:
    paths: list[str] = field(default_factory=lambda: ["data/raw"])
    warehouse_dir: str = "data/warehouse"
    full_refresh: bool = False
    source_name: str = ""  # the outlet of inputs that name none (a folder of one outlet's .txt files)
    # "": the model named by NEWSFACTS_SPACY_MODEL where the run executes (a scheduled or UI run
    # reads the worker's environment, not the one the deployment was created in), else DEFAULT_MODEL.
    model: str = ""
    chunk_size: int = 128  # articles per extract task: fewer, larger tasks (each costs orchestration on workers)
    batch_size: int = DEFAULT_BATCH_SIZE  # texts per nlp.pipe batch
    conflict_tolerance: float = DEFAULT_CONFLICT_TOLERANCE  # relative spread beyond which sources disagree
    max_input_mb: float = DEFAULT_MAX_INPUT_BYTES / 1024 / 1024  # larger inputs are rejected
    runner: Literal["local", "dask"] = "local"
    workers: int = 0  # 0: one per core
    dask_address: str = ""  # "": a temporary local Dask cluster
    lock_wait_seconds: float = 900.0  # a scheduled run and a UI run that overlap: the second waits its turn


DEFAULTS = RunSettings()
