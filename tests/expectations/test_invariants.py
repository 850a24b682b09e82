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


def figure(figure_id: str, article_id: str, claim_id: str, paired_figure_id: str | None = None) -> dict:
    return {"figure_id": figure_id, "article_id": article_id, "surface": "$5m", "value": 5e6, "value_low": 5e6, "value_high": 5e6, "unit": "USD",
            "dimension": "currency", "qualifier": "exact", "normalized_value": 5e6, "normalized_unit": "USD", "counted_object": "aid",
            "start_char": 0, "end_char": 3, "sentence_index": 0, "paired_figure_id": paired_figure_id, "period_text": None,
            "period_start": None, "period_end": None, "claim_id": claim_id, "ingest_date": DAY}


def claim(claim_id: str, n_figures: int, n_articles: int) -> dict:
    return {"claim_id": claim_id, "label": "aid", "dimension": "currency", "normalized_unit": "USD", "n_articles": n_articles,
            "n_figures": n_figures, "min_value": 5e6, "max_value": 5e6, "relative_spread": 0.0, "is_conflict": False,
            "conflict_low_figure_id": None, "conflict_high_figure_id": None}


def publish(wh: Path, run_id: str, articles: list[dict], mentions: list[dict], entities: list[dict], stories: list[dict] | None = None,
            figures: list[dict] | None = None, claims: list[dict] | None = None, pairs: list[dict] | None = None,
            replace_entities: bool = True) -> warehouse.Snapshot:
    """Publish a run's rows; `stories` defaults to one story `s1` holding every article published so far; `claims`,
    when given, replace the stored ones; `entities` replace them too unless `replace_entities` is false (then the
    run's file sits beside the stored ones, as a run's corpus rows do); `pairs` are entity co-occurrence rows."""
    out = warehouse.publish_root(wh, run_id)
    for table, rows in ((schema.ARTICLES, articles), (schema.ENTITY_MENTIONS, mentions), (schema.FIGURES, figures), (schema.ENTITY_COOCCURRENCE, pairs)):
        if rows:
            warehouse.write_table(pd.DataFrame(rows, columns=table.column_names), table, out / table.name, prefix=run_id)
    if claims is not None:
        warehouse.write_table(pd.DataFrame(claims, columns=schema.CLAIMS.column_names), schema.CLAIMS, out / "claims", prefix=run_id)
    warehouse.write_table(pd.DataFrame(entities, columns=schema.ENTITIES.column_names), schema.ENTITIES, out / "entities", prefix=run_id)
    current = warehouse.current_snapshot(wh)
    stored = len(current.files("articles")) if current else 0  # one article per run in these tests
    stories = [story("s1", stored + len(articles))] if stories is None else stories
    warehouse.write_table(pd.DataFrame(stories, columns=schema.STORIES.column_names), schema.STORIES, out / "stories", prefix=run_id)
    replaced = ["stories"] + (["entities"] if replace_entities else []) + (["claims"] if claims is not None else [])
    return warehouse.publish_snapshot(wh, run_id, out, replaced=replaced)


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


def test_a_run_row_of_a_corpus_table_that_repeats_a_row_in_a_kept_stored_file_is_caught(tmp_path):
    previous = first_run(tmp_path)  # the run writes e1 afresh but leaves the stored file holding e1 in place
    publish(tmp_path, "r2", [article("a2", "r2")], [mention("m2", "a2", "e1")], [entity("e1", 2)], replace_entities=False)
    assert "warehouse_primary_key_unique(entity_id)" in failures(tmp_path, previous, "r2")


def test_a_stored_corpus_row_left_pointing_at_a_removed_entity_is_caught(tmp_path):
    pair = {"pair_id": "p1", "entity_id_a": "e1", "entity_id_b": "e2", "n_sentences": 1, "n_articles": 1}
    previous = publish(tmp_path, "r1", [article("a1", "r1")], [mention("m1", "a1", "e1"), mention("m2", "a1", "e2")],
                       [entity("e1", 1), entity("e2", 1)], pairs=[pair])
    # the run re-links m2 to e3 and drops e2, but the stored pair (e1, e2) stays
    publish(tmp_path, "r2", [article("a2", "r2")], [mention("m3", "a2", "e3")], [entity("e1", 1), entity("e3", 1)])
    assert failures(tmp_path, previous, "r2") == {"warehouse_no_reference_to_removed(entity_id -> entities.entity_id)",
                                                  "warehouse_no_reference_to_removed(entity_id_b -> entities.entity_id)"}


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


def test_a_touched_claim_whose_counts_are_off_is_caught_and_a_restatement_is_not_counted(tmp_path):
    previous = publish(tmp_path, "r1", [article("a1", "r1")], [mention("m1", "a1", "e1")], [entity("e1", 1)],
                       figures=[figure("f1", "a1", "c1")], claims=[claim("c1", 1, 1)])
    run_two = [article("a2", "r2")], [mention("m2", "a2", "e1")], [entity("e1", 2)]
    # f3 restates f2 in the claim's unit ("300km (186 miles)"): not a figure of its own; f4 restates it in another
    # unit, a claim made of restatements only, which counts them
    figures = [figure("f2", "a2", "c1"), figure("f3", "a2", "c1", paired_figure_id="f2"), figure("f4", "a2", "c2", paired_figure_id="f2")]
    publish(tmp_path, "r2", *run_two, figures=figures, claims=[claim("c1", 2, 2), claim("c2", 1, 1)])
    assert failures(tmp_path, previous, "r2") == set()
    for wrong in ([claim("c1", 3, 2), claim("c2", 1, 1)], [claim("c1", 2, 1), claim("c2", 1, 1)], [claim("c1", 2, 2), claim("c2", 0, 1)]):
        wh = tmp_path / f"wrong-{wrong[0]['n_figures']}-{wrong[0]['n_articles']}-{wrong[1]['n_figures']}"
        previous = publish(wh, "r1", [article("a1", "r1")], [mention("m1", "a1", "e1")], [entity("e1", 1)],
                           figures=[figure("f1", "a1", "c1")], claims=[claim("c1", 1, 1)])
        publish(wh, "r2", *run_two, figures=figures, claims=wrong)
        assert failures(wh, previous, "r2") == {"warehouse_claim_counts_match(n_figures, n_articles)"}
