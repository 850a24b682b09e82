"""The entity rules component: how it joins the pipeline, the tokenizer change, what it leaves alone."""

from __future__ import annotations

from transforms.extract.entities import RULES_COMPONENT, add_entity_rules
from transforms.reference.catalog import load_reference_catalog

from tests.transforms.extract.entities.support import (
    labels,
    mentions_of,
    parse_with_model_entities,
)


def test_rules_are_added_once_after_the_model_ner(nlp):
    add_entity_rules(nlp, load_reference_catalog().entities)
    add_entity_rules(nlp, load_reference_catalog().entities)
    assert nlp.pipe_names.count(RULES_COMPONENT) == 1
    assert nlp.pipe_names.index(RULES_COMPONENT) == nlp.pipe_names.index("ner") + 1


def test_acronym_glued_to_an_em_dash_is_still_found(nlp):
    doc = nlp("The High Mobility Artillery Rocket System (HIMARS)\u2014previously lent to Ukraine\u2014has a short range.")
    assert labels(doc).get("HIMARS") == "WEAPON"


def test_numeric_and_date_entities_are_left_to_the_other_extractors(nlp):
    text = "There are 11,000 soldiers, sent in the summer of 2024 at a cost of $55.5 billion."
    doc = parse_with_model_entities(
        nlp, text, [("11,000", "CARDINAL"), ("the summer of 2024", "DATE"), ("$55.5 billion", "MONEY")]
    )
    assert labels(doc) == {"11,000": "CARDINAL", "the summer of 2024": "DATE", "$55.5 billion": "MONEY"}
    assert mentions_of(doc) == []
