"""The scheduled deployment of the newsfacts flow, for a long-running Prefect server and its UI."""

from __future__ import annotations

from typing import Any

from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from flows.pipeline import newsfacts_pipeline
from flows.settings import SCHEDULE


def build_deployment(
    name: str = SCHEDULE.name, cron: str = SCHEDULE.cron, timezone: str = SCHEDULE.timezone, parameters: dict[str, Any] | None = None,
) -> RunnerDeployment:
    """A deployment on a cron schedule; every flow parameter stays editable for ad hoc runs in the UI,
    and those not given here default to `flows.settings.DEFAULTS` (the flow's signature)."""
    return newsfacts_pipeline.to_deployment(
        name=name,
        schedule=Cron(cron, timezone=timezone),
        parameters=parameters or {},
        description="Daily newsfacts run: ingest -> normalize -> extract -> aggregate, validated and published atomically.",
        tags=["newsfacts"],
        concurrency_limit=1,  # one run of the deployment at a time; the warehouse lock also guards other writers
    )


def serve_deployment(name: str, cron: str, timezone: str, parameters: dict[str, Any]) -> None:
    """Register the deployment and run its schedule (and UI-launched runs) until interrupted."""
    from prefect import serve

    serve(build_deployment(name, cron, timezone, parameters))
