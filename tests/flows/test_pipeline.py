"""The real flow on the bundled sample, read back with DuckDB."""

from __future__ import annotations

import gc
import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

import flows.tasks as tasks
import transforms.extract.tables as extract_tables
from flows.pipeline import GateFailedError, newsfacts_pipeline
from flows.runners import collector_skips_objects_alive_now
from tests.flows.conftest import SAMPLE
from transforms import schema
from transforms.nlp import ModelNotInstalledError

DUCKDB_TYPES = {
    pa.string(): "VARCHAR", pa.int32(): "INTEGER", pa.int64(): "BIGINT", pa.float64(): "DOUBLE", pa.bool_(): "BOOLEAN",
    pa.timestamp("us", tz="UTC"): "TIMESTAMP WITH TIME ZONE", pa.date32(): "DATE", pa.list_(pa.string()): "VARCHAR[]",
}


def read(warehouse: Path, table: str) -> duckdb.DuckDBPyRelation:
    return duckdb.sql(f"SELECT * FROM read_parquet('{warehouse}/{table}/**/*.parquet', hive_partitioning=true)")


def rows(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect()
    for table in schema.TABLES:
        if (warehouse / table.name).is_dir():
            con.execute(f"CREATE VIEW {table.name} AS SELECT * FROM read_parquet('{warehouse}/{table.name}/**/*.parquet', hive_partitioning=true)")
    return con.execute(sql).fetchall()


def snapshot(warehouse: Path, tables: list[str]) -> dict[str, str]:
    """Content hash of every file a reader of these tables sees (through `<warehouse>/<table>`)."""
    return {
        f"{name}/{p.relative_to(warehouse / name)}": hashlib.sha256(p.read_bytes()).hexdigest()
        for name in tables for p in sorted((warehouse / name).rglob("*")) if p.is_file()
    }


def tree_digest(root: Path) -> dict[str, str]:
    """Content hash of every file under `root`, and the target of every symlink."""
    return {
        str(p.relative_to(root)): f"-> {p.readlink()}" if p.is_symlink() else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_symlink() or p.is_file()
    }


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    """The sample published once, shared by the tests of this module: they only read it (checked
    when the module ends); a test that runs the flow on it again takes a copy (`own_copy`)."""
    warehouse = tmp_path_factory.mktemp("wh") / "warehouse"
    summary = newsfacts_pipeline(paths=[str(SAMPLE)], warehouse_dir=str(warehouse))
    published = tree_digest(warehouse)
    yield warehouse, summary
    assert tree_digest(warehouse) == published, "a test changed the shared warehouse: it must work on `own_copy`"


def own_copy(warehouse: Path, target: Path) -> Path:
    """A private copy of a warehouse (a few MB; its table symlinks are relative, so they stay inside it)."""
    return Path(shutil.copytree(warehouse, target, symlinks=True))


@pytest.fixture()
def thawed_collector():
    """No frozen objects when the test starts, whatever ran before; the process's own state afterwards."""
    was_frozen = gc.get_freeze_count() > 0
    gc.unfreeze()
    yield
    gc.unfreeze()
    if was_frozen:
        gc.freeze()


def test_sample_run_publishes_every_table_with_contract_types(sample_run):
    warehouse, summary = sample_run
    assert summary["status"] == "published"
    for table in schema.TABLES:
        relation = read(warehouse, table.name)
        described = dict(zip(relation.columns, [str(t) for t in relation.types]))
        for column in table.columns:
            assert described[column.name] == DUCKDB_TYPES[column.type], f"{table.name}.{column.name}"
        if table.primary_key:
            total, distinct, nulls = rows(warehouse, f"SELECT count(*), count(DISTINCT {table.primary_key}), count(*) - count({table.primary_key}) FROM {table.name}")[0]
            assert total == distinct and nulls == 0, table.name


def test_foreign_keys_resolve_and_offsets_index_the_body(sample_run):
    warehouse, _ = sample_run
    for table in schema.TABLES:
        for key in table.foreign_keys:
            dangling = rows(warehouse, f"SELECT count(*) FROM {table.name} t WHERE t.{key.column} IS NOT NULL AND t.{key.column} NOT IN (SELECT {key.ref_column} FROM {key.ref_table})")
            assert dangling == [(0,)], f"{table.name}.{key.column}"
    for table, column in (("entity_mentions", "mention_text"), ("quotes", "quote_text"), ("figures", "surface")):
        bad = rows(warehouse, f"SELECT count(*) FROM {table} t JOIN articles a USING (article_id) WHERE substr(a.body_text, t.start_char + 1, t.end_char - t.start_char) <> t.{column}")
        assert bad == [(0,)], table


def test_sample_articles_paywall_and_counts(sample_run):
    warehouse, summary = sample_run
    assert rows(warehouse, "SELECT count(*) FROM articles") == [(5,)]
    truncated = rows(warehouse, "SELECT body_text, is_truncated, visible_fraction, len(removed_boilerplate) FROM articles WHERE source_uri LIKE '%000_f63fc0ac8ccc2cda.txt'")
    body, is_truncated, visible_fraction, removed = truncated[0]
    assert is_truncated and visible_fraction == pytest.approx(0.5183) and removed == 3
    assert "Subscribers only" not in body and "left to read" not in body
    assert rows(warehouse, "SELECT count(*) FROM articles WHERE is_truncated") == [(1,)]
    for table in ("entity_mentions", "entities", "quotes", "quote_clusters", "figures", "claims"):
        assert summary["table_rows"][table] > 0, table
    assert (warehouse / "_data_docs" / "index.html").is_file()
    assert rows(warehouse, "SELECT status, articles_new, validation_success FROM runs") == [("published", 5, True)]
    assert rows(warehouse, "SELECT count(*) FROM validation_results WHERE severity = 'blocking' AND NOT success") == [(0,)]
    assert not any((warehouse / "_staging").iterdir())
    assert (warehouse / "_current").is_symlink() and (warehouse / "articles").is_symlink()


def test_rerun_adds_nothing_and_does_not_parse(sample_run, tmp_path):
    shared, first = sample_run
    warehouse = own_copy(shared, tmp_path / "warehouse")
    before = {t: rows(warehouse, f"SELECT count(*) FROM {t}")[0][0] for t in first["table_rows"] if t != "runs"}
    again = newsfacts_pipeline(paths=[str(SAMPLE)], warehouse_dir=str(warehouse))
    assert again["status"] == "no_change" and again["articles_parsed"] == 0
    after = {t: rows(warehouse, f"SELECT count(*) FROM {t}")[0][0] for t in before}
    assert after == before
    assert rows(warehouse, "SELECT status FROM runs ORDER BY started_at") == [("published",), ("no_change",)]


def test_new_file_adds_only_its_rows_and_full_refresh_rebuilds(sample_dir, tmp_path):
    warehouse = tmp_path / "warehouse"
    newsfacts_pipeline(paths=[str(sample_dir)], warehouse_dir=str(warehouse))
    mentions_before = rows(warehouse, "SELECT count(*) FROM entity_mentions")[0][0]
    first_files = {f"{name}/{p.name}": p.stat().st_ino for name in ("articles", "entity_mentions", "quotes", "figures") for p in (warehouse / name).rglob("*.parquet")}
    (sample_dir / "005_new.json").write_text(json.dumps({
        "title": "Kremlin responds", "source": "Wire", "published_at": "2024-11-18T08:00:00Z",
        "text": "Kremlin spokesperson Dmitry Peskov said on Monday that Washington was adding fuel to the fire by letting Ukraine "
                "strike Russia with US-made ATACMS missiles. \u201cThe outgoing administration intends to keep escalating,\u201d Peskov "
                "told reporters in Moscow of Joe Biden's decision on the long-range missiles."}), encoding="utf-8")
    summary = newsfacts_pipeline(paths=[str(sample_dir)], warehouse_dir=str(warehouse))
    assert summary["new_rows"]["articles"] == 1 and summary["articles_parsed"] == 1
    assert rows(warehouse, "SELECT count(*), count(DISTINCT run_id) FROM articles") == [(6, 2)]
    assert rows(warehouse, "SELECT source_name, title FROM articles WHERE source_uri LIKE '%005_new.json'") == [("Wire", "Kremlin responds")]
    assert rows(warehouse, "SELECT count(*) FROM entity_mentions")[0][0] == mentions_before + summary["new_rows"]["entity_mentions"]
    second_files = {f"{name}/{p.name}": p.stat().st_ino for name in ("articles", "entity_mentions", "quotes", "figures") for p in (warehouse / name).rglob("*.parquet")}
    kept = {name: inode for name, inode in second_files.items() if name in first_files}
    assert kept == first_files, "append-only: the first run's fact files are the same files (hard links), untouched"
    tables_with_new_rows = sum(1 for name in ("articles", "entity_mentions", "quotes", "figures") if summary["new_rows"][name])
    assert len(second_files) == len(first_files) + tables_with_new_rows  # one new file per table the run added rows to
    assert summary["rows_relinked"] == 0
    # The Kremlin's answer is the sample's story: it joins it, and the first run's articles keep their files.
    assert rows(warehouse, "SELECT count(DISTINCT story_id) FROM articles") == [(1,)]
    assert rows(warehouse, "SELECT n_articles, n_sources, first_published_at IS NOT NULL FROM stories") == [(6, 1, True)]

    rebuilt = newsfacts_pipeline(paths=[str(sample_dir)], warehouse_dir=str(warehouse), full_refresh=True)
    assert rebuilt["articles_parsed"] == 6
    assert rows(warehouse, "SELECT count(*), count(DISTINCT run_id) FROM articles") == [(6, 1)]
    assert rows(warehouse, "SELECT count(*) FROM runs") == [(3,)]  # a full refresh keeps the run history


def test_gate_failure_publishes_none_of_the_run_s_rows_and_records_the_failed_run(sample_dir, tmp_path, monkeypatch, thawed_collector):
    warehouse = tmp_path / "warehouse"
    newsfacts_pipeline(paths=[str(sample_dir)], warehouse_dir=str(warehouse))
    data_tables = [t.name for t in schema.TABLES if t.name not in ("runs", "validation_results")]
    before = snapshot(warehouse, data_tables)
    (sample_dir / "005_more.txt").write_text("Zelensky said the missiles will speak for themselves, officials in Kyiv said on Monday.", encoding="utf-8")

    real_extract = extract_tables.extract_article_frames

    def corrupt_offsets(docs, articles, reference):
        frames = real_extract(docs, articles, reference)
        frames.entity_mentions["end_char"] += 1  # the text at the offsets no longer matches
        return frames

    monkeypatch.setattr(extract_tables, "extract_article_frames", corrupt_offsets)
    frozen_while_aggregating = []
    real_link = tasks.link_run

    def recording_link(*args, **kwargs):
        frozen_while_aggregating.append(gc.get_freeze_count())
        return real_link(*args, **kwargs)

    monkeypatch.setattr(tasks, "link_run", recording_link)
    with pytest.raises(GateFailedError, match="check__text_at_offsets"):
        newsfacts_pipeline(paths=[str(sample_dir)], warehouse_dir=str(warehouse))
    assert snapshot(warehouse, data_tables) == before
    failed_runs = rows(warehouse, "SELECT run_id, validation_success FROM runs WHERE status = 'gate_failed'")
    assert len(failed_runs) == 1 and failed_runs[0][1] is False
    assert rows(warehouse, f"SELECT count(*) > 0 FROM validation_results WHERE run_id = '{failed_runs[0][0]}' AND NOT success AND severity = 'blocking'") == [(True,)]
    assert frozen_while_aggregating[0] > 0 and gc.get_freeze_count() == 0  # thawed on the failure path too
    (failed_run,) = (warehouse / ".failed").iterdir()
    assert (failed_run / "validation_results").is_dir() and (failed_run / "snapshot" / "articles").is_dir()


def test_the_collector_skips_frozen_objects_only_inside_the_block(thawed_collector):
    with collector_skips_objects_alive_now():
        assert gc.get_freeze_count() > 0
        gc.collect()  # frozen objects stay frozen through a full collection
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), collector_skips_objects_alive_now():
        assert gc.get_freeze_count() > 0
        raise RuntimeError("a failed stage")
    assert gc.get_freeze_count() == 0
    gc.freeze()  # the caller's own freeze survives the block (frozen objects may still be freed meanwhile,
    assert gc.get_freeze_count() > 0  # by another thread such as a test runner's, so the count is not compared)
    with collector_skips_objects_alive_now():
        pass
    assert gc.get_freeze_count() > 0


def test_bad_inputs_are_quarantined_and_good_ones_read(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (inputs / "broken.json").write_text('{"text": "no end', encoding="utf-8")
    (inputs / "latin1.txt").write_bytes("Chelsea sack Mutu\n\nChelsea paid \u00a313.8m for Adrian Mutu, the club said on Friday.".encode("latin-1"))
    (inputs / "page.html").write_text(
        "<html><head><title>Peskov reacts</title></head><body><nav>Home | World</nav><article><h1>Peskov reacts</h1>"
        "<p>Kremlin spokesperson Dmitry Peskov criticized the Biden administration on Monday, saying the move would escalate the war.</p>"
        "</article></body></html>", encoding="utf-8")
    warehouse = tmp_path / "warehouse"
    summary = newsfacts_pipeline(paths=[str(inputs)], warehouse_dir=str(warehouse))
    assert summary["status"] == "published"
    assert sorted(rows(warehouse, "SELECT regexp_extract(source_uri, '[^/]+$'), reason FROM rejected_inputs")) == [
        ("broken.json", "malformed"), ("empty.txt", "empty"), ("photo.txt", "binary")]
    read_back = dict(rows(warehouse, "SELECT regexp_extract(source_uri, '[^/]+$'), source_encoding FROM articles"))
    assert read_back == {"latin1.txt": "iso-8859-1", "page.html": "utf-8"}
    assert rows(warehouse, "SELECT title FROM articles WHERE source_uri LIKE '%latin1.txt'") == [("Chelsea sack Mutu",)]
    quarantined = {p.name for p in (warehouse / "_quarantine").rglob("*") if p.is_file()}
    assert {"broken.json", "broken.json.reason.json", "photo.txt", "empty.txt"} <= quarantined


def test_a_missing_model_fails_the_first_chunk_s_task_not_the_worker_pool(tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.sorting import TaskRunSort

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for number in range(2):  # two chunks of one article: parsed on worker processes
        (inputs / f"{number}.txt").write_text(f"Officials in Kyiv said on Monday that {number + 11} drones were shot down.", encoding="utf-8")
    state = newsfacts_pipeline(paths=[str(inputs)], warehouse_dir=str(tmp_path / "warehouse"),
                               model="no_such_spacy_model", workers=2, chunk_size=1, return_state=True)
    with pytest.raises(ModelNotInstalledError, match="no_such_spacy_model"):  # not a broken process pool
        state.result()
    with get_client(sync_client=True) as client:
        task_runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id])),
                                          sort=TaskRunSort.EXPECTED_START_TIME_ASC, limit=100)
    chunk_states = [run.state for run in task_runs if run.name.startswith("extract_chunk")]
    assert chunk_states and chunk_states[0].is_failed() and "ModelNotInstalledError" in chunk_states[0].message
