"""Claims: the same fact across articles groups, different facts do not (other stories, other periods, other
figures of one sentence), conflicts are flagged only between sources that report one fact, and adding articles
step by step gives the claims of a rebuild while old claim ids stay put."""

from __future__ import annotations

import random
from dataclasses import replace

import pandas as pd
import pytest

from tests.transforms.aggregate.claims_support import (
    ARTICLES,
    CLASSES,
    SAMPLE_FIGURES,
    FigureRow,
    all_at_once,
    articles_frame,
    assign_in_steps,
    claims_by_members,
    claims_of,
    figures_frame,
    known,
    mentions_frame,
    random_features,
    usd_features,
)
from transforms.aggregate.claim_rows import anchor_key
from transforms.aggregate.claim_rules import values_conflict
from transforms.aggregate.claims import (
    FEATURE_COLUMNS,
    assign_claims,
    build_claims,
    figure_claim_features,
    load_object_classes,
    object_class,
)
from transforms.ids import stable_id
from transforms.reference.catalog import load_reference_catalog
from transforms.schema import CLAIM_FEATURES, CLAIMS


@pytest.fixture(scope="module")
def sample_claims() -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    return claims_of(SAMPLE_FIGURES)


def claim_of(figures: pd.DataFrame, claim_ids: pd.Series, figure_id: str) -> str:
    return claim_ids[figures.index[figures["figure_id"] == figure_id][0]]


def claim_row(claims: pd.DataFrame, claim_id: str) -> pd.Series:
    return claims.set_index("claim_id").loc[claim_id]


def test_every_figure_gets_a_claim_and_the_table_matches_the_schema(sample_claims) -> None:
    figures, claim_ids, claims = sample_claims
    assert claim_ids.index.equals(figures.index)
    assert claim_ids.notna().all()
    assert list(claims.columns) == CLAIMS.column_names
    assert set(claim_ids) == set(claims["claim_id"])
    assert claims["claim_id"].is_unique


def test_north_korean_troops_conflict_and_russian_troops_stay_apart(sample_claims) -> None:
    figures, claim_ids, claims = sample_claims
    korean = claim_of(figures, claim_ids, "f1")
    assert claim_of(figures, claim_ids, "f2") == korean == claim_of(figures, claim_ids, "f3")
    assert claim_of(figures, claim_ids, "f4") != korean  # deployed by Moscow: the troops in Kursk, another count
    row = claim_row(claims, korean)
    assert row["is_conflict"]
    assert (row["n_articles"], row["n_figures"], row["min_value"], row["max_value"]) == (3, 3, 11_000, 50_000)
    assert row["relative_spread"] == pytest.approx(0.78)
    assert row["label"] == "troops (North Korea)"
    # the evidence: two sources linked directly, furthest apart (11,000 meets 50,000 only through 12,000 here)
    assert (row["conflict_low_figure_id"], row["conflict_high_figure_id"]) == ("f2", "f3")
    assert claims.loc[~claims["is_conflict"], ["conflict_low_figure_id", "conflict_high_figure_id"]].isna().all().all()


def test_atacms_range_in_km_and_miles_agrees_and_the_restatement_is_not_counted_twice(sample_claims) -> None:
    figures, claim_ids, claims = sample_claims
    atacms = claim_of(figures, claim_ids, "f5")
    assert claim_of(figures, claim_ids, "f6") == atacms == claim_of(figures, claim_ids, "f7")
    assert claim_of(figures, claim_ids, "f12") != atacms  # HIMARS reach, not ATACMS
    row = claim_row(claims, atacms)
    assert (row["n_articles"], row["n_figures"], bool(row["is_conflict"])) == (2, 2, False)
    assert row["normalized_unit"] == "km"


def test_us_aid_and_missile_counts_group_without_conflict(sample_claims) -> None:
    figures, claim_ids, claims = sample_claims
    aid = claim_of(figures, claim_ids, "f8")
    assert claim_of(figures, claim_ids, "f9") == aid  # "between ... and June 2024" and "since" bound running totals: no period
    assert not claim_row(claims, aid)["is_conflict"]
    missiles = claim_of(figures, claim_ids, "f10")
    assert claim_of(figures, claim_ids, "f11") == missiles
    assert claim_row(claims, missiles)["relative_spread"] == 0


def test_the_same_amount_in_another_story_is_another_fact(sample_claims) -> None:
    figures, claim_ids, _ = sample_claims
    assert claim_of(figures, claim_ids, "f13") != claim_of(figures, claim_ids, "f8")  # GM pays Fiat $55.5bn: no shared entity


def test_claim_ids_are_stable_and_independent_of_row_order() -> None:
    figures = figures_frame(SAMPLE_FIGURES)
    mentions, articles = mentions_frame(), articles_frame(ARTICLES)
    first, _ = build_claims(figures, mentions, articles, object_classes=CLASSES)
    second, _ = build_claims(figures.sample(frac=1.0, random_state=7), mentions.sample(frac=1.0, random_state=3),
                             articles.iloc[::-1], object_classes=CLASSES)
    assert first.sort_index().equals(second.sort_index())


def test_a_tighter_tolerance_turns_close_values_into_a_conflict() -> None:
    articles = {
        "a1": "Officials in Kyiv say about 11,000 North Korean troops are fighting in Kursk for Russia. Ukraine and Russia disagree.",
        "a2": "Ukraine's defence ministry counted 12,000 North Korean troops near the Kursk front line.",
    }
    rows: list[FigureRow] = [("g1", "a1", "about 11,000", 11_000, 11_000, "count", "approximately", "North Korean troops", None),
                             ("g2", "a2", "12,000", 12_000, 12_000, "count", "exact", "North Korean troops", None)]
    _, _, loose = claims_of(rows, articles, tolerance=0.10)
    _, _, tight = claims_of(rows, articles, tolerance=0.05)
    assert len(loose) == 1 and not loose["is_conflict"].iloc[0]
    assert len(tight) == 1 and tight["is_conflict"].iloc[0]


def test_two_exact_values_agree_only_when_one_rounds_the_other() -> None:
    """The tolerance widens hedged values ("about 11,000"); two sources that both give an exact number and
    differ beyond rounding disagree, whatever the tolerance."""
    articles = {
        "a1": "Officials in Kyiv say 11,000 North Korean troops are fighting in Kursk for Russia. Ukraine and Russia disagree.",
        "a2": "Ukraine's defence ministry counted 12,000 North Korean troops near the Kursk front line.",
        "a3": "Kyiv says 11,400 North Korean troops are fighting in Kursk for Russia, Ukraine's defence ministry says.",
    }
    rows: list[FigureRow] = [("g1", "a1", "11,000", 11_000, 11_000, "count", "exact", "North Korean troops", None),
                             ("g2", "a2", "12,000", 12_000, 12_000, "count", "exact", "North Korean troops", None)]
    _, _, differ = claims_of(rows, articles, tolerance=0.10)
    assert len(differ) == 1 and differ["is_conflict"].iloc[0]
    rounded: list[FigureRow] = [rows[0], ("g3", "a3", "11,400", 11_400, 11_400, "count", "exact", "North Korean troops", None)]
    _, _, agree = claims_of(rounded, articles, tolerance=0.10)
    assert len(agree) == 1 and not agree["is_conflict"].iloc[0]


def test_one_measure_in_two_periods_is_two_facts() -> None:
    story = "Mortgage approvals from the Bank of England and the British Bankers' Association in the UK"
    articles = {
        "a1": f"New mortgage loans in December rose to 83,000 from 77,000, the Bank of England said. {story} slowed.",
        "a2": f"New mortgage loans in January fell to 79,000 from 82,000 in December, the Bank of England said. {story} fell.",
    }
    rows: list[FigureRow] = [("m1", "a1", "83,000", 83_000, 83_000, "count", "exact", "loans", None),
                             ("m2", "a2", "79,000", 79_000, 79_000, "count", "exact", "loans", None),
                             ("m3", "a2", "82,000", 82_000, 82_000, "count", "exact", "loans", None)]
    entities = {"Bank of England": "Bank of England", "British Bankers' Association": "British Bankers' Association", "UK": "United Kingdom"}
    figures, claim_ids, _ = claims_of(rows, articles, entities=entities)
    december = claim_of(figures, claim_ids, "m1")
    assert claim_of(figures, claim_ids, "m3") == december  # December in both: one fact (a revised figure)
    assert claim_of(figures, claim_ids, "m2") != december  # January is another month


def test_two_figures_of_one_republished_sentence_pair_only_with_their_own_copies() -> None:
    sentence = "England have lost their first three matches in the Six Nations and four out of their six games under Robinson."
    articles = {"a1": f"{sentence} England coach Robinson is under pressure.",
                "a2": f"Robinson and England face Wales. {sentence}"}
    rows: list[FigureRow] = [
        ("s1", "a1", "three", 3, 3, "count", "exact", "matches", None), ("s2", "a1", "four", 4, 4, "count", "exact", "games", None),
        ("t1", "a2", "three", 3, 3, "count", "exact", "matches", None), ("t2", "a2", "four", 4, 4, "count", "exact", "games", None),
    ]
    entities = {"England": "England", "Robinson": "Andy Robinson", "Six Nations": "Six Nations", "Wales": "Wales"}
    figures, claim_ids, claims = claims_of(rows, articles, entities=entities)
    assert claim_of(figures, claim_ids, "s1") == claim_of(figures, claim_ids, "t1")
    assert claim_of(figures, claim_ids, "s2") == claim_of(figures, claim_ids, "t2")
    assert claim_of(figures, claim_ids, "s1") != claim_of(figures, claim_ids, "s2")
    assert not claims["is_conflict"].any()


def test_a_restatement_in_another_currency_is_a_claim_of_its_own() -> None:
    articles = {"a1": "Rosneft bought Yugansk from Yukos for $9.3bn (£5bn) in Russia.",
                "a2": "Rosneft paid $9.3bn for Yugansk, the Yukos unit, in Russia."}
    rows: list[FigureRow] = [("r1", "a1", "$9.3bn", 9.3e9, 9.3e9, "USD", "exact", None, None),
                             ("r2", "a1", "£5bn", 5e9, 5e9, "GBP", "exact", None, "r1"),
                             ("r3", "a2", "$9.3bn", 9.3e9, 9.3e9, "USD", "exact", None, None)]
    entities = {"Rosneft": "Rosneft", "Yugansk": "Yugansk", "Yukos": "Yukos", "Russia": "Russia"}
    figures, claim_ids, claims = claims_of(rows, articles, entities=entities)
    price = claim_of(figures, claim_ids, "r1")
    assert claim_of(figures, claim_ids, "r3") == price
    assert claim_of(figures, claim_ids, "r2") != price  # never a GBP figure in a USD claim
    assert claim_row(claims, price)["normalized_unit"] == "USD"
    assert claim_row(claims, claim_of(figures, claim_ids, "r2"))["n_figures"] == 1


@pytest.mark.parametrize(("surface", "value", "unit", "counted"), [
    ("6-4", 6, "count", None),  # a score
    ("one", 1, "count", "thing"),  # pronoun-like "one"
    ("200m", 200, "m", None),  # a race named by its distance
])
def test_numbers_that_measure_nothing_never_join_a_claim(surface: str, value: float, unit: str, counted: str | None) -> None:
    articles = {"a1": f"Federer said {surface} was enough for Federer at Wimbledon and Melbourne.",
                "a2": f"Federer said {surface} was enough for Federer at Wimbledon and Melbourne, Federer added."}
    rows: list[FigureRow] = [("n1", "a1", surface, value, value, unit, "exact", counted, None),
                             ("n2", "a2", surface, value, value, unit, "exact", counted, None)]
    entities = {"Federer": "Roger Federer", "Wimbledon": "Wimbledon", "Melbourne": "Melbourne"}
    _, claim_ids, claims = claims_of(rows, articles, entities=entities)
    assert claim_ids.nunique() == 2 and (claims["n_figures"] == 1).all()


def test_same_article_figures_do_not_make_a_claim_on_their_own() -> None:
    articles = {"a1": "Russia fired 5 missiles at Kyiv. Later Russia fired 5 missiles at Kyiv again."}
    rows: list[FigureRow] = [("k1", "a1", "5 missiles", 5, 5, "count", "exact", "missiles", None)]
    figures = figures_frame(rows, articles)
    second = figures.assign(figure_id="k2", start_char=articles["a1"].rindex("5 missiles"))
    second["end_char"] = second["start_char"] + len("5 missiles")
    both = pd.concat([figures, second], ignore_index=True)
    claim_ids, _ = build_claims(both, mentions_frame(articles, {"Russia": "Russia", "Kyiv": "Kyiv"}), articles_frame(articles),
                                object_classes=CLASSES)
    assert claim_ids.nunique() == 2


def test_qualifiers_explain_differences() -> None:
    # "nearly 190 miles" (~306 km) and "up to 300 km" agree; "exactly 190 miles" and "300 km" do not.
    assert not values_conflict([(275.2, 305.8), (float("-inf"), 300.0)], 0.10)
    assert not values_conflict([(11_000, 11_000), (10_800, 13_200)], 0.10)
    assert values_conflict([(11_000, 11_000), (45_000, 55_000)], 0.10)
    assert values_conflict([(100.0, 100.0), (200.0, float("inf"))], 0.10)


def test_object_classes_and_anchor_keys() -> None:
    classes = load_object_classes()
    assert object_class("North Korean soldiers", classes) == object_class("troops", classes) == object_class("military personnel", classes)
    assert object_class("missiles", classes) != object_class("drones", classes)
    assert object_class(None, classes) is None
    assert anchor_key("North Korean") == anchor_key("North Korea")


def test_a_name_after_the_number_is_no_object_class() -> None:
    # "own 29% of United" and "own 28.9% of the club": the name is what the share is of, its subject, not a kind of
    # thing counted, so it cannot make the two figures two objects; acronyms of common nouns still count ("32 Labour MPs").
    classes = load_object_classes()
    assert object_class("United", classes) is None and object_class("Deutsche", classes) is None
    assert object_class("the club", classes) == "club"
    assert object_class("Labour MPs", classes) == "mps" and object_class("DS", classes) == "ds"
    assert anchor_key("Russian") == anchor_key("Russia")
    assert anchor_key("Moscow") != anchor_key("Russia")


def test_missing_columns_and_bad_tolerance_fail_loudly() -> None:
    figures, mentions, articles = figures_frame(SAMPLE_FIGURES[:1]), mentions_frame(), articles_frame(ARTICLES)
    with pytest.raises(KeyError, match="counted_object"):
        build_claims(figures.drop(columns=["counted_object"]), mentions, articles, object_classes=CLASSES)
    with pytest.raises(KeyError, match="body"):
        build_claims(figures, mentions, articles[articles["article_id"] != "a1"], object_classes=CLASSES)
    with pytest.raises(ValueError):
        build_claims(figures, mentions, articles, tolerance=-0.1, object_classes=CLASSES)


def test_empty_input_gives_empty_claims() -> None:
    empty = figures_frame([]).reindex(columns=list(figures_frame(SAMPLE_FIGURES[:1]).columns))
    claim_ids, claims = build_claims(empty, mentions_frame({}), articles_frame({}), object_classes=CLASSES)
    assert claim_ids.empty
    assert list(claims.columns) == CLAIMS.column_names


def test_features_match_the_stored_index_and_hold_what_grouping_needs() -> None:
    features = figure_claim_features(figures_frame(SAMPLE_FIGURES), mentions_frame(), articles_frame(ARTICLES), CLASSES).set_index("figure_id")
    assert ["figure_id", *features.columns] == list(FEATURE_COLUMNS) == CLAIM_FEATURES.column_names
    assert features.loc["f1", "anchor_entity_id"] == "ent:North Korea"  # inside "11,000 North Korean soldiers"
    assert features.loc["f4", "subject_entity_id"] == "ent:Moscow"
    assert features.loc["f6", "is_restatement"] and list(features.loc["f6", "block_keys"]) == []
    assert set(features.loc["f1", "block_keys"]) & set(features.loc["f2", "block_keys"])  # one story shares frequent words
    assert all(key.startswith("count|count|") for key in features.loc["f1", "block_keys"])
    assert {"ent:North Korea", "ent:Kursk", "ent:Ukraine"} <= set(features.loc["f1", "article_entity_ids"])
    assert features.loc["f1", "neighbour_words"] == ["estimate", "korean", "north", "ukraine"]  # two words each side
    assert features.loc["f5", "sentence_position"] == "1/1"  # the restatement is not a figure of its own here
    assert features.loc["f8", "period_key"] is None  # "between the start of the war and June 2024": a running total
    assert features.loc["f5", "normalized_low"] == 300 and features.loc["f7", "normalized_low"] == pytest.approx(305.78, abs=0.01)


def test_anchors_are_entities_not_names() -> None:
    articles = {"a1": "Georgia will receive $5m in aid from the EU, the EU said on Georgia.",
                "a2": "Georgia will receive $5.2m in aid from the EU, the EU said on Georgia.",
                "a3": "Georgia will receive $5.1m in aid from the EU, the EU said about Georgia."}
    rows: list[FigureRow] = [("g1", "a1", "$5m", 5e6, 5e6, "USD", "exact", "aid", None),
                             ("g2", "a2", "$5.2m", 5.2e6, 5.2e6, "USD", "exact", "aid", None),
                             ("g3", "a3", "$5.1m", 5.1e6, 5.1e6, "USD", "exact", "aid", None)]
    figures, mentions = figures_frame(rows, articles), mentions_frame(articles, {"Georgia": "Georgia", "EU": "European Union"})
    # a2 is about the US state (and so is its EU: another entity); a3 names the country by an older canonical name
    us_state = mentions["article_id"] == "a2"
    mentions.loc[us_state, "entity_id"] = mentions.loc[us_state, "entity_id"] + " (US)"
    mentions.loc[mentions["article_id"] == "a3", "canonical_name"] = "Sakartvelo"
    claim_ids, _ = build_claims(figures, mentions, articles_frame(articles), object_classes=CLASSES)
    assert claim_ids.iloc[0] == claim_ids.iloc[2] != claim_ids.iloc[1]


def test_assigning_the_sample_in_two_steps_equals_the_rebuild() -> None:
    features = figure_claim_features(figures_frame(SAMPLE_FIGURES), mentions_frame(), articles_frame(ARTICLES), CLASSES)
    in_steps = claims_by_members(*assign_in_steps(features, [{"a1", "a2"}, {"a3", "a4", "b1"}]))
    assert in_steps == claims_by_members(*all_at_once(features))
    assert claims_by_members(*assign_in_steps(features, [{"a1", "a2"}, {"a3", "a4", "b1"}], as_the_archive_reads=True)) == in_steps
    assert frozenset({"f1", "f2", "f3"}) in in_steps and frozenset({"f8", "f9"}) in in_steps


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_assigning_in_steps_equals_the_rebuild_on_random_blocks(seed: int) -> None:
    features = random_features(seed)
    articles = sorted(set(features["article_id"]))
    random.Random(seed).shuffle(articles)
    steps = [set(articles[:25]), set(articles[25:33]), set(articles[33:])]
    rebuilt = claims_by_members(*all_at_once(features))
    assert claims_by_members(*assign_in_steps(features, steps)) == rebuilt
    assert claims_by_members(*assign_in_steps(features, steps, as_the_archive_reads=True)) == rebuilt
    assert any(len(members) > 3 for members in rebuilt)  # the blocks chain, so the order of arrival could matter


def test_a_new_figure_joining_an_old_claim_takes_its_id() -> None:
    features = usd_features([("b1", "a1", 100.0), ("b2", "a2", 105.0), ("a0", "a3", 110.0)])
    claim_ids, changed = assign_claims(features.iloc[2:], known(features.iloc[:2], {"b1": "claim-old", "b2": "claim-old"}))
    assert claim_ids.to_dict() == {"a0": "claim-old", "b1": "claim-old", "b2": "claim-old"}  # though "a0" sorts first
    assert changed["claim_id"].tolist() == ["claim-old"]
    assert changed[["n_articles", "n_figures", "max_value"]].iloc[0].tolist() == [3, 3, 110.0]
    alone, _ = assign_claims(usd_features([("z9", "a9", 1e9)]), known(features.iloc[:2], {"b1": "claim-old", "b2": "claim-old"}))
    assert alone["z9"] == stable_id("claim", "z9")


def test_old_claims_are_never_split() -> None:
    # b1 and b2 were grouped under earlier rules; today they are 50-fold apart and would not be
    features = usd_features([("b1", "a1", 100.0), ("b2", "a2", 5000.0), ("n1", "a3", 110.0)])
    claim_ids, changed = assign_claims(features.iloc[2:], known(features.iloc[:2], {"b1": "claim-old", "b2": "claim-old"}))
    assert set(claim_ids) == {"claim-old"}
    assert changed[["claim_id", "n_figures", "min_value", "max_value"]].iloc[0].tolist() == ["claim-old", 3, 100.0, 5000.0]


def test_two_old_claims_merged_by_a_new_figure_keep_the_smaller_id_and_a_direct_disagreement_is_a_conflict() -> None:
    features = usd_features([("b1", "a1", 100.0), ("b2", "a2", 200.0), ("b3", "a4", 210.0), ("n1", "a3", 150.0)])
    stored = known(features.iloc[:3], {"b1": "claim-b", "b2": "claim-a", "b3": "claim-a"})
    claim_ids, changed = assign_claims(features.iloc[3:], stored)
    assert set(claim_ids) == {"claim-a"}  # b1 is re-linked; claim-b is gone
    assert changed["claim_id"].tolist() == ["claim-a"]
    assert changed[["n_articles", "is_conflict"]].iloc[0].tolist() == [4, True]


def test_figures_met_only_through_a_chain_are_no_conflict() -> None:
    # 100 ~ about 110 ~ 121: neighbours agree, the ends do not; with other words around them the ends are not linked
    features = usd_features([("c1", "a1", 100.0), ("c2", "a2", 110.0), ("c3", "a3", 121.0)])
    features["qualifier"] = ["exact", "approximately", "exact"]
    features.loc[2, ["local_terms", "neighbour_words"]] = pd.Series([["pledged", "europe"], ["pledged"]], index=["local_terms", "neighbour_words"])
    claim_ids, claims = assign_claims(features, features.iloc[:0].assign(claim_id=None))
    assert claim_ids.nunique() == 1
    assert not claims["is_conflict"].iloc[0]


def test_assign_claims_rejects_figures_it_cannot_place() -> None:
    features = usd_features([("b1", "a1", 100.0), ("n1", "a2", 110.0)])
    with pytest.raises(ValueError, match="unique"):
        assign_claims(features, known(features.iloc[:1], {"b1": "claim-old"}))
    restatement = features.iloc[1:].assign(figure_id="n2", paired_figure_id="n0", is_restatement=True)
    with pytest.raises(ValueError, match="first statement"):
        assign_claims(restatement, known(features.iloc[:1], {"b1": "claim-old"}))
    with pytest.raises(KeyError, match="claim_id"):
        assign_claims(features.iloc[1:], features.iloc[:1])


def test_relative_spread_is_a_share_even_for_a_range_across_zero() -> None:
    """"between -5 and 3 degrees": (max - min) / max is 1.6, no share; a change of sign is total disagreement (1)."""
    across_zero = usd_features([("r1", "a1", 0.0)]).assign(normalized_low=-5.0, normalized_high=3.0)
    _, claims = assign_claims(across_zero, across_zero.iloc[0:0].assign(claim_id=None))
    assert claims["relative_spread"].tolist() == [1.0]
    _, same_sign = assign_claims(usd_features([("p1", "a1", 80.0), ("p2", "a2", 100.0)]), across_zero.iloc[0:0].assign(claim_id=None))
    assert same_sign["relative_spread"].tolist() == [pytest.approx(0.2)]


def test_a_vague_magnitude_meets_only_vague_magnitudes() -> None:
    # "billions of dollars" reads as 2bn at least, which agrees with "$2bn" though no source meant that value.
    sentence = "Bill Gates has donated billions of dollars to Gavi in Geneva, Gavi said."
    articles = {"a1": sentence, "a2": "Bill Gates gave $2bn to Gavi in Geneva, Gavi said.", "a3": sentence}
    rows: list[FigureRow] = [("v1", "a1", "billions of dollars", 2e9, 2e9, "USD", "at_least", None, None),
                             ("x2", "a2", "$2bn", 2e9, 2e9, "USD", "at_least", None, None),
                             ("v3", "a3", "billions of dollars", 2e9, 2e9, "USD", "at_least", None, None)]
    entities = {"Bill Gates": "Bill Gates", "Gavi": "Gavi", "Geneva": "Geneva"}
    figures, claim_ids, _ = claims_of(rows, articles, entities=entities)
    assert claim_of(figures, claim_ids, "v1") == claim_of(figures, claim_ids, "v3")  # the same sentence republished
    assert claim_of(figures, claim_ids, "x2") != claim_of(figures, claim_ids, "v1")


@pytest.mark.parametrize(("sentence", "surface", "value", "unit", "counted"), [
    ("Mr Brown promised to end teenage unemployment in Britain within the next five years.", "five years", 5, "year", None),
    ("The four Britons freed from Guantanamo Bay by the US are expected home.", "four", 4, "count", "Britons"),
])
def test_time_frames_and_referring_numbers_never_join_a_claim(sentence: str, surface: str, value: float, unit: str,
                                                              counted: str | None) -> None:
    articles = {"a1": sentence, "a2": sentence}  # two versions of one story, word for word
    rows: list[FigureRow] = [("n1", "a1", surface, value, value, unit, "exact", counted, None),
                             ("n2", "a2", surface, value, value, unit, "exact", counted, None)]
    entities = {"Mr Brown": "Gordon Brown", "Britain": "United Kingdom", "Britons": "United Kingdom", "Guantanamo Bay": "Guantanamo Bay",
                "US": "United States"}
    _, claim_ids, claims = claims_of(rows, articles, entities=entities)
    assert claim_ids.nunique() == 2 and (claims["n_figures"] == 1).all()


def test_a_percentage_of_change_never_joins_a_level() -> None:
    articles = {"a1": "Firefox's share of the browser market in Europe grew by 5% last year, OneStat said.",
                "a2": "Firefox's share of the browser market in Europe is 5% now, OneStat said.",
                "a3": "Firefox's share of the browser market in Europe grew by 5% last year, OneStat says."}
    rows: list[FigureRow] = [("c1", "a1", "5%", 5, 5, "percent", "exact", None, None),
                             ("l2", "a2", "5%", 5, 5, "percent", "exact", None, None),
                             ("c3", "a3", "5%", 5, 5, "percent", "exact", None, None)]
    entities = {"Firefox": "Firefox", "Europe": "Europe", "OneStat": "OneStat"}
    figures, claim_ids, _ = claims_of(rows, articles, entities=entities)
    assert claim_of(figures, claim_ids, "c1") == claim_of(figures, claim_ids, "c3")
    assert claim_of(figures, claim_ids, "l2") != claim_of(figures, claim_ids, "c1")


def test_a_figure_a_person_owns_is_not_about_the_party_that_speaks_of_it() -> None:
    """"Labour claim his planned £35bn efficiency savings": the savings are the Conservative leader's, so Labour is not
    their anchor, and Labour's own "£22bn savings" of the same story is no conflict with them."""
    articles = {"a1": "Labour, needless to say, claim his planned £35bn efficiency savings simply don't add up.",
                "a2": "Michael Howard said his planned £35bn efficiency savings would fund tax cuts."}
    rows: list[FigureRow] = [("s1", "a1", "£35bn", 35e9, 35e9, "GBP", "exact", "efficiency savings", None),
                             ("s2", "a2", "£35bn", 35e9, 35e9, "GBP", "exact", "efficiency savings", None)]
    entities = {"Labour": "Labour Party", "Michael Howard": "Michael Howard"}
    mentions = mentions_frame(articles, entities)
    mentions["entity_type"] = mentions["canonical_name"].map({"Labour Party": "ORG", "Michael Howard": "PERSON"})
    features = figure_claim_features(figures_frame(rows, articles), mentions, articles_frame(articles), CLASSES).set_index("figure_id")
    assert pd.isna(features.loc["s1", "anchor_entity_id"])  # "his" is no party's
    assert features.loc["s2", "anchor_entity_id"] == "ent:Michael Howard"  # a person named before owns it


def test_conflict_evidence_is_a_pair_the_linker_compared_from_two_articles() -> None:
    # 100 ~ about 110 ~ 121 chain through c2's two blocks; c1 and c3 would conflict, but share no block: never compared
    features = usd_features([("c1", "a1", 100.0), ("c2", "a2", 110.0), ("c3", "a3", 121.0)])
    features["qualifier"] = ["exact", "approximately", "exact"]
    features["block_keys"] = [["currency|USD|aid"], ["currency|USD|aid", "currency|USD|loan"], ["currency|USD|loan"]]
    claim_ids, claims = assign_claims(features, features.iloc[:0].assign(claim_id=None))
    assert claim_ids.nunique() == 1 and not claims["is_conflict"].iloc[0]
    features["block_keys"] = [["currency|USD|aid"]] * 3
    _, claims = assign_claims(features, features.iloc[:0].assign(claim_id=None))
    assert (claims["conflict_low_figure_id"].iloc[0], claims["conflict_high_figure_id"].iloc[0]) == ("c1", "c3")
    # the same two values in one article are one source, not a disagreement
    one_article = usd_features([("d1", "a1", 100.0), ("d2", "a1", 121.0), ("d3", "a2", 110.0)]).assign(qualifier=["exact", "exact", "approximately"])
    _, claims = assign_claims(one_article, one_article.iloc[:0].assign(claim_id=None))
    assert claims["n_figures"].max() == 3 and not claims["is_conflict"].any()


# --- the learned scorer in the pair decision ----------------------------------------------------------------------

SCORER = load_reference_catalog().claim_scorer
# One deal reported twice in the same words, and once more with another amount of the same deal.
DEAL_ARTICLES = {
    "d1": "Verizon agreed to buy MCI for $6.75bn on Monday. MCI shareholders and Qwest had wanted a higher price.",
    "d2": "A shareholder in MCI is suing to stop the $6.75bn takeover by Verizon. Qwest had made a rival offer for MCI.",
}
DEAL_ENTITIES = {"Verizon": "Verizon", "MCI": "MCI", "Qwest": "Qwest"}
DEAL_FIGURES: list[FigureRow] = [
    ("g1", "d1", "$6.75bn", 6.75e9, 6.75e9, "USD", "exact", None, None),
    ("g2", "d2", "$6.75bn", 6.75e9, 6.75e9, "USD", "exact", None, None),
]


def test_with_the_shipped_scorer_the_sample_claims_are_those_of_the_rules() -> None:
    """The sample's cross-outlet pairs hold a qualified value ("approximately 12,000", "over $56.2 billion", "nearly 190
    miles"), so the rules decide them; the scorer alone would split three of them."""
    figures = figures_frame(SAMPLE_FIGURES)
    mentions, articles = mentions_frame(), articles_frame(ARTICLES)
    by_rules, rule_claims = build_claims(figures, mentions, articles, object_classes=CLASSES)
    scored, scored_claims = build_claims(figures, mentions, articles, object_classes=CLASSES, scorer=SCORER)
    assert scored.equals(by_rules)
    assert scored_claims.equals(rule_claims)
    assert claim_of(figures, scored, "f1") == claim_of(figures, scored, "f2") == claim_of(figures, scored, "f3")
    assert claim_of(figures, scored, "f8") == claim_of(figures, scored, "f9")
    assert claim_of(figures, scored, "f5") == claim_of(figures, scored, "f7")


def test_the_scorer_decides_a_pair_of_exact_values_that_agree() -> None:
    figures = figures_frame(DEAL_FIGURES, DEAL_ARTICLES)
    mentions, articles = mentions_frame(DEAL_ARTICLES, DEAL_ENTITIES), articles_frame(DEAL_ARTICLES)
    pair = (mentions, articles)
    by_rules, _ = build_claims(figures, *pair, object_classes=CLASSES)
    assert claim_of(figures, by_rules, "g1") == claim_of(figures, by_rules, "g2")
    shipped, _ = build_claims(figures, *pair, object_classes=CLASSES, scorer=SCORER)
    assert claim_of(figures, shipped, "g1") == claim_of(figures, shipped, "g2")  # the same deal, as the labels say
    never = replace(SCORER, threshold=1.01)  # a score no pair reaches: the rules' link is not made, so the score decided
    apart, _ = build_claims(figures, *pair, object_classes=CLASSES, scorer=never)
    assert claim_of(figures, apart, "g1") != claim_of(figures, apart, "g2")


def test_the_scorer_never_links_what_its_guards_forbid(sample_claims) -> None:
    """GM's $55.5 billion to Fiat shares no entity with the sample's US aid: no score, however high, links them."""
    figures = figures_frame(SAMPLE_FIGURES)
    always = replace(SCORER, threshold=0.0)
    claim_ids, _ = build_claims(figures, mentions_frame(), articles_frame(ARTICLES), object_classes=CLASSES, scorer=always)
    assert claim_of(figures, claim_ids, "f13") != claim_of(figures, claim_ids, "f8")
