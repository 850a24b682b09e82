"""Helpers shared by the quote tests: extraction of one text as the extract stage runs it."""

from __future__ import annotations

from spacy.language import Language

from transforms.extract.entities import extract_entity_mentions
from transforms.extract.quotes import extract_quotes
from transforms.extract.records import QuoteRecord
from transforms.reference.catalog import load_reference_catalog


def quotes_of(nlp: Language, text: str) -> list[QuoteRecord]:
    reference = load_reference_catalog()
    doc = nlp(text)
    return extract_quotes(doc, extract_entity_mentions(doc, reference.entities), reference.speech_cues)


def speech_of(nlp: Language, text: str) -> list[QuoteRecord]:
    return [q for q in quotes_of(nlp, text) if q["is_speech"]]


def resolved_speaker(text: str, quote: QuoteRecord) -> str | None:
    if quote["speaker_start_char"] is None:
        return None
    return text[quote["speaker_start_char"] : quote["speaker_end_char"]]


def only_quote(nlp: Language, text: str) -> QuoteRecord:
    found = speech_of(nlp, text)
    assert len(found) == 1, found
    return found[0]


def assert_offsets(text: str, quotes: list[QuoteRecord]) -> None:
    for quote in quotes:
        assert text[quote["start_char"] : quote["end_char"]] == quote["quote_text"]
