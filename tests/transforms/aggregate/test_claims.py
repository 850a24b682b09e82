"""Claims: the same quantity across articles groups, different quantities do not, conflicts are flagged."""

from __future__ import annotations

import pandas as pd
import pytest

from transforms import units
from transforms.aggregate.claims import anchor_key, build_claims, object_class, load_object_classes, values_conflict
from transforms.schema import CLAIMS

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
    return pd.DataFrame(
        [
            {"article_id": a, "entity_id": anchor_key(name), "canonical_name": name, "entity_type": "GPE", "sentence_index": s, "start_char": b, "end_char": e}
            for a, name, s, b, e in rows
        ]
    )


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
    claim_ids, claims = build_claims(figures, mentions_frame(SAMPLE_MENTIONS))
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
    first, _ = build_claims(figures, mentions)
    shuffled = figures.sample(frac=1.0, random_state=7)
    second, _ = build_claims(shuffled, mentions)
    assert first.sort_index().equals(second.sort_index())


def test_a_tighter_tolerance_turns_close_values_into_a_conflict() -> None:
    rows: list[FigureRow] = [
        ("g1", "a1", "11,000", 11_000, 11_000, "count", "exact", "soldiers", 0, None, 0, 6),
        ("g2", "a2", "12,000", 12_000, 12_000, "count", "exact", "troops", 0, None, 0, 6),
    ]
    mentions = mentions_frame([("a1", "North Korea", 0, 20, 31), ("a2", "North Korea", 0, 20, 31)])
    _, loose = build_claims(figures_frame(rows), mentions, tolerance=0.10)
    _, tight = build_claims(figures_frame(rows), mentions, tolerance=0.05)
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
    claim_ids, claims = build_claims(figures_frame(rows), mentions)
    assert claim_ids.nunique() == 3  # h1 has no entity; h2 and h3 differ 500-fold
    assert (claims["n_figures"] == 1).all()
    assert not claims["is_conflict"].any()


def test_measures_without_a_counted_object_need_shared_context() -> None:
    rows: list[FigureRow] = [
        ("m1", "a1", "$5m", 5e6, 5e6, "USD", "exact", None, 3, None, 40, 43),
        ("m2", "a2", "$6m", 6e6, 6e6, "USD", "exact", None, 7, None, 90, 93),
    ]
    anchor_only = [("a1", "United States", 3, 10, 12), ("a2", "United States", 7, 60, 62)]
    _, alone = build_claims(figures_frame(rows), mentions_frame(anchor_only))
    shared = anchor_only + [("a1", "Ukraine", 4, 50, 57), ("a2", "Ukraine", 6, 20, 27)]
    _, together = build_claims(figures_frame(rows), mentions_frame(shared))
    assert len(alone) == 2
    assert len(together) == 1


def test_same_article_figures_do_not_make_a_claim_on_their_own() -> None:
    rows: list[FigureRow] = [
        ("k1", "a1", "5 missiles", 5, 5, "count", "exact", "missiles", 0, None, 0, 1),
        ("k2", "a1", "40 missiles", 40, 40, "count", "exact", "missiles", 1, None, 30, 32),
    ]
    mentions = mentions_frame([("a1", "Russia", 0, 10, 16), ("a1", "Russia", 1, 40, 46)])
    claim_ids, _ = build_claims(figures_frame(rows), mentions)
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
        build_claims(figures.drop(columns=["counted_object"]), mentions_frame([]))
    with pytest.raises(ValueError):
        build_claims(figures, mentions_frame([]), tolerance=-0.1)


def test_empty_input_gives_empty_claims() -> None:
    claim_ids, claims = build_claims(figures_frame([]).reindex(columns=list(figures_frame(SAMPLE_FIGURES[:1]).columns)), mentions_frame([]))
    assert claim_ids.empty
    assert list(claims.columns) == CLAIMS.column_names
