"""The scheduled deployment, registered with the (test) Prefect server and read back."""

from __future__ import annotations

import asyncio

from prefect.client.orchestration import get_client

from flows.deploy import build_deployment


def test_deployment_has_the_cron_schedule_and_typed_editable_parameters():
    deployment = build_deployment("newsfacts-test", "30 5 * * *", "UTC", {"paths": ["data/raw"]})
    deployment_id = deployment.apply()

    async def read():
        async with get_client() as client:
            return await client.read_deployment(deployment_id)

    stored = asyncio.run(read())
    assert stored.name == "newsfacts-test"
    assert [s.schedule.cron for s in stored.schedules] == ["30 5 * * *"]
    properties = stored.parameter_openapi_schema["properties"]
    assert properties["full_refresh"]["type"] == "boolean"
    assert properties["chunk_size"]["type"] == "integer"
    assert properties["paths"]["type"] == "array"
    assert stored.parameters == {"paths": ["data/raw"]}
    assert stored.global_concurrency_limit is not None and stored.global_concurrency_limit.limit == 1  # runs take turns
    assert properties["lock_wait_seconds"]["type"] == "number"
    # Every parameter has a type and a description in the UI form, and its limits.
    assert all(p.get("type") and p.get("description") for p in properties.values()), properties
    assert properties["chunk_size"]["minimum"] == 1 and properties["workers"]["minimum"] == 0
    assert (properties["conflict_tolerance"]["minimum"], properties["conflict_tolerance"]["maximum"]) == (0.0, 1.0)


def test_a_run_with_parameters_outside_their_limits_is_refused_before_it_starts(tmp_path):
    import pytest
    from prefect.exceptions import ParameterTypeError

    from flows.pipeline import newsfacts_pipeline

    for bad in ({"chunk_size": 0}, {"conflict_tolerance": 1.5}, {"workers": -1}):
        with pytest.raises(ParameterTypeError):
            newsfacts_pipeline(paths=["data/raw"], warehouse_dir=str(tmp_path / "wh"), **bad)
    assert not (tmp_path / "wh").exists()


def test_the_flow_the_command_line_and_the_settings_share_one_set_of_defaults():
    import inspect

    from flows.cli import build_parser, run_settings
    from flows.pipeline import newsfacts_pipeline
    from flows.settings import DEFAULTS

    signature = {name: p.default for name, p in inspect.signature(newsfacts_pipeline.fn).parameters.items()}
    assert signature == DEFAULTS.__dict__
    assert run_settings(build_parser().parse_args(["run"])) == DEFAULTS
