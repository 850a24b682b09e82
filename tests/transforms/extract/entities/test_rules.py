"""The entity rules component: how it joins the pipeline, the tokenizer change, what it leaves alone."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.transforms.extract.entities.support import (
    labels,
    mentions_of,
    parse_with_model_entities,
)
from transforms.extract.entities import RULES_COMPONENT, EntityRules, add_entity_rules
from transforms.reference.catalog import load_reference_catalog


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


def test_the_component_needs_its_reference_lists(nlp):
    rules = EntityRules(nlp)
    with pytest.raises(RuntimeError, match="add_entity_rules"):
        rules(nlp.make_doc("Kyiv"))


def test_the_component_reads_the_reference_it_is_given(nlp):
    reference = load_reference_catalog().entities
    rules = EntityRules(nlp)
    rules.use_reference(replace(reference, weapon_aliases={"Thunderbolt": "Thunderbolt"}, weapons_needing_context=frozenset()))
    with nlp.select_pipes(disable=[RULES_COMPONENT]):
        doc = nlp("They fired a Thunderbolt and a Storm Shadow.")
    labels_found = {ent.text: ent.label_ for ent in rules(doc).ents}
    assert labels_found.get("Thunderbolt") == "WEAPON"
    assert labels_found.get("Storm Shadow") != "WEAPON"  # not in the list it was given
