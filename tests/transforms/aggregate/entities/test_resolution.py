"""Resolving forms to entities: what merges, what must not, and the corpus votes on types."""

from __future__ import annotations

import pandas as pd

from tests.transforms.aggregate.entities.support import (
    ALIASES,
    entity_ids,
    form_frame,
    mention_frame,
)
from transforms.aggregate.entities import (
    canonicalize_entities,
    resolve_forms,
    summarise_entities,
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
    # The extractor hints a surname with the full name its article gives; the corpus alone cannot choose.
    ids = entity_ids(
        [
            ("a1", "Tony Blair", "PERSON"),
            ("a1", "Blair", "PERSON", "Tony Blair"),
            ("a2", "Cherie Blair", "PERSON"),
            ("a2", "Blair", "PERSON", "Cherie Blair"),
            ("a3", "Blair", "PERSON"),  # no evidence which Blair: neither
        ]
    )
    tony, tony_short, cherie, cherie_short, unknown = ids
    assert tony == tony_short and cherie == cherie_short
    assert len({tony, cherie, unknown}) == 3


def test_an_unhinted_surname_links_alike_in_every_article():
    # Links are a function of the form: the article a bare "Blair" stands in does not matter.
    ids = entity_ids(
        [
            ("a1", "Tony Blair", "PERSON"),
            ("a1", "Blair", "PERSON"),
            ("a2", "Cherie Blair", "PERSON"),
            ("a2", "Blair", "PERSON"),
        ]
    )
    tony, tony_short, cherie, cherie_short = ids
    assert tony_short == cherie_short
    assert len({tony, cherie, tony_short}) == 3


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


def test_a_form_votes_and_names_like_its_mentions():
    forms = form_frame(
        [
            ("Kursk", "GPE", None, 2),
            ("Kursk", "PRODUCT", None, 3),  # one mention each would tie, and GPE wins ties
            ("Volodymyr Zelensky", "PERSON", None, 1),
            ("Volodymyr Zelenskyy", "PERSON", None, 5),  # alone, the alphabet would pick "Zelensky"
        ]
    )
    before = forms.copy()
    resolved = resolve_forms(forms)
    pd.testing.assert_frame_equal(forms, before)
    assert resolved["entity_type"].tolist() == ["PRODUCT", "PRODUCT", "PERSON", "PERSON"]
    entities = summarise_entities(resolved).set_index("entity_id")
    zelensky = entities.loc[resolved.loc[2, "entity_id"]]
    assert (zelensky["canonical_name"], zelensky["mention_count"]) == ("Volodymyr Zelenskyy", 6)
    # The same as one row per mention.
    mentions = forms.loc[forms.index.repeat(forms["n_mentions"])].reset_index(drop=True)
    mentions = mentions.rename(columns={"extracted_type": "entity_type"}).assign(article_id=[f"a{k}" for k in range(len(mentions))])
    links, per_mention = canonicalize_entities(mentions)
    assert links["entity_id"].tolist() == resolved["entity_id"].repeat(forms["n_mentions"]).tolist()
    assert per_mention.set_index("entity_id").loc[zelensky.name, "canonical_name"] == "Volodymyr Zelenskyy"
