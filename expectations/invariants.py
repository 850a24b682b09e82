"""Corpus-wide invariants, checked by DuckDB over a whole staged snapshot before it is published.

The GX suites validate the rows a run adds; what only the whole warehouse can show is checked
here, as aggregate queries over the Parquet files (out of core, a column or two per table): every
primary key unique and non-null across all files, every foreign key resolving, every figure in a
claim. Each check is one `validation_results` row; all are blocking.
"""

from __future__ import annotations

import pandas as pd

from transforms import schema
from transforms.ids import stable_id


def warehouse_invariant_queries() -> list[tuple[str, str, str]]:
    """(table, expectation label, SQL returning the number of violating rows) for every invariant."""
    checks = []
    for table in schema.TABLES:
        if table.primary_key:
            key = table.primary_key
            checks.append((table.name, f"warehouse_primary_key_unique({key})",
                           f"SELECT count(*) - count(DISTINCT {key}) + count(*) FILTER (WHERE {key} IS NULL) FROM {table.name}"))
        for fk in table.foreign_keys:
            checks.append((table.name, f"warehouse_foreign_key({fk.column} -> {fk.ref_table}.{fk.ref_column})",
                           f"""SELECT count(*) FROM {table.name} t WHERE t.{fk.column} IS NOT NULL
                               AND NOT EXISTS (SELECT 1 FROM {fk.ref_table} r WHERE r.{fk.ref_column} = t.{fk.column})"""))
    checks.append(("figures", "warehouse_every_figure_in_a_claim(claim_id)", "SELECT count(*) FROM figures WHERE claim_id IS NULL"))
    checks.append(("quotes", "warehouse_every_quote_in_a_cluster(quote_cluster_id)", "SELECT count(*) FROM quotes WHERE quote_cluster_id IS NULL"))
    checks.append(("entities", "warehouse_mention_counts_match(mention_count)",
                   """SELECT count(*) FROM entities e FULL JOIN (SELECT entity_id, count(*) AS n FROM entity_mentions GROUP BY entity_id) m
                      USING (entity_id) WHERE e.mention_count IS DISTINCT FROM m.n"""))
    return checks


def check_warehouse(con: object, run_id: str) -> pd.DataFrame:
    """Run every invariant on the views registered in `con`; rows shaped like `validation_results`."""
    rows = []
    for table_name, label, sql in warehouse_invariant_queries():
        violations = int(con.execute(sql).fetchone()[0])  # type: ignore[attr-defined]
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
