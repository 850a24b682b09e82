"""People found by a known first name."""

from __future__ import annotations

from tests.transforms.extract.entities.support import (
    labels,
    parse_with_model_entities,
)


def test_known_first_name_before_capitalised_words_is_a_person(nlp):
    text = "Gold went to Natalia Karimova of Russia."
    doc = parse_with_model_entities(nlp, text, [("Natalia", "GPE"), ("Karimova", "GPE"), ("Russia", "GPE")])
    assert labels(doc) == {"Natalia Karimova": "PERSON", "Russia": "GPE"}


def test_a_peers_title_before_a_name_is_a_person_but_not_before_an_office(nlp):
    text = "Lord Rennard told reporters the Lord Chancellor was wrong."
    doc = parse_with_model_entities(nlp, text, [])
    assert labels(doc) == {"Rennard": "PERSON"}
