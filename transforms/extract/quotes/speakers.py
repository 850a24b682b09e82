"""The speaker of a quote as a character span: the phrase its attribution points at, resolved to
an entity mention whenever one fits (the antecedent mention for a pronoun); and the speaker a
quote takes over from the quote before it when it names none of its own."""

from __future__ import annotations

from spacy.tokens import Token

from transforms.extract.quotes.attribution import Attribution
from transforms.extract.quotes.doc_index import DocIndex
from transforms.extract.quotes.grammar import (
    PERSON_PRONOUNS,
    person_named_in,
    phrase_start,
)
from transforms.extract.quotes.kinds import is_full_sentence, reopens
from transforms.extract.quotes.spans import QuotedSpan
from transforms.extract.quotes.speech_cues import SpeechCues

SpeakerSpan = tuple[str, int, int]  # the speaker as written, and the start and end of the resolved speaker
SaidUntil = tuple[str, int, int, int]  # a SpeakerSpan and the end of the last quote it spoke
# A quoted full sentence this close after the last speaker's quote continues their words.
CONTINUATION_DISTANCE = 600


def attributed_speaker(attribution: Attribution, index: DocIndex, cues: SpeechCues) -> SpeakerSpan | None:
    """The speaker the attribution names: its speaker token's phrase, else a credited name after a dash."""
    if attribution.speaker is not None:
        speaker = speaker_phrase(attribution.speaker, index, cues)
        if speaker is not None:
            return speaker
    if attribution.credited_span is not None:
        credit_start, credit_end = attribution.credited_span
        return index.text[credit_start:credit_end], credit_start, credit_end
    return None


def speaker_phrase(token: Token, index: DocIndex, cues: SpeechCues) -> SpeakerSpan | None:
    """(speaker as written, start, end of the resolved speaker span) for a speaker token."""
    # "Zelensky's response was …": the speaker is the possessor of the utterance noun
    if token.lemma_.lower() in cues.utterance_nouns or token.lower_ in cues.utterance_nouns:
        for child in token.children:
            if child.dep_ == "poss":
                token = child
                break
    mention = index.mention_at(token)
    if mention is not None:
        return mention["mention_text"], mention["start_char"], mention["end_char"]
    if token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$"):
        written = token.text
        if token.lower_ in PERSON_PRONOUNS:
            antecedent = index.antecedent_of(token)
            if antecedent is not None:
                return written, antecedent[0], antecedent[1]
        return written, token.idx, token.idx + len(token.text)
    # titles and appositions: a person named inside the noun phrase ("Press Secretary Karine Jean-Pierre",
    # "an economist, Douglas Holtz-Eakin")
    found = person_named_in(token, index)
    if found is not None:
        return found["mention_text"], found["start_char"], found["end_char"]
    # a common-noun speaker ("a senior official", "the spokesman for the campaign")
    start_token = phrase_start(token)
    end_token = token
    for child in token.rights:
        if child.dep_ in ("prep", "compound", "amod", "nummod") and child.i == end_token.i + 1:
            end_token = child.right_edge
    start, end = start_token.idx, end_token.idx + len(end_token.text)
    if end <= start or end - start > 120:
        start, end = token.idx, token.idx + len(token.text)
    return index.text[start:end], start, end


def with_previous_speaker(
    speaker: SpeakerSpan | None, quote: QuotedSpan, previous_quote: QuotedSpan | None, last_speaker: SaidUntil | None, text: str
) -> SpeakerSpan | None:
    """The previous speaker's, for the next paragraph of their quote (whatever is named after it) and
    for a quoted paragraph with no speaker of its own that continues their words."""
    if last_speaker is None:
        return speaker
    written, start, end, said_until = last_speaker
    if previous_quote is not None and reopens(previous_quote, quote) and said_until == previous_quote.close_at:
        return written, start, end
    if speaker is None and is_full_sentence(quote, text) and quote.open_at - said_until < CONTINUATION_DISTANCE:
        return written, start, end
    return speaker
