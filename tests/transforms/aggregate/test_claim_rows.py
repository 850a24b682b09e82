"""A claim's row folded from its members' slim columns, and the pick of its conflict evidence."""

from __future__ import annotations

import pandas as pd
import pytest

from transforms.aggregate.claim_rows import MEMBER_COLUMNS, claim_rows, counted_members, furthest_apart
from transforms.schema import CLAIMS


def members(*rows: tuple[str, str, str, float, float, str | None, str | None, bool]) -> pd.DataFrame:
    """(claim_id, figure_id, article_id, low, high, counted_object, anchor_name, is_restatement) rows in km."""
    return pd.DataFrame([
        {"claim_id": c, "figure_id": f, "article_id": a, "is_restatement": r, "normalized_low": low, "normalized_high": high,
         "counted_object": obj, "anchor_name": name, "dimension": "length", "normalized_unit": "km"}
        for c, f, a, low, high, obj, name, r in rows
    ], columns=list(MEMBER_COLUMNS))


def test_a_restatement_is_counted_only_in_a_claim_of_restatements() -> None:
    slim = members(("c1", "f1", "a1", 300.0, 300.0, "range", None, False), ("c1", "f2", "a1", 305.8, 305.8, "range", None, True),
                   ("c2", "f3", "a2", 306.0, 306.0, None, None, True))
    assert sorted(counted_members(slim)["figure_id"]) == ["f1", "f3"]


def test_the_row_folds_values_articles_and_the_most_reported_object_with_its_anchor() -> None:
    slim = members(("c1", "f1", "a1", 300.0, 300.0, "missiles", "ATACMS", False),
                   ("c1", "f2", "a2", 290.0, 310.0, "missiles", "ATACMS", False),
                   ("c1", "f3", "a2", 306.0, 306.0, "range", None, False),
                   ("c1", "f4", "a3", 900.0, 900.0, "range", None, True))  # a restatement: not counted
    rows = claim_rows(slim, {"c1": ("f2", "f1")})
    assert list(rows.columns) == CLAIMS.column_names
    row = rows.iloc[0]
    assert (row["label"], row["n_articles"], row["n_figures"], row["min_value"], row["max_value"]) == ("missiles (ATACMS)", 2, 3, 290.0, 310.0)
    assert row["relative_spread"] == pytest.approx(20 / 310)
    assert bool(row["is_conflict"]) and (row["conflict_low_figure_id"], row["conflict_high_figure_id"]) == ("f2", "f1")
    assert claim_rows(slim, {})["is_conflict"].tolist() == [False]


def test_a_label_names_the_anchor_only_when_the_object_does_not() -> None:
    slim = members(("c1", "f1", "a1", 1.0, 1.0, "North Korean troops", "North Korea", False), ("c2", "f2", "a1", 5.0, 5.0, None, None, False))
    assert claim_rows(slim, {})["label"].tolist() == ["North Korean troops", "length"]


def test_no_members_give_an_empty_table_of_the_schema() -> None:
    empty = claim_rows(members(), {})
    assert empty.empty and list(empty.columns) == CLAIMS.column_names


def test_the_evidence_is_the_pair_furthest_apart_in_a_fixed_order() -> None:
    values = {"a": (11_000.0, 11_000.0), "b": (12_000.0, 12_000.0), "c": (50_000.0, 50_000.0)}
    assert furthest_apart([("b", "a"), ("c", "b"), ("a", "c")], values) == ("a", "c")
    assert furthest_apart([("c", "b")], values) == ("b", "c")
    assert furthest_apart([], values) is None
