"""Which entities are named together: pairs of entities in the same sentence of an article."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import pandas as pd

from transforms.ids import stable_id

COOCCURRENCE_COLUMNS = ("pair_id", "entity_id_a", "entity_id_b", "n_sentences", "n_articles")


def build_entity_cooccurrence(mentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of distinct entities named in the same sentence of the same article, with counts.

    `entity_id_a < entity_id_b`; `n_sentences` counts the sentences naming both, `n_articles`
    the articles. Cost is linear in mentions times the (small) number of entities per sentence.
    """
    missing = {"article_id", "sentence_index", "entity_id"} - set(mentions.columns)
    if missing:
        raise KeyError(f"mentions frame lacks columns {sorted(missing)}")
    by_sentence: dict[tuple[str, int], set[str]] = defaultdict(set)
    for article_id, sentence_index, entity_id in zip(
        mentions["article_id"], mentions["sentence_index"], mentions["entity_id"], strict=True
    ):
        by_sentence[(str(article_id), int(sentence_index))].add(str(entity_id))
    sentences: Counter[tuple[str, str]] = Counter()
    articles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (article_id, _), entity_ids in by_sentence.items():
        for pair in combinations(sorted(entity_ids), 2):
            sentences[pair] += 1
            articles[pair].add(article_id)
    rows = [
        {
            "pair_id": stable_id("entity_pair", a, b),
            "entity_id_a": a,
            "entity_id_b": b,
            "n_sentences": count,
            "n_articles": len(articles[(a, b)]),
        }
        for (a, b), count in sorted(sentences.items())
    ]
    return pd.DataFrame(rows, columns=list(COOCCURRENCE_COLUMNS)).astype(
        {"n_sentences": "int32", "n_articles": "int32"}
    )
