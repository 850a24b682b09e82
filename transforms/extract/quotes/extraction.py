"""`extract_quotes`: the steps in order, for one parsed article: find the quoted spans, attribute
each, join interrupted quotes, resolve the speakers, and tell speech from titles and terms."""

from __future__ import annotations

from spacy.tokens import Doc

from transforms.extract.doc_text import doc_text
from transforms.extract.quotes.attribution import Attribution, find_attribution
from transforms.extract.quotes.doc_index import DocIndex
from transforms.extract.quotes.interrupted import merge_interrupted
from transforms.extract.quotes.kinds import is_scare_quote, looks_like_title
from transforms.extract.quotes.spans import QuotedSpan, find_quoted_spans
from transforms.extract.quotes.speakers import (
    SaidUntil,
    attributed_speaker,
    with_previous_speaker,
)
from transforms.extract.quotes.speech_cues import SpeechCues
from transforms.extract.records import MentionRecord, QuoteRecord


def extract_quotes(doc: Doc, mentions: list[MentionRecord], speech_cues: SpeechCues) -> list[QuoteRecord]:
    """Direct quotations of a parsed article with their cue and speaker (see the package docstring)."""
    text = doc_text(doc)
    quotes = find_quoted_spans(text)
    if not quotes:
        return []
    index = DocIndex(doc, text, mentions, quotes)
    attributions = [find_attribution(quote, index, speech_cues) for quote in quotes]
    records: list[QuoteRecord] = []
    last_speaker: SaidUntil | None = None
    previous_quote: QuotedSpan | None = None
    for quote, attribution in merge_interrupted(quotes, attributions, text, index):
        quote_text = text[quote.start : quote.end]
        speaker = with_previous_speaker(
            attributed_speaker(attribution, index, speech_cues), quote, previous_quote, last_speaker, text
        )
        cue_text = cue_words(attribution)
        # Titles are never speech; a bare term in marks is speech only under a reporting verb; anything
        # longer is a quotation even when its source is not named nearby.
        is_speech = not looks_like_title(quote_text) and (cue_text is not None or not is_scare_quote(quote_text))
        if not is_speech:
            speaker, cue_text = None, None
        if speaker is not None:
            last_speaker = (speaker, quote.close_at)
        previous_quote = quote
        records.append(
            QuoteRecord(
                quote_text=quote_text,
                start_char=quote.start,
                end_char=quote.end,
                sentence_index=index.sentence_of_char(quote.start),
                speaker_text=speaker[0] if speaker else None,
                speaker_start_char=speaker[1] if speaker else None,
                speaker_end_char=speaker[2] if speaker else None,
                speaker_kind=speaker.kind if speaker else "none",
                cue=cue_text,
                is_speech=is_speech,
            )
        )
    return records


def cue_words(attribution: Attribution) -> str | None:
    """The reporting words as the `cue` column gives them: the verb, or "according to"."""
    if attribution.cue is None:
        return None
    return "according to" if attribution.cue.lower_ == "according" else attribution.cue.text
