"""The aggregate stage: corpus-wide links and summaries, rebuilt from the complete fact tables.

Canonical entities, quote clusters and claims depend on every article, so they are recomputed
over the whole corpus (published rows plus this run's) each time something new arrives; the
link columns of the fact tables (`entity_id`, `speaker_entity_id`, `speaker_name`,
`quote_cluster_id`, `claim_id`) are filled here and nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from transforms.aggregate.claim_scorer import ClaimScorer
from transforms.aggregate.claims import build_claims
from transforms.aggregate.entities import (
    build_entity_cooccurrence,
    canonicalize_entities,
)
from transforms.aggregate.quote_clusters import cluster_quotes

DEFAULT_CONFLICT_TOLERANCE = 0.10


@dataclass(frozen=True)
class CorpusTables:
    entity_mentions: pd.DataFrame
    entities: pd.DataFrame
    entity_cooccurrence: pd.DataFrame
    quotes: pd.DataFrame
    quote_clusters: pd.DataFrame
    figures: pd.DataFrame
    claims: pd.DataFrame


def missing_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns with None for missing values, whether the frame was built in memory or read from Parquet (NaN)."""
    text_columns = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    converted = {c: frame[c].astype(object).where(frame[c].notna(), None) for c in text_columns}
    return frame.assign(**converted)


# Entity types that, inside an organisation's written name, are a modifier of it ("Scottish" in "Scottish Executive").
PLACE_TYPES = frozenset({"GPE", "NORP", "LOC"})


def link_speakers(quotes: pd.DataFrame, mentions: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """`speaker_entity_id` and `speaker_name` for each quote: the mention its speaker span overlaps most; a quote whose
    speaker no mention overlaps keeps the name the extract stage wrote for it (the name as the article writes it), and
    so does one whose only mentions are places that modify it (`is_place_modifier`)."""
    written = quotes["speaker_name"] if "speaker_name" in quotes else None
    linked = pd.DataFrame({"speaker_entity_id": None, "speaker_name": written}, index=quotes.index, dtype=object)
    with_span = quotes.dropna(subset=["speaker_start_char", "speaker_end_char"])
    if with_span.empty or mentions.empty:
        return linked
    pairs = with_span[["article_id", "speaker_start_char", "speaker_end_char"]].reset_index(names="quote_row").merge(
        mentions[["article_id", "start_char", "end_char", "entity_id", *(["entity_type"] if "entity_type" in mentions else [])]], on="article_id"
    )
    overlap = pairs[["speaker_end_char", "end_char"]].min(axis=1) - pairs[["speaker_start_char", "start_char"]].max(axis=1)
    pairs = pairs.assign(overlap=overlap)[overlap > 0]
    pairs = pairs[~is_place_modifier(pairs, quotes)]
    best = pairs.sort_values(["quote_row", "overlap"], ascending=[True, False]).drop_duplicates("quote_row")
    names = entities.set_index("entity_id")["canonical_name"]
    linked.loc[best["quote_row"].to_numpy(), "speaker_entity_id"] = best["entity_id"].to_numpy()
    linked.loc[best["quote_row"].to_numpy(), "speaker_name"] = names.reindex(best["entity_id"]).to_numpy()
    return linked


def is_place_modifier(pairs: pd.DataFrame, quotes: pd.DataFrame) -> pd.Series:
    """Speaker–mention pairs where the mention is a place or nationality that stops before a capitalised word of a
    speaker name the extract stage wrote: "Scottish" in "the Scottish Executive", "New York" in "New York Times". The
    entity layer tagged only the modifier, and its canonical name ("Scotland") would rename the organisation."""
    if "entity_type" not in pairs or "speaker_name" not in quotes or "speaker_text" not in quotes:
        return pd.Series(False, index=pairs.index)
    written = quotes["speaker_name"].reindex(pairs["quote_row"]).to_numpy(dtype=object)
    speaker_text = quotes["speaker_text"].reindex(pairs["quote_row"]).to_numpy(dtype=object)
    tails = [text[int(end - start):] if isinstance(text, str) else "" for text, end, start
             in zip(speaker_text, pairs["end_char"], pairs["speaker_start_char"])]
    return pd.Series(
        [isinstance(name, str) and kind in PLACE_TYPES and end < speaker_end and re.search(r"\b[A-Z][a-z]", tail) is not None
         for name, kind, end, speaker_end, tail in zip(written, pairs["entity_type"], pairs["end_char"], pairs["speaker_end_char"], tails)],
        index=pairs.index,
        dtype=bool,  # an empty object Series would index columns, not rows
    )


def aggregate_corpus(
    entity_mentions: pd.DataFrame,
    quotes: pd.DataFrame,
    figures: pd.DataFrame,
    articles: pd.DataFrame,
    object_classes: Mapping[str, str],
    aliases: pd.DataFrame | None = None,
    conflict_tolerance: float = DEFAULT_CONFLICT_TOLERANCE,
    claim_scorer: ClaimScorer | None = None,
) -> CorpusTables:
    """Fill every corpus-level link and build the aggregate tables, without mutating the inputs."""
    entity_mentions, quotes, figures = (missing_as_none(frame) for frame in (entity_mentions, quotes, figures))
    mentions = entity_mentions.reset_index(drop=True)
    entity_links, entities = canonicalize_entities(mentions, aliases)
    if isinstance(entity_links, pd.DataFrame):  # ids plus types corrected by corpus evidence
        mentions = mentions.assign(entity_id=entity_links["entity_id"].to_numpy(dtype=object), entity_type=entity_links["entity_type"].to_numpy(dtype=object))
    else:
        mentions = mentions.assign(entity_id=entity_links.to_numpy(dtype=object))
    entities = entities.astype({"entity_id": object, "canonical_name": object})

    quotes = quotes.reset_index(drop=True)
    speakers = link_speakers(quotes, mentions, entities)
    quotes = quotes.assign(speaker_entity_id=speakers["speaker_entity_id"], speaker_name=speakers["speaker_name"])
    cluster_ids, quote_clusters = cluster_quotes(quotes)
    quotes = quotes.assign(quote_cluster_id=cluster_ids.to_numpy())

    figures = figures.reset_index(drop=True)
    named_mentions = mentions.merge(entities[["entity_id", "canonical_name"]], on="entity_id", how="left")
    claim_ids, claims = build_claims(figures, named_mentions, articles, tolerance=conflict_tolerance, object_classes=object_classes,
                                     scorer=claim_scorer)
    figures = figures.assign(claim_id=claim_ids.to_numpy())

    return CorpusTables(
        entity_mentions=mentions,
        entities=entities,
        entity_cooccurrence=build_entity_cooccurrence(mentions),
        quotes=quotes,
        quote_clusters=quote_clusters,
        figures=figures,
        claims=claims,
    )
