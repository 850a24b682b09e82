"""`extract_quotes`: the steps in order, for one parsed article: find the quoted spans, attribute
each, join interrupted quotes, resolve the speakers, and tell speech from titles and terms."""

from __future__ import annotations

from spacy.tokens import Doc

from transforms.extract.doc_text import doc_text
from transforms.extract.quotes.attribution import Attribution, find_attribution
from transforms.extract.quotes.doc_index import DocIndex
from transforms.extract.quotes.interrupted import merge_interrupted
from transforms.extract.quotes.kinds import (
    is_exclamation,
    is_punctuated_term,
    is_scare_quote,
    looks_like_title,
)
from transforms.extract.quotes.spans import QuotedSpan, find_quoted_spans
from transforms.extract.quotes.speakers import (
    SaidUntil,
    attributed_speaker,
    with_previous_speaker,
    with_speakers_of_repeated_words,
)
from transforms.extract.quotes.speech_cues import SpeechCues
from transforms.extract.records import MentionRecord, QuoteRecord

# How far up the parse a quoted term may hang from the verb that reports it ("called the coverage “fake”").
GOVERNING_STEPS = 4
# A fragment of this many words is a partial quote wherever the clause a reporting verb reports holds it
# (the gold's guideline): "warned there was a real risk that people on the “margins of society” would be driven".
REPORTED_FRAGMENT_WORDS = 3


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
    for quote, attribution in merge_interrupted(quotes, attributions, text, index, speech_cues):
        quote_text = text[quote.start : quote.end]
        speaker = with_previous_speaker(
            attributed_speaker(attribution, index, speech_cues), quote, previous_quote, last_speaker, text
        )
        cue_text = cue_words(attribution)
        is_speech = is_speech_quote(quote, attribution, speaker is not None, index)
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
                speaker_name=speaker.name if speaker else None,
                cue=cue_text,
                is_speech=is_speech,
            )
        )
    return with_speakers_of_repeated_words(records, text)


def is_speech_quote(quote: QuotedSpan, attribution: Attribution, has_speaker: bool, index: DocIndex) -> bool:
    """Titles are never speech; a bare term in marks is speech only when a reporting verb governs it (a cue
    elsewhere in the sentence does not make "dishonest media" anyone's words), and a term whose comma or full
    stop sits inside the marks only when a cue or a speaker is found for it (a documentary “13th.”); a cry
    ("Gun!") and anything longer is a quotation even when its source is not named nearby."""
    quote_text = index.text[quote.start : quote.end]
    if is_exclamation(quote_text):
        return True
    if looks_like_title(quote_text) or is_punctuated_term(quote_text) and attribution.cue is None and not has_speaker:
        return False
    return not is_scare_quote(quote_text) or is_reported_speech(quote, attribution, index)


def is_reported_speech(quote: QuotedSpan, attribution: Attribution, index: DocIndex) -> bool:
    """The quote's words hang from its cue in the parse ("called it “a disgrace”", "according to …"), within a few
    steps for a term and at any depth for a fragment of three words or more: the cue reports these words, not only
    something else in the sentence."""
    cues = {token.i for token in (attribution.cue, attribution.tag) if token is not None}
    if not cues:
        return False
    if attribution.cue is not None and attribution.cue.lower_ == "according":
        return True
    # a parenthetical tag reports the clause it interrupts: "Conte's statements, the suit added, were “false and malicious”"
    hosts = {cue.head.i for cue in (attribution.cue, attribution.tag) if cue is not None and cue.dep_ == "parataxis"}
    lo, hi = index.first_token_from(quote.start), index.first_token_from(quote.end)
    steps = GOVERNING_STEPS
    if len(index.text[quote.start : quote.end].split()) >= REPORTED_FRAGMENT_WORDS:
        # a tag the parser hangs on the quoted words reports them ("Next year will be “make or break” …, Gordon Brown will say")
        if any(lo <= cue.head.i < hi for cue in (attribution.cue, attribution.tag) if cue is not None):
            return True
        steps = len(index.doc)
    for token in index.doc[lo:hi]:
        ancestor = token
        for _ in range(steps):
            if ancestor.head is ancestor:
                break
            ancestor = ancestor.head
            if ancestor.i in cues or ancestor.i in hosts:
                return True
    return False


def cue_words(attribution: Attribution) -> str | None:
    """The reporting words as the `cue` column gives them: the verb, or "according to"."""
    if attribution.cue is None:
        return None
    return "according to" if attribution.cue.lower_ == "according" else attribution.cue.text
