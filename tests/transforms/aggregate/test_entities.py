"""Canonical entities: what merges, what must not merge, ids, types, counts and co-occurrence."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from transforms import schema
from transforms.aggregate.entities import build_entity_cooccurrence, canonicalize_entities
from transforms.extract.entities import extract_entity_mentions
from transforms.reference import load_entity_aliases

SAMPLE_DIR = Path(__file__).resolve().parents[3] / "data" / "raw"


def mention_frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (article_id, mention_text, entity_type[, canonical_hint[, sentence_index]])."""
    records = []
    for k, row in enumerate(rows):
        article_id, text, entity_type, *rest = row
        hint = rest[0] if rest else None
        sentence = rest[1] if len(rest) > 1 else k
        records.append(
            {
                "mention_id": f"m{k}",
                "article_id": article_id,
                "mention_text": text,
                "entity_type": entity_type,
                "start_char": 0,
                "end_char": len(text),
                "sentence_index": sentence,
                "canonical_hint": hint,
            }
        )
    return pd.DataFrame(records)


def entity_ids(rows: list[tuple], aliases: pd.DataFrame | None = None) -> list[str]:
    links, _ = canonicalize_entities(mention_frame(rows), aliases)
    return links["entity_id"].tolist()


ALIASES = pd.DataFrame(
    [
        ("US", "United States", "GPE"),
        ("U.S.", "United States", "GPE"),
        ("America", "United States", "GPE"),
        ("Kiev", "Kyiv", "GPE"),
        ("Uncle Joe", "Joe Biden", "PERSON"),
    ],
    columns=["alias", "canonical_name", "entity_type"],
)


def test_surname_and_title_prefixed_mentions_join_the_full_name_within_an_article():
    rows = [("a1", "President Joe Biden", "PERSON"), ("a1", "Biden", "PERSON"), ("a1", "Joe Biden", "PERSON")]
    links, entities = canonicalize_entities(mention_frame(rows))
    assert links["entity_id"].nunique() == 1
    assert entities["canonical_name"].tolist() == ["Joe Biden"]


def test_surname_joins_the_only_full_name_of_the_corpus_across_articles():
    ids = entity_ids([("a1", "Joe Biden", "PERSON"), ("a1", "Biden", "PERSON", "Joe Biden"), ("a2", "Biden", "PERSON")])
    assert len(set(ids)) == 1


def test_people_sharing_a_surname_in_different_articles_stay_apart():
    ids = entity_ids(
        [
            ("a1", "Tony Blair", "PERSON"),
            ("a1", "Blair", "PERSON"),
            ("a2", "Cherie Blair", "PERSON"),
            ("a2", "Blair", "PERSON"),
            ("a3", "Blair", "PERSON"),  # no evidence which Blair: neither
        ]
    )
    tony, tony_short, cherie, cherie_short, unknown = ids
    assert tony == tony_short and cherie == cherie_short
    assert len({tony, cherie, unknown}) == 3


def test_first_name_resolved_in_one_article_does_not_spread_to_others():
    ids = entity_ids(
        [
            ("a1", "Charles Kennedy", "PERSON"),
            ("a1", "Charles", "PERSON", "Charles Kennedy"),
            ("a2", "Charles", "PERSON"),  # Prince Charles, say: nothing links it to Kennedy
        ]
    )
    assert ids[0] == ids[1] != ids[2]


def test_transliteration_variants_merge():
    ids = entity_ids(
        [
            ("a1", "Volodymyr Zelensky", "PERSON"),
            ("a2", "Volodymyr Zelenskyy", "PERSON"),
            ("a3", "Zelenskiy", "PERSON"),
            ("a4", "Zelenskyy", "PERSON"),
        ]
    )
    assert len(set(ids)) == 1


def test_jean_pierre_and_jean_noel_stay_two_people():
    ids = entity_ids(
        [
            ("a1", "Karine Jean-Pierre", "PERSON"),
            ("a1", "Jean-Noel Barrot", "PERSON"),
            ("a1", "Jean-Pierre", "PERSON", "Karine Jean-Pierre"),
            ("a1", "Barrot", "PERSON", "Jean-Noel Barrot"),
            ("a2", "Jean-Pierre", "PERSON"),
        ]
    )
    karine, barrot, karine_short, barrot_short, karine_elsewhere = ids
    assert karine == karine_short == karine_elsewhere
    assert barrot == barrot_short
    assert karine != barrot


def test_acronym_merges_with_the_expansion_its_article_defines_and_elsewhere():
    ids = entity_ids(
        [
            ("a1", "Institute for Fiscal Studies", "ORG"),
            ("a1", "IFS", "ORG", "Institute for Fiscal Studies"),
            ("a2", "IFS", "ORG"),  # not expanded in a2: the corpus knows only one IFS
            ("a3", "Institute of Fiscal Studies", "ORG"),
        ]
    )
    assert len(set(ids)) == 1


def test_acronym_merges_with_its_expansion_when_the_reference_list_says_so():
    aliases = pd.DataFrame([("North Atlantic Treaty Organization", "NATO", "ORG")], columns=["alias", "canonical_name", "entity_type"])
    rows = [("a1", "NATO", "ORG"), ("a2", "North Atlantic Treaty Organization", "ORG")]
    assert len(set(entity_ids(rows, aliases))) == 1
    assert len(set(entity_ids(rows))) == 2


def test_user_overrides_merge_us_variants_and_name_the_entity():
    rows = [
        ("a1", "US", "GPE"),
        ("a1", "U.S.", "GPE"),
        ("a2", "United States", "GPE"),
        ("a3", "America", "GPE"),
        ("a3", "Kiev", "GPE"),
        ("a4", "Kyiv", "GPE"),
        ("a4", "Uncle Joe", "PERSON"),
        ("a4", "Joe Biden", "PERSON"),
    ]
    links, entities = canonicalize_entities(mention_frame(rows), ALIASES)
    ids = links["entity_id"].tolist()
    assert len(set(ids[:4])) == 1 and ids[4] == ids[5] and ids[6] == ids[7]
    names = entities.set_index("entity_id")["canonical_name"]
    assert names[ids[0]] == "United States" and names[ids[4]] == "Kyiv"
    # Without the overrides, America is not the United States.
    plain = entity_ids(rows)
    assert plain[3] != plain[2]


def test_north_korea_and_south_korea_stay_apart_and_adjectives_join_their_country():
    rows = [
        ("a1", "North Korea", "GPE"),
        ("a1", "South Korea", "GPE"),
        ("a2", "North Korean", "NORP", "North Korea"),
        ("a2", "South Korean", "NORP", "South Korea"),
        ("a2", "Korean", "NORP"),
    ]
    links, entities = canonicalize_entities(mention_frame(rows))
    north, south, north_adj, south_adj, korean = links["entity_id"].tolist()
    assert north != south and north_adj == north and south_adj == south
    assert korean not in (north, south)
    assert links["entity_type"].tolist() == ["GPE", "GPE", "NORP", "NORP", "NORP"]
    assert entities.set_index("entity_id").loc[north, "entity_type"] == "GPE"


def test_type_is_corrected_by_the_majority_over_the_corpus():
    rows = [
        ("a1", "Biden", "PERSON"),
        ("a2", "Biden", "PERSON"),
        ("a3", "Biden", "ORG"),
        ("a4", "Kursk", "GPE"),
        ("a5", "Kursk", "PRODUCT"),
        ("a6", "Kursk", "GPE"),
    ]
    links, _ = canonicalize_entities(mention_frame(rows))
    assert links["entity_type"].tolist() == ["PERSON"] * 3 + ["GPE"] * 3
    assert links["entity_id"].nunique() == 2


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


def test_cooccurrence_counts_pairs_in_the_same_sentence_once_per_sentence():
    mentions = pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a1", "a1", "a2", "a2", "a2"],
            "sentence_index": [0, 0, 0, 1, 0, 0, 1],
            "entity_id": ["x", "y", "y", "z", "y", "x", "z"],
        }
    )
    pairs = build_entity_cooccurrence(mentions)
    assert list(pairs.columns) == schema.ENTITY_COOCCURRENCE.column_names
    assert pairs[["entity_id_a", "entity_id_b", "n_sentences", "n_articles"]].values.tolist() == [["x", "y", 2, 2]]
    assert pairs["pair_id"].is_unique


def test_cooccurrence_table_is_declared_in_the_contract():
    assert schema.ENTITY_COOCCURRENCE in schema.TABLES
    assert {key.ref_table for key in schema.ENTITY_COOCCURRENCE.foreign_keys} == {"entities"}


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


@pytest.fixture(scope="module")
def sample_mentions(nlp) -> pd.DataFrame:
    rows = []
    for path in sorted(SAMPLE_DIR.glob("*.txt")):
        paragraphs = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        doc = nlp("\n\n".join(paragraphs))
        rows += [{"mention_id": f"{path.stem}-{k}", "article_id": path.stem, **m} for k, m in enumerate(extract_entity_mentions(doc))]
    mentions = pd.DataFrame(rows)
    links, entities = canonicalize_entities(mentions, load_entity_aliases())
    names = entities.set_index("entity_id")["canonical_name"]
    return mentions.assign(
        entity_id=links["entity_id"], linked_type=links["entity_type"], canonical_name=links["entity_id"].map(names)
    ).merge(entities[["entity_id", "entity_type"]].rename(columns={"entity_type": "entity_type_of_entity"}), on="entity_id")


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
