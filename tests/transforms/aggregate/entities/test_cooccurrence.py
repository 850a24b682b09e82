"""Entities named together in a sentence."""

from __future__ import annotations

import pandas as pd

from transforms import schema
from transforms.aggregate.entities import (
    build_entity_cooccurrence,
)


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
