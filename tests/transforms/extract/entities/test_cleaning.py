"""Cleaning the model's spans: splits, common words, honorifics."""

from __future__ import annotations

from tests.transforms.extract.entities.support import (
    labels,
    parse_with_model_entities,
)
from transforms.extract.entities import RULES_COMPONENT
from transforms.extract.entities.cleaning import separated_pieces
from transforms.extract.entities.vocabulary import is_number_like, looks_like_name


def test_lone_common_word_opening_a_quote_is_not_a_name(nlp):
    text = "\u201cStrikes are not made with words,\u201d he said."
    doc = parse_with_model_entities(nlp, text, [("Strikes", "PERSON")])
    assert "Strikes" not in labels(doc)


def test_honorific_marks_a_person_and_stays_outside_the_name(nlp):
    doc = parse_with_model_entities(nlp, "But Mr Balls said there would be no spree.", [("Mr Balls", "ORG")])
    assert labels(doc) == {"Balls": "PERSON"}


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


def test_an_entity_splits_at_spaced_separators_and_brackets_but_not_at_hyphens(nlp):
    with nlp.select_pipes(disable=[RULES_COMPONENT]):
        doc = nlp("Scorers: Belgium - Marc Degryse (Anderlecht) and Stoke-on-Trent.")
    ent = doc[2:len(doc) - 1]
    assert [doc[start:end].text for start, end in separated_pieces(doc, ent)] == [
        "Belgium", "Marc Degryse", "Anderlecht", "and Stoke-on-Trent",
    ]


def test_number_like_tokens_are_trimmed_from_names():
    assert is_number_like("114") and is_number_like("21st") and is_number_like("3/4")
    assert not is_number_like("B52")
    assert looks_like_name("NATO") and looks_like_name("Kyiv") and not looks_like_name("minister")


def test_a_name_with_a_post_nominal_title_is_a_person_whatever_the_model_typed(nlp):
    text = "The chairman of the Bar Council, Guy Mansfield QC warned there was a risk. The Labour MP agreed."
    doc = parse_with_model_entities(nlp, text, [("Bar Council", "ORG"), ("Guy Mansfield QC", "ORG"), ("Labour MP", "ORG")])
    assert labels(doc) == {"Bar Council": "ORG", "Guy Mansfield": "PERSON", "Labour MP": "ORG"}


def test_a_hyphenated_name_keeps_its_lower_case_end(nlp):
    """The common-noun trim ("Interfax news agency") stops at a hyphen inside a word: "Ban Ki-moon" was cut to "Ban Ki-"."""
    text = "Ban Ki-moon met Kim Jong-il and the Interfax news agency."
    doc = parse_with_model_entities(nlp, text, [("Ban Ki-moon", "PERSON"), ("Kim Jong-il", "PERSON"), ("Interfax news agency", "ORG")])
    assert labels(doc) == {"Ban Ki-moon": "PERSON", "Kim Jong-il": "PERSON", "Interfax": "ORG"}
