"""Places: gazetteer types for mistyped places, missed places added, nationalities as NORP."""

from __future__ import annotations

from dataclasses import replace

from tests.transforms.extract.entities.support import (
    labels,
    parse_with_model_entities,
)
from transforms.extract.entities.places import index_places_by_first_word, place_label
from transforms.reference.catalog import load_reference_catalog


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


def test_places_are_indexed_by_first_word_longest_first(nlp):
    reference = load_reference_catalog().entities
    index = index_places_by_first_word(nlp.tokenizer, replace(reference, populous_places=frozenset({"new york", "new york city", "paris"})))
    assert [name for _, name in index["new"]] == ["new york city", "new york"]
    assert index["paris"] == [(("paris",), "paris")]


def test_a_model_org_that_is_a_small_place_stays_an_org_unless_a_place_noun_follows():
    reference = load_reference_catalog().entities
    small = next(name for name in sorted(reference.place_types) if name not in reference.org_overriding_places and name.isalpha() and name not in reference.demonyms)
    assert place_label(small.title(), "ORG", reference) == "ORG"
    assert place_label(small.title(), "ORG", reference, before_place_noun=True) == reference.place_types[small]
