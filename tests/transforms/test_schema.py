"""The generated artefacts (GX suites, data dictionary) must match the contract they come from."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa

from expectations.build import SUITES_DIR, build_suite, render_suite
from transforms.docs import render_data_dictionary
from transforms.schema import TABLES, tables_by_name

ROOT = Path(__file__).resolve().parents[2]


def test_stored_suites_are_current_with_the_schema():
    for table in TABLES:
        stored = (SUITES_DIR / f"{table.name}.json").read_text(encoding="utf-8")
        assert stored == render_suite(table), f"expectations/{table.name}.json is stale: run `make suites`"


def test_data_dictionary_is_current_with_the_schema():
    assert (ROOT / "docs" / "tables.md").read_text(encoding="utf-8") == render_data_dictionary(), "docs/tables.md is stale: run `make suites`"


def test_contract_uses_string_and_utc_microsecond_timestamps_only():
    for table in TABLES:
        for field in table.frame_schema():
            assert not pa.types.is_large_string(field.type)
            if pa.types.is_timestamp(field.type):
                assert field.type == pa.timestamp("us", tz="UTC"), f"{table.name}.{field.name}"


def test_every_foreign_key_points_at_a_declared_key_column():
    tables = tables_by_name()
    for table in TABLES:
        for key in table.foreign_keys:
            assert key.column in table.column_names
            assert key.ref_column == tables[key.ref_table].primary_key


def test_each_suite_checks_keys_nullability_and_foreign_keys():
    suite = build_suite(tables_by_name()["quotes"])
    kinds = {(e["type"], e["kwargs"].get("column")) for e in suite["expectations"]}
    assert ("expect_column_values_to_be_unique", "quote_id") in kinds
    assert ("expect_column_values_to_not_be_null", "article_id") in kinds
    fk = [e["meta"]["foreign_key"] for e in suite["expectations"] if "foreign_key" in e["meta"]]
    assert fk == [
        "quotes.article_id -> articles.article_id",
        "quotes.speaker_entity_id -> entities.entity_id",
        "quotes.quote_cluster_id -> quote_clusters.quote_cluster_id",
    ]
    assert json.loads(render_suite(tables_by_name()["quotes"]))["name"] == "quotes"
