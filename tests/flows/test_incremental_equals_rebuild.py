"""Running A then B gives the tables that running A and B at once gives (apart from run ids and times).

The sample split 3+2 is checked with the crash tests' warehouses (test_warehouse_safety.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from flows.pipeline import newsfacts_pipeline

BBC_POLITICS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "bbc" / "bbc" / "politics"

# What must not depend on the order articles arrive in: every link and every corpus-level count.
# Clusters and claims are compared as partitions (their ids are those of the rows that came first).
COMPARISONS = {
    "entities": "SELECT entity_id, canonical_name, entity_type, list_sort(aliases), mention_count, article_count FROM entities ORDER BY entity_id",
    "mention links": "SELECT mention_id, entity_id, entity_type FROM entity_mentions ORDER BY mention_id",
    "speakers": "SELECT quote_id, speaker_entity_id, speaker_name FROM quotes ORDER BY quote_id",
    "quote clusters": "SELECT list_sort(list(quote_id)) AS members FROM quotes GROUP BY quote_cluster_id ORDER BY members",
    "cluster rows": "SELECT representative_text, speaker_entity_id, speaker_name, n_articles, n_quotes FROM quote_clusters ORDER BY ALL",
    "claims": "SELECT list_sort(list(figure_id)) AS members FROM figures GROUP BY claim_id ORDER BY members",
    "claim rows": "SELECT label, dimension, normalized_unit, n_articles, n_figures, min_value, max_value, is_conflict FROM claims ORDER BY ALL",
    "co-occurrence": "SELECT pair_id, entity_id_a, entity_id_b, n_sentences, n_articles FROM entity_cooccurrence ORDER BY pair_id",
}


def tables_of(warehouse: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect()
    for name in ("entities", "entity_mentions", "quotes", "quote_clusters", "figures", "claims", "entity_cooccurrence"):
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{warehouse}/{name}/**/*.parquet', hive_partitioning = true)")
    return {label: con.execute(sql).fetchall() for label, sql in COMPARISONS.items()}


def run_in_parts(parts: list[list[Path]], warehouse: Path, tmp_path: Path) -> list[dict]:
    summaries = []
    for number, files in enumerate(parts):
        folder = tmp_path / f"part{number}"
        folder.mkdir()
        for file in files:
            shutil.copy(file, folder / file.name)
        summaries.append(newsfacts_pipeline(paths=[str(folder)], warehouse_dir=str(warehouse), workers=1))
    return summaries


def assert_same(incremental: Path, rebuilt: Path) -> None:
    left, right = tables_of(incremental), tables_of(rebuilt)
    for label in COMPARISONS:
        assert left[label] == right[label], label


@pytest.mark.slow
@pytest.mark.skipif(not BBC_POLITICS.is_dir(), reason="the BBC corpus is in ../shared/corpora (CI has it)")
def test_a_bbc_politics_subset_split_in_two_equals_one_run(tmp_path):
    """30 politics articles share people, parties and figures across articles (Blair, Brown, Howard, Labour)."""
    files = sorted(BBC_POLITICS.glob("*.txt"))[:30]
    (tmp_path / "all").mkdir()
    summaries = run_in_parts([files[::2], files[1::2]], tmp_path / "incremental", tmp_path)
    run_in_parts([files], tmp_path / "rebuilt", tmp_path / "all")
    assert sum(s["new_rows"]["articles"] for s in summaries) == 30
    assert_same(tmp_path / "incremental", tmp_path / "rebuilt")
