"""Canonical entities: what merges, what must not merge, ids, types, counts and co-occurrence."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from transforms import schema
from transforms.aggregate.entities import (
    build_entity_cooccurrence,
    canonicalize_entities,
    form_lookup_keys,
    mention_forms,
    resolve_forms,
    summarise_entities,
)
from transforms.extract.entities import extract_entity_mentions
from transforms.reference import load_entity_aliases
from transforms.reference.catalog import load_reference_catalog

SAMPLE_DIR = Path(__file__).resolve().parents[3] / "data" / "raw"
# Mentions of a real corpus run (the BBC archive), used when present; the sample articles otherwise.
CORPUS_MENTIONS = Path(os.environ.get("NEWSFACTS_CORPUS_MENTIONS", "/tmp/nf/bbc_old/entity_mentions"))


def mention_frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (article_id, mention_text, entity_type[, canonical_hint[, sentence_index]])."""
    records = []
    for k, row in enumerate(rows):
        article_id, text, entity_type, *rest = row
        hint = rest[0] if rest else None
        sentence = rest[1] if len(rest) > 1 else k
        records.append(
            {
                "mention_id": f"m{k}",
                "article_id": article_id,
                "mention_text": text,
                "entity_type": entity_type,
                "start_char": 0,
                "end_char": len(text),
                "sentence_index": sentence,
                "canonical_hint": hint,
            }
        )
    return pd.DataFrame(records)


def entity_ids(rows: list[tuple], aliases: pd.DataFrame | None = None) -> list[str]:
    links, _ = canonicalize_entities(mention_frame(rows), aliases)
    return links["entity_id"].tolist()


ALIASES = pd.DataFrame(
    [
        ("US", "United States", "GPE"),
        ("U.S.", "United States", "GPE"),
        ("America", "United States", "GPE"),
        ("Kiev", "Kyiv", "GPE"),
        ("Uncle Joe", "Joe Biden", "PERSON"),
    ],
    columns=["alias", "canonical_name", "entity_type"],
)


def test_surname_and_title_prefixed_mentions_join_the_full_name_within_an_article():
    rows = [("a1", "President Joe Biden", "PERSON"), ("a1", "Biden", "PERSON"), ("a1", "Joe Biden", "PERSON")]
    links, entities = canonicalize_entities(mention_frame(rows))
    assert links["entity_id"].nunique() == 1
    assert entities["canonical_name"].tolist() == ["Joe Biden"]


def test_surname_joins_the_only_full_name_of_the_corpus_across_articles():
    ids = entity_ids([("a1", "Joe Biden", "PERSON"), ("a1", "Biden", "PERSON", "Joe Biden"), ("a2", "Biden", "PERSON")])
    assert len(set(ids)) == 1


def test_people_sharing_a_surname_in_different_articles_stay_apart():
    # The extractor hints a surname with the full name its article gives; the corpus alone cannot choose.
    ids = entity_ids(
        [
            ("a1", "Tony Blair", "PERSON"),
            ("a1", "Blair", "PERSON", "Tony Blair"),
            ("a2", "Cherie Blair", "PERSON"),
            ("a2", "Blair", "PERSON", "Cherie Blair"),
            ("a3", "Blair", "PERSON"),  # no evidence which Blair: neither
        ]
    )
    tony, tony_short, cherie, cherie_short, unknown = ids
    assert tony == tony_short and cherie == cherie_short
    assert len({tony, cherie, unknown}) == 3


def test_an_unhinted_surname_links_alike_in_every_article():
    # Links are a function of the form: the article a bare "Blair" stands in does not matter.
    ids = entity_ids(
        [
            ("a1", "Tony Blair", "PERSON"),
            ("a1", "Blair", "PERSON"),
            ("a2", "Cherie Blair", "PERSON"),
            ("a2", "Blair", "PERSON"),
        ]
    )
    tony, tony_short, cherie, cherie_short = ids
    assert tony_short == cherie_short
    assert len({tony, cherie, tony_short}) == 3


def test_first_name_resolved_in_one_article_does_not_spread_to_others():
    ids = entity_ids(
        [
            ("a1", "Charles Kennedy", "PERSON"),
            ("a1", "Charles", "PERSON", "Charles Kennedy"),
            ("a2", "Charles", "PERSON"),  # Prince Charles, say: nothing links it to Kennedy
        ]
    )
    assert ids[0] == ids[1] != ids[2]


def test_transliteration_variants_merge():
    ids = entity_ids(
        [
            ("a1", "Volodymyr Zelensky", "PERSON"),
            ("a2", "Volodymyr Zelenskyy", "PERSON"),
            ("a3", "Zelenskiy", "PERSON"),
            ("a4", "Zelenskyy", "PERSON"),
        ]
    )
    assert len(set(ids)) == 1


def test_jean_pierre_and_jean_noel_stay_two_people():
    ids = entity_ids(
        [
            ("a1", "Karine Jean-Pierre", "PERSON"),
            ("a1", "Jean-Noel Barrot", "PERSON"),
            ("a1", "Jean-Pierre", "PERSON", "Karine Jean-Pierre"),
            ("a1", "Barrot", "PERSON", "Jean-Noel Barrot"),
            ("a2", "Jean-Pierre", "PERSON"),
        ]
    )
    karine, barrot, karine_short, barrot_short, karine_elsewhere = ids
    assert karine == karine_short == karine_elsewhere
    assert barrot == barrot_short
    assert karine != barrot


def test_acronym_merges_with_the_expansion_its_article_defines_and_elsewhere():
    ids = entity_ids(
        [
            ("a1", "Institute for Fiscal Studies", "ORG"),
            ("a1", "IFS", "ORG", "Institute for Fiscal Studies"),
            ("a2", "IFS", "ORG"),  # not expanded in a2: the corpus knows only one IFS
            ("a3", "Institute of Fiscal Studies", "ORG"),
        ]
    )
    assert len(set(ids)) == 1


def test_acronym_merges_with_its_expansion_when_the_reference_list_says_so():
    aliases = pd.DataFrame([("North Atlantic Treaty Organization", "NATO", "ORG")], columns=["alias", "canonical_name", "entity_type"])
    rows = [("a1", "NATO", "ORG"), ("a2", "North Atlantic Treaty Organization", "ORG")]
    assert len(set(entity_ids(rows, aliases))) == 1
    assert len(set(entity_ids(rows))) == 2


def test_user_overrides_merge_us_variants_and_name_the_entity():
    rows = [
        ("a1", "US", "GPE"),
        ("a1", "U.S.", "GPE"),
        ("a2", "United States", "GPE"),
        ("a3", "America", "GPE"),
        ("a3", "Kiev", "GPE"),
        ("a4", "Kyiv", "GPE"),
        ("a4", "Uncle Joe", "PERSON"),
        ("a4", "Joe Biden", "PERSON"),
    ]
    links, entities = canonicalize_entities(mention_frame(rows), ALIASES)
    ids = links["entity_id"].tolist()
    assert len(set(ids[:4])) == 1 and ids[4] == ids[5] and ids[6] == ids[7]
    names = entities.set_index("entity_id")["canonical_name"]
    assert names[ids[0]] == "United States" and names[ids[4]] == "Kyiv"
    # Without the overrides, America is not the United States.
    plain = entity_ids(rows)
    assert plain[3] != plain[2]


def test_north_korea_and_south_korea_stay_apart_and_adjectives_join_their_country():
    rows = [
        ("a1", "North Korea", "GPE"),
        ("a1", "South Korea", "GPE"),
        ("a2", "North Korean", "NORP", "North Korea"),
        ("a2", "South Korean", "NORP", "South Korea"),
        ("a2", "Korean", "NORP"),
    ]
    links, entities = canonicalize_entities(mention_frame(rows))
    north, south, north_adj, south_adj, korean = links["entity_id"].tolist()
    assert north != south and north_adj == north and south_adj == south
    assert korean not in (north, south)
    assert links["entity_type"].tolist() == ["GPE", "GPE", "NORP", "NORP", "NORP"]
    assert entities.set_index("entity_id").loc[north, "entity_type"] == "GPE"


def test_type_is_corrected_by_the_majority_over_the_corpus():
    rows = [
        ("a1", "Biden", "PERSON"),
        ("a2", "Biden", "PERSON"),
        ("a3", "Biden", "ORG"),
        ("a4", "Kursk", "GPE"),
        ("a5", "Kursk", "PRODUCT"),
        ("a6", "Kursk", "GPE"),
    ]
    links, _ = canonicalize_entities(mention_frame(rows))
    assert links["entity_type"].tolist() == ["PERSON"] * 3 + ["GPE"] * 3
    assert links["entity_id"].nunique() == 2


def test_entities_frame_follows_the_contract_with_counts_and_sorted_aliases():
    rows = [("a1", "Joe Biden", "PERSON"), ("a1", "Biden", "PERSON", "Joe Biden"), ("a2", "Biden", "PERSON"), ("a2", "Kyiv", "GPE")]
    links, entities = canonicalize_entities(mention_frame(rows).set_index(pd.Index([10, 11, 12, 13])))
    assert list(entities.columns) == schema.ENTITIES.column_names
    assert links.index.tolist() == [10, 11, 12, 13]
    biden = entities.set_index("entity_id").loc[links.loc[10, "entity_id"]]
    assert biden["canonical_name"] == "Joe Biden"
    assert biden["aliases"] == ["Biden", "Joe Biden"]
    assert (biden["mention_count"], biden["article_count"]) == (3, 2)


def test_entity_ids_are_stable_and_independent_of_row_order():
    rows = [
        ("a1", "Joe Biden", "PERSON"),
        ("a2", "Biden", "PERSON"),
        ("a3", "Kyiv", "GPE"),
        ("a3", "Volodymyr Zelenskyy", "PERSON"),
        ("a4", "Volodymyr Zelensky", "PERSON"),
        ("a4", "Zelensky", "PERSON"),
    ]
    forward_links, forward_entities = canonicalize_entities(mention_frame(rows))
    backward_links, backward_entities = canonicalize_entities(mention_frame(rows[::-1]))
    forward = forward_links["entity_id"].tolist()
    assert forward == backward_links["entity_id"].tolist()[::-1]
    by_id = ["entity_id", "canonical_name", "entity_type", "mention_count"]
    assert forward_entities[by_id].sort_values("entity_id").values.tolist() == backward_entities[by_id].sort_values("entity_id").values.tolist()
    assert all(re.fullmatch(r"[0-9a-f]{16}", entity_id) for entity_id in forward)


def test_missing_columns_are_reported():
    with pytest.raises(KeyError):
        canonicalize_entities(mention_frame([("a1", "Kyiv", "GPE")]).drop(columns=["canonical_hint"]))


def test_empty_input_gives_empty_frames_with_the_contract_columns():
    links, entities = canonicalize_entities(mention_frame([]).reindex(columns=mention_frame([("a", "b", "GPE")]).columns))
    assert links.empty and list(entities.columns) == schema.ENTITIES.column_names


def test_cooccurrence_counts_pairs_in_the_same_sentence_once_per_sentence():
    mentions = pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a1", "a1", "a2", "a2", "a2"],
            "sentence_index": [0, 0, 0, 1, 0, 0, 1],
            "entity_id": ["x", "y", "y", "z", "y", "x", "z"],
        }
    )
    pairs = build_entity_cooccurrence(mentions)
    assert list(pairs.columns) == schema.ENTITY_COOCCURRENCE.column_names
    assert pairs[["entity_id_a", "entity_id_b", "n_sentences", "n_articles"]].values.tolist() == [["x", "y", 2, 2]]
    assert pairs["pair_id"].is_unique


def test_cooccurrence_table_is_declared_in_the_contract():
    assert schema.ENTITY_COOCCURRENCE in schema.TABLES
    assert {key.ref_table for key in schema.ENTITY_COOCCURRENCE.foreign_keys} == {"entities"}


# The sample corpus: every person, place, organisation and weapon system is one entity with the right type.
SAMPLE_ENTITIES = {
    "Joe Biden": ("PERSON", {"Joe Biden", "Biden"}),
    "Volodymyr Zelensky": ("PERSON", {"Volodymyr Zelensky", "Volodymyr Zelenskyy", "Zelensky"}),
    "Donald Trump": ("PERSON", {"Donald Trump", "Trump"}),
    "Vladimir Putin": ("PERSON", {"Vladimir Putin"}),
    "Karine Jean-Pierre": ("PERSON", {"Karine Jean-Pierre"}),
    "Jean-Noel Barrot": ("PERSON", {"Jean-Noel Barrot", "Barrot"}),
    "Annalena Baerbock": ("PERSON", {"Annalena Baerbock", "Baerbock"}),
    "Dmitry Peskov": ("PERSON", {"Dmitry Peskov", "Peskov"}),
    "Serhiy Kuzan": ("PERSON", {"Serhiy Kuzan"}),
    "Ukraine": ("GPE", {"Ukraine"}),
    "Russia": ("GPE", {"Russia"}),
    "United States": ("GPE", {"US", "U.S.", "United States"}),
    "North Korea": ("GPE", {"North Korea"}),
    "South Korea": ("GPE", {"South Korea"}),
    "United Kingdom": ("GPE", {"Britain"}),
    "France": ("GPE", {"France"}),
    "Kursk": ("GPE", {"Kursk"}),
    "Kyiv": ("GPE", {"Kyiv"}),
    "Moscow": ("GPE", {"Moscow"}),
    "Odesa": ("GPE", {"Odesa"}),
    "Pokrovsk": ("GPE", {"Pokrovsk"}),
    "Sumy": ("GPE", {"Sumy"}),
    "Kharkiv": ("GPE", {"Kharkiv"}),
    "Donetsk": ("GPE", {"Donetsk"}),
    "Donbas": ("LOC", {"Donbas"}),
    "NATO": ("ORG", {"NATO"}),
    "Kremlin": ("ORG", {"Kremlin"}),
    "White House": ("ORG", {"White House"}),
    "Institute for the Study of War": ("ORG", {"Institute for the Study of War"}),
    "Kiel Institute for the World Economy": ("ORG", {"Kiel Institute for the World Economy"}),
    "ATACMS": ("WEAPON", {"ATACMS", "Army Tactical Missile System", "Army Tactical Missile Systems"}),
    "HIMARS": ("WEAPON", {"HIMARS", "High Mobility Artillery Rocket System"}),
    "Storm Shadow": ("WEAPON", {"Storm Shadow"}),
}


def extract_sample_mentions(nlp) -> pd.DataFrame:
    rows = []
    for path in sorted(SAMPLE_DIR.glob("*.txt")):
        paragraphs = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        doc = nlp("\n\n".join(paragraphs))
        rows += [{"mention_id": f"{path.stem}-{k}", "article_id": path.stem, **m} for k, m in enumerate(extract_entity_mentions(doc, load_reference_catalog().entities))]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def sample_mentions(nlp) -> pd.DataFrame:
    mentions = extract_sample_mentions(nlp)
    links, entities = canonicalize_entities(mentions, load_entity_aliases())
    names = entities.set_index("entity_id")["canonical_name"]
    return mentions.assign(
        entity_id=links["entity_id"], linked_type=links["entity_type"], canonical_name=links["entity_id"].map(names)
    ).merge(entities[["entity_id", "entity_type"]].rename(columns={"entity_type": "entity_type_of_entity"}), on="entity_id")


def test_sample_every_named_thing_is_one_entity_with_the_right_type(sample_mentions):
    for name, (entity_type, surfaces) in SAMPLE_ENTITIES.items():
        rows = sample_mentions[sample_mentions["mention_text"].isin(surfaces)]
        assert set(rows["mention_text"]) == surfaces, name
        assert rows["entity_id"].nunique() == 1, (name, rows.groupby("entity_id")["mention_text"].unique().tolist())
        assert rows["canonical_name"].iloc[0] == name
        assert rows["entity_type_of_entity"].iloc[0] == entity_type, name


def test_sample_no_two_different_things_share_an_entity(sample_mentions):
    entity_of = {
        name: sample_mentions.loc[sample_mentions["mention_text"].isin(surfaces), "entity_id"].iloc[0]
        for name, (_, surfaces) in SAMPLE_ENTITIES.items()
    }
    assert len(set(entity_of.values())) == len(entity_of)
    for name, entity_id in entity_of.items():
        surfaces = set(sample_mentions.loc[sample_mentions["entity_id"] == entity_id, "mention_text"])
        allowed = SAMPLE_ENTITIES[name][1] | {"Ukrainian", "Ukrainians", "Russian", "American", "North Korean", "French", "German"}
        assert surfaces <= allowed, (name, surfaces - allowed)


def test_sample_nationality_adjectives_are_linked_to_their_country(sample_mentions):
    adjectives = sample_mentions[sample_mentions["mention_text"].isin({"Russian", "North Korean", "Ukrainian", "American"})]
    assert set(adjectives["linked_type"]) == {"NORP"}
    assert set(adjectives["canonical_name"]) == {"Russia", "North Korea", "Ukraine", "United States"}


# Forms: (mention_text, extracted_type, canonical_hint) with their mention counts, resolved by keys.
FORM_COLUMNS = ["mention_text", "extracted_type", "canonical_hint"]


def form_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[*FORM_COLUMNS, "n_mentions"])


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


def test_a_form_votes_and_names_like_its_mentions():
    forms = form_frame(
        [
            ("Kursk", "GPE", None, 2),
            ("Kursk", "PRODUCT", None, 3),  # one mention each would tie, and GPE wins ties
            ("Volodymyr Zelensky", "PERSON", None, 1),
            ("Volodymyr Zelenskyy", "PERSON", None, 5),  # alone, the alphabet would pick "Zelensky"
        ]
    )
    before = forms.copy()
    resolved = resolve_forms(forms)
    pd.testing.assert_frame_equal(forms, before)
    assert resolved["entity_type"].tolist() == ["PRODUCT", "PRODUCT", "PERSON", "PERSON"]
    entities = summarise_entities(resolved).set_index("entity_id")
    zelensky = entities.loc[resolved.loc[2, "entity_id"]]
    assert (zelensky["canonical_name"], zelensky["mention_count"]) == ("Volodymyr Zelenskyy", 6)
    # The same as one row per mention.
    mentions = forms.loc[forms.index.repeat(forms["n_mentions"])].reset_index(drop=True)
    mentions = mentions.rename(columns={"extracted_type": "entity_type"}).assign(article_id=[f"a{k}" for k in range(len(mentions))])
    links, per_mention = canonicalize_entities(mentions)
    assert links["entity_id"].tolist() == resolved["entity_id"].repeat(forms["n_mentions"]).tolist()
    assert per_mention.set_index("entity_id").loc[zelensky.name, "canonical_name"] == "Volodymyr Zelenskyy"


def test_forms_need_their_columns():
    with pytest.raises(KeyError):
        resolve_forms(form_frame([("Kyiv", "GPE", None, 1)]).drop(columns=["n_mentions"]))
    with pytest.raises(KeyError):
        form_lookup_keys(form_frame([("Kyiv", "GPE", None, 1)]).drop(columns=["extracted_type"]))
    with pytest.raises(KeyError):
        summarise_entities(resolve_forms(form_frame([("Kyiv", "GPE", None, 1)])).drop(columns=["entity_name"]))


@pytest.fixture(scope="module")
def corpus_mentions(nlp) -> pd.DataFrame:
    """Mentions of the BBC archive when a run left it, else of the sample articles.

    The sample's extractor hints make every link local, so its mentions come twice, the second
    time without hints (as in articles that never spell the full name): links then need the corpus.
    """
    columns = ["article_id", "mention_text", "entity_type", "canonical_hint"]
    try:
        return pd.read_parquet(CORPUS_MENTIONS, columns=columns)
    except (OSError, pa.ArrowException):
        sample = extract_sample_mentions(nlp)[columns]
        unhinted = sample.assign(article_id=sample["article_id"] + "/unhinted", canonical_hint=None)
        return pd.concat([sample, unhinted], ignore_index=True)


def form_keys_of(forms: pd.DataFrame) -> list[tuple[str, str, str | None]]:
    return list(zip(forms["mention_text"], forms["extracted_type"], forms["canonical_hint"], strict=True))


def key_closure(lookup_keys: pd.Series, seeds: np.ndarray) -> np.ndarray:
    """Positions of the forms reached from `seeds` through shared keys: what a run fetches from storage."""
    positions_of_key: dict[str, list[int]] = defaultdict(list)
    for position, keys in enumerate(lookup_keys):
        for key in keys:
            positions_of_key[key].append(position)
    reached, frontier = set(seeds.tolist()), list(seeds.tolist())
    while frontier:
        for key in lookup_keys.iloc[frontier.pop()]:
            for other in positions_of_key[key]:
                if other not in reached:
                    reached.add(other)
                    frontier.append(other)
    return np.array(sorted(reached), dtype=int)


def links_of(forms: pd.DataFrame) -> dict[tuple[str, str, str | None], tuple[str, str]]:
    return dict(zip(form_keys_of(forms), forms[["entity_id", "entity_type"]].itertuples(index=False, name=None), strict=True))


def two_days(mentions: pd.DataFrame, split: str, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The forms of a first and a second day: random halves of the forms, or of the articles."""
    if split == "forms":
        every_form = mention_forms(mentions)
        on_first_day = rng.random(len(every_form)) < 0.5
        return every_form[on_first_day], every_form[~on_first_day]
    articles = mentions["article_id"].unique()
    on_first_day = mentions["article_id"].isin(rng.choice(articles, size=len(articles) // 2, replace=False))
    return mention_forms(mentions[on_first_day]), mention_forms(mentions[~on_first_day])  # shared forms add up


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
