from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from transforms import schema
from transforms.io import warehouse

REPO = Path(__file__).resolve().parents[3]


def _runs(n: int, first: int = 0) -> pd.DataFrame:
    started = datetime(2024, 11, 18, 6, tzinfo=UTC)
    return pd.DataFrame(
        [
            {"run_id": f"r{i}", "started_at": started, "finished_at": started, "status": "published", "code_version": "0.1.0",
             "model_name": "en_core_web_sm==3.8.0", "parameters": "{}", "articles_seen": i, "articles_new": i,
             "articles_rejected": 0, "validation_success": True, "rows_relinked": 0, "snapshot": None}
            for i in range(first, first + n)
        ]
    )


def _rejections(days: list[date]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"rejection_id": f"x{i}", "source_uri": f"in/{i}.txt", "reason": "empty", "detail": "the file is empty",
             "content_sha256": "0" * 64, "size_bytes": 0, "run_id": "r0", "rejected_at": datetime(d.year, d.month, d.day, tzinfo=UTC)}
            for i, d in enumerate(days)
        ]
    )


def _articles(article_ids: list[str], day: date) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"article_id": article_id, "source_uri": f"{article_id}.txt", "source_name": None, "title": None, "author": None, "url": None,
             "published_at": None, "ingested_at": datetime(day.year, day.month, day.day, tzinfo=UTC), "language": "en",
             "body_text": "Text.", "word_count": 1, "is_truncated": False, "visible_fraction": 1.0, "removed_boilerplate": [],
             "duplicate_of": None, "story_id": "s1", "content_sha256": "f" * 64, "source_encoding": "utf-8", "metadata_notes": [], "run_id": "r", "ingest_date": day}
            for article_id in article_ids
        ]
    )


def _publish(wh: Path, run_id: str, frames: dict[str, pd.DataFrame], replaced=(), dropped=()) -> warehouse.Snapshot:
    """Publish one snapshot that adds `frames` (folder name -> rows, written as RUNS rows unless the
    folder is a table of the contract) as files named after `run_id`, the way a run does."""
    publish_dir = warehouse.publish_root(wh, run_id)
    for folder, frame in frames.items():
        table = schema.table(folder) if folder in schema.tables_by_name() else schema.RUNS
        warehouse.write_table(frame, table, publish_dir / folder, prefix=run_id)
    published = warehouse.publish_snapshot(wh, run_id, publish_dir, replaced, dropped)
    warehouse.retire_staging(wh, run_id, failed=False)
    return published


def _glob_rows(wh: Path, table: str, column: str) -> list:
    """What a BI user's query sees: the table's stable path, globbed."""
    return sorted(
        row[0] for row in duckdb.sql(
            f"SELECT {column} FROM read_parquet('{wh}/{table}/**/*.parquet', hive_partitioning=true)").fetchall()
    )


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*.parquet")}


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


def test_rewritten_rows_lacking_a_nullable_column_get_nulls_not_another_columns_values(tmp_path):
    # files written before a column existed: the query has no such column (the last column used to fill it)
    warehouse.write_table(_runs(2, first=1), schema.RUNS, tmp_path / "old")
    source = f"read_parquet('{tmp_path}/old/*.parquet')"
    con = duckdb.connect()
    sql = f"SELECT * EXCLUDE (rows_relinked, articles_new), articles_new FROM {source}"
    assert warehouse.write_query(con, sql, schema.RUNS, tmp_path / "new" / "runs.parquet") == 2
    back = warehouse.read_table_dir(tmp_path / "new", schema.RUNS)
    assert back["rows_relinked"].isna().all()
    assert back["articles_new"].tolist() == [1, 2]


def test_rewritten_rows_lacking_a_required_column_are_refused(tmp_path):
    warehouse.write_table(_runs(1), schema.RUNS, tmp_path / "old")
    sql = f"SELECT * EXCLUDE (status) FROM read_parquet('{tmp_path}/old/*.parquet')"
    with pytest.raises(KeyError, match="status"):
        warehouse.write_query(duckdb.connect(), sql, schema.RUNS, tmp_path / "new" / "runs.parquet")
    assert not (tmp_path / "new" / "runs.parquet").exists()


def test_files_written_before_a_nullable_column_read_it_as_nulls_and_a_missing_required_one_is_refused(tmp_path):
    frame = _runs(2).drop(columns=["rows_relinked"])  # as a file of an older schema holds it
    (tmp_path / "runs").mkdir()
    frame.to_parquet(tmp_path / "runs" / "old.parquet", index=False)
    back = warehouse.read_table_dir(tmp_path / "runs", schema.RUNS, hive=False)
    assert back["rows_relinked"].isna().all() and back["run_id"].tolist() == frame["run_id"].tolist()
    frame.drop(columns=["status"]).to_parquet(tmp_path / "runs" / "old.parquet", index=False)
    with pytest.raises(KeyError, match="status"):
        warehouse.read_table_dir(tmp_path / "runs", schema.RUNS, hive=False)


def test_round_trip_through_the_io_layer(tmp_path):
    frame = _runs(2)
    warehouse.write_table(frame, schema.RUNS, tmp_path / "runs")
    back = warehouse.read_table(tmp_path, schema.RUNS)
    assert back["run_id"].tolist() == ["r0", "r1"]
    assert str(back["started_at"].dtype) == "datetime64[us, UTC]"
    assert warehouse.read_table(tmp_path, schema.CLAIMS).empty  # absent table reads as empty


def test_partitioned_table_is_split_by_ingest_date_into_files_named_after_the_prefix(tmp_path):
    articles = pd.concat([_articles(["a0"], date(2024, 11, 17)), _articles(["a1"], date(2024, 11, 18))], ignore_index=True)
    written = warehouse.write_table(articles, schema.ARTICLES, tmp_path / "articles", prefix="run-7")
    assert sorted(str(p.relative_to(tmp_path / "articles")) for p in written) == [
        "ingest_date=2024-11-17/run-7-00000.parquet", "ingest_date=2024-11-18/run-7-00000.parquet"]
    rows = duckdb.sql(f"SELECT article_id, ingest_date FROM read_parquet('{tmp_path}/articles/**/*.parquet', hive_partitioning=true) ORDER BY 1").fetchall()
    assert rows == [("a0", date(2024, 11, 17)), ("a1", date(2024, 11, 18))]
    assert warehouse.read_table(tmp_path, schema.ARTICLES)["ingest_date"].tolist() == [date(2024, 11, 17), date(2024, 11, 18)]


def test_empty_partitioned_table_still_has_a_file_with_the_schema(tmp_path):
    empty = pd.DataFrame(columns=schema.FIGURES.column_names)
    (path,) = warehouse.write_table(empty, schema.FIGURES, tmp_path / "figures", empty_partition=date(2024, 11, 18))
    assert path.parent.name == "ingest_date=2024-11-18"
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/figures/**/*.parquet', hive_partitioning=true)").fetchall()[0][0] == 0


def test_failed_run_staging_is_kept_aside_not_published(tmp_path):
    staged = warehouse.staging_path(tmp_path, "run-3") / "runs"
    warehouse.write_table(_runs(1), schema.RUNS, staged)
    kept = warehouse.retire_staging(tmp_path, "run-3", failed=True)
    assert kept == tmp_path / warehouse.FAILED_DIR / "run-3"
    assert (kept / "runs").is_dir() and not (tmp_path / "runs").exists()


# ---------------------------------------------------------------------------------------------
# Snapshots
# ---------------------------------------------------------------------------------------------


def test_table_glob_sees_only_the_current_snapshot_and_the_old_one_stays_readable(tmp_path):
    wh = tmp_path / "wh"
    first = _publish(wh, "run-1", {"runs": _runs(1), "articles": _articles(["a0"], date(2024, 11, 17))})
    assert _glob_rows(wh, "runs", "run_id") == ["r0"]
    assert _glob_rows(wh, "articles", "article_id") == ["a0"]

    second = _publish(wh, "run-2", {"runs": _runs(1, first=1), "articles": _articles(["b0"], date(2024, 11, 18))},
                      replaced=["articles"])
    assert (first.sequence, second.sequence) == (1, 2)
    assert os.readlink(wh / warehouse.CURRENT_LINK) == f"{warehouse.SNAPSHOTS_DIR}/00000002"
    assert (wh / "runs").is_symlink() and os.readlink(wh / "runs") == f"{warehouse.CURRENT_LINK}/runs"
    assert _glob_rows(wh, "runs", "run_id") == ["r0", "r1"]
    assert _glob_rows(wh, "articles", "article_id") == ["b0"]  # the replaced table: none of snapshot 1's rows
    assert _glob_rows(first.root, "articles", "article_id") == ["a0"]  # a reader that resolved snapshot 1
    assert warehouse.current_snapshot(wh) == second
    assert second.manifest()["parent"] == 1 and second.manifest()["run_id"] == "run-2"
    assert not (wh / warehouse.STAGING_DIR / "run-2").exists()


def test_file_kept_from_the_previous_snapshot_is_a_hard_link_not_a_copy(tmp_path):
    wh = tmp_path / "wh"
    first = _publish(wh, "run-1", {"runs": _runs(1)})
    second = _publish(wh, "run-2", {"runs": _runs(1, first=1)})
    kept = first.path("runs") / "run-1-00000.parquet"
    linked = second.path("runs") / "run-1-00000.parquet"
    assert linked.stat().st_ino == kept.stat().st_ino
    assert kept.stat().st_nlink == 2
    assert _files(second.path("runs")) == {"run-1-00000.parquet", "run-2-00000.parquet"}


def test_dropped_and_replaced_remove_exactly_what_they_name(tmp_path):
    wh = tmp_path / "wh"
    first = _publish(wh, "run-1", {
        "runs": _runs(2), "rejected_inputs": _rejections([date(2024, 11, 17)]),
        "_state/x": _runs(1), "_state/x_other": _runs(1), "_state/y": _runs(1),
    })
    assert _files(first.root) == {
        "runs/run-1-00000.parquet", "rejected_inputs/run-1-00000.parquet",
        "_state/x/run-1-00000.parquet", "_state/x_other/run-1-00000.parquet", "_state/y/run-1-00000.parquet",
    }
    # run 2 rewrites run 1's runs file (a new name), and rebuilds the whole `_state/x` index
    second = _publish(wh, "run-2", {"runs": _runs(2), "_state/x": _runs(3)},
                      replaced=["_state/x"], dropped=["runs/run-1-00000.parquet"])
    assert _files(second.root) == {
        "runs/run-2-00000.parquet", "rejected_inputs/run-1-00000.parquet",
        "_state/x/run-2-00000.parquet", "_state/x_other/run-1-00000.parquet", "_state/y/run-1-00000.parquet",
    }
    assert _glob_rows(wh, "runs", "run_id") == ["r0", "r1"]  # no row twice
    assert len(first.files("runs")) == 1  # the dropped file lives on in the snapshot that published it


def test_adding_a_file_that_is_already_published_is_refused(tmp_path):
    wh = tmp_path / "wh"
    _publish(wh, "run-1", {"runs": _runs(1)})
    with pytest.raises(FileExistsError, match="run-1-00000.parquet"):
        _publish(wh, "run-1", {"runs": _runs(1, first=5)})
    assert _glob_rows(wh, "runs", "run_id") == ["r0"]


def test_clean_leftovers_removes_what_killed_runs_left_but_not_the_current_snapshot(tmp_path):
    wh = tmp_path / "wh"
    current = _publish(wh, "run-1", {"runs": _runs(1)})
    unfinished = wh / warehouse.SNAPSHOTS_DIR / f"{warehouse.BUILDING_PREFIX}dead-run"
    never_switched = wh / warehouse.SNAPSHOTS_DIR / "00000002"
    for folder in (unfinished, never_switched):
        warehouse.write_table(_runs(1, first=9), schema.RUNS, folder / "runs", prefix="dead-run")
    warehouse.write_table(_runs(1, first=9), schema.RUNS, warehouse.publish_root(wh, "dead-run") / "runs", prefix="dead-run")
    (warehouse.staging_path(wh, "live-run") / "extracted").mkdir(parents=True)
    stale_link = wh / f".{warehouse.CURRENT_LINK}.tmp-12345"
    os.symlink("nowhere", stale_link)

    removed = warehouse.clean_leftovers(wh, keep_run_id="live-run")

    assert sorted(removed) == sorted([f"{warehouse.SNAPSHOTS_DIR}/{warehouse.BUILDING_PREFIX}dead-run",
                                      f"{warehouse.SNAPSHOTS_DIR}/00000002", f"{warehouse.STAGING_DIR}/dead-run"])
    assert sorted(p.name for p in (wh / warehouse.SNAPSHOTS_DIR).iterdir()) == ["00000001"]
    assert sorted(p.name for p in (wh / warehouse.STAGING_DIR).iterdir()) == ["live-run"]
    assert not stale_link.is_symlink()
    assert warehouse.current_snapshot(wh) == current
    assert _glob_rows(wh, "runs", "run_id") == ["r0"]


def test_prune_keeps_the_current_the_newest_and_those_replaced_within_the_grace_period(tmp_path):
    wh = tmp_path / "wh"
    for number in range(1, 7):
        _publish(wh, f"run-{number}", {"runs": _runs(1, first=number)})
    for number in (7, 8):  # newer than `_current` (never switched to): `_current` is not among the newest two
        (wh / warehouse.SNAPSHOTS_DIR / f"{number:08d}").mkdir()
    hours_ago = time.time() - 2 * 3600
    for number in (1, 2, 3, 5, 6, 7, 8):  # snapshot 4 was built just now: snapshot 3 was replaced just now
        os.utime(wh / warehouse.SNAPSHOTS_DIR / f"{number:08d}", (hours_ago, hours_ago))

    removed = warehouse.prune_snapshots(wh, keep=2, grace_seconds=3600)

    assert sorted(removed) == [1, 2, 4, 5]
    assert sorted(p.name for p in (wh / warehouse.SNAPSHOTS_DIR).iterdir()) == ["00000003", "00000006", "00000007", "00000008"]
    # run 1's file outlives snapshot 1 through its links in the current snapshot
    assert _glob_rows(wh, "runs", "run_id") == ["r1", "r2", "r3", "r4", "r5", "r6"]


_HOLD_LOCK = """
import sys
from pathlib import Path
from transforms.io.warehouse import warehouse_lock
with warehouse_lock(Path(sys.argv[1]), 0, holder="other-run"):
    print("holding", flush=True)
    sys.stdin.read()  # until the test closes our stdin
"""

_TRY_LOCK = """
import sys
from pathlib import Path
from transforms.io.warehouse import WarehouseBusyError, warehouse_lock
try:
    with warehouse_lock(Path(sys.argv[1]), 0):
        pass
except WarehouseBusyError:
    sys.exit(4)
"""


def _lock_free_for_another_process(wh: Path) -> bool:
    done = subprocess.run([sys.executable, "-c", _TRY_LOCK, str(wh)], cwd=REPO, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode in (0, 4), done.stderr
    return done.returncode == 0


def test_second_writer_from_another_process_waits_then_is_told_who_holds_the_lock(tmp_path):
    wh = tmp_path / "wh"
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(wh)], cwd=REPO, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        with pytest.raises(warehouse.WarehouseBusyError) as refused, warehouse.warehouse_lock(wh, wait_seconds=0.5, holder="this-run"):
            pytest.fail("the lock was taken while another process held it")
        assert time.monotonic() - started >= 0.5
        assert str(wh) in str(refused.value)
        assert f"run other-run (pid {holder.pid}" in str(refused.value)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    with warehouse.warehouse_lock(wh, wait_seconds=0):  # released when its holder ended
        pass


def test_lock_is_reentrant_in_one_process_and_held_until_the_outer_block_ends(tmp_path):
    wh = tmp_path / "wh"
    with warehouse.warehouse_lock(wh, wait_seconds=0, holder="cli"):
        with warehouse.warehouse_lock(wh, wait_seconds=0, holder="flow"):
            assert not _lock_free_for_another_process(wh)
        assert not _lock_free_for_another_process(wh)  # the inner block's end did not release it
    assert _lock_free_for_another_process(wh)


def test_legacy_table_folders_become_snapshot_one_with_the_same_rows(tmp_path):
    wh = tmp_path / "wh"
    warehouse.write_table(_runs(2), schema.RUNS, wh / "runs")
    warehouse.write_table(_articles(["a0", "a1"], date(2024, 11, 17)), schema.ARTICLES, wh / "articles")
    before = {"runs": _glob_rows(wh, "runs", "run_id"), "articles": _glob_rows(wh, "articles", "article_id")}

    adopted = warehouse.adopt_legacy_layout(wh, [t.name for t in schema.TABLES])

    assert adopted is not None and adopted.sequence == 1
    assert warehouse.current_snapshot(wh) == adopted
    assert (wh / "runs").is_symlink() and (wh / "articles").is_symlink()
    assert {"runs": _glob_rows(wh, "runs", "run_id"), "articles": _glob_rows(wh, "articles", "article_id")} == before
    assert _files(adopted.root) == {"runs/part-00000.parquet", "articles/ingest_date=2024-11-17/part-00000.parquet"}
    assert warehouse.adopt_legacy_layout(wh, [t.name for t in schema.TABLES]) is None  # only once
    _publish(wh, "run-2", {"runs": _runs(1, first=2)})
    assert _glob_rows(wh, "runs", "run_id") == ["r0", "r1", "r2"]


def _claim_index(root: Path, version: int | None) -> warehouse.Snapshot:
    """A snapshot whose claim index holds one row written by rules of `version` (None: before the column existed)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = [n for n in schema.CLAIM_FEATURES.column_names if version is not None or n != "features_version"]
    columns = {name: pa.array([None], pa.string()) for name in names}
    if version is not None:
        columns["features_version"] = pa.array([version], pa.int32())
    folder = root / schema.CLAIM_FEATURES.name
    folder.mkdir(parents=True)
    pq.write_table(pa.table(columns), folder / "part-0.parquet")
    return warehouse.Snapshot(root=root, sequence=1)


def test_a_claim_index_computed_by_older_rules_asks_for_a_full_refresh(tmp_path):
    """The columns alone cannot tell: version 1 stored another `subject_entity_id` under the same name."""
    from transforms.io.increment import full_refresh_needed

    current = _claim_index(tmp_path / "current", schema.CLAIM_FEATURES_VERSION)
    assert warehouse.stale_indexes(current) == [] and full_refresh_needed(current) is None
    for name, version in (("older", schema.CLAIM_FEATURES_VERSION - 1), ("before-versions", None)):
        snapshot = _claim_index(tmp_path / name, version)
        assert warehouse.stale_indexes(snapshot) == [schema.CLAIM_FEATURES.name]
        assert "older" in full_refresh_needed(snapshot)


def test_a_warehouse_written_before_stories_asks_for_a_full_refresh(tmp_path):
    """Its articles have no story and its stories no founders to judge new articles by: one rebuild places them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from transforms.io.increment import full_refresh_needed

    snapshot = _claim_index(tmp_path / "before-stories", schema.CLAIM_FEATURES_VERSION)
    (tmp_path / "before-stories" / "articles").mkdir()
    pq.write_table(pa.table({"article_id": ["a1"]}), tmp_path / "before-stories" / "articles" / "part-0.parquet")
    assert "before stories" in full_refresh_needed(snapshot)
    founders = tmp_path / "before-stories" / schema.STORY_FEATURES.name
    founders.mkdir(parents=True)
    pq.write_table(pa.table({"article_id": ["a1"]}), founders / "part-0.parquet")  # an index without story_rank
    assert warehouse.stale_indexes(snapshot) == [schema.STORY_FEATURES.name]
