"""Claims: the same quantity across articles groups, different quantities do not, conflicts are flagged,
and adding articles step by step gives the claims of a rebuild while old claim ids stay put."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from transforms import units
from transforms.aggregate.claims import (
    FEATURE_COLUMNS,
    anchor_key,
    assign_claims,
    build_claims,
    figure_claim_features,
    load_object_classes,
    object_class,
    values_conflict,
)
from transforms.ids import stable_id
from transforms.schema import CLAIMS

CLASSES = load_object_classes()
# Entity linking gives a demonym mention its country's entity and canonical name.
ENTITY_OF_MENTION = {"North Korean": "North Korea", "Russian": "Russia"}

# (figure_id, article_id, surface, low, high, unit, qualifier, counted_object, sentence, paired_figure_id, start, end)
FigureRow = tuple[str, str, str, float, float, str, str, "str | None", int, "str | None", int, int]
# (article_id, canonical_name, sentence, start, end)
MentionRow = tuple[str, str, int, int, int]


def figures_frame(rows: list[FigureRow]) -> pd.DataFrame:
    records = []
    for figure_id, article_id, surface, low, high, unit, qualifier, counted, sentence, paired, start, end in rows:
        normalized, normalized_unit = units.normalize_value(low, unit)
        records.append(
            {
                "figure_id": figure_id, "article_id": article_id, "surface": surface, "value": low, "value_low": low,
                "value_high": high, "unit": unit, "dimension": units.unit_table()[unit].dimension, "qualifier": qualifier,
                "normalized_value": normalized, "normalized_unit": normalized_unit, "counted_object": counted,
                "sentence_index": sentence, "paired_figure_id": paired, "start_char": start, "end_char": end,
            }
        )
    return pd.DataFrame(records, index=pd.RangeIndex(50, 50 + len(records)))


def mentions_frame(rows: list[MentionRow]) -> pd.DataFrame:
    records = []
    for a, name, s, b, e in rows:
        canonical = ENTITY_OF_MENTION.get(name, name)
        records.append({"article_id": a, "entity_id": f"ent:{canonical}", "canonical_name": canonical, "entity_type": "GPE",
                        "sentence_index": s, "start_char": b, "end_char": e})
    return pd.DataFrame(records, columns=["article_id", "entity_id", "canonical_name", "entity_type", "sentence_index", "start_char", "end_char"])


# The sample story: five outlets report the same numbers in their own words.
SAMPLE_FIGURES: list[FigureRow] = [
    ("f1", "a1", "11,000", 11_000, 11_000, "count", "exact", "North Korean soldiers", 6, None, 100, 106),
    ("f2", "a3", "approximately 12,000", 12_000, 12_000, "count", "approximately", "troops", 14, None, 200, 220),
    ("f3", "a2", "around 50,000", 50_000, 50_000, "count", "approximately", "troops", 15, None, 300, 313),
    ("f4", "a4", "close to 50,000", 50_000, 50_000, "count", "nearly", "troops", 2, None, 50, 65),
    ("f5", "a1", "up to 300km", 300, 300, "km", "up_to", None, 7, None, 400, 411),
    ("f6", "a1", "186 miles", 186, 186, "mile", "exact", None, 7, "f5", 413, 422),
    ("f7", "a2", "nearly 190 miles", 190, 190, "mile", "nearly", None, 19, None, 500, 516),
    ("f8", "a1", "$55.5 billion", 55.5e9, 55.5e9, "USD", "exact", None, 18, None, 600, 613),
    ("f9", "a3", "over $56.2 billion", 56.2e9, 56.2e9, "USD", "more_than", None, 28, None, 700, 718),
    ("f10", "a1", "approximately 120", 120, 120, "count", "approximately", "missiles", 11, None, 800, 817),
    ("f11", "a3", "about 120", 120, 120, "count", "approximately", "missiles", 13, None, 900, 909),
    ("f12", "a2", "approximately 50 miles", 50, 50, "mile", "approximately", None, 19, None, 450, 472),
]
SAMPLE_MENTIONS: list[MentionRow] = [
    ("a1", "North Korea", 6, 107, 119), ("a1", "Kursk", 6, 130, 135),
    ("a3", "North Korea", 14, 170, 181), ("a3", "Russia", 14, 230, 236),
    ("a2", "North Korea", 15, 270, 282), ("a2", "Russia", 15, 330, 336),
    ("a4", "Moscow", 2, 20, 26), ("a4", "Kursk", 2, 80, 85),
    ("a1", "ATACMS", 7, 380, 386),
    ("a2", "HIMARS", 19, 420, 426), ("a2", "ATACMS", 19, 480, 486),
    ("a1", "United States", 18, 560, 562), ("a3", "United States", 28, 680, 684),
    ("a1", "Russia", 11, 760, 766), ("a3", "Russian", 13, 870, 877),
    # context in neighbouring sentences: the range and the aid are both about Ukraine
    ("a1", "Ukraine", 8, 430, 437), ("a2", "Ukraine", 19, 440, 447),
    ("a1", "Ukraine", 17, 540, 547), ("a3", "Ukraine", 28, 720, 727),
]


@pytest.fixture(scope="module")
def sample_claims() -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    figures = figures_frame(SAMPLE_FIGURES)
    claim_ids, claims = build_claims(figures, mentions_frame(SAMPLE_MENTIONS), object_classes=CLASSES)
    return figures, claim_ids, claims


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
    assert claim_of(figures, claim_ids, "f4") != korean  # deployed by Moscow: Russian troops
    row = claim_row(claims, korean)
    assert row["is_conflict"]
    assert (row["n_articles"], row["n_figures"], row["min_value"], row["max_value"]) == (3, 3, 11_000, 50_000)
    assert row["relative_spread"] == pytest.approx(0.78)
    assert row["label"] == "troops (North Korea)"


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
    assert claim_of(figures, claim_ids, "f9") == aid
    assert not claim_row(claims, aid)["is_conflict"]
    missiles = claim_of(figures, claim_ids, "f10")
    assert claim_of(figures, claim_ids, "f11") == missiles
    assert claim_row(claims, missiles)["relative_spread"] == 0


def test_claim_ids_are_stable_and_independent_of_row_order() -> None:
    figures = figures_frame(SAMPLE_FIGURES)
    mentions = mentions_frame(SAMPLE_MENTIONS)
    first, _ = build_claims(figures, mentions, object_classes=CLASSES)
    shuffled = figures.sample(frac=1.0, random_state=7)
    second, _ = build_claims(shuffled, mentions, object_classes=CLASSES)
    assert first.sort_index().equals(second.sort_index())


def test_a_tighter_tolerance_turns_close_values_into_a_conflict() -> None:
    rows: list[FigureRow] = [
        ("g1", "a1", "11,000", 11_000, 11_000, "count", "exact", "soldiers", 0, None, 0, 6),
        ("g2", "a2", "12,000", 12_000, 12_000, "count", "exact", "troops", 0, None, 0, 6),
    ]
    mentions = mentions_frame([("a1", "North Korea", 0, 20, 31), ("a2", "North Korea", 0, 20, 31)])
    _, loose = build_claims(figures_frame(rows), mentions, tolerance=0.10, object_classes=CLASSES)
    _, tight = build_claims(figures_frame(rows), mentions, tolerance=0.05, object_classes=CLASSES)
    assert len(loose) == len(tight) == 1
    assert not loose["is_conflict"].iloc[0]
    assert tight["is_conflict"].iloc[0]


def test_figures_without_context_or_far_apart_stay_single() -> None:
    rows: list[FigureRow] = [
        ("h1", "a1", "10", 10, 10, "count", "exact", "people", 0, None, 0, 2),
        ("h2", "a2", "10", 10, 10, "count", "exact", "people", 0, None, 0, 2),
        ("h3", "a3", "5,000", 5000, 5000, "count", "exact", "people", 0, None, 0, 5),
    ]
    mentions = mentions_frame([("a3", "Odesa", 0, 10, 15), ("a2", "Odesa", 0, 10, 15)])
    claim_ids, claims = build_claims(figures_frame(rows), mentions, object_classes=CLASSES)
    assert claim_ids.nunique() == 3  # h1 has no entity; h2 and h3 differ 500-fold
    assert (claims["n_figures"] == 1).all()
    assert not claims["is_conflict"].any()


def test_measures_without_a_counted_object_need_shared_context() -> None:
    rows: list[FigureRow] = [
        ("m1", "a1", "$5m", 5e6, 5e6, "USD", "exact", None, 3, None, 40, 43),
        ("m2", "a2", "$6m", 6e6, 6e6, "USD", "exact", None, 7, None, 90, 93),
    ]
    anchor_only = [("a1", "United States", 3, 10, 12), ("a2", "United States", 7, 60, 62)]
    _, alone = build_claims(figures_frame(rows), mentions_frame(anchor_only), object_classes=CLASSES)
    shared = anchor_only + [("a1", "Ukraine", 4, 50, 57), ("a2", "Ukraine", 6, 20, 27)]
    _, together = build_claims(figures_frame(rows), mentions_frame(shared), object_classes=CLASSES)
    assert len(alone) == 2
    assert len(together) == 1


def test_same_article_figures_do_not_make_a_claim_on_their_own() -> None:
    rows: list[FigureRow] = [
        ("k1", "a1", "5 missiles", 5, 5, "count", "exact", "missiles", 0, None, 0, 1),
        ("k2", "a1", "40 missiles", 40, 40, "count", "exact", "missiles", 1, None, 30, 32),
    ]
    mentions = mentions_frame([("a1", "Russia", 0, 10, 16), ("a1", "Russia", 1, 40, 46)])
    claim_ids, _ = build_claims(figures_frame(rows), mentions, object_classes=CLASSES)
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
    assert anchor_key("Russian") == anchor_key("Russia")
    assert anchor_key("Moscow") != anchor_key("Russia")


def test_missing_columns_and_bad_tolerance_fail_loudly() -> None:
    figures = figures_frame(SAMPLE_FIGURES[:1])
    with pytest.raises(KeyError, match="counted_object"):
        build_claims(figures.drop(columns=["counted_object"]), mentions_frame([]), object_classes=CLASSES)
    with pytest.raises(ValueError):
        build_claims(figures, mentions_frame([]), tolerance=-0.1, object_classes=CLASSES)


def test_empty_input_gives_empty_claims() -> None:
    claim_ids, claims = build_claims(figures_frame([]).reindex(columns=list(figures_frame(SAMPLE_FIGURES[:1]).columns)), mentions_frame([]), object_classes=CLASSES)
    assert claim_ids.empty
    assert list(claims.columns) == CLAIMS.column_names


def test_features_anchor_on_entity_ids_and_leave_unjoinable_figures_without_a_block() -> None:
    features = figure_claim_features(figures_frame(SAMPLE_FIGURES), mentions_frame(SAMPLE_MENTIONS), CLASSES).set_index("figure_id")
    assert list(features.columns) == list(FEATURE_COLUMNS[1:])
    assert features.loc["f1", "block_key"] == features.loc["f2", "block_key"] == "count|count|ent:North Korea|troops"
    assert features.loc["f4", "anchor_entity_id"] == "ent:Moscow"
    assert features.loc["f10", "block_key"] == features.loc["f11", "block_key"]  # "Russia" and the demonym "Russian"
    assert features.loc["f5", "context_entity_ids"] == ["ent:ATACMS", "ent:Kursk", "ent:North Korea", "ent:Ukraine"]  # sentences 6-8
    assert features.loc["f6", "is_restatement"] and pd.isna(features.loc["f6", "block_key"])
    assert features.loc["f5", "normalized_low"] == 300 and features.loc["f7", "normalized_low"] == pytest.approx(305.78, abs=0.01)
    unanchored = figure_claim_features(figures_frame(SAMPLE_FIGURES[:1]), mentions_frame([]), CLASSES)
    assert unanchored["block_key"].isna().all()
    without_classes = figure_claim_features(figures_frame(SAMPLE_FIGURES[:2]), mentions_frame(SAMPLE_MENTIONS), {})
    assert without_classes["block_key"].nunique() == 2  # soldiers and troops are one class only by the list passed in


def test_anchors_are_entities_not_names() -> None:
    rows: list[FigureRow] = [
        ("g1", "a1", "$5m", 5e6, 5e6, "USD", "exact", "aid", 0, None, 0, 3),
        ("g2", "a2", "$5.2m", 5.2e6, 5.2e6, "USD", "exact", "aid", 0, None, 0, 5),
        ("g3", "a3", "$5.1m", 5.1e6, 5.1e6, "USD", "exact", "aid", 0, None, 0, 5),
    ]
    mentions = mentions_frame([("a1", "Georgia", 0, 10, 17), ("a2", "Georgia", 0, 10, 17), ("a3", "Georgia", 0, 10, 17)])
    # a2 is about the US state; a3 names the country by an older canonical name
    mentions = mentions.assign(entity_id=["ent:Georgia", "ent:Georgia (US state)", "ent:Georgia"],
                               canonical_name=["Georgia", "Georgia", "Sakartvelo"])
    claim_ids, _ = build_claims(figures_frame(rows), mentions, object_classes=CLASSES)
    assert claim_ids.iloc[0] == claim_ids.iloc[2] != claim_ids.iloc[1]


def assign_in_steps(features: pd.DataFrame, steps: list[set[str]], tolerance: float = 0.10) -> tuple[pd.Series, pd.DataFrame]:
    """What the warehouse does: per step, assign new articles against the stored features of their blocks' claims."""
    claim_ids = pd.Series([], dtype="string", name="claim_id")
    claims = pd.DataFrame(columns=CLAIMS.column_names)
    for articles in steps:
        new = features[features["article_id"].isin(articles)]
        published = features[features["figure_id"].isin(claim_ids.index)]
        published = published.assign(claim_id=claim_ids.reindex(published["figure_id"]).to_numpy())
        in_blocks = published[published["block_key"].isin(new["block_key"].dropna())]
        known = published[published["claim_id"].isin(in_blocks["claim_id"])]
        step_ids, changed = assign_claims(new, known, tolerance)
        merged_away = set(known["claim_id"]) - set(step_ids)
        claim_ids = step_ids.combine_first(claim_ids)
        claims = pd.concat([claims[~claims["claim_id"].isin(set(changed["claim_id"]) | merged_away)], changed], ignore_index=True)
    return claim_ids, claims


def claims_by_members(claim_ids: pd.Series, claims: pd.DataFrame) -> dict[frozenset[str], tuple[object, ...]]:
    """Each claim as its set of figure ids -> its row without the id: equal for two runs that differ only in ids."""
    members = claim_ids.groupby(claim_ids.to_numpy()).groups
    assert set(members) == set(claims["claim_id"])
    return {frozenset(members[row.claim_id]): tuple(row)[2:] for row in claims.itertuples()}


def all_at_once(features: pd.DataFrame, tolerance: float = 0.10) -> tuple[pd.Series, pd.DataFrame]:
    return assign_claims(features, features.iloc[:0].assign(claim_id=pd.Series(dtype="string")), tolerance)


def test_assigning_the_sample_in_two_steps_equals_the_rebuild() -> None:
    features = figure_claim_features(figures_frame(SAMPLE_FIGURES), mentions_frame(SAMPLE_MENTIONS), CLASSES)
    in_steps = claims_by_members(*assign_in_steps(features, [{"a1", "a2"}, {"a3", "a4"}]))
    assert in_steps == claims_by_members(*all_at_once(features))
    assert frozenset({"f1", "f2", "f3"}) in in_steps and frozenset({"f8", "f9"}) in in_steps


def random_features(seed: int, n_figures: int = 240) -> pd.DataFrame:
    """Figures of 40 articles in two blocks, with overlapping values, mixed object classes and contexts, and restatements."""
    rng = random.Random(seed)
    rows = []
    for number in range(n_figures):
        figure_id, article_id = f"r{number:03d}", f"a{rng.randrange(40):02d}"
        counted = rng.choice([None, None, "aid", "stake"])
        low = round(10 ** rng.uniform(0, 3), 1)
        context = sorted({"ent:anchor", *rng.sample(["ent:b", "ent:c", "ent:d", "ent:e"], rng.randrange(3))})
        rows.append((figure_id, article_id, rng.choice(["currency|USD|ent:anchor", "currency|USD|ent:other"]), "ent:anchor", "Anchor",
                     "currency", "USD", low, low * rng.choice([1, 1, 1.5]), rng.choice(["exact", "approximately", "nearly", "more_than", "up_to"]),
                     counted, counted, context, None, False))
        if rng.random() < 0.1:
            rows.append((f"{figure_id}x", article_id, None, "ent:anchor", "Anchor", "currency", "USD", low * 1.1, low * 1.1, "exact",
                         counted, counted, context, figure_id, True))
    return pd.DataFrame(rows, columns=list(FEATURE_COLUMNS))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_assigning_in_steps_equals_the_rebuild_on_random_blocks(seed: int) -> None:
    features = random_features(seed)
    articles = sorted(set(features["article_id"]))
    random.Random(seed).shuffle(articles)
    steps = [set(articles[:25]), set(articles[25:33]), set(articles[33:])]
    rebuilt = claims_by_members(*all_at_once(features))
    assert claims_by_members(*assign_in_steps(features, steps)) == rebuilt
    assert any(len(members) > 3 for members in rebuilt)  # the blocks chain, so the order of arrival could matter


def known(features: pd.DataFrame, claim_of_figure: dict[str, str]) -> pd.DataFrame:
    selected = features[features["figure_id"].isin(claim_of_figure)]
    return selected.assign(claim_id=selected["figure_id"].map(claim_of_figure))


def usd_features(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    """(figure_id, article_id, value) figures of one block, all counting `aid`."""
    return pd.DataFrame(
        [(f, a, "currency|USD|ent:US", "ent:US", "United States", "currency", "USD", v, v, "exact", "aid", "aid", ["ent:US"], None, False)
         for f, a, v in rows],
        columns=list(FEATURE_COLUMNS),
    )


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


def test_two_old_claims_merged_by_a_new_figure_keep_the_smaller_id() -> None:
    features = usd_features([("b1", "a1", 10.0), ("b2", "a2", 200.0), ("b3", "a4", 210.0), ("n1", "a3", 50.0)])
    stored = known(features.iloc[:3], {"b1": "claim-b", "b2": "claim-a", "b3": "claim-a"})
    claim_ids, changed = assign_claims(features.iloc[3:], stored)
    assert set(claim_ids) == {"claim-a"}  # b1 is re-linked; claim-b is gone
    assert changed["claim_id"].tolist() == ["claim-a"]
    assert changed[["n_articles", "is_conflict"]].iloc[0].tolist() == [4, True]


def test_assign_claims_rejects_figures_it_cannot_place() -> None:
    features = usd_features([("b1", "a1", 100.0), ("n1", "a2", 110.0)])
    with pytest.raises(ValueError, match="unique"):
        assign_claims(features, known(features.iloc[:1], {"b1": "claim-old"}))
    restatement = features.iloc[1:].assign(figure_id="n2", paired_figure_id="n0", is_restatement=True, block_key=None)
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
