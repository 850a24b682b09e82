"""Entity rows and `canonicalize_entities`: the contract, stable ids, counts, and the sample corpus linked."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.transforms.aggregate.entities.support import (
    mention_frame,
)
from transforms import schema
from transforms.aggregate.entities import (
    canonicalize_entities,
)

# The sample corpus: every person, place, organisation and weapon system is one entity with the right type.
SAMPLE_ENTITIES = {
    "Joe Biden": ("PERSON", {"Joe Biden", "Biden"}),
    "Volodymyr Zelensky": ("PERSON", {"Volodymyr Zelensky", "Volodymyr Zelenskyy", "Zelensky"}),
    "Donald Trump": ("PERSON", {"Donald Trump", "Trump"}),
    "Vladimir Putin": ("PERSON", {"Vladimir Putin"}),
    "Karine Jean-Pierre": ("PERSON", {"Karine Jean-Pierre"}),
    "Jean-Noel Barrot": ("PERSON", {"Jean-Noel Barrot", "Barrot"}),
    "Annalena Baerbock": ("PERSON", {"Annalena Baerbock", "Baerbock"}),
    "Dmitry Peskov": ("PERSON", {"Dmitry Peskov", "Peskov"}),
    "Serhiy Kuzan": ("PERSON", {"Serhiy Kuzan"}),
    "Ukraine": ("GPE", {"Ukraine"}),
    "Russia": ("GPE", {"Russia"}),
    "United States": ("GPE", {"US", "U.S.", "United States"}),
    "North Korea": ("GPE", {"North Korea"}),
    "South Korea": ("GPE", {"South Korea"}),
    "United Kingdom": ("GPE", {"Britain"}),
    "France": ("GPE", {"France"}),
    "Kursk": ("GPE", {"Kursk"}),
    "Kyiv": ("GPE", {"Kyiv"}),
    "Moscow": ("GPE", {"Moscow"}),
    "Odesa": ("GPE", {"Odesa"}),
    "Pokrovsk": ("GPE", {"Pokrovsk"}),
    "Sumy": ("GPE", {"Sumy"}),
    "Kharkiv": ("GPE", {"Kharkiv"}),
    "Donetsk": ("GPE", {"Donetsk"}),
    "Donbas": ("LOC", {"Donbas"}),
    "NATO": ("ORG", {"NATO"}),
    "Kremlin": ("ORG", {"Kremlin"}),
    "White House": ("ORG", {"White House"}),
    "Institute for the Study of War": ("ORG", {"Institute for the Study of War"}),
    "Kiel Institute for the World Economy": ("ORG", {"Kiel Institute for the World Economy"}),
    "ATACMS": ("WEAPON", {"ATACMS", "Army Tactical Missile System", "Army Tactical Missile Systems"}),
    "HIMARS": ("WEAPON", {"HIMARS", "High Mobility Artillery Rocket System"}),
    "Storm Shadow": ("WEAPON", {"Storm Shadow"}),
}


def test_entities_frame_follows_the_contract_with_counts_and_sorted_aliases():
    rows = [("a1", "Joe Biden", "PERSON"), ("a1", "Biden", "PERSON", "Joe Biden"), ("a2", "Biden", "PERSON"), ("a2", "Kyiv", "GPE")]
    links, entities = canonicalize_entities(mention_frame(rows).set_index(pd.Index([10, 11, 12, 13])))
    assert list(entities.columns) == schema.ENTITIES.column_names
    assert links.index.tolist() == [10, 11, 12, 13]
    biden = entities.set_index("entity_id").loc[links.loc[10, "entity_id"]]
    assert biden["canonical_name"] == "Joe Biden"
    assert biden["aliases"] == ["Biden", "Joe Biden"]
    assert (biden["mention_count"], biden["article_count"]) == (3, 2)


def test_entity_ids_are_stable_and_independent_of_row_order():
    rows = [
        ("a1", "Joe Biden", "PERSON"),
        ("a2", "Biden", "PERSON"),
        ("a3", "Kyiv", "GPE"),
        ("a3", "Volodymyr Zelenskyy", "PERSON"),
        ("a4", "Volodymyr Zelensky", "PERSON"),
        ("a4", "Zelensky", "PERSON"),
    ]
    forward_links, forward_entities = canonicalize_entities(mention_frame(rows))
    backward_links, backward_entities = canonicalize_entities(mention_frame(rows[::-1]))
    forward = forward_links["entity_id"].tolist()
    assert forward == backward_links["entity_id"].tolist()[::-1]
    by_id = ["entity_id", "canonical_name", "entity_type", "mention_count"]
    assert forward_entities[by_id].sort_values("entity_id").values.tolist() == backward_entities[by_id].sort_values("entity_id").values.tolist()
    assert all(re.fullmatch(r"[0-9a-f]{16}", entity_id) for entity_id in forward)


def test_missing_columns_are_reported():
    with pytest.raises(KeyError):
        canonicalize_entities(mention_frame([("a1", "Kyiv", "GPE")]).drop(columns=["canonical_hint"]))


def test_empty_input_gives_empty_frames_with_the_contract_columns():
    links, entities = canonicalize_entities(mention_frame([]).reindex(columns=mention_frame([("a", "b", "GPE")]).columns))
    assert links.empty and list(entities.columns) == schema.ENTITIES.column_names


def test_sample_every_named_thing_is_one_entity_with_the_right_type(sample_mentions):
    for name, (entity_type, surfaces) in SAMPLE_ENTITIES.items():
        rows = sample_mentions[sample_mentions["mention_text"].isin(surfaces)]
        assert set(rows["mention_text"]) == surfaces, name
        assert rows["entity_id"].nunique() == 1, (name, rows.groupby("entity_id")["mention_text"].unique().tolist())
        assert rows["canonical_name"].iloc[0] == name
        assert rows["entity_type_of_entity"].iloc[0] == entity_type, name


def test_sample_no_two_different_things_share_an_entity(sample_mentions):
    entity_of = {
        name: sample_mentions.loc[sample_mentions["mention_text"].isin(surfaces), "entity_id"].iloc[0]
        for name, (_, surfaces) in SAMPLE_ENTITIES.items()
    }
    assert len(set(entity_of.values())) == len(entity_of)
    for name, entity_id in entity_of.items():
        surfaces = set(sample_mentions.loc[sample_mentions["entity_id"] == entity_id, "mention_text"])
        allowed = SAMPLE_ENTITIES[name][1] | {"Ukrainian", "Ukrainians", "Russian", "American", "North Korean", "French", "German"}
        assert surfaces <= allowed, (name, surfaces - allowed)


def test_sample_nationality_adjectives_are_linked_to_their_country(sample_mentions):
    adjectives = sample_mentions[sample_mentions["mention_text"].isin({"Russian", "North Korean", "Ukrainian", "American"})]
    assert set(adjectives["linked_type"]) == {"NORP"}
    assert set(adjectives["canonical_name"]) == {"Russia", "North Korea", "Ukraine", "United States"}


def test_a_hyphen_dropped_in_one_spelling_does_not_make_the_canonical_name():
    """Word count alone made "Robert Kilroy Silk" (one reader's spelling) fuller than "Robert Kilroy-Silk"."""
    rows = [("a1", "Robert Kilroy-Silk", "PERSON"), ("a1", "Robert Kilroy-Silk", "PERSON"), ("a1", "Robert Kilroy Silk", "PERSON")]
    links, entities = canonicalize_entities(mention_frame(rows))
    assert links["entity_id"].nunique() == 1
    assert entities["canonical_name"].tolist() == ["Robert Kilroy-Silk"]
