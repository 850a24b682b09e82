"""Linking a run into the archive: which published links may move."""

from __future__ import annotations

import pandas as pd

from transforms.aggregate.links import _entity_rarity, keep_published_links


def links(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["_key", "entity_id", "entity_type"])


def test_a_name_that_becomes_ambiguous_keeps_its_published_entity():
    published = links([("Brown", "gordon-brown", "PERSON"), ("Gordon Brown", "gordon-brown", "PERSON")])
    # James Brown arrives: "Brown" alone now resolves to an entity of its own
    resolved = links([("Brown", "brown", "PERSON"), ("Gordon Brown", "gordon-brown", "PERSON"), ("James Brown", "james-brown", "PERSON")])
    kept = keep_published_links(resolved, published)
    assert kept.set_index("_key")["entity_id"].to_dict() == {"Brown": "gordon-brown", "Gordon Brown": "gordon-brown", "James Brown": "james-brown"}


def test_an_entity_merged_into_another_moves_with_all_its_names():
    published = links([("ATACMS", "atacms", "PRODUCT"), ("Army Tactical Missile System", "army-tms", "WEAPON")])
    # an article defines the acronym: "ATACMS" now resolves to the expansion, and its own entity is gone
    resolved = links([("ATACMS", "army-tms", "WEAPON"), ("Army Tactical Missile System", "army-tms", "WEAPON")])
    assert keep_published_links(resolved, published).equals(resolved)


def test_new_forms_and_an_empty_archive_take_the_resolution_as_it_is():
    resolved = links([("Kyiv", "kyiv", "GPE")])
    assert keep_published_links(resolved, links([])).equals(resolved)
    assert keep_published_links(resolved, links([("Kiev", "kyiv", "GPE")])).equals(resolved)


class StoredCounts:
    """An archive of 99 articles whose `entities` table counts "uk" in 90 of them and "kenteris" in 1."""

    def __init__(self) -> None:
        self.asked: set[str] = set()

    def has_rows(self, table_name: str) -> bool:
        return True

    def rows_by_key(self, table_name: str, column: str, values, columns: str = "*") -> pd.DataFrame:
        assert (table_name, column) == ("entities", "entity_id")
        self.asked |= set(values)
        counts = {"uk": 90, "kenteris": 1}
        return pd.DataFrame({"entity_id": [e for e in values if e in counts], "article_count": [counts[e] for e in values if e in counts]})

    def query(self, sql: str) -> pd.DataFrame:
        return pd.DataFrame({"n": [99]})


def test_entity_rarity_adds_the_run_s_articles_to_the_stored_counts_of_the_entities_it_compares():
    archive = StoredCounts()
    run = pd.DataFrame({"entity_ids": [["uk", "kenteris"]]})
    founders = pd.DataFrame({"entity_ids": [["uk", "iaaf"]]})
    rarity = _entity_rarity(run, founders, archive)
    assert archive.asked == {"uk", "kenteris", "iaaf"}  # by key: the run's and its candidate founders' entities only
    assert rarity.n_articles == 100 and rarity.article_counts == {"uk": 91, "kenteris": 2}
    assert rarity.weight("uk") < rarity.weight("kenteris") < rarity.weight("iaaf")
