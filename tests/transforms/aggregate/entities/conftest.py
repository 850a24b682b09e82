"""Fixtures of the entity-linking tests: the sample corpus linked, and a corpus of mentions."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from tests.transforms.aggregate.entities.support import (
    CORPUS_MENTIONS,
    extract_sample_mentions,
)
from transforms.aggregate.entities import canonicalize_entities
from transforms.reference import load_entity_aliases


@pytest.fixture(scope="module")
def sample_mentions(nlp) -> pd.DataFrame:
    mentions = extract_sample_mentions(nlp)
    links, entities = canonicalize_entities(mentions, load_entity_aliases())
    names = entities.set_index("entity_id")["canonical_name"]
    return mentions.assign(
        entity_id=links["entity_id"], linked_type=links["entity_type"], canonical_name=links["entity_id"].map(names)
    ).merge(entities[["entity_id", "entity_type"]].rename(columns={"entity_type": "entity_type_of_entity"}), on="entity_id")


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
