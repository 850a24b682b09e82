"""Organisation names joined, untagged acronyms, names after a descriptor noun."""

from __future__ import annotations

from tests.transforms.extract.entities.support import (
    labels,
    mentions_of,
    parse_with_model_entities,
)


def test_split_organisation_name_is_joined(nlp):
    text = "Figures from the Kiel Institute for the World Economy show it."
    doc = parse_with_model_entities(nlp, text, [("Kiel Institute", "ORG"), ("World Economy", "ORG")])
    assert labels(doc) == {"Kiel Institute for the World Economy": "ORG"}


def test_untagged_acronym_in_running_text_is_an_organisation_but_not_in_headlines(nlp):
    assert labels(parse_with_model_entities(nlp, "Officials of the KDP said on Sunday that talks failed.", [])) == {"KDP": "ORG"}
    assert labels(parse_with_model_entities(nlp, "KDP SAYS TALKS FAILED", [])) == {}
    assert labels(parse_with_model_entities(nlp, "The CEO said GDP grew.", [])) == {}


def test_a_descriptor_noun_makes_every_mention_of_the_name_an_organisation(nlp):
    text = "A judge dismissed the claim of Russian oil giant Yukos. Yukos said it would appeal."
    doc = parse_with_model_entities(nlp, text, [("Yukos", "PERSON"), ("Yukos", "PERSON", "last")])
    assert [m["entity_type"] for m in mentions_of(doc)] == ["ORG", "ORG"]


def test_a_described_name_types_its_first_word_and_longer_names_ending_with_it(nlp):
    text = "Shares in media giant Vivendi Universal fell. Vivendi owns the paper company Jagran and Dainik Jagran."
    entities = [("Vivendi Universal", "PERSON"), ("Vivendi", "PERSON", "last"), ("Jagran", "ORG"), ("Dainik Jagran", "PERSON")]
    doc = parse_with_model_entities(nlp, text, entities)
    assert labels(doc) == {"Vivendi Universal": "ORG", "Vivendi": "ORG", "Jagran": "ORG", "Dainik Jagran": "ORG"}


def test_a_descriptor_does_not_retype_a_person_or_a_nation(nlp):
    text = "The film maker Morgan Spurlock and Ken Loach watched the side England lose to the club Hereford."
    entities = [("Morgan Spurlock", "PERSON"), ("Ken Loach", "PERSON"), ("England", "GPE"), ("Hereford", "GPE")]
    doc = parse_with_model_entities(nlp, text, entities)
    assert labels(doc) == {"Morgan Spurlock": "PERSON", "Ken Loach": "PERSON", "England": "GPE", "Hereford": "ORG"}


def test_a_legal_form_after_a_name_makes_it_an_organisation(nlp):
    text = "The seat maker agreed to be bought by Magna International Inc. Magna said on Monday it would pay $135 million."
    doc = parse_with_model_entities(nlp, text, [("Magna International", "PERSON"), ("Magna", "PERSON", "last")])
    assert labels(doc) == {"Magna International": "ORG", "Magna": "ORG"}


def test_an_organisation_of_the_alias_list_typed_a_person_is_the_organisation(nlp):
    text = "The Lib Dem chief executive said it was a mistake."
    doc = parse_with_model_entities(nlp, text, [("Lib Dem", "PERSON")])
    assert labels(doc) == {"Lib Dem": "ORG"}


def test_a_lower_case_committee_name_is_an_organisation_but_not_a_bare_or_described_committee(nlp):
    text = (
        "The environment select committee made 101 recommendations. The committee said the new committee "
        "would report to the public accounts committee."
    )
    doc = parse_with_model_entities(nlp, text, [])
    assert [(e.text, e.label_) for e in doc.ents] == [("environment select committee", "ORG"), ("public accounts committee", "ORG")]


def test_a_department_or_body_before_a_name_makes_it_an_organisation(nlp):
    text = "He criticised agriculture department Defra's approach, and gaming industry body ELSPA agreed. Defra said no."
    doc = parse_with_model_entities(nlp, text, [("Defra", "PERSON"), ("ELSPA", "PERSON"), ("Defra", "PERSON", "last")])
    assert [(e.text, e.label_) for e in doc.ents] == [("Defra", "ORG"), ("ELSPA", "ORG"), ("Defra", "ORG")]


def test_a_union_before_a_name_the_model_joined_to_a_person_leaves_the_person(nlp):
    """"union" is no descriptor: the model joins "Unison Dave Prentis", and the quote after it is Prentis's."""
    text = "But general secretary of the public services union Unison Dave Prentis criticised the plans."
    doc = parse_with_model_entities(nlp, text, [("Unison Dave Prentis", "PERSON")])
    assert labels(doc)["Unison Dave Prentis"] == "PERSON"
