"""Writing one run's increment: the files it adds, the files it rewrites, the tables it carries over.

- Fact tables (articles, entity_mentions, quotes, figures, rejected_inputs, runs,
  validation_results) get new files named after the run; published files are never touched,
  except a file holding a row that the run re-linked, which is replaced by a rewritten copy.
- Corpus-level tables (entities, quote_clusters, claims, stories, entity_cooccurrence) are a base plus the
  runs' files: the run's rows for the keys it touched go into a file of its own, and only the stored files
  holding those keys are rewritten (by DuckDB, without them); every 16 files the table is written whole.
- Indexes under `_state/` grow with the run's rows; entity forms, which have no one-column key,
  are still carried over whole: the stored forms less those the run resolved again, plus the run's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from transforms import schema
from transforms.aggregate.links import LinkedRun
from transforms.dedupe import band_keys
from transforms.io import warehouse
from transforms.io.archive import FORM_COLUMNS, Archive, form_match, forms_table, text_table
from transforms.schema import Table

CORPUS_FILES_BEFORE_COMPACTION = 16


@dataclass
class Increment:
    replaced: list[str] = field(default_factory=list)  # snapshot folders rewritten whole
    dropped: list[str] = field(default_factory=list)  # published files replaced by rewritten copies
    rows_relinked: int = 0


def write_new_rows(frame: pd.DataFrame, table: Table, publish_dir: Path, run_id: str, run_date: date, archive: Archive) -> None:
    """A fact table's new rows as files named after the run; a table with nothing yet gets an empty file (its schema)."""
    if frame.empty and archive.has_rows(table.name):
        return
    warehouse.write_table(frame, table, publish_dir / table.name, empty_partition=run_date, prefix=run_id)


def _relative(path: str | Path, archive: Archive) -> str:
    return str(Path(path).resolve().relative_to(archive.snapshot.root))  # type: ignore[union-attr]


def rewrite_files(
    archive: Archive, files: list[str], table: Table, updates: pa.Table, join: str, replace: str, changed: str,
    publish_dir: Path, run_id: str, increment: Increment,
) -> None:
    """Replace the published files holding re-linked rows, in DuckDB (streamed, no pandas): the
    affected files of one folder (partition) become one new file with every row they held, the
    moved links updated, so re-linking also gathers small daily files.

    `updates` is registered as `u` and joined to the files' rows `f` on `join`; `replace` is the
    `REPLACE (...)` list of new column values; `changed` is true for a row whose link moves."""
    if not files:
        return
    archive.con.register("u", updates)
    try:
        moved = archive.con.execute(
            f"SELECT f.filename, count(*) FROM read_parquet({warehouse._sql_list([Path(f) for f in files])}, filename = true, "
            f"union_by_name = true, hive_partitioning = false) f JOIN u ON {join} WHERE {changed} GROUP BY f.filename"
        ).fetchall()
        by_folder: dict[Path, list[str]] = {}
        for file_name, count in moved:
            relative = Path(_relative(file_name, archive))
            by_folder.setdefault(relative.parent, []).append(file_name)
            increment.dropped.append(str(relative))
            increment.rows_relinked += int(count)
        for number, (folder, folder_files) in enumerate(sorted(by_folder.items())):
            source = f"read_parquet({warehouse._sql_list([Path(f) for f in sorted(folder_files)])}, union_by_name = true, hive_partitioning = false)"
            target = publish_dir / folder / f"relinked-{run_id}-{number:05d}.parquet"
            warehouse.write_query(archive.con, f"SELECT f.* REPLACE ({replace}) FROM {source} f LEFT JOIN u ON {join}", table, target)
    finally:
        archive.con.unregister("u")


def _text_columns(**columns: list[object]) -> pa.Table:
    return pa.table({name: pa.array(values, type=pa.string()) for name, values in columns.items()})


def write_relinks(linked: LinkedRun, archive: Archive, publish_dir: Path, run_id: str, increment: Increment) -> None:
    """Rewrite the published files holding rows whose entity, speaker, quote cluster or claim changed."""
    relinks = linked.relinks
    forms = relinks.entity_by_form
    if not forms.empty:
        rewrite_files(
            archive, archive.mention_files_with_forms(forms), schema.ENTITY_MENTIONS,
            forms_table(forms, [*FORM_COLUMNS, "entity_id", "entity_type"]), join=form_match("f", "u"),
            replace="coalesce(u.entity_id, f.entity_id) AS entity_id, coalesce(u.entity_type, f.entity_type) AS entity_type",
            changed="f.entity_id IS DISTINCT FROM u.entity_id OR f.entity_type IS DISTINCT FROM u.entity_type",
            publish_dir=publish_dir, run_id=run_id, increment=increment,
        )
    quote_ids = sorted(set(relinks.speaker_by_quote) | set(relinks.cluster_by_quote))
    if quote_ids:
        speakers = [relinks.speaker_by_quote.get(q) for q in quote_ids]
        updates = pa.table({
            "quote_id": pa.array(quote_ids, type=pa.string()),
            "has_speaker": pa.array([s is not None for s in speakers]),
            "speaker_entity_id": pa.array([s[0] if s else None for s in speakers], type=pa.string()),
            "speaker_name": pa.array([s[1] if s else None for s in speakers], type=pa.string()),
            "quote_cluster_id": pa.array([relinks.cluster_by_quote.get(q) for q in quote_ids], type=pa.string()),
        })
        rewrite_files(
            archive, archive.files_with_keys("quotes", "quote_id", quote_ids), schema.QUOTES, updates,
            join="f.quote_id = u.quote_id",
            replace="CASE WHEN u.has_speaker THEN u.speaker_entity_id ELSE f.speaker_entity_id END AS speaker_entity_id, "
                    "CASE WHEN u.has_speaker THEN u.speaker_name ELSE f.speaker_name END AS speaker_name, "
                    "coalesce(u.quote_cluster_id, f.quote_cluster_id) AS quote_cluster_id",
            changed="(u.has_speaker AND (f.speaker_entity_id IS DISTINCT FROM u.speaker_entity_id OR f.speaker_name IS DISTINCT FROM u.speaker_name)) "
                    "OR (u.quote_cluster_id IS NOT NULL AND f.quote_cluster_id IS DISTINCT FROM u.quote_cluster_id)",
            publish_dir=publish_dir, run_id=run_id, increment=increment,
        )
    if relinks.claim_by_figure:
        figure_ids = sorted(relinks.claim_by_figure)
        updates = _text_columns(figure_id=figure_ids, claim_id=[relinks.claim_by_figure[f] for f in figure_ids])
        rewrite_files(
            archive, archive.files_with_keys("figures", "figure_id", figure_ids), schema.FIGURES, updates,
            join="f.figure_id = u.figure_id", replace="coalesce(u.claim_id, f.claim_id) AS claim_id",
            changed="f.claim_id IS DISTINCT FROM u.claim_id", publish_dir=publish_dir, run_id=run_id, increment=increment,
        )


def _arrow(frame: pd.DataFrame, table: Table) -> pa.Table:
    return warehouse.conform_to_schema(frame, table, allow_nulls=True)


def write_corpus_rows(archive: Archive, table: Table, run_rows: pa.Table, gone_keys: set[str], publish_dir: Path, run_id: str, increment: Increment) -> int:
    """A corpus-level table as a base plus the runs' files, never rewritten whole every run.

    The run's rows go into a file of their own (`<run_id>-00000`, what the gate reads as the run's rows); a
    stored file holding none of the keys the run wrote or removed stays as published, and the stored files that
    do are rewritten less those keys into one `carried-<run_id>` file. Once the table would have more than
    `CORPUS_FILES_BEFORE_COMPACTION` files, the run writes every stored row into that one file instead, so
    readers open a few files, not one per day. Returns the run's row count."""
    key = table.primary_key
    stored = archive.snapshot.files(table.name) if archive.snapshot else []
    holding = archive.files_with_keys(table.name, key, gone_keys) if gone_keys else []
    kept = len(stored) - len(holding)
    compact = kept + 2 > CORPUS_FILES_BEFORE_COMPACTION and len(stored) > 1
    sources = [Path(f) for f in (stored if compact else holding)]
    columns = ", ".join(table.column_names)
    folder = publish_dir / table.name
    archive.con.register("run_rows", run_rows)
    archive.con.register("gone", text_table("k", gone_keys))
    carried_rows = 0
    try:
        if sources:
            carried = folder / f"carried-{run_id}-00000.parquet"
            source = warehouse.parquet_source(sources, table.partition_column)
            carried_rows = warehouse.write_query(archive.con, f"SELECT {columns} FROM {source} WHERE {key} NOT IN (SELECT k FROM gone) ORDER BY {key}", table, carried)
            if not carried_rows:
                carried.unlink()
        rows = run_rows.num_rows
        if rows or not (kept or carried_rows):  # an empty table keeps one file: its schema
            warehouse.write_query(archive.con, f"SELECT {columns} FROM run_rows ORDER BY {key}", table, folder / f"{run_id}-00000.parquet")
    finally:
        archive.con.unregister("run_rows")
        archive.con.unregister("gone")
    if compact:
        increment.replaced.append(table.name)
    else:
        increment.dropped.extend(_relative(f, archive) for f in holding)
    return rows


def carry_over(archive: Archive, table: Table, changed_rows: pd.DataFrame, removed_keys: set[str], publish_dir: Path, run_id: str, increment: Increment) -> int:
    """The run's rows of a corpus-level table replace the stored rows of the keys it touched; `removed_keys` go."""
    gone = set(changed_rows[table.primary_key]) | set(removed_keys)
    return write_corpus_rows(archive, table, _arrow(changed_rows, table), gone, publish_dir, run_id, increment)


def carry_over_cooccurrence(archive: Archive, delta: pd.DataFrame, publish_dir: Path, run_id: str, increment: Increment) -> pd.DataFrame:
    """Pair counts are sums over articles: the stored counts of the pairs the run touched plus its (signed)
    ones replace those pairs; pairs left at zero go. Returns the touched pairs' rows as published."""
    table = schema.ENTITY_COOCCURRENCE
    columns = ", ".join(table.column_names)
    touched = archive.query(
        f"""SELECT pair_id, any_value(entity_id_a) AS entity_id_a, any_value(entity_id_b) AS entity_id_b,
                   CAST(sum(n_sentences) AS INTEGER) AS n_sentences, CAST(sum(n_articles) AS INTEGER) AS n_articles
            FROM (SELECT {columns} FROM entity_cooccurrence WHERE pair_id IN (SELECT pair_id FROM delta) UNION ALL SELECT {columns} FROM delta)
            GROUP BY pair_id HAVING sum(n_sentences) > 0""",
        delta=_arrow(delta, table),
    )
    write_corpus_rows(archive, table, _arrow(touched, table), set(delta["pair_id"]), publish_dir, run_id, increment)
    return touched


def carry_over_entity_forms(archive: Archive, forms: pd.DataFrame, publish_dir: Path, run_id: str) -> int:
    """The stored forms with the run's resolved forms replacing the same (text, type, hint)."""
    table = schema.ENTITY_FORMS
    archive.con.register("run_forms", _arrow(forms, table))
    columns = ", ".join(table.column_names)
    try:
        return warehouse.write_query(
            archive.con,
            f"""SELECT {columns} FROM state_entity_forms s WHERE NOT EXISTS (
                    SELECT 1 FROM run_forms r WHERE r.mention_text = s.mention_text AND r.extracted_type = s.extracted_type
                    AND r.canonical_hint IS NOT DISTINCT FROM s.canonical_hint)
                UNION ALL SELECT {columns} FROM run_forms""",
            table, publish_dir / table.name / f"{run_id}-00000.parquet",
        )
    finally:
        archive.con.unregister("run_forms")


def publish_run_record(warehouse_dir: Path, record: dict[str, object], validation_results: pd.DataFrame | None = None) -> warehouse.Snapshot:
    """Publish a run that added no rows (no change, or stopped by the gate): its `runs` row, and its
    validation results if any, in a new snapshot. The caller holds the lock."""
    run_id = str(record["run_id"])
    publish_dir = warehouse.publish_root(warehouse_dir, run_id)
    record = {**record, "snapshot": warehouse.next_snapshot_sequence(warehouse_dir)}
    warehouse.write_table(pd.DataFrame([record], columns=schema.RUNS.column_names), schema.RUNS, publish_dir / schema.RUNS.name, prefix=run_id)
    if validation_results is not None:
        warehouse.write_table(validation_results, schema.VALIDATION_RESULTS, publish_dir / schema.VALIDATION_RESULTS.name, prefix=run_id)
    published = warehouse.publish_snapshot(warehouse_dir, run_id, publish_dir)
    warehouse.retire_staging(warehouse_dir, run_id, failed=False)
    return published


def full_refresh_needed(snapshot: warehouse.Snapshot | None) -> str | None:
    """Why the incremental stages cannot build on `snapshot` (written by an older newsfacts), or None."""
    if snapshot is None:
        return None
    if snapshot.files("entity_mentions") and not snapshot.files(schema.ENTITY_FORMS.name):
        return f"was written before incremental runs (it has no {schema.ENTITY_FORMS.name} index)"
    if snapshot.files("articles") and not snapshot.files(schema.STORY_FEATURES.name):
        return f"was written before stories (it has no {schema.STORY_FEATURES.name} index)"
    if stale := warehouse.stale_indexes(snapshot):
        return f"was written by an older newsfacts (its {', '.join(stale)} index lacks columns this version groups by, or was computed by older rules)"
    return None


# What a relink empties before linking the stored facts again: the links. A mention's `entity_type` stays as corpus
# evidence corrected it; a quote's `speaker_name` is what the extract stage wrote only while no entity is linked (a
# linked speaker's written name is overwritten by the entity's name), so a linked speaker's becomes unknown.
RELINK_CLEARED_COLUMNS = {"entity_mentions": ("entity_id",), "quotes": ("speaker_entity_id", "quote_cluster_id"), "figures": ("claim_id",)}


def facts_lacking_columns(snapshot: warehouse.Snapshot) -> dict[str, list[str]]:
    """Stored articles and fact tables whose files lack columns this version's extract stage writes (read from the
    Parquet footers): a relink would link nulls there, so such a warehouse needs a full refresh, which parses again."""
    lacking = {}
    for name in (schema.ARTICLES.name, *RELINK_CLEARED_COLUMNS):
        table = schema.table(name)
        wanted = set(table.column_names) - set(RELINK_CLEARED_COLUMNS.get(name, ())) - {table.partition_column}
        for path in snapshot.files(name):
            if missing := sorted(wanted - set(pq.read_schema(path).names)):
                lacking[name] = missing
                break
    return lacking


def stored_facts_unlinked(snapshot: warehouse.Snapshot, chunk_dir: Path) -> tuple[pd.DataFrame, dict[str, int]]:
    """What a relink starts from: the snapshot's articles, in the order they were published, and its fact tables with
    their links emptied (`RELINK_CLEARED_COLUMNS`), written to `chunk_dir` as the extract stage writes its chunks, so
    the corpus-level stages link them as a full refresh links freshly parsed ones. Returns the articles and the rows
    per fact table."""
    articles = warehouse.read_table_dir(snapshot.path(schema.ARTICLES.name), schema.ARTICLES)
    counts = {}
    for name, columns in RELINK_CLEARED_COLUMNS.items():
        table = schema.table(name)
        facts = warehouse.read_table_dir(snapshot.path(name), table)
        if name == "quotes":
            facts = facts.assign(speaker_name=facts["speaker_name"].where(facts["speaker_entity_id"].isna(), None))
        facts = facts.assign(**dict.fromkeys(columns, None))
        warehouse.write_chunk(facts, table, chunk_dir / name / "chunk-000000.parquet")
        counts[name] = len(facts)
    return articles, counts


def runs_frame(record: dict[str, object]) -> pd.DataFrame:
    """A run's record as its one-row `runs` frame."""
    return pd.DataFrame([record], columns=schema.RUNS.column_names)


def write_increment(
    linked: LinkedRun, articles: pd.DataFrame, rejections: pd.DataFrame, archive: Archive, warehouse_dir: Path, run_id: str, run_date: date,
) -> tuple[Increment, dict[str, pd.DataFrame]]:
    """Write the run's files (new rows, rewritten rows, carried-over corpus tables, indexes) to staging.

    Returns what to publish and the frames the GX suites validate: the run's own rows and the
    corpus-level rows it changed."""
    publish_dir = warehouse.publish_root(warehouse_dir, run_id)
    increment = Increment()
    articles = articles.assign(story_id=articles["article_id"].map(linked.story_of_article))
    new_rows = {
        "articles": articles, "entity_mentions": linked.entity_mentions, "quotes": linked.quotes,
        "figures": linked.figures, "rejected_inputs": rejections,
    }
    for name, frame in new_rows.items():
        write_new_rows(frame, schema.table(name), publish_dir, run_id, run_date, archive)
    write_relinks(linked, archive, publish_dir, run_id, increment)
    for name, rows in (("entities", linked.entities), ("quote_clusters", linked.quote_clusters), ("claims", linked.claims), ("stories", linked.stories)):
        carry_over(archive, schema.table(name), rows, linked.removed[name], publish_dir, run_id, increment)
    cooccurrence = carry_over_cooccurrence(archive, linked.cooccurrence_delta, publish_dir, run_id, increment)
    carry_over_entity_forms(archive, linked.entity_forms, publish_dir, run_id)
    compacted = [
        table.name for table, frame in ((schema.QUOTE_KEYS, linked.quote_keys), (schema.CLAIM_FEATURES, linked.claim_features),
                                        (schema.ARTICLE_BANDS, band_keys(articles)), (schema.STORY_FEATURES, linked.story_features))
        if append_to_index(archive, table, frame, publish_dir, run_id)
    ]
    increment.replaced += [schema.ENTITY_FORMS.name, warehouse.DATA_DOCS_DIR, *compacted]
    frames = {
        **new_rows,
        "entities": linked.entities, "quote_clusters": linked.quote_clusters, "claims": linked.claims, "stories": linked.stories,
        "entity_cooccurrence": cooccurrence[schema.ENTITY_COOCCURRENCE.column_names],
    }
    return increment, frames


def stage_increment(warehouse_dir: Path, run_id: str, increment: Increment, full_refresh: bool, keep_rejections: bool = False) -> Path:
    """The run's snapshot, built in staging from the previous one and the increment; a full refresh
    keeps only the run history (runs, validation_results) of the previous one, and a relink
    (`keep_rejections`) the rejected inputs too, since it reads no input to reject again."""
    replaced = list(increment.replaced)
    kept = ("runs", "validation_results", "rejected_inputs") if keep_rejections else ("runs", "validation_results")
    if full_refresh:
        replaced += [t.name for t in schema.TABLES if t.name not in kept] + [warehouse.STATE_DIR]
    return warehouse.stage_snapshot(warehouse_dir, run_id, warehouse.publish_root(warehouse_dir, run_id), replaced, increment.dropped)


def publish_staged_run(warehouse_dir: Path, staged: Path, record: dict[str, object], validation_results: pd.DataFrame) -> warehouse.Snapshot:
    """Add the run's record and validation results to its staged snapshot and switch the warehouse
    to it; the staging area goes. The caller holds the lock."""
    run_id = str(record["run_id"])
    warehouse.write_table(runs_frame(record), schema.RUNS, staged / "runs", prefix=run_id)
    warehouse.write_table(validation_results, schema.VALIDATION_RESULTS, staged / "validation_results", prefix=run_id)
    published = warehouse.switch_snapshot(warehouse_dir, staged, run_id)
    warehouse.retire_staging(warehouse_dir, run_id, failed=False)
    return published


def set_aside_failed_run(warehouse_dir: Path, run_id: str, staged: Path, validation_results: pd.DataFrame) -> Path | None:
    """Keep a run the gate stopped for diagnosis: its validation results, staged snapshot and
    unpublished files move under `.failed/<run_id>/`, which is returned."""
    warehouse.write_table(validation_results, schema.VALIDATION_RESULTS, warehouse.staging_path(warehouse_dir, run_id) / "validation_results")
    os.rename(staged, warehouse.staging_path(warehouse_dir, run_id) / "snapshot")
    os.rename(warehouse.publish_root(warehouse_dir, run_id), warehouse.staging_path(warehouse_dir, run_id) / "unpublished")
    return warehouse.retire_staging(warehouse_dir, run_id, failed=True)


INDEX_FILES_BEFORE_COMPACTION = 32


def append_to_index(archive: Archive, table: Table, rows: pd.DataFrame, publish_dir: Path, run_id: str) -> bool:
    """Add the run's rows to an internal index (`_state/...`). Every run adds a file; once an index has
    more than `INDEX_FILES_BEFORE_COMPACTION` files, the run writes it whole as one file instead, so
    lookups open a few files, not one per day of the archive. Returns True when it rewrote the index."""
    stored = archive.snapshot.files(table.name) if archive.snapshot else []
    if len(stored) < INDEX_FILES_BEFORE_COMPACTION:
        if not rows.empty:
            warehouse.write_table(rows, table, publish_dir / table.name, prefix=run_id)
        return False
    archive.con.register("run_rows", _arrow(rows, table))
    columns = ", ".join(table.column_names)
    try:
        warehouse.write_query(
            archive.con,
            f"SELECT {columns} FROM {warehouse.parquet_source(stored, None)} UNION ALL SELECT {columns} FROM run_rows",
            table, publish_dir / table.name / f"{run_id}-00000.parquet",
        )
    finally:
        archive.con.unregister("run_rows")
    return True
