"""Writing a run's increment: internal indexes grow by a file a run, then are written whole as one."""

from __future__ import annotations

from datetime import date

import pandas as pd

from transforms import schema
from transforms.aggregate.claim_rows import MEMBER_COLUMNS
from transforms.io import increment, warehouse
from transforms.io.archive import Archive


def keys(run: int) -> pd.DataFrame:
    return pd.DataFrame({"key": [f"pair:k{run}", "pair:shared"], "quote_id": [f"q{run}", f"q{run}"]})


def publish_index_run(wh, run: int) -> bool:
    archive = Archive(warehouse.current_snapshot(wh))
    out = warehouse.publish_root(wh, f"r{run}")
    try:
        rewrote = increment.append_to_index(archive, schema.QUOTE_KEYS, keys(run), out, f"r{run}")
    finally:
        archive.close()
    warehouse.publish_snapshot(wh, f"r{run}", out, replaced=[schema.QUOTE_KEYS.name] if rewrote else [])
    return rewrote


def test_an_index_is_written_whole_once_it_has_too_many_files(tmp_path, monkeypatch):
    monkeypatch.setattr(increment, "INDEX_FILES_BEFORE_COMPACTION", 3)
    rewrote = [publish_index_run(tmp_path, run) for run in range(5)]
    assert rewrote == [False, False, False, True, False]  # the fourth run found three files
    snapshot = warehouse.current_snapshot(tmp_path)
    assert [f.name for f in snapshot.files(schema.QUOTE_KEYS.name)] == ["r3-00000.parquet", "r4-00000.parquet"]
    stored = warehouse.read_table_dir(snapshot.path(schema.QUOTE_KEYS.name), schema.QUOTE_KEYS, hive=False)
    assert sorted(stored["quote_id"].unique()) == [f"q{run}" for run in range(5)] and len(stored) == 10  # nothing lost or doubled


def story_rows(*rows: tuple[str, str, object, list[str], int]) -> pd.DataFrame:
    """(article_id, story_id, published_day, entity_ids, story_rank) rows of the story index."""
    return pd.DataFrame({
        "article_id": [r[0] for r in rows], "story_id": [r[1] for r in rows], "published_day": [r[2] for r in rows],
        "article_terms": [["missile"]] * len(rows), "lead_terms": [["missile"]] * len(rows), "results": [[]] * len(rows), "entity_ids": [r[3] for r in rows], "story_rank": [r[4] for r in rows],
        "features_version": schema.STORY_FEATURES_VERSION,
    })


def test_story_candidates_are_the_founders_of_stories_sharing_two_entities_within_the_window(tmp_path):
    out = warehouse.publish_root(tmp_path, "r1")
    stored = story_rows(
        ("near", "s1", date(2024, 11, 10), ["ukraine", "russia", "biden"], 0),
        ("second-founder", "s1", date(2024, 11, 10), ["arsenal"], 1),  # found through its story
        ("late-member", "s1", date(2024, 11, 11), ["ukraine", "russia"], 5),  # not a founder: never read
        ("one-shared", "s2", date(2024, 11, 10), ["ukraine", "arsenal"], 0),
        ("too-old", "s3", date(2024, 1, 1), ["ukraine", "russia"], 0),
        ("undated", "s4", None, ["ukraine", "russia"], 0),
    )
    warehouse.write_table(stored, schema.STORY_FEATURES, out / schema.STORY_FEATURES.name, prefix="r1")
    warehouse.publish_snapshot(tmp_path, "r1", out)
    archive = Archive(warehouse.current_snapshot(tmp_path))

    def candidates(day: date | None, entities: list[str], **limits: int) -> list[str]:
        new = story_rows(("new", "", day, entities, 0))
        return list(archive.story_candidates(new, min_shared=2, window_days=14, founders=5, **limits)["article_id"])

    try:
        assert candidates(date(2024, 11, 18), ["russia", "ukraine", "kremlin"]) == ["near", "second-founder", "undated"]
        assert candidates(None, ["russia", "ukraine"]) == ["near", "second-founder", "too-old", "undated"]
        assert candidates(None, []) == []
        # Only the founder sharing the most entities finds its story when one may be read.
        assert candidates(date(2024, 11, 18), ["russia", "ukraine", "biden"], per_article=1) == ["near", "second-founder"]
    finally:
        archive.close()


def claim_feature_rows(*rows: tuple[str, float, list[str]]) -> pd.DataFrame:
    """(figure_id, normalized_low, article_entity_ids) rows of the claim index, all in block `currency|USD|yukos`."""
    frame = pd.DataFrame({name: [None] * len(rows) for name in schema.CLAIM_FEATURES.column_names})
    return frame.assign(
        figure_id=[r[0] for r in rows], article_id=[f"art-{r[0]}" for r in rows], block_keys=[["currency|USD|yukos"]] * len(rows),
        dimension="currency", normalized_unit="USD", normalized_low=[r[1] for r in rows], normalized_high=[r[1] for r in rows],
        qualifier="exact", context_entity_ids=[[]] * len(rows), sentence_terms=[[]] * len(rows), local_terms=[[]] * len(rows),
        neighbour_words=[[]] * len(rows), sentence_position="1/1", article_terms=[[]] * len(rows),
        article_entity_ids=[r[2] for r in rows], is_restatement=False, features_version=schema.CLAIM_FEATURES_VERSION,
    )


def test_claim_look_up_reads_only_figures_a_new_one_can_link_to_and_their_claims_members_slim(tmp_path):
    out = warehouse.publish_root(tmp_path, "r1")
    stored = claim_feature_rows(
        ("near", 9.3e9, ["yukos", "rosneft", "russia"]),
        ("claim-mate", 1.0, ["arsenal"]),  # in near's claim: not a candidate, but a member of its claim
        ("too-far", 2e11, ["yukos", "rosneft"]),  # more than 10 times the value
        ("negative", -9.3e9, ["yukos", "rosneft"]),
        ("one-entity", 9.4e9, ["yukos", "chelsea"]),  # its article shares one entity only: no link can need it
        ("copy-1", 9.4e9, ["yukos", "rosneft"]),  # three copies of one fact: of all the candidates, a new figure
        ("copy-2", 9.0e9, ["yukos", "rosneft"]),  # reads the ones whose articles share the most entities with its
        ("copy-3", 9.4e9, ["yukos", "rosneft", "russia"]),  # own, then nearest in value
    )
    warehouse.write_table(stored, schema.CLAIM_FEATURES, out / schema.CLAIM_FEATURES.name, prefix="r1")
    claims = {"near": "c1", "claim-mate": "c1", "too-far": "c2", "negative": "c3", "one-entity": "c4",
              "copy-1": "c5", "copy-2": "c5", "copy-3": "c5"}
    figures = pd.DataFrame({name: [None] * len(claims) for name in schema.FIGURES.column_names}).assign(
        figure_id=list(claims), claim_id=list(claims.values()), article_id="a", surface="$1", value=1.0, value_low=1.0, value_high=1.0,
        unit="USD", dimension="currency", qualifier="exact", normalized_value=1.0, normalized_unit="USD", start_char=0, end_char=2,
        sentence_index=0, ingest_date=date(2024, 11, 18))
    warehouse.write_table(figures, schema.FIGURES, out / "figures", prefix="r1")
    warehouse.publish_snapshot(tmp_path, "r1", out)
    archive = Archive(warehouse.current_snapshot(tmp_path))
    try:
        new = claim_feature_rows(("new", 9.36e9, ["yukos", "rosneft", "russia"]))
        found = archive.claim_features_for(new, max_ratio=10.0, min_shared_entities=2, per_figure=3)
        assert sorted(zip(found["figure_id"], found["claim_id"])) == [("copy-1", "c5"), ("copy-3", "c5"), ("near", "c1")]
        assert set(found.columns) >= set(schema.CLAIM_FEATURES.column_names)
        assert sorted(archive.claim_features_for(new, max_ratio=10.0, min_shared_entities=2, per_figure=2)["figure_id"]) == ["copy-3", "near"]
        everything = archive.claim_features_for(new, max_ratio=10.0, min_shared_entities=2)
        assert sorted(everything["figure_id"]) == ["copy-1", "copy-2", "copy-3", "near"]
        members = archive.claim_members({"c1", "c5"})
        assert list(members.columns) == list(MEMBER_COLUMNS)
        assert sorted(zip(members["claim_id"], members["figure_id"])) == [
            ("c1", "claim-mate"), ("c1", "near"), ("c5", "copy-1"), ("c5", "copy-2"), ("c5", "copy-3")]
    finally:
        archive.close()


def story(story_id: str, n_articles: int = 1) -> dict:
    return {"story_id": story_id, "label": story_id, "first_article_id": f"a-{story_id}", "n_articles": n_articles, "n_sources": 1,
            "first_published_at": None, "last_published_at": None}


def publish_corpus_run(wh, run_id: str, rows: list[dict], removed: frozenset[str] = frozenset()) -> increment.Increment:
    """One run writing `rows` of the stories table (and removing `removed`) the way a pipeline run does."""
    archive = Archive(warehouse.current_snapshot(wh))
    out = warehouse.publish_root(wh, run_id)
    written = increment.Increment()
    run_rows = warehouse.conform_to_schema(pd.DataFrame(rows, columns=schema.STORIES.column_names), schema.STORIES, allow_nulls=True)
    try:
        increment.write_corpus_rows(archive, schema.STORIES, run_rows, {r["story_id"] for r in rows} | removed, out, run_id, written)
    finally:
        archive.close()
    warehouse.publish_snapshot(wh, run_id, out, replaced=written.replaced, dropped=written.dropped)
    return written


def stored_stories(wh) -> tuple[list[str], dict[str, int]]:
    """(file names, n_articles by story) of the published stories table; a story stored twice fails here."""
    snapshot = warehouse.current_snapshot(wh)
    stored = warehouse.read_table_dir(snapshot.path(schema.STORIES.name), schema.STORIES, hive=False)
    assert stored["story_id"].is_unique
    return [f.name for f in snapshot.files(schema.STORIES.name)], dict(zip(stored["story_id"], stored["n_articles"]))


def test_a_corpus_table_keeps_the_stored_files_a_run_does_not_touch_and_rewrites_only_those_it_does(tmp_path):
    publish_corpus_run(tmp_path, "r1", [story("s1"), story("s2")])
    first_file = warehouse.current_snapshot(tmp_path).path(schema.STORIES.name) / "r1-00000.parquet"
    inode = first_file.stat().st_ino
    publish_corpus_run(tmp_path, "r2", [story("s3")])  # a new story: the stored file stays as published
    assert stored_stories(tmp_path) == (["r1-00000.parquet", "r2-00000.parquet"], {"s1": 1, "s2": 1, "s3": 1})
    assert (warehouse.current_snapshot(tmp_path).path(schema.STORIES.name) / "r1-00000.parquet").stat().st_ino == inode
    written = publish_corpus_run(tmp_path, "r3", [story("s1", 2)])  # s1 grows: r1's file is rewritten without it
    assert written.dropped == ["stories/r1-00000.parquet"] and written.replaced == []
    assert stored_stories(tmp_path) == (["carried-r3-00000.parquet", "r2-00000.parquet", "r3-00000.parquet"], {"s1": 2, "s2": 1, "s3": 1})
    publish_corpus_run(tmp_path, "r4", [], removed=frozenset({"s2", "s3"}))  # files left with no row go
    assert stored_stories(tmp_path) == (["r3-00000.parquet"], {"s1": 2})
    publish_corpus_run(tmp_path, "r5", [], removed=frozenset({"s1"}))  # an empty table keeps one file: its schema
    assert stored_stories(tmp_path) == (["r5-00000.parquet"], {})


def test_a_corpus_table_is_written_whole_once_it_has_too_many_files(tmp_path, monkeypatch):
    monkeypatch.setattr(increment, "CORPUS_FILES_BEFORE_COMPACTION", 4)
    replaced = [publish_corpus_run(tmp_path, f"r{run}", [story("s0", run + 1), story(f"n{run}")]).replaced for run in range(5)]
    # each run rewrites the file holding s0 and adds its own: four files after r3, and r4 would have left five
    assert replaced == [[], [], [], [], ["stories"]]
    files, counts = stored_stories(tmp_path)
    assert files == ["carried-r4-00000.parquet", "r4-00000.parquet"]
    assert counts == {"s0": 5, "n0": 1, "n1": 1, "n2": 1, "n3": 1, "n4": 1}  # nothing lost, nothing stored twice
