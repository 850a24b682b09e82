"""Organisation names joined, untagged acronyms."""

from __future__ import annotations

from tests.transforms.extract.entities.support import (
    labels,
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
