"""What each extractor returns for one parsed article, before ids and cross-article links.

The extract stage turns these records into the `entity_mentions`, `quotes` and `figures`
frames (adding ids, `article_id` and the link columns the aggregate stage fills in).
Offsets always index the article's normalised `body_text` (the text the spaCy Doc was built from).
"""

from __future__ import annotations

from typing import TypedDict


class MentionRecord(TypedDict):
    mention_text: str  # == doc.text[start_char:end_char]
    entity_type: str  # one of schema.ENTITY_TYPES
    start_char: int
    end_char: int
    sentence_index: int
    canonical_hint: str | None  # a fuller name/canonical form known from the article or reference lists, else None


class QuoteRecord(TypedDict):
    quote_text: str  # == doc.text[start_char:end_char], without the outer quotation marks
    start_char: int
    end_char: int
    sentence_index: int
    speaker_text: str | None  # the speaker as written near the quote ("he", "Zelensky", "the Kremlin")
    speaker_start_char: int | None  # span of the resolved speaker mention (the antecedent for a pronoun)
    speaker_end_char: int | None
    speaker_kind: str  # person, organisation, document, unnamed source or none (schema.SPEAKER_KINDS)
    speaker_name: str | None  # the organisation an office's spokesperson speaks for ("Downing Street"), else None: the span names the speaker
    cue: str | None  # reporting verb or phrase ("said", "according to")
    is_speech: bool  # False for scare quotes, titles, names in marks


class FigureRecord(TypedDict):
    surface: str  # == doc.text[start_char:end_char], qualifier and unit included
    start_char: int
    end_char: int
    sentence_index: int
    value: float
    value_low: float
    value_high: float
    unit: str  # a code from transforms.units
    qualifier: str  # one of schema.QUALIFIERS
    counted_object: str | None
    paired_with: int | None  # index (in the returned list) of the figure this one restates in another unit
