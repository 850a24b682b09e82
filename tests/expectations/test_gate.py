"""The GX gate, run for real on small frames: blocking failures are caught, warnings are only reported."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pandas as pd
import pytest

from expectations.gate import add_check_columns, run_gate

BODY = "US President Joe Biden spoke in Kyiv."
NOW = datetime(2024, 11, 18, tzinfo=timezone.utc)


def _frames() -> dict[str, pd.DataFrame]:
    articles = pd.DataFrame([{
        "article_id": "a1", "source_uri": "a.txt", "source_name": None, "title": None, "author": None, "url": None,
        "published_at": None, "ingested_at": NOW, "language": "en", "body_text": BODY, "word_count": 7,
        "is_truncated": False, "visible_fraction": 1.0, "removed_boilerplate": [], "duplicate_of": None,
        "content_sha256": "f" * 64, "source_encoding": "utf-8", "run_id": "r1", "ingest_date": date(2024, 11, 18)}])
    mentions = pd.DataFrame([
        {"mention_id": "m1", "article_id": "a1", "entity_id": "e1", "mention_text": "Joe Biden", "entity_type": "PERSON", "extracted_type": "PERSON",
         "start_char": 13, "end_char": 22, "sentence_index": 0, "canonical_hint": None, "ingest_date": date(2024, 11, 18)},
        {"mention_id": "m2", "article_id": "a1", "entity_id": "e2", "mention_text": "Kyiv", "entity_type": "GPE", "extracted_type": "GPE",
         "start_char": 32, "end_char": 36, "sentence_index": 0, "canonical_hint": None, "ingest_date": date(2024, 11, 18)},
    ])
    entities = pd.DataFrame([
        {"entity_id": "e1", "canonical_name": "Joe Biden", "entity_type": "PERSON", "aliases": ["Joe Biden"], "mention_count": 1, "article_count": 1},
        {"entity_id": "e2", "canonical_name": "Kyiv", "entity_type": "GPE", "aliases": ["Kyiv"], "mention_count": 1, "article_count": 1},
    ])
    return {"articles": articles, "entity_mentions": mentions, "entities": entities}


@pytest.fixture(scope="module")
def clean_report(tmp_path_factory):
    return run_gate(_frames(), "r1", tmp_path_factory.mktemp("docs"))


def test_valid_tables_pass_and_results_are_recorded(clean_report):
    assert clean_report.passed, clean_report.blocking_failures
    results = clean_report.results
    assert set(results["table_name"]) == {"articles", "entity_mentions", "entities"}
    assert results["result_id"].is_unique
    assert "expect_column_values_to_be_unique(article_id)" in set(results["expectation"])


def test_data_docs_are_rendered(tmp_path):
    run_gate({"entities": _frames()["entities"]}, "r2", tmp_path)
    assert (tmp_path / "index.html").is_file()


def test_offset_mismatch_dangling_key_and_bad_vocabulary_block_the_publish():
    frames = _frames()
    mentions = frames["entity_mentions"].copy()
    mentions.loc[0, "end_char"] = 21  # "Joe Bide" != "Joe Biden"
    mentions.loc[1, "entity_id"] = "missing-entity"
    mentions.loc[1, "entity_type"] = "ANIMAL"
    report = run_gate({**frames, "entity_mentions": mentions}, "r3")
    assert not report.passed
    failures = "\n".join(report.blocking_failures)
    assert "expect_column_pair_values_to_be_equal(check__text_at_offsets, mention_text)" in failures
    assert "expect_column_values_to_be_in_set(check__fk__entity_id)" in failures
    assert "expect_column_values_to_be_in_set(entity_type)" in failures


def test_duplicate_keys_block_and_warnings_do_not():
    frames = _frames()
    doubled = pd.concat([frames["entities"], frames["entities"].iloc[:1]], ignore_index=True)
    assert "expect_column_values_to_be_unique(entity_id)" in "\n".join(run_gate({**frames, "entities": doubled}, "r4").blocking_failures)

    no_mentions = {**frames, "entity_mentions": frames["entity_mentions"].iloc[0:0]}
    report = run_gate(no_mentions, "r5")
    warned = report.results[(report.results["severity"] == "warning") & ~report.results["success"]]
    assert "expect_column_values_to_be_between(check__entity_mention_count)" in set(warned["expectation"])
    assert report.passed


def test_unit_codes_outside_the_vocabulary_are_flagged_for_the_gate():
    claims = pd.DataFrame({"claim_id": ["c1"]})
    figures = pd.DataFrame({"figure_id": ["f1", "f2"], "article_id": ["a1", "a1"], "claim_id": ["c1", "c1"], "paired_figure_id": [None, None],
                            "unit": ["km", "furlong"], "normalized_unit": ["km", "km"], "start_char": [0, 4], "end_char": [2, 6], "surface": ["US", "Jo"]})
    checked = add_check_columns("figures", figures, {**_frames(), "claims": claims, "figures": figures})
    assert checked["check__vocabulary__unit"].tolist() == [True, False]
    assert checked["check__vocabulary__normalized_unit"].tolist() == [True, True]
    assert checked["check__fk__claim_id"].tolist() == [True, True]
