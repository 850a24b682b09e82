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


def test_a_hyphenated_name_after_an_honorific_or_a_first_name_is_one_person(nlp):
    """The tokenizer splits "Kilroy-Silk" at its hyphen, which used to end the name at "Kilroy"; a spaced dash does not join."""
    text = "Mr Kilroy-Silk quit the party. Robert Kilroy-Silk then spoke in the Kent - Sussex race."
    doc = parse_with_model_entities(nlp, text, [("Kilroy-Silk", "ORG"), ("Kilroy-Silk", "ORG", "last")])
    found = labels(doc)
    assert (found["Kilroy-Silk"], found["Robert Kilroy-Silk"]) == ("PERSON", "PERSON")
    assert not any("-" in name for name in found if "Kent" in name)
