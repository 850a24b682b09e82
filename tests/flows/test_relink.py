"""`newsfacts run --relink`: the linked tables rebuilt from the facts a warehouse holds, without its inputs."""

from __future__ import annotations

import shutil

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from flows.cli import EXIT_NEEDS_REBUILD, EXIT_NOTHING_READ, main
from transforms import schema
from transforms.io import increment, warehouse

KEPT_HISTORY = ("runs", "validation_results")


def table_rows(snapshot: warehouse.Snapshot) -> dict[str, list[tuple]]:
    """Every row of every table and index but the run history, sorted, read back with DuckDB."""
    rows = {}
    with duckdb.connect() as con:
        for table in (*schema.TABLES, *schema.STATE_TABLES):
            files = snapshot.files(table.name)
            if table.name in KEPT_HISTORY or not files:
                continue
            relation = con.sql(f"SELECT * FROM {warehouse.parquet_source(files, table.partition_column)}")
            rows[table.name] = sorted(relation.fetchall(), key=repr)
    return rows


def test_a_relink_rebuilds_every_linked_table_as_the_run_that_built_it(sample_dir, tmp_path, capsys):
    wh = tmp_path / "wh"
    (sample_dir / "broken.json").write_text('{"title": "cut off', encoding="utf-8")  # rejected, and kept by the relink
    assert main(["run", str(sample_dir), "--warehouse", str(wh)]) == 0
    built = table_rows(warehouse.current_snapshot(wh))
    assert len(built["rejected_inputs"]) == 1
    capsys.readouterr()
    shutil.rmtree(sample_dir)  # a relink reads no input
    assert main(["run", "--relink", "--warehouse", str(wh)]) == 0
    out = capsys.readouterr().out
    assert ": published" in out and "articles parsed: 0" in out
    relinked = warehouse.current_snapshot(wh)
    assert table_rows(relinked) == built  # ids, links, clusters, claims, stories and indexes: row for row
    assert built["claims"] and built["stories"] and built["quote_clusters"]
    with duckdb.connect() as con:
        runs = con.sql(f"SELECT status, articles_new, parameters FROM {warehouse.parquet_source(relinked.files('runs'), None)} "
                       "ORDER BY started_at").fetchall()
    assert [status for status, _, _ in runs] == ["published", "published"] and runs[1][1] == 0
    assert '"relink": true' in runs[1][2]


def test_the_facts_a_relink_starts_from_have_no_links(sample_dir, tmp_path):
    """Links emptied; a quote keeps the speaker name the extract stage wrote only while no entity is linked to it."""
    wh = tmp_path / "wh"
    assert main(["run", str(sample_dir), "--warehouse", str(wh)]) == 0
    snapshot = warehouse.current_snapshot(wh)
    articles, counts = increment.stored_facts_unlinked(snapshot, tmp_path / "chunks")
    assert len(articles) == 5 and counts == {name: snapshot.row_counts()[name] for name in ("entity_mentions", "quotes", "figures")}
    chunks = {name: pq.read_table(tmp_path / "chunks" / name / "chunk-000000.parquet").to_pandas() for name in counts}
    for name, columns in increment.RELINK_CLEARED_COLUMNS.items():
        assert chunks[name][list(columns)].isna().all().all()
    stored = warehouse.read_table_dir(snapshot.path("quotes"), schema.QUOTES).set_index("quote_id")
    quotes = chunks["quotes"].set_index("quote_id")
    linked = stored["speaker_entity_id"].notna()
    assert linked.any() and quotes.loc[linked[linked].index, "speaker_name"].isna().all()
    assert quotes.loc[linked[~linked].index, "speaker_name"].equals(stored.loc[~linked, "speaker_name"])
    assert chunks["figures"]["value_low"].tolist() == warehouse.read_table_dir(snapshot.path("figures"), schema.FIGURES)["value_low"].tolist()


def test_a_warehouse_linked_by_older_rules_is_relinked_without_its_inputs(sample_dir, tmp_path, capsys):
    """The claim index an older newsfacts wrote asks for a relink (exit 5 says so); the relink brings every index to
    this version's rules, and daily runs go on adding to the warehouse."""
    wh = tmp_path / "wh"
    assert main(["run", str(sample_dir), "--warehouse", str(wh)]) == 0
    for path in warehouse.current_snapshot(wh).files(schema.CLAIM_FEATURES.name):  # as the previous rules wrote them
        table = pq.read_table(path)
        older = pa.array([schema.CLAIM_FEATURES_VERSION - 1] * len(table), pa.int32())
        table = table.set_column(table.schema.get_field_index("features_version"), "features_version", older)
        path.unlink()  # a new file, not a write through a link another snapshot may share
        pq.write_table(table, path)
    (sample_dir / "005_new.txt").write_text("Kremlin spokesperson Dmitry Peskov said on Monday that 12,000 troops were deployed.",
                                            encoding="utf-8")
    capsys.readouterr()
    assert main(["run", str(sample_dir), "--warehouse", str(wh)]) == EXIT_NEEDS_REBUILD
    assert "--relink" in capsys.readouterr().err
    moved = shutil.move(sample_dir, tmp_path / "elsewhere")  # the inputs are not where they were: a relink does not need them
    assert main(["run", "--relink", "--warehouse", str(wh)]) == 0
    versions = {v for path in warehouse.current_snapshot(wh).files(schema.CLAIM_FEATURES.name)
                for v in pq.read_table(path)["features_version"].to_pylist()}
    assert versions == {schema.CLAIM_FEATURES_VERSION}
    assert main(["run", str(moved), "--warehouse", str(wh)]) == 0
    assert warehouse.current_snapshot(wh).row_counts()["articles"] == 6


def test_relinking_a_warehouse_with_nothing_published_reads_nothing(tmp_path, capsys):
    assert main(["run", "--relink", "--warehouse", str(tmp_path / "empty")]) == EXIT_NOTHING_READ
    assert "nothing to relink" in capsys.readouterr().err



def test_facts_an_older_extract_stage_wrote_ask_for_a_full_refresh_not_a_relink(sample_dir, tmp_path, capsys):
    """Figures written before `period_text` existed would be linked as if no figure named a period: a relink refuses."""
    wh = tmp_path / "wh"
    assert main(["run", str(sample_dir), "--warehouse", str(wh)]) == 0
    for path in warehouse.current_snapshot(wh).files("figures"):
        table = pq.read_table(path)
        path.unlink()
        pq.write_table(table.drop_columns(["period_text"]), path)
    capsys.readouterr()
    assert main(["run", "--relink", "--warehouse", str(wh)]) == EXIT_NEEDS_REBUILD
    error = capsys.readouterr().err
    assert "figures lacks ['period_text']" in error and "--full-refresh" in error
