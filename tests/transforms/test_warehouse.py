from __future__ import annotations

from datetime import date, datetime, timezone

import duckdb
import pandas as pd
import pytest

from transforms import schema, warehouse


def _runs(n: int) -> pd.DataFrame:
    started = datetime(2024, 11, 18, 6, tzinfo=timezone.utc)
    return pd.DataFrame(
        [
            {"run_id": f"r{i}", "started_at": started, "finished_at": started, "status": "published", "code_version": "0.1.0",
             "model_name": "en_core_web_sm==3.8.0", "parameters": "{}", "articles_seen": i, "articles_new": i,
             "articles_rejected": 0, "validation_success": True}
            for i in range(n)
        ]
    )


def _rejections(days: list[date]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"rejection_id": f"x{i}", "source_uri": f"in/{i}.txt", "reason": "empty", "detail": "the file is empty",
             "content_sha256": "0" * 64, "size_bytes": 0, "run_id": "r0", "rejected_at": datetime(d.year, d.month, d.day, tzinfo=timezone.utc)}
            for i, d in enumerate(days)
        ]
    )


def test_written_table_reads_back_in_duckdb_with_contract_types(tmp_path):
    warehouse.write_table(_runs(3), schema.RUNS, tmp_path / "runs")
    con = duckdb.connect()
    described = {row[0]: row[1] for row in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{tmp_path}/runs/**/*.parquet', hive_partitioning=true)").fetchall()}
    assert described["started_at"] == "TIMESTAMP WITH TIME ZONE"
    assert described["run_id"] == "VARCHAR" and described["articles_seen"] == "INTEGER"
    assert con.execute(f"SELECT count(*) FROM read_parquet('{tmp_path}/runs/*.parquet')").fetchall()[0][0] == 3


def test_parquet_files_use_string_not_large_string_and_dictionary_for_low_cardinality(tmp_path):
    import pyarrow.parquet as pq

    (path,) = warehouse.write_table(_runs(2), schema.RUNS, tmp_path / "runs")
    file_schema = pq.read_schema(path)
    assert str(file_schema.field("run_id").type) == "string"
    assert str(file_schema.field("status").type) == "dictionary<values=string, indices=int32, ordered=0>"
    assert str(file_schema.field("started_at").type) == "timestamp[us, tz=UTC]"


def test_missing_column_is_refused(tmp_path):
    with pytest.raises(KeyError, match="status"):
        warehouse.write_table(_runs(1).drop(columns=["status"]), schema.RUNS, tmp_path / "runs")


def test_round_trip_through_the_io_layer(tmp_path):
    frame = _runs(2)
    warehouse.write_table(frame, schema.RUNS, tmp_path / "runs")
    back = warehouse.read_table(tmp_path, schema.RUNS)
    assert back["run_id"].tolist() == ["r0", "r1"]
    assert str(back["started_at"].dtype) == "datetime64[us, UTC]"
    assert warehouse.read_table(tmp_path, schema.CLAIMS).empty  # absent table reads as empty


def test_partitioned_table_is_split_by_ingest_date_and_partition_comes_back(tmp_path):
    articles = pd.DataFrame(
        [
            {"article_id": f"a{i}", "source_uri": f"{i}.txt", "source_name": None, "title": None, "author": None, "url": None,
             "published_at": None, "ingested_at": datetime(2024, 11, 17 + i, tzinfo=timezone.utc), "language": "en",
             "body_text": "Text.", "word_count": 1, "is_truncated": False, "visible_fraction": 1.0, "removed_boilerplate": [],
             "duplicate_of": None, "content_sha256": "f" * 64, "source_encoding": "utf-8", "run_id": "r", "ingest_date": date(2024, 11, 17 + i)}
            for i in range(2)
        ]
    )
    warehouse.write_table(articles, schema.ARTICLES, tmp_path / "articles")
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == ["ingest_date=2024-11-17", "ingest_date=2024-11-18"]
    rows = duckdb.sql(f"SELECT article_id, ingest_date FROM read_parquet('{tmp_path}/articles/**/*.parquet', hive_partitioning=true) ORDER BY 1").fetchall()
    assert rows == [("a0", date(2024, 11, 17)), ("a1", date(2024, 11, 18))]
    assert warehouse.read_table(tmp_path, schema.ARTICLES)["ingest_date"].tolist() == [date(2024, 11, 17), date(2024, 11, 18)]


def test_empty_partitioned_table_still_has_a_file_with_the_schema(tmp_path):
    empty = pd.DataFrame(columns=schema.FIGURES.column_names)
    (path,) = warehouse.write_table(empty, schema.FIGURES, tmp_path / "figures", empty_partition=date(2024, 11, 18))
    assert path.parent.name == "ingest_date=2024-11-18"
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/figures/**/*.parquet', hive_partitioning=true)").fetchall()[0][0] == 0


def test_publish_swaps_the_table_and_leaves_no_staging(tmp_path):
    warehouse.write_table(_rejections([date(2024, 11, 17)]), schema.REJECTED_INPUTS, tmp_path / "rejected_inputs")
    staged = warehouse.staging_path(tmp_path, "run-2") / "rejected_inputs"
    warehouse.write_table(_rejections([date(2024, 11, 17), date(2024, 11, 18)]), schema.REJECTED_INPUTS, staged)
    warehouse.publish_tables(tmp_path, {"rejected_inputs": staged})
    warehouse.retire_staging(tmp_path, "run-2", failed=False)
    assert len(warehouse.read_table(tmp_path, schema.REJECTED_INPUTS)) == 2
    assert not (tmp_path / warehouse.STAGING_DIR / "run-2").exists()
    assert not any(p.name.startswith(".retired") for p in tmp_path.iterdir())


def test_failed_run_staging_is_kept_aside_not_published(tmp_path):
    staged = warehouse.staging_path(tmp_path, "run-3") / "runs"
    warehouse.write_table(_runs(1), schema.RUNS, staged)
    kept = warehouse.retire_staging(tmp_path, "run-3", failed=True)
    assert kept == tmp_path / warehouse.FAILED_DIR / "run-3"
    assert (kept / "runs").is_dir() and not (tmp_path / "runs").exists()
