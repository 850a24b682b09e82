"""Canonical hints: reference lists, nationalities, acronyms, the article's full names."""

from __future__ import annotations

import pytest

from tests.transforms.extract.entities.support import (
    mentions_by_text,
    mentions_of,
    parse_with_model_entities,
)
from transforms.extract.entities import find_acronym_definitions


def test_nationality_adjectives_are_norp_and_point_at_their_country(nlp):
    doc = nlp("Russian troops and North Korean soldiers are fighting Ukrainians near the border.")
    mentions = mentions_by_text(doc)
    assert (mentions["Russian"]["entity_type"], mentions["Russian"]["canonical_hint"]) == ("NORP", "Russia")
    assert (mentions["North Korean"]["entity_type"], mentions["North Korean"]["canonical_hint"]) == ("NORP", "North Korea")
    assert mentions["Ukrainians"]["canonical_hint"] == "Ukraine"


def test_us_variants_get_the_alias_list_name(nlp):
    mentions = mentions_by_text(nlp("The U.S. and America are the same place as the US."))
    assert {mentions[name]["canonical_hint"] for name in ("U.S.", "US") if name in mentions} == {"United States"}


def test_acronym_defined_in_parentheses_gets_its_expansion(nlp):
    text = "The Ministry of Defence (MoD) said troops would stay. The MoD added that more would follow."
    doc = parse_with_model_entities(nlp, text, [("Ministry of Defence", "ORG"), ("MoD", "ORG", "last")])
    hints = {m["canonical_hint"] for m in mentions_of(doc) if m["mention_text"] == "MoD"}
    assert hints == {"Ministry of Defence"}


def test_acronym_matching_the_initials_of_a_name_in_the_article_gets_that_name(nlp):
    text = "The International Monetary Fund warned on Monday. The IMF said growth would slow."
    doc = parse_with_model_entities(nlp, text, [("International Monetary Fund", "ORG"), ("IMF", "ORG")])
    assert mentions_by_text(doc)["IMF"]["canonical_hint"] == "International Monetary Fund"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("use the Army Tactical Missile System (ATACMS) now", {"ATACMS": "Army Tactical Missile System"}),
        ("the High Mobility Artillery Rocket System (HIMARS) has", {"HIMARS": "High Mobility Artillery Rocket System"}),
        ("said the Kurdistan Democratic Party (KDP) today", {"KDP": "Kurdistan Democratic Party"}),
        ("Russia (AP) and the report (see below)", {}),
    ],
)
def test_acronym_definitions_follow_schwartz_hearst(text, expected):
    assert find_acronym_definitions(text) == expected
