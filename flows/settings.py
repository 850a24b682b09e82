"""The run's settings in one typed place: the defaults and limits of the flow's parameters (and so
of the deployment's form in the Prefect UI), of the command line's options and of the schedule, and
the environment newsfacts sets and reads. Importable without Prefect or spaCy (the CLI reads it
first thing)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from transforms.aggregate.corpus import DEFAULT_CONFLICT_TOLERANCE
from transforms.ingest import DEFAULT_MAX_INPUT_BYTES
from transforms.nlp import DEFAULT_BATCH_SIZE, DEFAULT_MODEL, MODEL_ENVIRONMENT_VARIABLE

__all__ = [
    "DEFAULTS", "DEFAULT_MODEL", "LIMITS", "MODEL_ENVIRONMENT_VARIABLE", "SCHEDULE", "Limit", "RunSettings",
    "ScheduleSettings", "apply_environment_defaults", "parameter_bounds",
]


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


def _bounded(default: float, limit: Limit) -> Any:
    return field(default=default, metadata={"limit": limit})


@dataclass(frozen=True)
class RunSettings:
    """One run's settings: the flow's parameters, field for field, in the flow's order."""

    paths: list[str] = field(default_factory=lambda: ["data/raw"])
    warehouse_dir: str = "data/warehouse"
    full_refresh: bool = False
    relink: bool = False  # re-link the facts the warehouse holds with this version's rules; no input is read
    source_name: str = ""  # the outlet of inputs that name none (a folder of one outlet's .txt files)
    # "": the model named by NEWSFACTS_SPACY_MODEL where the run executes (a scheduled or UI run
    # reads the worker's environment, not the one the deployment was created in), else DEFAULT_MODEL.
    model: str = ""
    # articles per extract task: fewer, larger tasks (each costs orchestration on workers)
    chunk_size: int = _bounded(128, Limit(1))
    batch_size: int = _bounded(DEFAULT_BATCH_SIZE, Limit(1))  # texts per nlp.pipe batch
    # relative spread beyond which sources disagree
    conflict_tolerance: float = _bounded(DEFAULT_CONFLICT_TOLERANCE, Limit(0.0, 1.0))
    # larger inputs are rejected
    max_input_mb: float = _bounded(DEFAULT_MAX_INPUT_BYTES / 1024 / 1024, Limit(0.0, low_included=False))
    runner: Literal["local", "dask"] = "local"
    workers: int = _bounded(0, Limit(0))  # 0: one per core
    dask_address: str = ""  # "": a temporary local Dask cluster
    # a scheduled run and a UI run that overlap: the second waits its turn
    lock_wait_seconds: float = _bounded(900.0, Limit(0.0))

    @property
    def max_input_bytes(self) -> int:
        return int(self.max_input_mb * 1024 * 1024)


DEFAULTS = RunSettings()
LIMITS: dict[str, Limit] = {f.name: f.metadata["limit"] for f in fields(RunSettings) if "limit" in f.metadata}


@dataclass(frozen=True)
class ScheduleSettings:
    """The scheduled deployment `newsfacts serve` registers."""

    name: str = "newsfacts-daily"
    cron: str = "0 6 * * *"  # daily at 06:00
    timezone: str = "UTC"


SCHEDULE = ScheduleSettings()


def parameter_bounds(name: str) -> Any:
    """Pydantic bounds for a numeric flow parameter: Prefect shows them in the UI form and enforces them."""
    from pydantic import Field  # only the flow's module needs pydantic

    limit = LIMITS[name]
    bounds = {"ge" if limit.low_included else "gt": limit.low}
    return Field(**bounds, le=limit.high) if limit.high is not None else Field(**bounds)


# What the command line sets unless the environment says otherwise: no telemetry from this machine.
# (NEWSFACTS_SPACY_MODEL is read by `transforms.nlp.configured_model_name`, where the run executes.)
ENVIRONMENT_DEFAULTS = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "GX_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
# `run` keeps the terminal for the progress bar and the summary: Prefect's console shows warnings
# only, while its run logs still reach the Prefect API at INFO (a served run logs everything).
QUIET_CONSOLE = {"PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING"}


def apply_environment_defaults(quiet_console: bool) -> None:
    """Set the defaults above in this process's environment, keeping any the user set."""
    for name, value in {**(QUIET_CONSOLE if quiet_console else {}), **ENVIRONMENT_DEFAULTS}.items():
        os.environ.setdefault(name, value)
