"""The speaker of a quote as a character span: the phrase its attribution points at, resolved to
an entity mention whenever one fits (for a pronoun or a nominal such as "the company", the person or
organisation it stands for: `antecedents`), with its `speaker_kind`; and the speaker a quote takes over
from the quote before it when it names none of its own."""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Token

from transforms.extract.entities.vocabulary import HONORIFICS, TRAILING_TITLES
from transforms.extract.quotes.antecedents import (
    NOUN_KIND_SPEAKER_KIND,
    SPEAKER_KIND_OF_TYPE,
    UNRESOLVED_PRONOUN_KIND,
    age_described_subject,
    epithet_referent,
    nominal_referent,
    pronoun_referent,
    speaker_noun_kind,
)
from transforms.extract.quotes.attribution import NAME_PARTICLES, Attribution
from transforms.extract.quotes.doc_index import DocIndex
from transforms.extract.quotes.grammar import person_named_in, phrase_start
from transforms.extract.quotes.kinds import is_full_sentence, opens_a_sentence, reopens
from transforms.extract.quotes.spans import QuotedSpan
from transforms.extract.quotes.speech_cues import SpeechCues
from transforms.extract.records import MentionRecord, QuoteRecord


class SpeakerSpan(NamedTuple):
    written: str  # the speaker as written near the quote ("he", "a spokesman", "Zelensky")
    start: int  # the span of the resolved speaker: the mention it stands for, else the words as written
    end: int
    kind: str  # one of schema.SPEAKER_KINDS (never "none": no speaker is no SpeakerSpan)
    name: str | None = None  # an organisation the article does not write out ("the prime minister's spokesman": Downing Street)


SaidUntil = tuple[SpeakerSpan, int]  # a speaker and the end of the last quote it spoke
# Words a fragment must have for a later quote that repeats them to say whose they are.
REPEATED_WORDS = 3
# A quoted full sentence this close after the last speaker's quote continues their words.
CONTINUATION_DISTANCE = 600
# A speaker span that reads as a proper name: capitalised words, perhaps joined by "of", "and", "&" or a particle.
_WRITTEN_NAME = re.compile(rf"[A-Z][\w&'’.-]*(?:[ \xa0]+(?:[A-Z0-9][\w&'’.-]*|of|and|&|for|{NAME_PARTICLES}))*")
WRITTEN_NAME_WORDS = 6
# Capitalised words a speaker span may be that name no one: a pronoun the article gives no antecedent ("He said").
NOT_NAMES = frozenset({"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "this", "that", "these", "those", "who", "one"})


def attributed_speaker(attribution: Attribution, index: DocIndex, cues: SpeechCues) -> SpeakerSpan | None:
    """The speaker the attribution names: its speaker token's phrase, else a credited name after a dash."""
    if attribution.speaker is not None:
        speaker = speaker_phrase(attribution.speaker, index, cues)
        if speaker is not None:
            return speaker
    if attribution.credited_span is not None:
        credit_start, credit_end = attribution.credited_span
        return SpeakerSpan(index.text[credit_start:credit_end], credit_start, credit_end, "person")
    aged = age_described_subject(attribution.cue) if attribution.cue is not None else None
    return speaker_phrase(aged, index, cues) if aged is not None else None


def speaker_phrase(token: Token, index: DocIndex, cues: SpeechCues) -> SpeakerSpan | None:
    """The speaker as written, the span it resolves to and its kind, for a speaker token."""
    # "Zelensky's response was …", "a speech Mrs. Clinton delivered": the speaker is who uttered it
    if token.lemma_.lower() in cues.utterance_nouns or token.lower_ in cues.utterance_nouns:
        utterer = [child for child in token.children if child.dep_ == "poss"]
        utterer += [
            subject for clause in token.children if clause.dep_ == "relcl"
            for subject in clause.children if subject.dep_ == "nsubj" and subject.tag_ not in ("WDT", "WP")
        ]
        token = utterer[0] if utterer else token
    mention = index.mention_at(token)
    if mention is not None:
        referent = epithet_referent(token, mention, index, cues)
        if referent is not None:
            return SpeakerSpan(index.text[token.left_edge.idx : token.idx + len(token)], referent.start, referent.end, "person")
        return SpeakerSpan(mention["mention_text"], mention["start_char"], mention["end_char"], SPEAKER_KIND_OF_TYPE[mention["entity_type"]])
    if token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$"):
        referent = pronoun_referent(token, index, cues)
        if referent is not None:
            return SpeakerSpan(token.text, referent.start, referent.end, referent.speaker_kind, referent.name)
        return SpeakerSpan(token.text, token.idx, token.idx + len(token.text), UNRESOLVED_PRONOUN_KIND.get(token.lower_, "unnamed source"))
    # titles and appositions: a person named inside the noun phrase ("Press Secretary Karine Jean-Pierre",
    # "an economist, Douglas Holtz-Eakin")
    found = person_named_in(token, index) or person_with_joined_titles(token, index, cues) or person_after_title(token, index, cues)
    if found is not None:
        return SpeakerSpan(found["mention_text"], found["start_char"], found["end_char"], "person")
    # a common-noun speaker ("a senior official", "the spokesman for the campaign")
    start_token = phrase_start(token)
    end_token = token
    for child in token.rights:
        if child.dep_ in ("prep", "compound", "amod", "nummod") and child.i == end_token.i + 1:
            end_token = child.right_edge
    start, end = start_token.idx, end_token.idx + len(end_token.text)
    if end <= start or end - start > 120:
        start, end = token.idx, token.idx + len(token.text)
    referent, noun_kind = nominal_referent(token, index, cues)
    if referent is not None:
        return SpeakerSpan(index.text[start:end], referent.start, referent.end, referent.speaker_kind, referent.name)
    # a proper name the entity layer did not tag is most often a person's ("Laah Chong-gyu")
    unresolved_kind = "person" if token.pos_ == "PROPN" and noun_kind is None else NOUN_KIND_SPEAKER_KIND.get(noun_kind or "", "unnamed source")
    return SpeakerSpan(index.text[start:end], start, end, unresolved_kind)


def person_with_joined_titles(token: Token, index: DocIndex, cues: SpeechCues) -> MentionRecord | None:
    """The named person of two titles joined before a name ("said Nortel president and chief executive Bill Owens"),
    which the parser reads as the title "president" and a second subject "Owens"."""
    if token.pos_ != "NOUN" or speaker_noun_kind(token, cues) != "role":
        return None
    for child in token.children:
        mention = index.mention_at(child) if child.dep_ == "conj" else None
        titled = mention is not None and any(t.dep_ in ("compound", "amod") and t.pos_ == "NOUN" for t in child.lefts)
        if titled and mention["entity_type"] == "PERSON":
            return mention
    return None


def person_after_title(token: Token, index: DocIndex, cues: SpeechCues) -> MentionRecord | None:
    """A person named last in a common-noun speaker's phrase, right after the title's words ("Newcastle director of rugby
    Rob Andrew", "Chairman of the Environmental Audit Committee Peter Ainsworth MP"), which the parser hangs inside the
    title's of-phrase; not a name that is the object of a preposition ("the lawyer of Mr Smith")."""
    if token.pos_ not in ("NOUN", "PROPN") or speaker_noun_kind(token, cues) != "role":
        return None
    phrase = [t for t in token.subtree if t.i >= token.i]
    named = [(t, m) for t in phrase if (m := index.mention_at(t)) is not None and m["entity_type"] == "PERSON"]
    if not named:
        return None
    first, mention = next((t, m) for t, m in named if m is named[-1][1])
    before = index.doc[first.i - 1]
    after = [t for t in phrase if t.idx >= mention["end_char"]]
    titled = before.pos_ in ("NOUN", "PROPN") and before.lower_ not in HONORIFICS and before.i > token.i
    return mention if titled and all(t.text in TRAILING_TITLES or t.is_punct for t in after) else None


def with_previous_speaker(
    speaker: SpeakerSpan | None, quote: QuotedSpan, previous_quote: QuotedSpan | None, last_speaker: SaidUntil | None, text: str
) -> SpeakerSpan | None:
    """The previous speaker's, for the next paragraph of their quote (whatever is named after it) and
    for a quoted paragraph with no speaker of its own that continues their words."""
    if last_speaker is None:
        return speaker
    previous_speaker, said_until = last_speaker
    if previous_quote is not None and reopens(previous_quote, quote) and said_until == previous_quote.close_at:
        return previous_speaker
    continues = speaker is None and (is_full_sentence(quote, text) or opens_a_sentence(quote, text))
    if continues and quote.open_at - said_until < CONTINUATION_DISTANCE:
        return previous_speaker
    return speaker


def with_speakers_of_repeated_words(records: list[QuoteRecord], text: str) -> list[QuoteRecord]:
    """A quoted fragment of the lede without a named person as its speaker takes the person who says the same words in
    a later, longer quote: news ledes abridge the quote the story gives in full ("David Blunkett has been accused of using the
    'politics of confusion'" then Mr Davis: "The government is employing the politics of confusion"; "A 'taxpayer
    subsidised propaganda exercise' …, say the Tories" then Michael Ancram asks about one). The speaker as written is
    then the name the later speaker resolves to: nothing near the fragment names them."""
    updated = list(records)
    lede_end = text.find("\n") if "\n" in text else len(text)  # elsewhere a stock phrase may be two people's
    folded = [" ".join(record["quote_text"].casefold().split()) for record in records]
    for k, record in enumerate(records):
        fragment = folded[k]
        in_lede = record["start_char"] <= lede_end
        if not in_lede or not record["is_speech"] or record["speaker_kind"] == "person" or len(fragment.split()) < REPEATED_WORDS:
            continue
        for later, later_words in zip(records[k + 1 :], folded[k + 1 :]):
            said = later["is_speech"] and later["speaker_kind"] == "person" and later["speaker_start_char"] is not None
            if said and len(later["quote_text"]) > len(record["quote_text"]) and fragment in later_words:
                start, end = later["speaker_start_char"], later["speaker_end_char"]
                speaker = {"speaker_text": text[start:end], "speaker_start_char": start, "speaker_end_char": end, "speaker_kind": "person", "speaker_name": None}
                updated[k] = QuoteRecord(**{**record, **speaker})
                break
    return updated


def name_as_written(record: QuoteRecord, text: str) -> str | None:
    """The name of a person or organisation speaker the entity layer holds no mention of, as the article writes it
    ("Parul Jain, deputy chief economist …, said" then "he said"; "said M&S."): the resolved span when it reads as a
    proper name, without a leading "The" or a final stop. A mention, when there is one, names the speaker instead."""
    start, end = record["speaker_start_char"], record["speaker_end_char"]
    if start is None or end is None or record["speaker_kind"] not in ("person", "organisation"):
        return None
    written = re.sub(r"^(?:The|the)\s+", "", text[start:end].strip()).rstrip(".")
    if "\n" in written or len(written.split()) > WRITTEN_NAME_WORDS or _WRITTEN_NAME.fullmatch(written) is None:
        return None
    return None if written.casefold() in NOT_NAMES else written
