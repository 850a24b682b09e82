"""Corpus-wide invariants, checked by DuckDB over a whole staged snapshot before it is published.

The GX suites validate the rows a run adds; what only the whole warehouse can show is checked here,
as queries over the Parquet files. They are written so that their cost follows the run, not the
archive: each scans at most one key column of a large table, filtered by the run's keys.

- keys: every key of the run's rows (new or rewritten files) is non-null and unique in its table;
- foreign keys: every reference in the run's rows (its facts and the corpus rows it wrote) resolves; and no
  stored row references a key the run removed from a corpus table;
- every figure in a claim, every quote in a cluster (the run's rows);
- `entities.mention_count` equals the mentions of every entity the run touched, `stories.n_articles` the
  articles of every story the run added to, and `claims.n_figures` and `n_articles` the figures and articles of
  every claim the run touched (a run folds a claim's row from what it stored before, so a wrong fold would last).

Each check is one `validation_results` row; all are blocking.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from transforms import schema
from transforms.ids import stable_id
from transforms.io import warehouse
from transforms.io.warehouse import Snapshot

CORPUS_TABLES = frozenset({"entities", "quote_clusters", "claims", "stories", "entity_cooccurrence"})


def _run_files(snapshot: Snapshot, table: schema.Table, run_id: str) -> list[Path]:
    """The files of `table` holding this run's rows: new and re-linked facts, and the corpus rows it wrote
    (a corpus table's `carried-<run_id>` file holds stored rows, less the run's keys, checked when stored)."""
    return [f for f in snapshot.files(table.name) if f.name.startswith((f"{run_id}-", f"relinked-{run_id}-"))]


def register_run_views(con: object, staged: Snapshot, previous: Snapshot | None, run_id: str) -> None:
    """Views `<table>` (the staged snapshot), `run_<table>` (the run's rows) and `previous_<table>`."""
    warehouse.register_views(con, staged, schema.TABLES)
    for table in schema.TABLES:
        files = _run_files(staged, table, run_id)
        source = warehouse.parquet_source(files, table.partition_column) if files else None
        if source is None:
            con.register(f"__empty_run_{table.name}", table.frame_schema().empty_table())  # type: ignore[attr-defined]
            source = f"__empty_run_{table.name}"
        con.execute(f"CREATE OR REPLACE VIEW run_{table.name} AS SELECT * FROM {source}")  # type: ignore[attr-defined]
        previous_files = previous.files(table.name) if previous is not None else []
        if previous_files:
            con.execute(f"CREATE OR REPLACE VIEW previous_{table.name} AS SELECT * FROM {warehouse.parquet_source(previous_files, table.partition_column)}")  # type: ignore[attr-defined]
        else:
            con.execute(f"CREATE OR REPLACE VIEW previous_{table.name} AS SELECT * FROM run_{table.name} WHERE false")  # type: ignore[attr-defined]


def invariant_queries() -> Iterator[tuple[str, str, str]]:
    """(table, expectation label, SQL counting the violating rows) for every invariant."""
    for table in schema.TABLES:
        if table.primary_key:
            key = table.primary_key
            yield (table.name, f"warehouse_primary_key_unique({key})",
                   f"""SELECT (SELECT count(*) FROM run_{table.name} WHERE {key} IS NULL) + (SELECT count(*) FROM (
                           SELECT {key} FROM {table.name} WHERE {key} IN (SELECT {key} FROM run_{table.name})
                           GROUP BY {key} HAVING count(*) > 1))""")
        for fk in table.foreign_keys:
            yield (table.name, f"warehouse_foreign_key({fk.column} -> {fk.ref_table}.{fk.ref_column})",
                   f"""WITH wanted AS (SELECT DISTINCT {fk.column} AS k FROM run_{table.name} WHERE {fk.column} IS NOT NULL),
                            found AS (SELECT DISTINCT {fk.ref_column} AS k FROM {fk.ref_table} WHERE {fk.ref_column} IN (SELECT k FROM wanted))
                       SELECT count(*) FROM run_{table.name} WHERE {fk.column} IS NOT NULL AND {fk.column} NOT IN (SELECT k FROM found)""")
            if fk.ref_table in CORPUS_TABLES:
                yield (table.name, f"warehouse_no_reference_to_removed({fk.column} -> {fk.ref_table}.{fk.ref_column})",
                       f"""WITH removed AS (SELECT {fk.ref_column} AS k FROM previous_{fk.ref_table}
                                            EXCEPT SELECT {fk.ref_column} FROM {fk.ref_table})
                           SELECT count(*) FROM {table.name} WHERE {fk.column} IN (SELECT k FROM removed)""")
    yield ("figures", "warehouse_every_figure_in_a_claim(claim_id)", "SELECT count(*) FROM run_figures WHERE claim_id IS NULL")
    yield ("quotes", "warehouse_every_quote_in_a_cluster(quote_cluster_id)", "SELECT count(*) FROM run_quotes WHERE quote_cluster_id IS NULL")
    yield ("entities", "warehouse_mention_counts_match(mention_count)",
           """WITH touched AS (SELECT entity_id FROM run_entities UNION SELECT entity_id FROM run_entity_mentions),
                   counted AS (SELECT entity_id, count(*) AS n FROM entity_mentions WHERE entity_id IN (SELECT entity_id FROM touched) GROUP BY entity_id)
              SELECT count(*) FROM entities e FULL JOIN counted c USING (entity_id)
              WHERE (e.entity_id IN (SELECT entity_id FROM touched) OR c.entity_id IS NOT NULL) AND e.mention_count IS DISTINCT FROM c.n""")
    yield ("claims", "warehouse_claim_counts_match(n_figures, n_articles)",
           """WITH touched AS (SELECT DISTINCT claim_id FROM run_figures),  -- a claim the run changed holds a new or re-linked figure
                   members AS (SELECT claim_id, article_id, paired_figure_id IS NOT NULL AS restatement  -- its first: a key checked above
                               FROM figures WHERE claim_id IN (SELECT claim_id FROM touched)),
                   counted AS (SELECT claim_id, count(*) FILTER (WHERE NOT restatement) AS first_figures,
                                      count(DISTINCT article_id) FILTER (WHERE NOT restatement) AS first_articles,
                                      count(*) AS figures, count(DISTINCT article_id) AS articles
                               FROM members GROUP BY claim_id)
              SELECT count(*) FROM claims c FULL JOIN counted m USING (claim_id)
              WHERE (c.claim_id IN (SELECT claim_id FROM touched) OR m.claim_id IS NOT NULL)
                AND (c.n_figures IS DISTINCT FROM CASE WHEN m.first_figures > 0 THEN m.first_figures ELSE m.figures END
                     OR c.n_articles IS DISTINCT FROM CASE WHEN m.first_figures > 0 THEN m.first_articles ELSE m.articles END)""")
    yield ("stories", "warehouse_story_article_counts_match(n_articles)",
           """WITH touched AS (SELECT DISTINCT story_id FROM run_articles),
                   counted AS (SELECT story_id, count(*) AS n FROM articles WHERE story_id IN (SELECT story_id FROM touched) GROUP BY story_id)
              SELECT count(*) FROM stories s FULL JOIN counted c USING (story_id)
              WHERE (s.story_id IN (SELECT story_id FROM touched) OR c.story_id IS NOT NULL) AND s.n_articles IS DISTINCT FROM c.n""")


def check_warehouse(con: object, run_id: str) -> pd.DataFrame:
    """Run every invariant on the views of `register_run_views`; rows shaped like `validation_results`."""
    rows = []
    for table_name, label, sql in invariant_queries():
        violations = int(con.execute(sql).fetchall()[0][0])  # type: ignore[attr-defined]
        rows.append({
            "result_id": stable_id(run_id, table_name, "warehouse", label),
            "run_id": run_id,
            "table_name": table_name,
            "expectation": label,
            "severity": "blocking",
            "success": violations == 0,
            "observed_value": f"{violations} violating rows",
        })
    return pd.DataFrame(rows, columns=schema.VALIDATION_RESULTS.column_names)
