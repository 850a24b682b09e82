"""Direct quotations and their speakers, from the one spaCy parse of an article.

Guarantees:
- every quoted span between quotation marks becomes at most one record, whatever the mark style:
  curly “ ”, straight ", mixed (" closed by ”), the wire form '' … '', single ‘ ’ / ' ' (told apart
  from apostrophes such as Putin's, shouldn't, regions’), a multi-paragraph quote with an opening mark
  on each paragraph, and a quote left open at the end of a (truncated) paragraph; where the paragraph
  break was lost (… services. "But …), each re-opened paragraph is a record of its own, the same speaker's;
- marks nested inside another quote stay part of the outer quote; attribute values of leftover
  markup (author="…") are not quotes;
- an interrupted quote (“A,” she said, “B.”) is one record spanning A to B, speech tag included;
- `quote_text == doc.text[start_char:end_char]`, without the outer marks;
- `speaker_start_char/speaker_end_char` is the span of the resolved speaker: an entity mention whenever
  one fits (the antecedent mention for a pronoun), else the speaker phrase as written;
- titles and names in marks (Title Case: 'Victory Plan', “The Apprentice”) and scare quotes (three
  words or fewer, no sentence punctuation, no reporting verb) come out with `is_speech=False`, no
  speaker and no cue; every other quoted span is speech, with its speaker when one is found.

How a speaker is found, in order: a credit line after a dash (“…” ― Name); the reporting verb that
governs the quote in the parse, preferring the outer report of a reported clause (in "X said Y called
it “…”" the words are X's); a clause ending in a colon before the quote; the nearest reporting verb
or "according to" in the quote's sentences; an unlisted verb right after a quote that ends with a
comma (“…,” Bennett shot back); a named person who is the subject of the sentence before a quoted
sentence; the subject of the clause a longer partial quote sits in; and for a quoted paragraph
with none of these, the previous quote's speaker. Pronouns resolve to the nearest named subject
of the current or two previous sentences, else the nearest PERSON mention. The reporting verbs
are the curated list in `transforms/reference/speech_cues.csv`.

The work is linear in the article length: one pass over the marks, and a bounded walk over the
dependency tree and the nearby tokens for each quote (about 1% of the parse time on PolNeAR).
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Token

from transforms.extract.records import MentionRecord, QuoteRecord
from transforms.extract.doc_text import doc_text
from transforms.reference import REFERENCE_DIR

DEFAULT_SPEECH_CUES_PATH = REFERENCE_DIR / "speech_cues.csv"


@dataclass(frozen=True)
class SpeechCues:
    """Lemmas that report speech: verbs ("say", "warn") and nouns for what was said ("response")."""

    verbs: frozenset[str]
    utterance_nouns: frozenset[str]


@cache
def load_speech_cues(path: Path = DEFAULT_SPEECH_CUES_PATH) -> SpeechCues:
    """Read the curated speech-cue list (`lemma,kind` CSV)."""
    verbs: set[str] = set()
    nouns: set[str] = set()
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            (verbs if row["kind"] == "verb" else nouns).add(row["lemma"].strip().lower())
    return SpeechCues(frozenset(verbs), frozenset(nouns))


# ---------------------------------------------------------------------------------------------
# Finding quoted spans from the marks alone
# ---------------------------------------------------------------------------------------------

_MARK_PATTERN = re.compile(r"''|``|[\"“”‘’'\n]")
_DOUBLE_OPENERS = frozenset({"“", "``"})
_DOUBLE_CLOSERS = frozenset({"”"})
_DOUBLE_EITHER = frozenset({'"', "''"})
_OPENING_CONTEXT = frozenset("([{—–-/:;,")
# Elisions that start with an apostrophe and must not open a single quote: 'em, 'n', '90s, 'til.
_ELISION = re.compile(r"(?:em|n|til|cause|tis|twas|bout|round|d|s|ll|re|ve)\b|\d{2}s?\b", re.IGNORECASE)


@dataclass(frozen=True)
class QuotedSpan:
    """Quoted text between marks: `start..end` is the text, `open_at..close_at` includes the marks."""

    open_at: int
    start: int
    end: int
    close_at: int
    is_double: bool
    is_closed: bool


def _is_left_flanking(text: str, at: int, after: int) -> bool:
    before = text[at - 1] if at > 0 else " "
    nxt = text[after] if after < len(text) else " "
    return (before.isspace() or before in _OPENING_CONTEXT or before in "\"“‘'") and not nxt.isspace()


def _is_right_flanking(text: str, at: int, after: int) -> bool:
    before = text[at - 1] if at > 0 else " "
    nxt = text[after] if after < len(text) else " "
    return not before.isspace() and (nxt.isspace() or not nxt.isalnum())


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line; a line break always ends a paragraph."""
    bounds: list[tuple[int, int]] = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + line.index(stripped[0])
            bounds.append((start, start + len(stripped)))
        position += len(line) + 1
    return bounds


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _find_double_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[QuotedSpan]:
    """Pair double marks paragraph by paragraph; an unclosed quote continues into a paragraph that
    opens with a mark (multi-paragraph quote), else it ends with its paragraph."""
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    open_end = 0
    open_mark = ""
    nested = False  # inside a quote of the other style: "He read “the text” aloud" / “He said "no" twice”
    for index, (para_start, para_end) in enumerate(paragraphs):
        for match in _MARK_PATTERN.finditer(text, para_start, para_end):
            mark, at, after = match.group(), match.start(), match.end()
            if mark in ("‘", "’", "'", "\n"):
                continue
            if open_at is not None and at == para_start and index > 0 and open_end <= paragraphs[index - 1][1]:
                continue  # the opening mark of a continued paragraph
            if open_at is None:
                opens = mark in _DOUBLE_OPENERS or (
                    mark in _DOUBLE_EITHER and (_is_left_flanking(text, at, after) or not _is_right_flanking(text, at, after))
                ) or (mark in _DOUBLE_CLOSERS and _is_left_flanking(text, at, after) and not _is_right_flanking(text, at, after))
                if opens:
                    open_at, open_end, open_mark, nested = at, after, mark, False
                continue
            straight_open = open_mark in _DOUBLE_EITHER
            if nested:
                if (mark in _DOUBLE_CLOSERS) if straight_open else (mark == open_mark or mark in _DOUBLE_EITHER):
                    nested = False
                continue
            if straight_open and mark in _DOUBLE_OPENERS and _is_left_flanking(text, at, after) and not _is_right_flanking(text, at, after):
                nested = True
                continue
            if not straight_open and mark in _DOUBLE_EITHER and _is_left_flanking(text, at, after) and not _is_right_flanking(text, at, after):
                nested = True
                continue
            reopens = straight_open and mark in _DOUBLE_EITHER and _is_left_flanking(text, at, after)
            if (mark in _DOUBLE_OPENERS or reopens) and not _is_right_flanking(text, at, after):
                # a new opening mark while one is open: the earlier quote was never closed (a multi-paragraph
                # quote whose paragraph break was lost: … public services. "But this year …)
                start, end = _trim(text, open_end, at)
                if end > start:  # two opening marks with nothing between them quote nothing
                    spans.append(QuotedSpan(open_at, start, end, at, True, False))
                open_at, open_end = at, after
                continue
            start, end = _trim(text, open_end, at)
            if end > start:
                spans.append(QuotedSpan(open_at, start, end, after, True, True))
            open_at = None
        if open_at is not None:
            nxt = paragraphs[index + 1][0] if index + 1 < len(paragraphs) else None
            continues = nxt is not None and text.startswith(("“", '"', "''", "``"), nxt)
            if not continues:
                start, end = _trim(text, open_end, para_end)
                if end > start:
                    spans.append(QuotedSpan(open_at, start, end, para_end, True, False))
                open_at = None
    return spans


def _opens_single(text: str, at: int, after: int, mark: str) -> bool:
    if mark not in ("‘", "'") or not _is_left_flanking(text, at, after):
        return False
    return not _ELISION.match(text, after)


def _closes_single(text: str, at: int, after: int, mark: str) -> bool:
    return mark in ("’", "'") and _is_right_flanking(text, at, after)


def _find_single_quotes(text: str, paragraphs: list[tuple[int, int]], inside_double: Sequence[QuotedSpan]) -> list[QuotedSpan]:
    """Pair single marks outside double quotes; an unclosed single mark is an apostrophe, not a quote,
    unless the next paragraph opens with a single mark (multi-paragraph quote)."""
    double_starts = [span.open_at for span in inside_double]
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    open_end = 0
    for index, (para_start, para_end) in enumerate(paragraphs):
        for match in _MARK_PATTERN.finditer(text, para_start, para_end):
            mark, at, after = match.group(), match.start(), match.end()
            if mark not in ("‘", "’", "'"):
                continue
            slot = bisect_right(double_starts, at) - 1
            if slot >= 0 and inside_double[slot].open_at < at < inside_double[slot].close_at:
                continue
            if open_at is not None and at == para_start and index > 0:
                continue
            if open_at is None:
                if _opens_single(text, at, after, mark):
                    open_at, open_end = at, after
            elif _closes_single(text, at, after, mark):
                start, end = _trim(text, open_end, at)
                if end > start:
                    spans.append(QuotedSpan(open_at, start, end, after, False, True))
                open_at = None
        if open_at is not None:
            nxt = paragraphs[index + 1][0] if index + 1 < len(paragraphs) else None
            if nxt is None or not (text.startswith(("‘", "'"), nxt) and _opens_single(text, nxt, nxt + 1, text[nxt])):
                open_at = None
    return spans


_MARKUP = re.compile(r"=\s*[\"“]|[\"”]\s*[\w-]+=|[\"”]\s*/?>")


def _is_markup_value(text: str, span: QuotedSpan) -> bool:
    """Attribute values of leftover markup (author="…" id="…") are not quotations."""
    return text[span.open_at - 1 : span.open_at] == "=" or _MARKUP.search(text, span.open_at, span.close_at) is not None


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Every outermost quoted span of the text, in order (inner, nested quotes are left inside)."""
    paragraphs = _paragraph_bounds(text)
    doubles = _find_double_quotes(text, paragraphs)
    singles = _find_single_quotes(text, paragraphs, doubles)
    spans = sorted(doubles + singles, key=lambda span: span.open_at)
    outermost: list[QuotedSpan] = []
    for span in spans:
        if _is_markup_value(text, span):
            continue
        if outermost and span.open_at < outermost[-1].close_at:
            continue  # nested inside the previous quote (a double quote inside a British single quote)
        outermost.append(span)
    return outermost


# ---------------------------------------------------------------------------------------------
# Attribution from the dependency parse
# ---------------------------------------------------------------------------------------------

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_CLIMB_DEPS = frozenset({"xcomp", "advcl", "conj", "ccomp", "pcomp", "acl", "relcl", "prep", "pobj", "dep", "parataxis"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_SPEAKER_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "with", "de", "la", "&"})


@dataclass(frozen=True)
class _Attribution:
    cue: Token | None
    speaker: Token | None
    tag: Token | None = None  # the speech verb nearest the quote, when the cue is an outer report
    credited_span: tuple[int, int] | None = None  # a name after a dash ("“…” ― Carla Sanchez") with no mention

    @property
    def nearest_cue(self) -> Token | None:
        return self.tag if self.tag is not None else self.cue


class _DocIndex:
    """Lookups over one doc built once: token at a character, mention at a token."""

    def __init__(self, doc: Doc, text: str, mentions: Sequence[MentionRecord], quotes: Sequence[QuotedSpan]) -> None:
        self.doc = doc
        self.text = text  # Doc.text joins every token on each access: read it once
        self.quotes = list(quotes)
        self.quote_starts = [quote.open_at for quote in self.quotes]
        self.token_starts = doc.to_array("IDX").tolist() if len(doc) else []
        self.sentence_starts = [sent.start_char for sent in doc.sents]
        speaker_mentions = sorted(
            (m for m in mentions if m["entity_type"] in _SPEAKER_TYPES), key=lambda m: (m["start_char"], m["end_char"])
        )
        self.mentions = speaker_mentions
        self.mention_starts = [m["start_char"] for m in speaker_mentions]
        self.person_ends = [m["end_char"] for m in speaker_mentions if m["entity_type"] == "PERSON"]
        self.persons = [m for m in speaker_mentions if m["entity_type"] == "PERSON"]
        self.paragraphs = _paragraph_bounds(self.text)
        self.paragraph_starts = [start for start, _ in self.paragraphs]

    def paragraph_of(self, char: int) -> tuple[int, int]:
        slot = max(0, bisect_right(self.paragraph_starts, char) - 1)
        return self.paragraphs[slot] if self.paragraphs else (0, len(self.text))

    def token_at(self, char: int) -> int:
        """Index of the token containing (or starting after) a character offset."""
        return max(0, bisect_right(self.token_starts, char) - 1)

    def first_token_from(self, char: int) -> int:
        return bisect_left(self.token_starts, char)

    def sentence_of_char(self, char: int) -> int:
        return max(0, bisect_right(self.sentence_starts, char) - 1)

    def mention_at(self, token: Token) -> MentionRecord | None:
        """The speaker-type mention containing the token (mentions rarely nest; the two nearest are checked)."""
        slot = bisect_right(self.mention_starts, token.idx) - 1
        for candidate in range(slot, max(slot - 2, -1), -1):
            mention = self.mentions[candidate]
            if mention["start_char"] <= token.idx < mention["end_char"]:
                return mention
        return None

    def in_quote(self, char: int) -> bool:
        slot = bisect_right(self.quote_starts, char) - 1
        return slot >= 0 and self.quotes[slot].open_at <= char < self.quotes[slot].close_at

    def next_quote_after(self, char: int) -> QuotedSpan | None:
        slot = bisect_right(self.quote_starts, char)
        return self.quotes[slot] if slot < len(self.quotes) else None

    def antecedent_of(self, pronoun: Token) -> tuple[int, int] | None:
        """Span of the person a he/she refers to: the nearest named subject in this or the two previous
        sentences (subjects are what later pronouns usually continue), else the nearest PERSON mention."""
        sentence = pronoun.sent
        for _ in range(3):
            named_subjects = [
                t for t in sentence
                if t.i < pronoun.i and t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PROPN" and not self.in_quote(t.idx)
            ]
            if named_subjects:
                subject = named_subjects[-1]
                mention = self.mention_at(subject)
                if mention is not None and mention["entity_type"] in ("PERSON", "ORG", "NORP"):
                    return mention["start_char"], mention["end_char"]
                if mention is None or mention["entity_type"] == "PERSON":
                    name = [t for t in subject.children if t.dep_ in ("compound", "flat") and t.i < subject.i] + [subject]
                    return name[0].idx, subject.idx + len(subject.text)
            first = bisect_left(self.person_ends, sentence.start_char + 1)
            last = bisect_right(self.person_ends, min(sentence.end_char, pronoun.idx))
            persons = [
                m for m in self.persons[first:last]
                if sentence.start_char <= m["start_char"] and not self.in_quote(m["start_char"])
            ]
            if persons:
                return persons[-1]["start_char"], persons[-1]["end_char"]
            if sentence.start == 0:
                break
            sentence = self.doc[sentence.start - 1].sent
        mention = self.person_before(pronoun.idx)
        return (mention["start_char"], mention["end_char"]) if mention is not None else None

    def person_before(self, char: int) -> MentionRecord | None:
        """The most recent PERSON mention ending before `char` that is not inside a quote."""
        slot = bisect_right(self.person_ends, char) - 1
        while slot >= 0:
            mention = self.persons[slot]
            if not self.in_quote(mention["start_char"]):
                return mention
            slot -= 1
        return None


def _is_speech_verb(token: Token, cues: SpeechCues) -> bool:
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in cues.verbs:
        return False
    # "so-called" marks a term, not a report of speech
    return not (token.lower_ == "called" and token.i >= 1 and token.doc[token.i - 1].lower_ in ("so", "-", "so-"))


def _according_to(token: Token) -> Token | None:
    """The object of 'according to X', when `token` is 'according'."""
    if token.lower_ != "according":
        return None
    for child in token.children:
        if child.lower_ == "to":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ == "to" and nxt.i + 1 < len(token.doc):
        return token.doc[nxt.i + 1].head if token.doc[nxt.i + 1].head.i > nxt.i else token.doc[nxt.i + 1]
    return None


def _subject_of(verb: Token, quote_range: tuple[int, int]) -> Token | None:
    """The speaker of a speech verb: its subject (or passive agent), climbing to governing verbs
    for participles and infinitives ("…, stating that", "wants to say")."""
    lo, hi = quote_range
    current = verb
    for _ in range(4):
        for child in current.children:
            # a passive subject speaks only for a governing verb ("was prompted to say"), not for the cue ("was asked")
            if child.dep_ in _SUBJECT_DEPS and not lo <= child.i < hi and (child.dep_ != "nsubjpass" or current is not verb):
                if child.tag_ in ("WP", "WDT") or (child.lower_ == "that" and current.dep_ == "relcl"):
                    return current.head if current.dep_ == "relcl" else None  # "Zelensky, who said …"
                if _can_speak(child):
                    return child
        if current is verb and verb.i > 0 and verb.doc[verb.i - 1].ent_type_ in ("PERSON", "ORG", "NORP", "GPE") and not lo <= verb.i - 1 < hi:
            return verb.doc[verb.i - 1]  # "Donald Trump says …" parsed without a subject
        for child in current.children:
            if child.dep_ == "agent":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild
        if current.dep_ == "relcl" and not lo <= current.head.i < hi:
            return current.head
        if current.dep_ == "acl" and current.head.pos_ in ("NOUN", "PROPN") and not lo <= current.head.i < hi:
            return current.head
        if current.dep_ not in _CLIMB_DEPS or current.head is current:
            return None
        current = current.head
    return None


def _names_person(token: Token, index: _DocIndex) -> bool:
    """The token is a person: a he/she, a PERSON mention, or a noun with a named person in apposition."""
    if token.lower_ in _PERSON_PRONOUNS or (index.mention_at(token) or {}).get("entity_type") == "PERSON":
        return True
    return _person_named_in(token, index) is not None


def _person_named_in(token: Token, index: _DocIndex) -> MentionRecord | None:
    """A PERSON mention that names a noun phrase: in its compounds or in an apposition anywhere in it
    ("White House Press Secretary Karine Jean-Pierre", "His partner at Lenox, Lawrence Cummings,")."""
    for child in token.children:
        if child.dep_ in ("compound", "flat", "nmod"):
            for descendant in child.subtree:
                found = index.mention_at(descendant)
                if found is not None and found["entity_type"] == "PERSON":
                    return found
    for descendant in token.subtree:
        if descendant.dep_ == "appos":
            found = index.mention_at(descendant)
            if found is not None and found["entity_type"] == "PERSON":
                return found
    return None


def _can_speak(token: Token) -> bool:
    """Times, dates and numbers are not speakers ("5:45 p.m. …", a parse error)."""
    return token.pos_ in ("NOUN", "PROPN", "PRON") and token.ent_type_ not in ("TIME", "DATE", "CARDINAL", "MONEY", "PERCENT")


def _find_attribution(quote: QuotedSpan, index: _DocIndex, cues: SpeechCues) -> _Attribution:
    """The cue and speaker token of a quote: first an ancestor of the quote that reports speech,
    then the nearest speech verb or 'according to' in the quote's sentences."""
    doc = index.doc
    lo = index.first_token_from(quote.start)
    hi = index.first_token_from(quote.end)
    if lo >= len(doc):
        return _Attribution(None, None)
    hi = max(hi, lo + 1)
    # 0. A credit line after a dash: "“…” ― Carla Sanchez", "“…” — Abraham Lincoln".
    credit = _dash_credit(quote, index)
    if credit is not None:
        return credit
    # 1. Walk up from the quote's top tokens, within its paragraph (the parser may run across one).
    para_start = index.paragraph_of(quote.open_at)[0]
    para_end = index.paragraph_of(max(quote.open_at, quote.close_at - 1))[1]
    for i in range(lo, hi):
        token = doc[i]
        if lo <= token.head.i < hi:
            continue
        ancestor = token.head
        for _ in range(8):
            if lo <= ancestor.i < hi or not para_start <= ancestor.idx < para_end:
                break
            if _is_speech_verb(ancestor, cues):
                return _outermost_report(ancestor, cues, (lo, hi), (para_start, para_end))
            speaker = _according_to(ancestor)
            if speaker is not None:
                return _Attribution(ancestor, speaker)
            if ancestor.head is ancestor:
                break
            ancestor = ancestor.head
    # 2. A colon right before the opening mark: the clause before it introduces the quote
    #    ("Pacheco once said: “…”", "Michael McDonald: “…”", "… released this statement:\n\n“…”").
    colon_at = len(index.text[max(0, quote.open_at - 8) : quote.open_at].rstrip()) + max(0, quote.open_at - 8) - 1
    if colon_at >= 0 and index.text[colon_at] == ":":
        introduced = _introducing_clause(index.token_at(colon_at), index, cues, (lo, hi))
        if introduced is not None:
            return introduced
    # 3. The nearest speech verb in the quote's sentences (within its paragraph), outside any quote.
    first_sentence = doc[lo].sent
    last_sentence = doc[hi - 1].sent
    window_start, window_end = first_sentence.start, last_sentence.end
    # a speech tag that spaCy split off after the closing mark ("…,” he said.) belongs to the quote
    if window_end < len(doc) and doc[window_end].idx - quote.close_at <= 2 and "\n" not in index.text[quote.close_at : doc[window_end].idx]:
        window_end = doc[window_end].sent.end
    window_start = max(window_start, index.first_token_from(para_start))
    window_end = min(window_end, index.first_token_from(para_end))
    best: tuple[int, Token, Token | None] | None = None
    for i in range(window_start, window_end):
        if lo <= i < hi:
            continue
        token = doc[i]
        if index.in_quote(token.idx):
            continue
        speaker = _according_to(token)
        if speaker is None and not _is_speech_verb(token, cues):
            continue
        if token.idx > quote.close_at and _introduces_next_quote(token, quote, index):
            continue  # "… Mr. Zahed said: “…”" belongs to the next quote
        if speaker is None:
            speaker = _subject_of(token, (lo, hi))
            if speaker is not None and index.in_quote(speaker.idx):
                speaker = None
        distance = min(abs(token.idx - quote.open_at), abs(token.idx - quote.close_at))
        if speaker is None:
            distance += 1000  # a verb without a speaker is a weaker cue
        if best is None or distance < best[0]:
            best = (distance, token, speaker)
    if best is not None:
        if best[1].lower_ != "according":
            outer = _outermost_report(best[1], cues, (lo, hi), (para_start, para_end))
            if outer.cue is not None and outer.cue.i != best[1].i:
                return outer
        return _Attribution(best[1], best[2])
    # 4. An unlisted verb right after the quote with its subject in between ("…,” Bennett shot back).
    j = index.first_token_from(quote.close_at)
    for k in range(j, min(j + 6, window_end)):
        token = doc[k]
        if token.pos_ == "VERB":
            subject = next((c for c in token.children if c.dep_ == "nsubj" and c.i >= j and _can_speak(c)), None)
            speaks_like_a_tag = index.text[quote.end - 1 : quote.end] in (",", "?", "!") and subject is not None and (
                subject.lower_ in _PERSON_PRONOUNS or (index.mention_at(subject) or {}).get("entity_type") in ("PERSON", "ORG")
            )
            if speaks_like_a_tag:
                return _Attribution(token, subject)
            break
    # 5. A quoted sentence right after a sentence about a named person, in the same paragraph:
    #    "Lawrence Cummings called him a master at deals. “He showed again and again …”"
    if lo > 0 and doc[lo - 1].is_sent_start is not None:
        previous_end = index.first_token_from(quote.open_at) - 1
        if previous_end >= 0 and para_start <= doc[previous_end].idx and doc[previous_end].text in (".", "!", "?", ":"):
            previous_sentence = doc[previous_end].sent
            subject = _subject_of(previous_sentence.root, (lo, hi)) if previous_sentence.start < lo else None
            if subject is not None and _names_person(subject, index) and _is_full_sentence(quote, index.text):
                return _Attribution(None, subject)
    # 6. A quoted phrase inside what a named person does ("Trump likened the refugees to a “vicious snake”").
    ancestor = doc[lo].head
    for _ in range(6):
        if not lo <= ancestor.i < hi and ancestor.pos_ in ("VERB", "AUX") and para_start <= ancestor.idx < para_end:
            subject = next((c for c in ancestor.children if c.dep_ == "nsubj"), None)
            named = subject is not None and (
                subject.lower_ in _PERSON_PRONOUNS or (index.mention_at(subject) or {}).get("entity_type") in ("PERSON", "ORG")
            )
            # a longer quoted passage belongs to whatever source the clause names ("a report found that “…”")
            sourced = subject is not None and _can_speak(subject) and subject.pos_ != "PRON" and not _is_scare_quote(index.text[quote.start : quote.end])
            if subject is not None and not lo <= subject.i < hi and (named or sourced):
                return _Attribution(None, subject)
            break
        if ancestor.head is ancestor:
            break
        ancestor = ancestor.head
    return _Attribution(None, None)


_DASH_CREDIT = re.compile(r"[ \t\xa0]*[―—–-][ \t\xa0]*")
_CAPITALISED_NAME = re.compile(r"[A-Z][\w’'.-]*(?:[ \xa0]+(?:[A-Z][\w’'.-]*|de|da|van|von|al|bin|la|le|del))*")


def _dash_credit(quote: QuotedSpan, index: _DocIndex) -> _Attribution | None:
    """The speaker named right after a dash that follows the closing mark."""
    text = index.text
    dash = _DASH_CREDIT.match(text, quote.close_at)
    if dash is None or not quote.is_closed:
        return None
    start = dash.end()
    token = index.doc[index.token_at(start)] if start < len(text) else None
    if token is not None and token.idx == start:
        mention = index.mention_at(token)
        if mention is not None and mention["entity_type"] in ("PERSON", "ORG"):
            return _Attribution(None, token)
    name = _CAPITALISED_NAME.match(text, start)
    if name is None or len(name.group().split()) > 6:
        return None
    end = start + len(name.group().rstrip("."))
    return _Attribution(None, None, credited_span=(start, end))


def _outermost_report(verb: Token, cues: SpeechCues, quote_range: tuple[int, int], paragraph: tuple[int, int]) -> _Attribution:
    """The speech verb that reports the clause holding `verb`: in "Israel said Clinton called on them
    to be “coordinated”", the quoted words are Israel's, so the outer report wins."""
    best = _Attribution(verb, _subject_of(verb, quote_range))
    current = verb
    through_clause = False
    for _ in range(6):
        if current.head is current:
            break
        through_clause = through_clause or current.dep_ in ("ccomp", "xcomp", "parataxis")
        current = current.head
        if quote_range[0] <= current.i < quote_range[1] or not paragraph[0] <= current.idx < paragraph[1]:
            break
        if through_clause and _is_speech_verb(current, cues):
            speaker = _subject_of(current, quote_range)
            if speaker is not None:
                best = _Attribution(current, speaker, verb)
    return best


def _introduces_next_quote(token: Token, quote: QuotedSpan, index: _DocIndex) -> bool:
    """The speech verb's clause ends in a colon that opens the next quote."""
    following = index.next_quote_after(token.idx)
    if following is None or following.open_at <= quote.close_at:
        return False
    between = index.text[token.idx : following.open_at].rstrip()
    return between.endswith(":") and len(between) < 120 and "\n" not in between


def _introducing_clause(colon_token: int, index: _DocIndex, cues: SpeechCues, quote_range: tuple[int, int]) -> _Attribution | None:
    """Cue and speaker of the clause that ends with the colon at token `colon_token`."""
    doc = index.doc
    colon = doc[colon_token]
    sentence = colon.sent
    clause = [t for t in sentence if t.i < colon.i]
    if not clause:
        return None
    verbs = [t for t in clause if _is_speech_verb(t, cues)]
    if verbs:
        verb = verbs[-1]
        return _Attribution(verb, _subject_of(verb, quote_range))
    for t in reversed(clause):
        if t.dep_ in _SUBJECT_DEPS and _can_speak(t):
            return _Attribution(None, t)
    # a bare name before the colon ("Michael P. McDonald: “…”")
    for t in reversed(clause):
        mention = index.mention_at(t)
        if mention is not None and mention["entity_type"] in ("PERSON", "ORG"):
            return _Attribution(None, t)
    return None


def _speaker_phrase(token: Token, index: _DocIndex, cues: SpeechCues) -> tuple[str, int, int] | None:
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
        if token.lower_ in _PERSON_PRONOUNS:
            antecedent = index.antecedent_of(token)
            if antecedent is not None:
                return written, antecedent[0], antecedent[1]
        return written, token.idx, token.idx + len(token.text)
    # titles and appositions: a person named inside the noun phrase ("Press Secretary Karine Jean-Pierre",
    # "an economist, Douglas Holtz-Eakin")
    found = _person_named_in(token, index)
    if found is not None:
        return found["mention_text"], found["start_char"], found["end_char"]
    # a common-noun speaker ("a senior official", "the spokesman for the campaign")
    start_token = token.left_edge
    end_token = token
    for child in token.rights:
        if child.dep_ in ("prep", "compound", "amod", "nummod") and child.i == end_token.i + 1:
            end_token = child.right_edge
    start, end = start_token.idx, end_token.idx + len(end_token.text)
    if end <= start or end - start > 120:
        start, end = token.idx, token.idx + len(token.text)
    return index.text[start:end], start, end


def _looks_like_title(text: str) -> bool:
    """Quoted words all in Title Case ('Victory Plan', “Meet the Press,”, a headline's ‘Makes You Want
    To Retch’) name a work, a plan or a headline, not speech reported in the body."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    if not words or len(words) > 12 or re.search(r"[.!?]\s", text):
        return False
    capitalised = [word for word in words if word.lower() not in _TITLE_SMALL_WORDS]
    if len(words) > 2 and len(capitalised) < 2:
        return False
    return words[0][0].isupper() and all(word[0].isupper() for word in capitalised) and not (
        len(words) == 1 and re.search(r"[.!?]$", text)
    )


def _is_scare_quote(text: str) -> bool:
    """A few words with no sentence punctuation: a term in marks, not a report of speech."""
    return len(text.split()) <= 3 and not re.search(r"[.!?,;:…]$", text)


def _reopens(previous: QuotedSpan, quote: QuotedSpan) -> bool:
    """The quote is the next paragraph of the previous one, whose paragraph break was lost
    (… public services. "But this year …): a row of its own, in the previous speaker's words."""
    return not previous.is_closed and previous.close_at == quote.open_at


def _merge_interrupted(
    quotes: list[QuotedSpan], attributions: list[_Attribution], text: str, index: _DocIndex
) -> list[tuple[QuotedSpan, _Attribution]]:
    """Join the parts of one attributed statement into one quote: “A,” she said, “B.” (B directly
    follows A's speech tag in the same paragraph and has no cue of its own), and fragments that
    hang on the same cue in one sentence (called it “A” and “B”)."""
    merged: list[tuple[QuotedSpan, _Attribution]] = []
    inert: list[tuple[QuotedSpan, _Attribution]] = []  # titles and bare terms: they neither join nor block a join
    for quote, attribution in zip(quotes, attributions):
        body = text[quote.start : quote.end]
        if _looks_like_title(body) or (attribution.cue is None and _is_scare_quote(body)):
            inert.append((quote, attribution))
            continue
        if merged:
            previous, previous_attribution = merged[-1]
            gap = text[previous.close_at : quote.open_at]
            cue = previous_attribution.nearest_cue
            own = attribution.nearest_cue
            own_cue = own is not None and (cue is None or own.i != cue.i)
            same_cue = own is not None and cue is not None and own.i == cue.i
            # the tag continues the first part (“A,” she said), unless a sentence ended after the mark ("A". X said "B")
            tag_follows = not gap.lstrip().startswith((".", "!", "?", ";"))
            # and the tag ends at the next mark (“A,” she said, “B.” / said on “Fox and Friends.” “B”): a quote
            # inside the tag's own clause is another statement ("A." X said the unions were "a formidable force")
            tag_closes = re.search(r"[,.:;!?—–-][”\"]?\s*$", gap) is not None
            tag_in_gap = cue is not None and previous.close_at <= cue.idx < quote.open_at and tag_follows and tag_closes
            joins = not _reopens(previous, quote) and "\n" not in gap and previous.is_double == quote.is_double and (
                (tag_in_gap and not own_cue and _tag_ends_before(cue, quote, index))
                # fragments on one cue; a first part ending a sentence is no fragment
                or (same_cue and len(gap) <= 200 and not re.search(r"[.!?;]", text[previous.end - 1 : quote.open_at]))
                or (not gap.strip() and not own_cue)
            )
            if joins:
                joined = QuotedSpan(previous.open_at, previous.start, quote.end, quote.close_at, previous.is_double, quote.is_closed)
                merged[-1] = (joined, previous_attribution if previous_attribution.cue is not None else attribution)
                continue
        merged.append((quote, attribution))
    # a title inside a joined quote is part of it ("…,” she said, showing off the “Make America Great Again” hat. “…”)
    starts = [quote.open_at for quote, _ in merged]
    for quote, attribution in inert:
        slot = bisect_right(starts, quote.open_at) - 1
        if slot < 0 or merged[slot][0].close_at <= quote.open_at:
            merged.append((quote, attribution))
    return sorted(merged, key=lambda pair: pair[0].open_at)


# Titles, initials, states and months end with a period that does not end the speech tag.
_ABBREVIATION_END = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Maj|Prof|Rev|Fr|Msgr|Hon|Atty|Supt|Det|Insp|Pres|Sec"
    r"|St|Mt|Ft|Jr|Sr|Inc|Corp|Co|Ltd|Bros|No|Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich"
    r"|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo|Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec|[A-Z])\.$"
)


def _tag_ends_before(cue: Token, quote: QuotedSpan, index: _DocIndex) -> bool:
    """No other sentence sits between the speech tag and the next quote."""
    text = index.text
    tail = text[cue.idx : quote.open_at]
    # at most one sentence end, and it must close the tag itself
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s)", tail)]
    ends = [e for e in ends if not _ABBREVIATION_END.search(tail[:e])]
    return len(ends) <= 1 and (not ends or not tail[ends[0] :].strip())


def extract_quotes(doc: Doc, mentions: list[MentionRecord], speech_cues: SpeechCues | None = None) -> list[QuoteRecord]:
    """Direct quotations of a parsed article with their cue and speaker (see the module docstring)."""
    cues = speech_cues or load_speech_cues()
    text = doc_text(doc)
    quotes = find_quoted_spans(text)
    if not quotes:
        return []
    index = _DocIndex(doc, text, mentions, quotes)
    attributions = [_find_attribution(quote, index, cues) for quote in quotes]
    records: list[QuoteRecord] = []
    last_speaker: tuple[str, int, int, int] | None = None  # (written, start, end, paragraph end)
    previous_quote: QuotedSpan | None = None
    for quote, attribution in _merge_interrupted(quotes, attributions, text, index):
        quote_text = text[quote.start : quote.end]
        speaker = (
            _speaker_phrase(attribution.speaker, index, cues) if attribution.speaker is not None else None
        )
        if speaker is None and attribution.credited_span is not None:
            credit_start, credit_end = attribution.credited_span
            speaker = (text[credit_start:credit_end], credit_start, credit_end)
        cue_text = attribution.cue.text if attribution.cue is not None else None
        if attribution.cue is not None and attribution.cue.lower_ == "according":
            cue_text = "according to"
        if (
            previous_quote is not None
            and _reopens(previous_quote, quote)
            and last_speaker is not None
            and last_speaker[3] == previous_quote.close_at
        ):
            # the next paragraph of the previous quote: the same speaker's words, whatever is named after it
            speaker = last_speaker[:3]
        elif speaker is None and _is_full_sentence(quote, text) and last_speaker is not None and quote.open_at - last_speaker[3] < 600:
            # a quoted paragraph continuing the previous speaker's words (speaker_text is how they were written there)
            speaker = last_speaker[:3]
        # Titles are never speech; a bare term in marks is speech only under a reporting verb; anything
        # longer is a quotation even when its source is not named nearby.
        is_speech = not _looks_like_title(quote_text) and (cue_text is not None or not _is_scare_quote(quote_text))
        if not is_speech:
            speaker, cue_text = None, None
        if speaker is not None:
            last_speaker = (*speaker, quote.close_at)
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
                cue=cue_text,
                is_speech=is_speech,
            )
        )
    return records


def _is_full_sentence(quote: QuotedSpan, text: str) -> bool:
    """The quote is a sentence of its own: capitalised and ending with sentence punctuation."""
    body = text[quote.start : quote.end]
    return bool(body) and body[0].isupper() and bool(re.search(r"[.!?,…—-]$", body)) and len(body.split()) >= 3
