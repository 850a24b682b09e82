"""Each step of `resolve_forms` on its own, over a few forms."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from tests.transforms.aggregate.entities.support import form_frame
from transforms.aggregate.entities.resolution import (
    entity_keys_of,
    form_evidence,
    link_surnames_to_full_names,
    most_used,
    name_type_votes,
    spread_unique_hints,
    vote_name_types,
    vote_surface_types,
    vote_type,
)


def evidence_of(rows: list[tuple]):
    return form_evidence(form_frame(rows), {})


def test_a_text_takes_the_type_most_of_its_mentions_have():
    evidence = evidence_of([("Biden", "ORG", None, 1), ("Biden", "PERSON", None, 10), ("Kyiv", "GPE", None, 1)])
    assert vote_surface_types(evidence) == ["PERSON", "PERSON", "GPE"]


def test_a_hinted_form_keeps_its_own_type_in_the_text_vote():
    evidence = evidence_of([("Biden", "ORG", "Joe Biden", 1), ("Biden", "PERSON", None, 10)])
    assert vote_surface_types(evidence) == ["ORG", "PERSON"]


def test_type_ties_go_to_the_type_listed_first_in_the_contract():
    assert vote_type(Counter({"ORG": 2, "PERSON": 2})) == "PERSON"


def test_a_text_hinted_to_one_target_takes_it_where_it_has_no_hint():
    evidence = evidence_of([("ATACMS", "WEAPON", "Army Tactical Missile System", 1), ("ATACMS", "WEAPON", None, 3)])
    names = spread_unique_hints(evidence, vote_surface_types(evidence))
    assert names == ["Army Tactical Missile System", "Army Tactical Missile System"]


def test_a_text_hinted_to_two_targets_takes_neither():
    evidence = evidence_of([("Blair", "PERSON", "Tony Blair", 1), ("Blair", "PERSON", "Lionel Blair", 1), ("Blair", "PERSON", None, 1)])
    assert spread_unique_hints(evidence, vote_surface_types(evidence))[2] == "Blair"


def test_a_name_takes_the_type_most_of_its_mentions_have_but_overrides_keep_theirs():
    forms = form_frame([("Kremlin", "ORG", None, 5), ("Kremlin", "GPE", None, 1)])
    evidence = form_evidence(forms, {})
    names, types = ["Kremlin", "Kremlin"], ["ORG", "GPE"]
    assert vote_name_types(evidence, names, types, name_type_votes(evidence, names, types)) == ["ORG", "ORG"]
    overridden = form_evidence(forms, {"kremlin": ("Kremlin", "GPE")})
    types = [form.entity_type for form in overridden.read]
    assert vote_name_types(overridden, names, types, name_type_votes(overridden, names, types)) == ["GPE", "GPE"]


def test_a_bare_surname_takes_the_one_full_name_and_its_most_used_spelling():
    evidence = evidence_of([("Volodymyr Zelensky", "PERSON", None, 3), ("Volodymyr Zelenskyy", "PERSON", None, 1), ("Zelensky", "PERSON", None, 2)])
    names, person_keys = link_surnames_to_full_names(evidence, list(evidence.texts), ["PERSON"] * 3)
    assert names == ["Volodymyr Zelensky", "Volodymyr Zelenskyy", "Volodymyr Zelensky"]  # full names keep theirs
    assert len(set(person_keys)) == 1 and person_keys[0] is not None


def test_a_surname_of_two_people_stays_apart_and_other_types_get_no_person_key():
    evidence = evidence_of([("Tony Blair", "PERSON", None, 1), ("Lionel Blair", "PERSON", None, 1), ("Blair", "PERSON", None, 1), ("Kyiv", "GPE", None, 1)])
    names, person_keys = link_surnames_to_full_names(evidence, list(evidence.texts), ["PERSON", "PERSON", "PERSON", "GPE"])
    assert names[2] == "Blair" and person_keys[2] == "blair"
    assert person_keys[3] is None


def test_an_adjective_takes_its_country_key_and_the_country_s_voted_type():
    evidence = form_evidence(form_frame([("Russian", "NORP", "Russia", 4), ("Russia", "GPE", None, 1)]), {})
    names, types = ["Russia", "Russia"], ["NORP", "GPE"]
    votes = name_type_votes(evidence, names, types)
    entity_types, entity_keys = entity_keys_of(evidence, names, types, [None, None], votes)
    assert entity_types == ["GPE", "GPE"] and entity_keys[0] == entity_keys[1]


def test_a_country_the_corpus_never_names_is_a_gpe():
    evidence = form_evidence(form_frame([("Ruritanian", "NORP", "Ruritania", 1)]), {})
    assert entity_keys_of(evidence, ["Ruritania"], ["NORP"], [None], name_type_votes(evidence, ["Ruritania"], ["NORP"]))[0] == ["GPE"]


def test_most_used_name_breaks_ties_by_spelling_not_by_order():
    assert most_used(Counter({"Zelenskyy": 2, "Zelensky": 2})) == most_used(Counter({"Zelensky": 2, "Zelenskyy": 2})) == "Zelensky"


def test_steps_do_not_change_the_forms_frame():
    forms = form_frame([("Biden", "PERSON", None, 1)])
    before = forms.copy()
    evidence = form_evidence(forms, {})
    vote_surface_types(evidence)
    pd.testing.assert_frame_equal(forms, before)
