"""Who a quote's words are, and the words that say so: the attribution steps, tried in order.

A credit line after a dash comes first; then `find_attribution` tries each step of
`ATTRIBUTION_STEPS` and keeps the first that finds a cue or a speaker (the package docstring
lists them in words). Each step reads only the parse around the quote, within its paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from transforms.extract.quotes.doc_index import DocIndex
from transforms.extract.quotes.grammar import (
    SUBJECT_DEPS,
    according_to,
    can_speak,
    is_speech_verb,
    names_person,
    names_person_or_organisation,
    relative_antecedent,
    subject_of,
)
from transforms.extract.quotes.kinds import is_full_sentence, is_scare_quote
from transforms.extract.quotes.spans import QuotedSpan
from transforms.extract.quotes.speech_cues import SpeechCues

_DASH_CREDIT = re.compile(r"[ \t\xa0]*[―—–-][ \t\xa0]*")
# How far after the closing mark a trailing speech tag's verb may sit ("…,” Flynn, a top Trump surrogate, said).
TAG_TOKENS = 8
_TAG_ENDS = frozenset({".", ";", ":", "“", "”", '"', "''", "?", "!"})
_DASH_BEFORE = re.compile(r"[ \t\xa0]*[―—–-]{1,2}[ \t\xa0]*\Z")
# A quote set off by dashes after a name needs this many words to be a clause of its own, not a term about the name.
APPOSITION_WORDS = 5
# How far up the parse a quote may hang from the claim or statement whose words it gives ("claim that there have been “…”").
CLAIM_STEPS = 4
# Lower-case particles inside a name ("Charles de Gaulle", "Bashar al-Assad").
NAME_PARTICLES = "de|da|van|von|al|bin|la|le|del"
_CAPITALISED_NAME = re.compile(rf"[A-Z][\w’'.-]*(?:[ \xa0]+(?:[A-Z][\w’'.-]*|{NAME_PARTICLES}))*")


@dataclass(frozen=True)
class Attribution:
    cue: Token | None
    speaker: Token | None
    tag: Token | None = None  # the speech verb nearest the quote, when the cue is an outer report
    credited_span: tuple[int, int] | None = None  # a name after a dash ("“…” ― Carla Sanchez") with no mention

    @property
    def nearest_cue(self) -> Token | None:
        return self.tag if self.tag is not None else self.cue


NO_ATTRIBUTION = Attribution(None, None)


@dataclass(frozen=True)
class QuoteSite:
    """Where a quote sits in the parse: its tokens `tokens[0]..tokens[1]` (never empty) and the
    character bounds of the paragraphs it spans (the parser may run across a paragraph break)."""

    quote: QuotedSpan
    tokens: tuple[int, int]
    paragraph: tuple[int, int]


def find_attribution(quote: QuotedSpan, index: DocIndex, cues: SpeechCues) -> Attribution:
    """The cue and speaker token of a quote: a dash credit line, else the first step that finds one."""
    lo = index.first_token_from(quote.start)
    hi = index.first_token_from(quote.end)
    if lo >= len(index.doc):
        return NO_ATTRIBUTION
    credit = dash_credit(quote, index) or dash_apposition(quote, index)
    if credit is not None:
        return credit
    para_start = index.paragraph_of(quote.open_at)[0]
    para_end = index.paragraph_of(max(quote.open_at, quote.close_at - 1))[1]
    site = QuoteSite(quote, (lo, max(hi, lo + 1)), (para_start, para_end))
    for step in ATTRIBUTION_STEPS:
        found = step(site, index, cues)
        if found is not None:
            return unquoted_speaker(found, index)
    return NO_ATTRIBUTION


def unquoted_speaker(attribution: Attribution, index: DocIndex) -> Attribution:
    """Words inside quotation marks are quoted, not a speaker: the parser makes “That” of “That makes me smart”
    the subject of the next tag, or "Fox" of a show's title (said on “Fox and Friends.”) the subject of "said"."""
    if attribution.speaker is not None and index.in_quote(attribution.speaker.idx):
        return Attribution(attribution.cue, None, attribution.tag, attribution.credited_span)
    return attribution


def dash_credit(quote: QuotedSpan, index: DocIndex) -> Attribution | None:
    """The speaker named right after a dash that follows the closing mark: "“…” ― Carla Sanchez"."""
    text = index.text
    dash = _DASH_CREDIT.match(text, quote.close_at)
    if dash is None or not quote.is_closed:
        return None
    start = dash.end()
    token = index.doc[index.token_at(start)] if start < len(text) else None
    if token is not None and token.idx == start:
        mention = index.mention_at(token)
        if mention is not None and mention["entity_type"] in ("PERSON", "ORG"):
            return Attribution(None, token)
    name = _CAPITALISED_NAME.match(text, start)
    if name is None or len(name.group().split()) > 6:
        return None
    end = start + len(name.group().rstrip("."))
    return Attribution(None, None, credited_span=(start, end))


def dash_apposition(quote: QuotedSpan, index: DocIndex) -> Attribution | None:
    """A clause set off by dashes right after a person's name is that person's ("including Mitt Romney -- “It is
    disqualifying …” -- and Fred Goldberg"); a short or lower-case term there is said about them, not by them."""
    text = index.text
    body = text[quote.start : quote.end]
    if not quote.is_closed or not body[:1].isupper() or len(body.split()) < APPOSITION_WORDS:
        return None
    before = _DASH_BEFORE.search(text, max(0, quote.open_at - 8), quote.open_at)
    after = _DASH_CREDIT.match(text, quote.close_at)
    if before is None or after is None or before.start() == 0:
        return None
    token = index.doc[index.token_at(before.start() - 1)]
    mention = index.mention_at(token)
    if mention is None or mention["entity_type"] != "PERSON" or mention["end_char"] != before.start():
        return None
    return Attribution(None, index.doc[index.token_at(mention["start_char"])])


def trailing_tag(site: QuoteSite, index: DocIndex, cues: SpeechCues) -> Attribution | None:
    """The speech tag right after a quote that ends with a comma or a question inside its marks (“…,” The Hill
    reported): the strongest convention there is, stronger than a verb the parser hangs the quote from
    (The four “loopholes” he cited are “…,” The Hill reported)."""
    quote = site.quote
    if not quote.is_closed or index.text[quote.end - 1 : quote.end] not in (",", "?", "!"):
        return None
    doc = index.doc
    start = index.first_token_from(quote.close_at)
    for token in doc[start : min(start + TAG_TOKENS, len(doc))]:
        if token.text in _TAG_ENDS or "\n" in token.text or index.in_quote(token.idx):
            return None
        if is_speech_verb(token, cues):
            speaker = subject_of(token, site.tokens)
            if speaker is None or speaker.idx < quote.close_at or speaker.i > token.i + 3:
                return None
            # only the subject stands between the mark and the verb ("…,” when Clinton blasted him" is no tag), and
            # the verb reports nothing of its own after it ("“within 24 hours,” Zelensky declared that …" starts a clause)
            subject_words = {t.i for t in speaker.subtree}
            own_report = any(child.dep_ in ("ccomp", "xcomp") and child.i > token.i for child in token.children)
            is_tag = all(t.i in subject_words for t in doc[start : token.i]) and not own_report
            return Attribution(token, speaker) if is_tag else None
    return None


def claim_owner(site: QuoteSite, index: DocIndex, cues: SpeechCues) -> Attribution | None:
    """A quote inside what someone's claim or statement says ("Trump's claim that there have been “thousands of
    shootings”", "its prediction that Trump would be “…”"): the claim's owner speaks, not a verb further up that
    reports on the claim; a reporting verb nearer the quote than the noun decides instead."""
    doc = index.doc
    lo, hi = site.tokens
    para_start, para_end = site.paragraph
    for token in doc[lo:hi]:
        if lo <= token.head.i < hi:
            continue
        below, ancestor = token, token.head
        for _ in range(CLAIM_STEPS):
            if lo <= ancestor.i < hi or not para_start <= ancestor.idx < para_end or is_speech_verb(ancestor, cues):
                break
            if ancestor.pos_ == "NOUN" and ancestor.lemma_.lower() in cues.utterance_nouns:
                owner = next((c for c in ancestor.children if c.dep_ == "poss" and can_speak(c) and not index.in_quote(c.idx)), None)
                says = below.dep_ in ("acl", "ccomp") or below.lower_ == "about"  # what the claim says, not "his address for …"
                return Attribution(ancestor, owner) if owner is not None and says else None
            if ancestor.head is ancestor:
                break
            below, ancestor = ancestor, ancestor.head
    return None


def governing_speech_verb(site: QuoteSite, index: DocIndex, cues: SpeechCues) -> Attribution | None:
    """A speech verb (or "according to") that the quote's top tokens hang from in the parse."""
    doc = index.doc
    lo, hi = site.tokens
    para_start, para_end = site.paragraph
    for i in range(lo, hi):
        token = doc[i]
        if lo <= token.head.i < hi:
            continue
        ancestor = token.head
        for _ in range(8):
            if lo <= ancestor.i < hi or not para_start <= ancestor.idx < para_end or closes_before(site.quote, ancestor, index):
                break
            if is_speech_verb(ancestor, cues):
                return (colon_verb_after(ancestor, site, index, cues) or speaking_participle(ancestor, site, index, cues)
                        or outermost_report(ancestor, cues, (lo, hi), (para_start, para_end)))
            speaker = according_to(ancestor)
            if speaker is not None:
                return Attribution(ancestor, speaker)
            if ancestor.head is ancestor:
                break
            ancestor = ancestor.head
    return None


def speaking_participle(verb: Token, site: QuoteSite, index: DocIndex, cues: SpeechCues) -> Attribution | None:
    """A speaking participle between the governing verb and the quote introduces it ("The spot concludes with
    footage of Trump saying during the debate, “…”": Trump's words, not the spot's): the parser hangs the
    quote on the outer verb."""
    lo = site.tokens[0]
    doc = index.doc
    if verb.i >= lo:
        return None
    for token in reversed(doc[verb.i + 1 : lo]):
        if token.pos_ in ("VERB", "AUX") and not index.in_quote(token.idx):
            if token.tag_ != "VBG" or not is_speech_verb(token, cues):
                return None
            between = index.text[token.idx : site.quote.open_at].rstrip()
            speaker = subject_of(token, site.tokens)
            return Attribution(token, speaker) if speaker is not None and between.endswith((",", ":")) else None
    return None


def colon_verb_after(verb: Token, site: QuoteSite, index: DocIndex, cues: SpeechCues) -> Attribution | None:
    """The speech verb nearest the colon before the quote, when it comes after the verb the parser hangs the quote on
    ("Downing Street cited that comment when … claims he had once told Mr Blair: “…”": Brown's words); not one whose only
    subject lies inside the quote before ("… before quickly adding: “…”")."""
    nearer = colon_introduction(site, index, cues)
    introduces = nearer is not None and nearer.cue is not None and nearer.cue.i > verb.i
    return nearer if introduces and nearer.speaker is not None and not index.in_quote(nearer.speaker.idx) else None


def outermost_report(verb: Token, cues: SpeechCues, quote_range: tuple[int, int], paragraph: tuple[int, int]) -> Attribution:
    """The speech verb that reports the clause holding `verb`: in "Israel said Clinton called on them
    to be “coordinated”", the quoted words are Israel's, so the outer report wins."""
    best = Attribution(verb, subject_of(verb, quote_range))
    if verb.dep_ == "advcl" and best.speaker is not None and best.speaker.head.i == verb.i and any(child.dep_ == "mark" for child in verb.children):
        return best  # "Labour say …, while the Tories say “…”": a subordinate clause with its own subject reports its own words
    current = verb
    through_clause = False
    for _ in range(6):
        if current.head is current:
            break
        through_clause = through_clause or current.dep_ in ("ccomp", "xcomp", "parataxis")
        current = current.head
        if quote_range[0] <= current.i < quote_range[1] or not paragraph[0] <= current.idx < paragraph[1]:
            break
        if through_clause and is_speech_verb(current, cues):
            speaker = subject_of(current, quote_range)
            if speaker is not None and cues.speaker_noun_kind(speaker.lemma_) == "document" and best.speaker is not None:
                break  # "Mr Peston's book claimed that Mr Brown told Mr Blair: “…”": a document relays Brown's words
            if speaker is not None:
                best = Attribution(current, speaker, verb)
    return best


def colon_introduction(site: QuoteSite, index: DocIndex, cues: SpeechCues) -> Attribution | None:
    """A colon right before the opening mark: the clause before it introduces the quote
    ("Pacheco once said: “…”", "Michael McDonald: “…”", "… released this statement:\n\n“…”")."""
    open_at = site.quote.open_at
    colon_at = len(index.text[max(0, open_at - 8) : open_at].rstrip()) + max(0, open_at - 8) - 1
    if colon_at >= 0 and index.text[colon_at] == ":":
        return introducing_clause(index.token_at(colon_at), index, cues, site.tokens)
    return None


def introducing_clause(colon_token: int, index: DocIndex, cues: SpeechCues, quote_range: tuple[int, int]) -> Attribution | None:
    """Cue and speaker of the clause that ends with the colon at token `colon_token`."""
    colon = index.doc[colon_token]
    clause = [t for t in colon.sent if t.i < colon.i]
    if not clause:
        return None
    verbs = [t for t in clause if is_speech_verb(t, cues)]
    if verbs:
        verb = verbs[-1]
        return Attribution(verb, subject_of(verb, quote_range))
    for t in reversed(clause):
        if t.dep_ in SUBJECT_DEPS and can_speak(t):
            return Attribution(None, t)
    # a bare name before the colon ("Michael P. McDonald: “…”")
    for t in reversed(clause):
        mention = index.mention_at(t)
        if mention is not None and mention["entity_type"] in ("PERSON", "ORG"):
            return Attribution(None, t)
    return None


def sentence_window(site: QuoteSite, index: DocIndex) -> tuple[int, int]:
    """Tokens of the quote's sentences within its paragraph, with a speech tag that spaCy split off
    after the closing mark ("…,” he said.): where a reporting verb for the quote may sit."""
    doc = index.doc
    quote = site.quote
    lo, hi = site.tokens
    window_start, window_end = doc[lo].sent.start, doc[hi - 1].sent.end
    if window_end < len(doc) and doc[window_end].idx - quote.close_at <= 2 and "\n" not in index.text[quote.close_at : doc[window_end].idx]:
        window_end = doc[window_end].sent.end
    window_start = max(window_start, index.first_token_from(site.paragraph[0]))
    window_end = min(window_end, index.first_token_from(site.paragraph[1]))
    return window_start, window_end


def nearest_speech_cue(site: QuoteSite, index: DocIndex, cues: SpeechCues) -> Attribution | None:
    """The nearest speech verb or "according to" in the quote's sentences, outside any quote; a verb
    with a speaker beats a nearer one without."""
    doc = index.doc
    quote = site.quote
    lo, hi = site.tokens
    best: tuple[int, Token, Token | None] | None = None
    for i in range(*sentence_window(site, index)):
        if lo <= i < hi:
            continue
        token = doc[i]
        if index.in_quote(token.idx):
            continue
        speaker = according_to(token)
        if speaker is None and not is_speech_verb(token, cues):
            continue
        if token.idx > quote.close_at and (introduces_next_quote(token, quote, index) or closes_before(quote, token, index)):
            continue  # "… Mr. Zahed said: “…”" belongs to the next quote; so does a verb after a finished sentence
        if speaker is None:
            speaker = subject_of(token, (lo, hi))
            if speaker is not None and index.in_quote(speaker.idx):
                speaker = None
        distance = min(abs(token.idx - quote.open_at), abs(token.idx - quote.close_at))
        if speaker is None:
            distance += 1000  # a verb without a speaker is a weaker cue
        if best is None or distance < best[0]:
            best = (distance, token, speaker)
    if best is None:
        return None
    if best[1].lower_ != "according":
        outer = outermost_report(best[1], cues, (lo, hi), site.paragraph)
        if outer.cue is not None and outer.cue.i != best[1].i:
            return outer
    return Attribution(best[1], best[2])


def closes_before(quote: QuotedSpan, token: Token, index: DocIndex) -> bool:
    """A quote that ends with a full stop has finished its sentence: a verb after it reports what comes
    next (“… but I must recover.” Andy Robinson said he would …), not the quote."""
    return token.idx > quote.close_at and quote.is_closed and index.text[quote.start : quote.end].rstrip().endswith(".")


def introduces_next_quote(token: Token, quote: QuotedSpan, index: DocIndex) -> bool:
    """The speech verb's clause ends in a colon that opens the next quote."""
    following = index.next_quote_after(token.idx)
    if following is None or following.open_at <= quote.close_at:
        return False
    between = index.text[token.idx : following.open_at].rstrip()
    return between.endswith(":") and len(between) < 120 and "\n" not in between


def unlisted_verb_after(site: QuoteSite, index: DocIndex, cues: SpeechCues) -> Attribution | None:
    """A verb missing from the cue list right after a quote ending in a comma, with a named subject
    in between: "“…,” Bennett shot back"."""
    doc = index.doc
    quote = site.quote
    j = index.first_token_from(quote.close_at)
    for k in range(j, min(j + 6, sentence_window(site, index)[1])):
        token = doc[k]
        if token.pos_ == "VERB":
            subject = next((c for c in token.children if c.dep_ == "nsubj" and c.i >= j and can_speak(c)), None)
            speaks_like_a_tag = index.text[quote.end - 1 : quote.end] in (",", "?", "!") and subject is not None and (
                names_person_or_organisation(subject, index)
            )
            if speaks_like_a_tag:
                return Attribution(token, subject)
            break
    return None


def subject_of_previous_sentence(site: QuoteSite, index: DocIndex, cues: SpeechCues) -> Attribution | None:
    """A quoted sentence right after a sentence about a named person, in the same paragraph:
    "Lawrence Cummings called him a master at deals. “He showed again and again …”"; or opening a paragraph
    after one that ends reporting a person's words ("…, Mr Howard said." then “We watched …”)."""
    doc = index.doc
    quote = site.quote
    lo, hi = site.tokens
    if lo == 0 or doc[lo - 1].is_sent_start is None or not is_full_sentence(quote, index.text):
        return None
    previous_end = index.first_token_from(quote.open_at) - 1
    while previous_end >= 0 and doc[previous_end].is_space:  # the paragraph break
        previous_end -= 1
    if previous_end < 0 or doc[previous_end].text not in (".", "!", "?", ":"):
        return None
    previous_sentence = doc[previous_end].sent
    if previous_sentence.start >= lo:
        return None
    if doc[previous_end].idx < site.paragraph[0]:
        subject = last_reported_person(previous_sentence, index, cues, (lo, hi))
        return Attribution(None, subject) if subject is not None else None
    if report_verb(previous_sentence, cues) is None and follows_a_quote(previous_sentence, index):
        return None  # a reporter's aside between two quotes ("And Scotland forward Simon Taylor looks certain …") names no speaker
    subject = subject_of(previous_sentence.root, (lo, hi))
    if subject is not None and not names_person(subject, index):
        # "The chairman of the Bar Council, Guy Mansfield QC warned …" parses as two subjects of "warned"
        subject = next((c for c in subject.head.children if c.dep_ in SUBJECT_DEPS and names_person(c, index)), None)
    return Attribution(None, subject) if subject is not None else None


def last_reported_person(last_sentence: Span, index: DocIndex, cues: SpeechCues, quote_range: tuple[int, int]) -> Token | None:
    """The person whose words the paragraph ending with `last_sentence` reports last: its last reporting sentence, read
    back past sentences in the reporter's voice that are about no other person ("We are in a different phase now,
    argues Mr Donofrio. The hype and over-promise is over …" then a quoted paragraph)."""
    paragraph_start = index.paragraph_of(last_sentence.start_char)[0]
    sentence = last_sentence
    while True:
        verb = report_verb(sentence, cues)
        if verb is not None:
            subject = subject_of(verb, quote_range)
            return subject if subject is not None and names_person(subject, index) else None
        subject = subject_of(sentence.root, quote_range)
        if subject is not None and names_person(subject, index) or sentence.start == 0:
            return None  # a sentence about someone else
        sentence = index.doc[sentence.start - 1].sent
        if sentence.start_char < paragraph_start:
            return None


def follows_a_quote(sentence: Span, index: DocIndex) -> bool:
    """The sentence opens right after a closing mark: it sits between a quote and the next one."""
    window_start = max(0, sentence.start_char - 3)
    before = index.text[window_start : sentence.start_char].rstrip()
    return bool(before) and before[-1] in ('"', "”") and index.in_quote(window_start + len(before) - 1)


def report_verb(sentence: Span, cues: SpeechCues) -> Token | None:
    """The speech verb a sentence reports with: its root, or a tag joined to it ("The catastrophe was
    overshadowing the hopes, Mr Howard said.")."""
    if is_speech_verb(sentence.root, cues):
        return sentence.root
    return next((c for c in sentence.root.children if c.dep_ in ("parataxis", "ccomp", "conj") and c.i > sentence.root.i and is_speech_verb(c, cues)), None)


def subject_of_enclosing_clause(site: QuoteSite, index: DocIndex, cues: SpeechCues) -> Attribution | None:
    """A quoted phrase inside what a named person does ("Trump likened the refugees to a “vicious
    snake”"); a longer quoted passage belongs to whatever source the clause names ("a report found
    that “…”")."""
    doc = index.doc
    quote = site.quote
    lo, hi = site.tokens
    para_start, para_end = site.paragraph
    ancestor = doc[lo].head
    for _ in range(6):
        if not lo <= ancestor.i < hi and ancestor.pos_ in ("VERB", "AUX") and para_start <= ancestor.idx < para_end:
            subject = next((c for c in ancestor.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.tag_ in ("WP", "WDT"):  # "IATA, which has attacked the package as a “bad piece …”"
                antecedent = relative_antecedent(subject, ancestor)
                named_antecedent = antecedent is not None and names_person_or_organisation(antecedent, index)
                return Attribution(None, antecedent) if named_antecedent and not lo <= antecedent.i < hi else None
            if subject is None and is_non_finite(ancestor) and ancestor.head is not ancestor:
                ancestor = ancestor.head  # "Tomblin lauded Clarke for helping develop “…”": the governing clause's subject
                continue
            named = subject is not None and names_person_or_organisation(subject, index)
            sourced = subject is not None and can_speak(subject) and subject.pos_ != "PRON" and not is_scare_quote(index.text[quote.start : quote.end])
            if subject is not None and not lo <= subject.i < hi and (named or sourced):
                return Attribution(None, subject)
            return None
        if ancestor.head is ancestor:
            return None
        ancestor = ancestor.head
    return None


def is_non_finite(verb: Token) -> bool:
    """An infinitive or participle hanging from another verb, whose subject is that verb's."""
    return verb.tag_ in ("VB", "VBG", "VBN") and verb.dep_ in ("xcomp", "pcomp", "advcl") and not any(
        child.dep_ in SUBJECT_DEPS for child in verb.children
    )


AttributionStep = Callable[[QuoteSite, DocIndex, SpeechCues], Attribution | None]
# After the dash credit line, in order; the first step that finds a cue or a speaker wins.
ATTRIBUTION_STEPS: tuple[AttributionStep, ...] = (
    trailing_tag,
    claim_owner,
    governing_speech_verb,
    colon_introduction,
    nearest_speech_cue,
    unlisted_verb_after,
    subject_of_previous_sentence,
    subject_of_enclosing_clause,
)
