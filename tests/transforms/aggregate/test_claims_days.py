"""Claims across days: two figures that name no period, from articles of two known days, with values that do not
agree are two readings (neither one claim nor a conflict), through the assignment, the stored features and steps."""

from __future__ import annotations

import random
from datetime import date

import pandas as pd
import pytest

from tests.transforms.aggregate.claims_support import (
    ARTICLES,
    CLASSES,
    SAMPLE_FIGURES,
    all_at_once,
    assign_in_steps,
    claims_by_members,
    feature_row,
    figures_frame,
    mentions_frame,
    random_features,
)
from transforms.aggregate.claims import FEATURE_COLUMNS, assign_claims, figure_claim_features

MONDAY, THURSDAY = date(2016, 5, 2), date(2016, 5, 5)


def aid_pair(low_day: date | None, high_day: date | None, high: float = 150.0, **changes: object) -> pd.DataFrame:
    """US aid of $100 and of `high` in two articles, with the object, anchor and words a conflict needs."""
    rows = [feature_row("x1", "a1", 100.0, published_day=low_day, **changes),
            feature_row("x2", "a2", high, published_day=high_day, **changes)]
    return pd.DataFrame(rows, columns=list(FEATURE_COLUMNS))


def test_two_values_of_two_days_are_two_claims_and_no_conflict() -> None:
    claim_ids, claims = all_at_once(aid_pair(MONDAY, THURSDAY))
    assert claim_ids["x1"] != claim_ids["x2"] and not claims["is_conflict"].any()


@pytest.mark.parametrize(
    ("low_day", "high_day", "changes", "why"),
    [(MONDAY, MONDAY, {}, "one day: the sources disagree"),
     (None, THURSDAY, {}, "an unknown day decides nothing"),
     (None, None, {}, "no day known, as before"),
     (MONDAY, THURSDAY, {"period_key": "*-01..*-01"}, "both name January: two sources on January's aid")],
)
def test_a_disagreement_stays_when_no_day_or_a_period_says_otherwise(low_day: date | None, high_day: date | None,
                                                                     changes: dict[str, object], why: str) -> None:
    claim_ids, claims = all_at_once(aid_pair(low_day, high_day, **changes))
    assert claim_ids["x1"] == claim_ids["x2"], why
    assert claims["is_conflict"].tolist() == [True], why


def test_the_same_value_told_on_a_later_day_is_still_one_fact() -> None:
    claim_ids, claims = all_at_once(aid_pair(MONDAY, THURSDAY, high=100.0))
    assert claim_ids["x1"] == claim_ids["x2"] and claims["is_conflict"].tolist() == [False]


def test_a_disagreement_of_one_day_is_a_conflict_and_a_later_reading_stays_apart() -> None:
    features = pd.concat([aid_pair(MONDAY, THURSDAY), pd.DataFrame([feature_row("x3", "a3", 140.0, published_day=MONDAY)])],
                         ignore_index=True)
    claim_ids, claims = all_at_once(features)
    assert claim_ids["x1"] == claim_ids["x3"] != claim_ids["x2"]
    row = claims.set_index("claim_id").loc[claim_ids["x1"]]
    assert (row["is_conflict"], row["conflict_low_figure_id"], row["conflict_high_figure_id"]) == (True, "x1", "x3")


@pytest.mark.parametrize("seed", [1, 2])
def test_assigning_in_steps_equals_the_rebuild_with_days(seed: int) -> None:
    features = random_features(seed)
    rng = random.Random(seed)
    features["published_day"] = [rng.choice([None, MONDAY, THURSDAY, date(2016, 5, 9)]) for _ in range(len(features))]
    articles = sorted(set(features["article_id"]))
    rng.shuffle(articles)
    steps = [set(articles[:25]), set(articles[25:33]), set(articles[33:])]
    rebuilt = claims_by_members(*all_at_once(features))
    assert claims_by_members(*assign_in_steps(features, steps)) == rebuilt
    assert claims_by_members(*assign_in_steps(features, steps, as_the_archive_reads=True)) == rebuilt
    assert rebuilt != claims_by_members(*all_at_once(features.assign(published_day=None)))  # the days part some figures


def test_the_stored_features_keep_the_article_day_and_the_assignment_reads_it_back() -> None:
    published = {"a1": "2024-11-18T09:00:00Z", "a2": "2024-11-18T17:30:00Z", "a3": None, "a4": "2024-11-20T08:00:00Z", "b1": None}
    articles = pd.DataFrame({"article_id": list(ARTICLES), "body_text": list(ARTICLES.values()),
                             "published_at": pd.to_datetime([published[a] for a in ARTICLES], utc=True)})
    features = figure_claim_features(figures_frame(SAMPLE_FIGURES), mentions_frame(), articles, CLASSES)
    day_of = dict(zip(features["figure_id"], features["published_day"]))
    assert day_of["f1"] == day_of["f3"] == date(2024, 11, 18) and day_of["f4"] == date(2024, 11, 20) and day_of["f2"] is None
    # DuckDB hands stored days back as Timestamps, and missing ones as NaT
    read_back = features.assign(published_day=pd.to_datetime(features["published_day"]))
    assert claims_by_members(*assign_claims(read_back, read_back.iloc[:0].assign(claim_id=pd.Series(dtype="string")))) \
        == claims_by_members(*all_at_once(features))
