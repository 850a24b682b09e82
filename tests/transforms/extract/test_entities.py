"""Entity recognition: the rules on top of the model, clean spans, types and canonical hints."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from transforms.extract.entities import (
    RULES_COMPONENT,
    add_entity_rules,
    extract_entity_mentions,
    find_acronym_definitions,
)


def parse_with_model_entities(nlp: Language, text: str, entities: list[tuple[str, ...]]) -> Doc:
    """Parse without our rules, replace the model's entities by `entities`, then apply the rules.

    Each entity is (surface, label) for the first occurrence of surface, or (surface, label, "last").
    This pins the model's (mis)labels, so each test shows what the rules do with a known error.
    """
    with nlp.select_pipes(disable=[RULES_COMPONENT]):
        doc = nlp(text)
    spans = []
    for surface, label, *which in entities:
        start = text.rindex(surface) if which == ["last"] else text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
    doc.ents = spans
    return nlp.get_pipe(RULES_COMPONENT)(doc)


def labels(doc: Doc) -> dict[str, str]:
    return {ent.text: ent.label_ for ent in doc.ents}


def mentions_by_text(doc: Doc) -> dict[str, dict]:
    return {m["mention_text"]: m for m in extract_entity_mentions(doc)}


def test_rules_are_added_once_after_the_model_ner(nlp):
    add_entity_rules(nlp)
    add_entity_rules(nlp)
    assert nlp.pipe_names.count(RULES_COMPONENT) == 1
    assert nlp.pipe_names.index(RULES_COMPONENT) == nlp.pipe_names.index("ner") + 1


def test_weapon_systems_are_typed_weapon_with_the_list_name(nlp):
    doc = nlp("Ukraine fired ATACMS and Storm Shadow missiles, and asked for more Army Tactical Missile Systems.")
    mentions = mentions_by_text(doc)
    assert mentions["ATACMS"]["entity_type"] == "WEAPON"
    assert mentions["Storm Shadow"]["entity_type"] == "WEAPON"
    assert mentions["Army Tactical Missile Systems"]["entity_type"] == "WEAPON"
    assert mentions["Army Tactical Missile Systems"]["canonical_hint"] == "ATACMS"


def test_ambiguous_weapon_name_needs_a_weapon_noun_after_it(nlp):
    assert labels(nlp("Germany sent two Patriot air defence systems to Kyiv.")).get("Patriot") == "WEAPON"
    assert "WEAPON" not in labels(nlp("Congress renewed the Patriot Act on Tuesday.")).values()


def test_acronym_glued_to_an_em_dash_is_still_found(nlp):
    doc = nlp("The High Mobility Artillery Rocket System (HIMARS)\u2014previously lent to Ukraine\u2014has a short range.")
    assert labels(doc).get("HIMARS") == "WEAPON"


def test_gazetteer_place_that_the_model_calls_a_product_becomes_a_place(nlp):
    doc = parse_with_model_entities(nlp, "Troops advanced in Kursk last week.", [("Kursk", "PRODUCT")])
    assert labels(doc)["Kursk"] == "GPE"


def test_populous_place_the_model_missed_is_added(nlp):
    doc = parse_with_model_entities(nlp, "Talks with Bulgaria resumed on Monday.", [])
    assert labels(doc).get("Bulgaria") == "GPE"


def test_populous_place_tagged_as_a_lone_person_is_a_place(nlp):
    doc = parse_with_model_entities(nlp, "The conference will be held in Manchester.", [("Manchester", "PERSON")])
    assert labels(doc)["Manchester"] == "GPE"


def test_surname_that_is_also_a_small_town_stays_a_person(nlp):
    text = "Michael Howard spoke first. Howard said the plan would fail."
    doc = parse_with_model_entities(nlp, text, [("Michael Howard", "PERSON")])
    assert [(e.text, e.label_) for e in doc.ents] == [("Michael Howard", "PERSON"), ("Howard", "PERSON")]


def test_nationality_adjectives_are_norp_and_point_at_their_country(nlp):
    doc = nlp("Russian troops and North Korean soldiers are fighting Ukrainians near the border.")
    mentions = mentions_by_text(doc)
    assert (mentions["Russian"]["entity_type"], mentions["Russian"]["canonical_hint"]) == ("NORP", "Russia")
    assert (mentions["North Korean"]["entity_type"], mentions["North Korean"]["canonical_hint"]) == ("NORP", "North Korea")
    assert mentions["Ukrainians"]["canonical_hint"] == "Ukraine"


def test_nationality_adjective_typed_as_a_place_becomes_norp(nlp):
    doc = parse_with_model_entities(nlp, "Ukrainian forces held the line.", [("Ukrainian", "GPE")])
    assert labels(doc)["Ukrainian"] == "NORP"


def test_leading_articles_possessives_and_titles_are_trimmed(nlp):
    text = "The United States backed President Joe Biden's decision. Biden said more."
    doc = parse_with_model_entities(nlp, text, [("The United States", "GPE"), ("President Joe Biden's", "PERSON")])
    mentions = extract_entity_mentions(doc)
    assert [m["mention_text"] for m in mentions] == ["United States", "Joe Biden", "Biden"]
    assert mentions[2]["canonical_hint"] == "Joe Biden"


def test_offsets_index_the_text_exactly(nlp):
    doc = nlp("US President Joe Biden approved the request.\n\nZelensky's response to the U.S. was cryptic.")
    mentions = extract_entity_mentions(doc)
    assert mentions
    for mention in mentions:
        assert doc.text[mention["start_char"] : mention["end_char"]] == mention["mention_text"]
    assert {m["mention_text"]: m["sentence_index"] for m in mentions}["Zelensky"] == 1


def test_us_variants_get_the_alias_list_name(nlp):
    mentions = mentions_by_text(nlp("The U.S. and America are the same place as the US."))
    assert {mentions[name]["canonical_hint"] for name in ("U.S.", "US") if name in mentions} == {"United States"}


def test_acronym_defined_in_parentheses_gets_its_expansion(nlp):
    text = "The Ministry of Defence (MoD) said troops would stay. The MoD added that more would follow."
    doc = parse_with_model_entities(nlp, text, [("Ministry of Defence", "ORG"), ("MoD", "ORG", "last")])
    hints = {m["canonical_hint"] for m in extract_entity_mentions(doc) if m["mention_text"] == "MoD"}
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


def test_bare_surname_of_a_full_name_in_the_article_is_a_person(nlp):
    text = "Phil Simmons took four wickets. Later Simmons scored 50."
    mislabelled = parse_with_model_entities(nlp, text, [("Phil Simmons", "PERSON"), ("Simmons", "ORG", "last")])
    untagged = parse_with_model_entities(nlp, text, [("Phil Simmons", "PERSON")])
    assert labels(mislabelled)["Simmons"] == "PERSON"
    assert labels(untagged)["Simmons"] == "PERSON"


def test_lone_common_word_opening_a_quote_is_not_a_name(nlp):
    text = "\u201cStrikes are not made with words,\u201d he said."
    doc = parse_with_model_entities(nlp, text, [("Strikes", "PERSON")])
    assert "Strikes" not in labels(doc)


def test_honorific_marks_a_person_and_stays_outside_the_name(nlp):
    doc = parse_with_model_entities(nlp, "But Mr Balls said there would be no spree.", [("Mr Balls", "ORG")])
    assert labels(doc) == {"Balls": "PERSON"}


def test_known_first_name_before_capitalised_words_is_a_person(nlp):
    text = "Gold went to Natalia Karimova of Russia."
    doc = parse_with_model_entities(nlp, text, [("Natalia", "GPE"), ("Karimova", "GPE"), ("Russia", "GPE")])
    assert labels(doc) == {"Natalia Karimova": "PERSON", "Russia": "GPE"}


def test_spans_split_at_spaced_separators_and_paragraph_breaks_and_lose_scores(nlp):
    text = "Scorers: Belgium - Marc Degryse. Durham 114 all out.\n\nTories\n\nNational Insurance"
    doc = parse_with_model_entities(
        nlp, text, [("Belgium - Marc Degryse", "ORG"), ("Durham 114", "ORG"), ("Tories\n\nNational Insurance", "ORG")]
    )
    found = labels(doc)
    assert found["Belgium"] == "GPE"
    assert "Marc Degryse" in found and "Durham" in found
    assert "Tories" in found and "National Insurance" in found
    assert not any("\n" in text or " - " in text or "114" in text for text in found)


def test_split_organisation_name_is_joined(nlp):
    text = "Figures from the Kiel Institute for the World Economy show it."
    doc = parse_with_model_entities(nlp, text, [("Kiel Institute", "ORG"), ("World Economy", "ORG")])
    assert labels(doc) == {"Kiel Institute for the World Economy": "ORG"}


@pytest.mark.parametrize("text", ["", "   \n\n  ", "no names at all here, only words.", "\u201c\u201d (()) \u2014 -- ;"])
def test_texts_without_names_give_no_mentions(nlp, text):
    assert extract_entity_mentions(nlp(text)) == []


def test_weapon_rules_do_not_fire_on_lowercase_words(nlp):
    assert "WEAPON" not in labels(nlp("The patriot and the javelin thrower met a stinger in the shadow."))


def test_missed_place_written_with_hyphens_is_added(nlp):
    doc = parse_with_model_entities(nlp, "The by-election in Stoke-on-Trent was close.", [])
    assert labels(doc).get("Stoke-on-Trent") == "GPE"


def test_untagged_acronym_in_running_text_is_an_organisation_but_not_in_headlines(nlp):
    assert labels(parse_with_model_entities(nlp, "Officials of the KDP said on Sunday that talks failed.", [])) == {"KDP": "ORG"}
    assert labels(parse_with_model_entities(nlp, "KDP SAYS TALKS FAILED", [])) == {}
    assert labels(parse_with_model_entities(nlp, "The CEO said GDP grew.", [])) == {}


def test_numeric_and_date_entities_are_left_to_the_other_extractors(nlp):
    text = "There are 11,000 soldiers, sent in the summer of 2024 at a cost of $55.5 billion."
    doc = parse_with_model_entities(
        nlp, text, [("11,000", "CARDINAL"), ("the summer of 2024", "DATE"), ("$55.5 billion", "MONEY")]
    )
    assert labels(doc) == {"11,000": "CARDINAL", "the summer of 2024": "DATE", "$55.5 billion": "MONEY"}
    assert extract_entity_mentions(doc) == []
