"""The corpus-wide invariants, on real snapshots: each one holds on a sound increment and catches its break."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from expectations.invariants import check_warehouse, register_run_views
from transforms import schema
from transforms.io import warehouse

DAY = date(2024, 11, 18)
NOW = datetime(2024, 11, 18, tzinfo=timezone.utc)


def article(article_id: str, run_id: str, story_id: str = "s1") -> dict:
    return {"story_id": story_id, "article_id": article_id, "source_uri": f"{article_id}.txt", "source_name": None, "title": None, "author": None, "url": None,
            "published_at": None, "ingested_at": NOW, "language": "en", "body_text": "Kyiv.", "word_count": 1, "is_truncated": False,
            "visible_fraction": 1.0, "removed_boilerplate": [], "duplicate_of": None, "content_sha256": article_id * 4,
            "source_encoding": "utf-8", "metadata_notes": [], "run_id": run_id, "ingest_date": DAY}


def mention(mention_id: str, article_id: str, entity_id: str) -> dict:
    return {"mention_id": mention_id, "article_id": article_id, "entity_id": entity_id, "mention_text": "Kyiv", "entity_type": "GPE",
            "extracted_type": "GPE", "start_char": 0, "end_char": 4, "sentence_index": 0, "canonical_hint": None, "ingest_date": DAY}


def entity(entity_id: str, mentions: int) -> dict:
    return {"entity_id": entity_id, "canonical_name": entity_id, "entity_type": "GPE", "aliases": ["Kyiv"], "mention_count": mentions, "article_count": 1}


def story(story_id: str, n_articles: int) -> dict:
    return {"story_id": story_id, "label": "Kyiv.", "first_article_id": "a1", "n_articles": n_articles, "n_sources": 0,
            "first_published_at": None, "last_published_at": None}


def publish(wh: Path, run_id: str, articles: list[dict], mentions: list[dict], entities: list[dict], stories: list[dict] | None = None) -> warehouse.Snapshot:
    """Publish a run's rows; `stories` defaults to one story `s1` holding every article published so far."""
    out = warehouse.publish_root(wh, run_id)
    for table, rows in ((schema.ARTICLES, articles), (schema.ENTITY_MENTIONS, mentions)):
        if rows:
            warehouse.write_table(pd.DataFrame(rows, columns=table.column_names), table, out / table.name, prefix=run_id)
    warehouse.write_table(pd.DataFrame(entities, columns=schema.ENTITIES.column_names), schema.ENTITIES, out / "entities", prefix=run_id)
    current = warehouse.current_snapshot(wh)
    stored = len(current.files("articles")) if current else 0  # one article per run in these tests
    stories = [story("s1", stored + len(articles))] if stories is None else stories
    warehouse.write_table(pd.DataFrame(stories, columns=schema.STORIES.column_names), schema.STORIES, out / "stories", prefix=run_id)
    return warehouse.publish_snapshot(wh, run_id, out, replaced=["entities", "stories"])


def failures(wh: Path, previous: warehouse.Snapshot, run_id: str) -> set[str]:
    con = duckdb.connect()
    register_run_views(con, warehouse.current_snapshot(wh), previous, run_id)
    results = check_warehouse(con, run_id)
    return set(results.loc[~results["success"], "expectation"])


def first_run(wh: Path) -> warehouse.Snapshot:
    return publish(wh, "r1", [article("a1", "r1")], [mention("m1", "a1", "e1")], [entity("e1", 1)])


def test_a_sound_increment_holds_every_invariant(tmp_path):
    previous = first_run(tmp_path)
    publish(tmp_path, "r2", [article("a2", "r2")], [mention("m2", "a2", "e1")], [entity("e1", 2)])
    assert failures(tmp_path, previous, "r2") == set()


def test_a_new_key_that_repeats_a_stored_one_is_caught(tmp_path):
    previous = first_run(tmp_path)
    publish(tmp_path, "r2", [article("a2", "r2")], [mention("m1", "a2", "e1")], [entity("e1", 2)])
    assert failures(tmp_path, previous, "r2") == {"warehouse_primary_key_unique(mention_id)"}


def test_a_reference_of_the_run_that_resolves_nowhere_is_caught(tmp_path):
    previous = first_run(tmp_path)
    publish(tmp_path, "r2", [article("a2", "r2")], [mention("m2", "a9", "e1")], [entity("e1", 2)])
    assert failures(tmp_path, previous, "r2") == {"warehouse_foreign_key(article_id -> articles.article_id)"}


def test_a_stored_row_left_pointing_at_a_removed_entity_is_caught(tmp_path):
    previous = first_run(tmp_path)  # m1 -> e1; the run renames e1 to e2 but does not re-link m1
    publish(tmp_path, "r2", [article("a2", "r2")], [mention("m2", "a2", "e2")], [entity("e2", 1)])
    assert failures(tmp_path, previous, "r2") == {"warehouse_no_reference_to_removed(entity_id -> entities.entity_id)"}


def test_a_touched_entity_whose_count_is_off_is_caught(tmp_path):
    previous = first_run(tmp_path)
    publish(tmp_path, "r2", [article("a2", "r2")], [mention("m2", "a2", "e1")], [entity("e1", 1)])  # two mentions now
    assert failures(tmp_path, previous, "r2") == {"warehouse_mention_counts_match(mention_count)"}


def test_a_story_whose_article_count_is_off_is_caught(tmp_path):
    previous = first_run(tmp_path)
    publish(tmp_path, "r2", [article("a2", "r2")], [mention("m2", "a2", "e1")], [entity("e1", 2)], stories=[story("s1", 1)])  # two articles now
    assert failures(tmp_path, previous, "r2") == {"warehouse_story_article_counts_match(n_articles)"}


def test_an_article_in_a_story_that_does_not_exist_is_caught(tmp_path):
    previous = first_run(tmp_path)
    publish(tmp_path, "r2", [article("a2", "r2", story_id="s9")], [mention("m2", "a2", "e1")], [entity("e1", 2)], stories=[story("s1", 1)])
    assert failures(tmp_path, previous, "r2") == {"warehouse_foreign_key(story_id -> stories.story_id)", "warehouse_story_article_counts_match(n_articles)"}
