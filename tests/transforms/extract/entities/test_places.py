"""Places: gazetteer types for mistyped places, missed places added, nationalities as NORP."""

from __future__ import annotations

from tests.transforms.extract.entities.support import (
    labels,
    parse_with_model_entities,
)


def test_gazetteer_place_that_the_model_calls_a_product_becomes_a_place(nlp):
    doc = parse_with_model_entities(nlp, "Troops advanced in Kursk last week.", [("Kursk", "PRODUCT")])
    assert labels(doc)["Kursk"] == "GPE"


def test_populous_place_the_model_missed_is_added(nlp):
    doc = parse_with_model_entities(nlp, "Talks with Bulgaria resumed on Monday.", [])
    assert labels(doc).get("Bulgaria") == "GPE"


def test_nationality_adjective_typed_as_a_place_becomes_norp(nlp):
    doc = parse_with_model_entities(nlp, "Ukrainian forces held the line.", [("Ukrainian", "GPE")])
    assert labels(doc)["Ukrainian"] == "NORP"


def test_missed_place_written_with_hyphens_is_added(nlp):
    doc = parse_with_model_entities(nlp, "The by-election in Stoke-on-Trent was close.", [])
    assert labels(doc).get("Stoke-on-Trent") == "GPE"
