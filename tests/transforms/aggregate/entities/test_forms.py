"""Mention forms and their lookup keys: resolving a key closure gives the whole corpus's links."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.transforms.aggregate.entities.support import (
    FORM_COLUMNS,
    form_frame,
    form_keys_of,
    key_closure,
    links_of,
    mention_frame,
    two_days,
)
from transforms.aggregate.entities import (
    canonicalize_entities,
    form_lookup_keys,
    mention_forms,
    resolve_forms,
    summarise_entities,
)
from transforms.reference import load_entity_aliases


def test_mention_forms_count_mentions_per_form_and_read_the_extracted_type():
    mentions = mention_frame(
        [
            ("a1", "Biden", "PERSON"),
            ("a2", "Biden", "PERSON", "  "),  # a blank hint is no hint
            ("a2", "Biden", "PERSON", "Joe Biden"),
            ("a3", "Biden", "ORG"),
            ("a3", "Biden", "PERSON"),
        ]
    )
    forms = mention_forms(mentions)
    assert list(forms.columns) == [*FORM_COLUMNS, "n_mentions"]
    counts = {(text, kind, hint): n for text, kind, hint, n in forms.itertuples(index=False)}
    assert counts == {("Biden", "PERSON", None): 3, ("Biden", "PERSON", "Joe Biden"): 1, ("Biden", "ORG", None): 1}
    # A table that keeps the extractor's type apart from the corrected one is grouped on the former.
    corrected = mentions.assign(extracted_type=mentions["entity_type"], entity_type="PERSON")
    assert len(mention_forms(corrected)) == 3
    with pytest.raises(KeyError):
        mention_forms(mentions.drop(columns=["canonical_hint"]))


def test_forms_need_their_columns():
    with pytest.raises(KeyError):
        resolve_forms(form_frame([("Kyiv", "GPE", None, 1)]).drop(columns=["n_mentions"]))
    with pytest.raises(KeyError):
        form_lookup_keys(form_frame([("Kyiv", "GPE", None, 1)]).drop(columns=["extracted_type"]))
    with pytest.raises(KeyError):
        summarise_entities(resolve_forms(form_frame([("Kyiv", "GPE", None, 1)])).drop(columns=["entity_name"]))


def test_resolving_the_key_closure_of_new_forms_gives_the_links_of_the_whole_corpus(corpus_mentions):
    aliases = load_entity_aliases()
    every_form = mention_forms(corpus_mentions)
    lookup_keys = form_lookup_keys(every_form, aliases)
    assert all(isinstance(keys, tuple) and len(keys) <= 4 and all(isinstance(k, str) for k in keys) for keys in lookup_keys)
    at_once = resolve_forms(every_form, aliases)
    expected = links_of(at_once)
    summary_columns = ["entity_id", "canonical_name", "entity_type", "aliases", "mention_count"]
    whole_summary = summarise_entities(at_once)
    relinked = 0
    for split in ("forms", "articles"):
        for seed in range(4):
            first_day, second_day = two_days(corpus_mentions, split, np.random.default_rng(seed))
            stored = links_of(resolve_forms(first_day, aliases))
            new = set(form_keys_of(second_day))
            touched = key_closure(lookup_keys, np.flatnonzero([form in new for form in form_keys_of(every_form)]))
            assert len(touched) < len(every_form)
            redone = resolve_forms(every_form.iloc[touched], aliases)
            assert {**stored, **links_of(redone)} == expected, (split, seed)
            relinked += sum(expected[form] != link for form, link in stored.items())

            # An entity whose forms were all resolved again gets the row the whole corpus gives it.
            touched_forms = set(form_keys_of(redone))
            complete = [entity_id for entity_id, forms in at_once.groupby("entity_id") if set(form_keys_of(forms)) <= touched_forms]
            from_run = summarise_entities(redone).query("entity_id in @complete").sort_values("entity_id", ignore_index=True)
            from_all = whole_summary.query("entity_id in @complete").sort_values("entity_id", ignore_index=True)
            assert len(from_run) == len(complete) > 0
            pd.testing.assert_frame_equal(from_run[summary_columns], from_all[summary_columns])
    assert relinked > 0  # the second days did relink stored forms: the closure mattered


def test_mentions_of_one_form_share_one_link_across_the_corpus(corpus_mentions):
    links, _ = canonicalize_entities(corpus_mentions, load_entity_aliases())
    forms = corpus_mentions.assign(canonical_hint=corpus_mentions["canonical_hint"].fillna(""))
    per_form = links.groupby([forms["mention_text"], forms["entity_type"], forms["canonical_hint"]], observed=True).nunique()
    assert (per_form <= 1).all().all()


def test_a_nationality_adjective_reaches_its_country_through_its_keys():
    forms = form_frame([("Europe", "LOC", None, 3), ("European", "NORP", "Europe", 2), ("Kyiv", "GPE", None, 4)])
    lookup_keys = form_lookup_keys(forms)
    touched = key_closure(lookup_keys, np.array([1]))
    assert touched.tolist() == [0, 1]  # the country, whose type vote the adjective reads; not Kyiv
    alone, at_once = resolve_forms(forms.iloc[touched]), resolve_forms(forms)
    assert alone["entity_id"].tolist() == at_once["entity_id"].iloc[:2].tolist() == [at_once.loc[0, "entity_id"]] * 2
    assert at_once["entity_type"].tolist() == ["LOC", "NORP", "GPE"]


def test_a_new_full_name_reaches_the_bare_surname_it_makes_ambiguous():
    first_day = form_frame([("Tony Blair", "PERSON", None, 4), ("Blair", "PERSON", None, 6), ("Kyiv", "GPE", None, 2)])
    every_form = pd.concat([first_day, form_frame([("Cherie Blair", "PERSON", None, 1)])], ignore_index=True)
    stored = resolve_forms(first_day)
    assert stored.loc[1, "entity_id"] == stored.loc[0, "entity_id"]
    touched = key_closure(form_lookup_keys(every_form), np.array([3]))
    assert touched.tolist() == [0, 1, 3]
    redone = resolve_forms(every_form.iloc[touched])
    assert len(set(redone["entity_id"])) == 3  # "Blair" is no longer sure to be Tony
    assert redone["entity_id"].tolist() == resolve_forms(every_form)["entity_id"].iloc[touched].tolist()


def test_the_forms_of_one_entity_are_fetched_together():
    # No statistic joins a plural to its singular; the entity key does, so the entity's row is rebuilt whole.
    forms = form_frame([("Court of Appeal", "ORG", None, 3), ("Court of Appeals", "ORG", None, 1), ("Kyiv", "GPE", None, 2)])
    assert key_closure(form_lookup_keys(forms), np.array([1])).tolist() == [0, 1]
    entities = summarise_entities(resolve_forms(forms.iloc[[0, 1]]))
    assert entities[["canonical_name", "mention_count"]].values.tolist() == [["Court of Appeal", 4]]
