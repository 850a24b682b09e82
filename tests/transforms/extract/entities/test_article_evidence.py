"""One article, one type per name."""

from __future__ import annotations

from tests.transforms.extract.entities.support import (
    labels,
    parse_with_model_entities,
)


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
