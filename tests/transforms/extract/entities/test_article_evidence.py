"""One article, one type per name."""

from __future__ import annotations

from spacy.tokens import Span

from tests.transforms.extract.entities.support import (
    labels,
    parse_with_model_entities,
)
from transforms.extract.entities.article_evidence import (
    count_labels_and_surnames,
    places_not_people,
    untagged_repeats,
)
from transforms.reference.catalog import load_reference_catalog


def test_populous_place_tagged_as_a_lone_person_is_a_place(nlp):
    doc = parse_with_model_entities(nlp, "The conference will be held in Manchester.", [("Manchester", "PERSON")])
    assert labels(doc)["Manchester"] == "GPE"


def test_surname_that_is_also_a_small_town_stays_a_person(nlp):
    text = "Michael Howard spoke first. Howard said the plan would fail."
    doc = parse_with_model_entities(nlp, text, [("Michael Howard", "PERSON")])
    assert [(e.text, e.label_) for e in doc.ents] == [("Michael Howard", "PERSON"), ("Howard", "PERSON")]


def test_bare_surname_of_a_full_name_in_the_article_is_a_person(nlp):
    text = "Phil Simmons took four wickets. Later Simmons scored 50."
    mislabelled = parse_with_model_entities(nlp, text, [("Phil Simmons", "PERSON"), ("Simmons", "ORG", "last")])
    untagged = parse_with_model_entities(nlp, text, [("Phil Simmons", "PERSON")])
    assert labels(mislabelled)["Simmons"] == "PERSON"
    assert labels(untagged)["Simmons"] == "PERSON"


def test_labels_are_counted_per_text_and_surnames_come_from_full_person_names(nlp):
    doc = parse_with_model_entities(nlp, "Phil Simmons met Simmons in Leeds.", [])
    spans = [Span(doc, 0, 2, label="PERSON"), Span(doc, 3, 4, label="ORG"), Span(doc, 5, 6, label="GPE")]
    labels_by_text, surnames = count_labels_and_surnames(spans)
    assert surnames == {"Simmons"}
    assert labels_by_text["Simmons"] == {"ORG": 1} and labels_by_text["Leeds"] == {"GPE": 1}


def test_a_lone_person_that_is_a_populous_place_moves_its_vote_to_the_place(nlp):
    doc = parse_with_model_entities(nlp, "The talks in Manchester ended.", [])
    spans = [Span(doc, 3, 4, label="PERSON")]
    labels_by_text, surnames = count_labels_and_surnames(spans)
    retyped = places_not_people(doc, spans, labels_by_text, surnames, load_reference_catalog().entities)
    assert [s.label_ for s in retyped] == ["GPE"] and spans[0].label_ == "PERSON"  # the input list is left alone
    assert labels_by_text["Manchester"] == {"PERSON": 0, "GPE": 1}


def test_untagged_repeats_leave_the_occupied_tokens_alone(nlp):
    doc = parse_with_model_entities(nlp, "Simmons bowled. Later Simmons scored.", [])
    occupied = [False] * len(doc)
    occupied[0] = True
    found = untagged_repeats(doc, occupied, {"Simmons"}, {})
    assert [(s.start, s.label_) for s in found] == [(4, "PERSON")]
    assert occupied == [True] + [False] * (len(doc) - 1)


def test_an_untagged_subject_repeating_an_organisation_is_the_organisation(nlp):
    """The tagger reads the sentence-opening "Labour say" as a common noun; the article tags Labour before."""
    text = "Later he will visit places, such as Liverpool, where Labour is targeted. Labour say a Lib Dem vote could let the Tories in."
    doc = parse_with_model_entities(nlp, text, [("Liverpool", "GPE"), ("Labour", "ORG")])
    assert [(e.text, e.label_) for e in doc.ents if e.text == "Labour"] == [("Labour", "ORG"), ("Labour", "ORG")]


def test_a_hyphenated_surname_of_a_full_name_in_the_article_is_a_person(nlp):
    """The model tags "Kilroy-Silk" alone an organisation more often than not; the article calls him Robert Kilroy-Silk."""
    text = "Kilroy-Silk quit UKIP. Robert Kilroy-Silk launched a party. Many voters like Kilroy-Silk."
    doc = parse_with_model_entities(nlp, text, [("Kilroy-Silk", "ORG"), ("Robert Kilroy-Silk", "PERSON"), ("Kilroy-Silk", "ORG", "last")])
    assert {e.text: e.label_ for e in doc.ents if "Kilroy" in e.text} == {"Robert Kilroy-Silk": "PERSON", "Kilroy-Silk": "PERSON"}
