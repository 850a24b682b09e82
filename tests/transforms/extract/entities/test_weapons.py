"""Weapon systems from the curated list."""

from __future__ import annotations

from tests.transforms.extract.entities.support import (
    labels,
    mentions_by_text,
)
from transforms.extract.entities.weapons import has_weapon_context


def test_weapon_systems_are_typed_weapon_with_the_list_name(nlp):
    doc = nlp("Ukraine fired ATACMS and Storm Shadow missiles, and asked for more Army Tactical Missile Systems.")
    mentions = mentions_by_text(doc)
    assert mentions["ATACMS"]["entity_type"] == "WEAPON"
    assert mentions["Storm Shadow"]["entity_type"] == "WEAPON"
    assert mentions["Army Tactical Missile Systems"]["entity_type"] == "WEAPON"
    assert mentions["Army Tactical Missile Systems"]["canonical_hint"] == "ATACMS"


def test_ambiguous_weapon_name_needs_a_weapon_noun_after_it(nlp):
    assert labels(nlp("Germany sent two Patriot air defence systems to Kyiv.")).get("Patriot") == "WEAPON"
    assert "WEAPON" not in labels(nlp("Congress renewed the Patriot Act on Tuesday.")).values()


def test_weapon_rules_do_not_fire_on_lowercase_words(nlp):
    assert "WEAPON" not in labels(nlp("The patriot and the javelin thrower met a stinger in the shadow."))


def test_a_weapon_noun_within_three_words_gives_the_context(nlp):
    doc = nlp.make_doc("Patriot air defence systems and Patriot fans")
    assert has_weapon_context(doc, 1)
    assert not has_weapon_context(doc, 6)
