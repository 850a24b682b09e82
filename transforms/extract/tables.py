"""The extract stage: one parsed Doc per article in, three fact frames out.

Each extractor sees the same Doc (the article is parsed once). This module adds ids, the
article key, the unit normalisation and the partition date; the link columns that depend on
the whole corpus (entity ids, speaker names, quote clusters, claims) stay empty until the
aggregate stage fills them, except a speaker's name as written where no entity mention names it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from spacy.tokens import Doc

from transforms import units
from transforms.extract.entities import extract_entity_mentions
from transforms.extract.figures import extract_figures
from transforms.extract.periods import with_figure_periods
from transforms.extract.doc_text import doc_text
from transforms.extract.quotes import extract_quotes
from transforms.extract.quotes.speakers import name_as_written
from transforms.extract.unit_lexicon import UnitLexicon
from transforms.ids import stable_id
from transforms.reference.catalog import ReferenceCatalog
from transforms.schema import ENTITY_MENTIONS, FIGURES, QUOTES

if TYPE_CHECKING:
    from transforms.reference.catalog import ReferenceCatalog


@dataclass(frozen=True)
class ExtractedFrames:
    entity_mentions: pd.DataFrame
    quotes: pd.DataFrame
    figures: pd.DataFrame


def _figure_rows(article_id: str, ingest_date: object, doc: Doc, unit_lexicon: UnitLexicon) -> list[dict[str, object]]:
    records = extract_figures(doc, unit_lexicon)
    ids = [stable_id(article_id, "figure", r["start_char"], r["end_char"]) for r in records]
    rows = []
    for figure_id, record in zip(ids, records):
        unit = units.unit_table()[record["unit"]]
        normalized_value, normalized_unit = units.normalize_value(record["value"], record["unit"])
        paired = record.get("paired_with")
        rows.append(
            {
                **{key: record[key] for key in ("surface", "value", "value_low", "value_high", "unit", "qualifier", "counted_object", "start_char", "end_char", "sentence_index")},
                "figure_id": figure_id,
                "article_id": article_id,
                "dimension": unit.dimension,
                "normalized_value": normalized_value,
                "normalized_unit": normalized_unit,
                "paired_figure_id": ids[paired] if paired is not None else None,
                "claim_id": None,
                "ingest_date": ingest_date,
            }
        )
    return rows


def extract_article_frames(docs: Iterable[Doc], articles: pd.DataFrame, reference: ReferenceCatalog) -> ExtractedFrames:
    """Run the three extractors over docs parsed from `articles.body_text`, in the same order, each
    with its part of the reference catalog."""
    mention_rows: list[dict[str, object]] = []
    quote_rows: list[dict[str, object]] = []
    figure_rows: list[dict[str, object]] = []
    for doc, article_id, ingest_date in zip(docs, articles["article_id"], articles["ingest_date"], strict=True):
        mentions = extract_entity_mentions(doc, reference.entities)
        for mention in mentions:
            mention_rows.append(
                {
                    **mention,
                    "mention_id": stable_id(article_id, "mention", mention["start_char"], mention["end_char"]),
                    "article_id": article_id,
                    "entity_id": None,
                    "extracted_type": mention["entity_type"],  # entity_type itself is revised by the corpus vote
                    "ingest_date": ingest_date,
                }
            )
        text = doc_text(doc)
        for quote in extract_quotes(doc, mentions, reference.speech_cues):
            quote_rows.append(
                {
                    **quote,
                    "quote_id": stable_id(article_id, "quote", quote["start_char"], quote["end_char"]),
                    "article_id": article_id,
                    "speaker_entity_id": None,
                    # the speaker's mention, when it has one, renames it
                    "speaker_name": quote["speaker_name"] or name_as_written(quote, text),
                    "quote_cluster_id": None,
                    "ingest_date": ingest_date,
                }
            )
        figure_rows += _figure_rows(article_id, ingest_date, doc, reference.unit_lexicon)
    return ExtractedFrames(
        entity_mentions=pd.DataFrame(mention_rows, columns=ENTITY_MENTIONS.column_names),
        quotes=pd.DataFrame(quote_rows, columns=QUOTES.column_names),
        figures=with_figure_periods(pd.DataFrame(figure_rows, columns=FIGURES.column_names), articles),
    )
