"""Name keys: the folded spellings under which mentions of one entity meet."""

from __future__ import annotations

import pytest

from transforms.aggregate.entities.name_keys import (
    fold_name,
    person_key_parts,
    strip_person_titles,
    surname_key,
    type_family,
)


@pytest.mark.parametrize(
    ("first", "second", "entity_type"),
    [
        ("Zelensky", "Zelenskyy", "PERSON"),
        ("U.S.", "US", "GPE"),
        ("BBC2", "BBC 2", "ORG"),
        ("The Kremlin", "Kremlin", "ORG"),
        ("Army Tactical Missile System", "Army Tactical Missile Systems", "WEAPON"),
        ("Institute for Fiscal Studies", "Institute of Fiscal Studies", "ORG"),
    ],
)
def test_spellings_of_one_name_fold_to_one_key(first, second, entity_type):
    assert fold_name(first, entity_type) == fold_name(second, entity_type)


def test_proper_names_keep_their_final_s():
    assert fold_name("United States", "GPE") != fold_name("United State", "GPE")
    assert fold_name("Jones", "PERSON") == "jones"


def test_person_key_drops_titles_initials_and_suffixes():
    assert person_key_parts("President Joseph R. Biden Jr.") == ("joseph", "biden")
    assert strip_person_titles("President Joe Biden") == "Joe Biden"
    assert strip_person_titles("President") == "President"  # a lone title stays: it is all the name there is
    assert surname_key("Mr Gordon Brown") == "brown"


def test_places_are_one_family_for_hints():
    assert type_family("GPE") == type_family("LOC") == "PLACE"
    assert type_family("ORG") == "ORG"
