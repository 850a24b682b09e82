"""Who a pronoun or a common noun that speaks stands for ("he", "it", "the company", "a spokesman",
"the Tory leader", "the document"): a named person or organisation of the article, found through its
entity mentions, so that the quote's `speaker_entity_id` can be filled.

The rules, in order:
- a nationality used as a name ("the Scot") is the person named before, like "he";
- a name inside the noun phrase wins: "a Capital Economics statement", "A Conservative spokesperson",
  "Unison's spokesman", "a spokesman for the RAC";
- a role ("the chairman", "our correspondent", "the 26-year-old") goes to the person the article gives that role
  ("Bar Council chairman Guy Mansfield", "Gordon Brown, the chancellor"), else, when definite, like "he";
- otherwise the nearest compatible subject, going back sentence by sentence: each sentence's main-clause
  subject first (a pronoun there continues the same referent, so the search moves on to the sentence
  before), then its other named subjects, then any compatible mention in it; after `SENTENCES_BACK`
  sentences, the nearest compatible mention before the speaker.
A pronoun or document never stands for a name in the clause its own speech tag reports ("Mr Sullivan made
accounting decisions, he told the court"); he and she agree with the titles the article gives (Mr, Ms …); a
possessive before a speaker noun ("Her lawsuit") and the subject that issued a document ("X issued a statement")
name its issuer; a party's definite spokesman ("The Tory spokesman") is, for he/she, the frontbencher named before.
Compatible: he/she and roles want a person; "it", organisation nouns and spokespeople an organisation
(a party's spokesperson may be a NORP: "Conservative"); "they", "we" and documents either. Names inside
quotes never count. Sources ("an analyst", "a senior official", "a White House aide", "sources") and
indefinite roles name nobody and stay as written: `speaker_kind` says "unnamed source".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from transforms.extract.entities.vocabulary import HONORIFICS, NON_PERSON_HEAD_WORDS
from transforms.extract.quotes.doc_index import DocIndex
from transforms.extract.quotes.grammar import person_named_in
from transforms.extract.quotes.speech_cues import SpeechCues
from transforms.extract.records import MentionRecord

PERSON = frozenset({"PERSON"})
ORGANISATION = frozenset({"ORG"})
GROUP = frozenset({"ORG", "NORP"})
EITHER = frozenset({"PERSON", "ORG", "NORP"})
PRONOUN_REFERENTS = {"he": PERSON, "him": PERSON, "she": PERSON, "her": PERSON, "it": ORGANISATION, "they": EITHER, "we": EITHER}
# A possessive before a speaker noun ("Her lawsuit said", "its statement") names its issuer like the pronoun would.
POSSESSIVE_REFERENTS = {"his": PERSON, "her": PERSON, "its": ORGANISATION, "their": EITHER}
# What an unresolved nominal is, by the kind of its noun (the rest are sources the article does not name).
NOUN_KIND_SPEAKER_KIND = {"document": "document", "organisation": "organisation"}
SPEAKER_KIND_OF_TYPE = {"PERSON": "person", "ORG": "organisation", "NORP": "organisation", "GPE": "organisation"}
# A pronoun nobody in the article answers to: a person for he/she/I, an organisation for "it" (the rest are sources).
UNRESOLVED_PRONOUN_KIND = {"i": "person"} | {
    pronoun: SPEAKER_KIND_OF_TYPE[next(iter(types))] for pronoun, types in PRONOUN_REFERENTS.items() if len(types) == 1
}
SUBJECTS = ("nsubj", "nsubjpass")
PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}
TITLE_GENDER = {"Mr": "male", "Sir": "male", "Lord": "male", "Mrs": "female", "Ms": "female", "Miss": "female", "Lady": "female", "Dame": "female"}
# Words right before a name that say a person's sex as plainly as a title ("daughter Natalie", "his wife Cherie").
NOUN_GENDER = {
    word: gender
    for gender, words in {
        "female": "daughter wife widow mother sister girlfriend grandmother aunt niece businesswoman chairwoman spokeswoman actress queen princess duchess",
        "male": "son husband widower father brother boyfriend grandfather uncle nephew businessman king prince duke",
    }.items()
    for word in words.split()
}
PARTICIPLES = frozenset({"VBG", "VBN"})
PLURAL_NOUN_TAGS = frozenset({"NNS", "NNPS"})
SENTENCES_BACK = 4
ROLE_WINDOW = 60  # characters around a person's name searched for the role word
DEFINITE = frozenset({"the", "our", "its", "their", "this", "that"})
ROLE_ABBREVIATIONS = {"governor": "gov", "senator": "sen", "congressman": "rep", "congresswoman": "rep", "president": "pres", "secretary": "sec"}
TITLE_BEFORE_NAME = r"(?:(?:Mr|Mrs|Ms|Dr|Sir|Lord|Lady|Dame|Prof)\.?\s+)?"
# Words that make a title another office: "Deputy Prime Minister John Prescott" does not hold "the prime
# minister", nor "First Minister Jack McConnell" "the justice minister", unless the phrase says so too.
RANK_WORDS = frozenset({"deputy", "vice", "shadow", "first", "former", "junior", "assistant", "acting", "ex", "under"})
RANK_WORDS_BEFORE_ROLE = 2
# Lower-case words an organisation's name may hold between its capitalised words ("Top of the Pops", "Department for Work and Pensions").
ORGANISATION_NAME_JOINERS = frozenset({"of", "the", "and", "for", "&", "on", "in"})  # title words read before the role word in "Deputy Prime Minister John Prescott"


@dataclass(frozen=True)
class Referent:
    """The named speaker a pronoun or nominal stands for: a span of the text and its entity type."""

    start: int
    end: int
    entity_type: str
    name: str | None = None  # the organisation an office's spokesperson speaks for, which the span may not write

    @property
    def speaker_kind(self) -> str:
        return SPEAKER_KIND_OF_TYPE.get(self.entity_type, "organisation")


def mention_referent(mention: MentionRecord) -> Referent:
    return Referent(mention["start_char"], mention["end_char"], mention["entity_type"])


def pronoun_referent(pronoun: Token, index: DocIndex, cues: SpeechCues) -> Referent | None:
    """The person or organisation a third-person pronoun speaker refers to."""
    types = PRONOUN_REFERENTS.get(pronoun.lower_)
    return nearest_subject(pronoun, index, types, cues) if types is not None else None


def age_described_subject(cue: Token) -> Token | None:
    """The subject of "the 26-year-old said", which the parser tags as an adjective ("old") that the
    attribution steps do not take for a speaker; the noun list reads "old" as a role."""
    for child in cue.children:
        if child.dep_ == "nsubj" and child.lower_ == "old" and any(t.lower_ in ("year", "years") for t in child.children):
            return child
    return None


def epithet_referent(token: Token, mention: MentionRecord, index: DocIndex, cues: SpeechCues) -> Referent | None:
    """The person behind a nationality used as a name ("the Scot", "said the Spaniard"): a singular NORP
    with "the" stands for someone named before, not for the nation."""
    singular = token.tag_ in ("NNP", "NN") and not token.lower_.endswith("s")
    if mention["entity_type"] != "NORP" or not singular or not is_definite(token):
        return None
    return nearest_subject(token, index, PERSON, cues)


def nominal_referent(head: Token, index: DocIndex, cues: SpeechCues) -> tuple[Referent | None, str | None]:
    """(the named speaker, the noun's kind) for a common-noun speaker; (None, None) for a noun that is no
    speaker noun."""
    noun_kind = speaker_noun_kind(head, cues)
    if noun_kind is None:
        return None, None
    if noun_kind == "source":
        return None, noun_kind  # "a White House aide" is not the White House speaking
    if noun_kind == "spokesperson":
        own = office_referent(head, index, cues) or written_organisation(head, index)
        if own is not None:
            return own, noun_kind
    named = named_in_phrase(head, index, cues)
    definite = is_definite(head)
    if noun_kind == "role":
        holder = role_holder(head, index)
        if holder is None and named is not None and named.entity_type == "PERSON":
            holder = named
        if holder is None and (definite or any(child.dep_ == "poss" for child in head.children)):
            holder = introduced_next(head, index)
        if holder is None and definite:
            holder = nearest_subject(head, index, PERSON, cues)
        return holder, noun_kind
    if named is None:
        named = possessor_referent(head, index, cues)
    if named is None and noun_kind == "document":
        named = document_issuer(head, index, cues)
    if named is None and noun_kind == "spokesperson":
        named = organisation_of_its_noun(head, index)
    if named is not None:
        return named, noun_kind
    if noun_kind == "spokesperson" or (definite and noun_kind == "organisation"):
        return nearest_subject(head, index, GROUP if noun_kind == "spokesperson" else ORGANISATION, cues), noun_kind
    if definite and noun_kind == "document":
        return nearest_subject(head, index, EITHER, cues), noun_kind
    return None, noun_kind


def office_referent(head: Token, index: DocIndex, cues: SpeechCues) -> Referent | None:
    """The organisation an office's spokesperson speaks for, from the words of the spokesperson's own phrase
    (`SpeechCues.spokesperson_offices`): "the prime minister's official spokesman", "Prime Minister Tony Blair's
    official spokesman", "a Number 10 spokeswoman" and "a spokesman for the prime minister" are Downing Street's,
    not the person's nor the nearest organisation's. Not a deputy's or a shadow's ("a spokesman for Deputy Prime
    Minister John Prescott"). The span is where the article writes the organisation's name (its entity, when it
has one, links the quote), else the spokes-noun."""
    if not cues.spokesperson_offices or speaker_noun_kind(head, cues) != "spokesperson":
        return None
    words = [t for child in head.lefts if child.dep_ in ("compound", "poss", "nmod", "amod") for t in child.subtree]
    words += [t for prep in head.rights if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at") for t in prep.subtree]
    phrase = " ".join(t.lower_ for t in sorted(words, key=lambda t: t.i))
    for office, organisation in cues.spokesperson_offices.items():
        found = re.search(rf"(?:^|(?<=\s))(?:(\S+)\s+)?{re.escape(office)}(?=\s|$)", phrase)
        if found is None or (found.group(1) or "") in RANK_WORDS:
            continue
        written = [w.span() for w in re.finditer(rf"\b{re.escape(organisation)}\b", index.text) if not index.in_quote(w.start())]
        start, end = min(written, key=lambda span: abs(span[0] - head.idx), default=(head.idx, head.idx + len(head.text)))
        return Referent(start, end, "ORG", organisation)
    return None


def written_organisation(head: Token, index: DocIndex) -> Referent | None:
    """The organisation a spokesperson's phrase names in capitals right before the noun when no one mention covers the
    name ("A Five spokesman", "a Jive spokeswoman", "a Scottish Labour Party spokesman", "A Top of the Pops
    spokesperson"): the phrase names its organisation, so the nearest organisation of the text is not it. Not a
    person's name ("Mr Blair's spokesman"), a rank ("Shadow spokesman for sport …") nor a phrase that names its person."""
    words = [t for t in index.doc[head.left_edge.i : head.i] if t.dep_ not in ("det", "case")]
    if not words or not words[0].text[:1].isupper() or not words[-1].text[:1].isupper():
        return None
    if any(not t.text[:1].isupper() and t.lower_ not in ORGANISATION_NAME_JOINERS for t in words) or index.in_quote(words[0].idx):
        return None
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    covering = [m for m in index.mentions if m["start_char"] < end and m["end_char"] > start]
    if any(m["entity_type"] == "PERSON" or (m["start_char"] <= start and m["end_char"] >= end) for m in covering):
        return None
    if words[0].lower_ in HONORIFICS | RANK_WORDS or (words[0].is_sent_start and words[0].pos_ != "PROPN"):  # "Company spokesman …"
        return None
    phrase_end = head.right_edge.idx + len(head.right_edge.text)  # "Shadow spokesman for sport Hugh Robertson" is the person
    if any(m["entity_type"] == "PERSON" and start <= m["start_char"] < phrase_end for m in index.mentions):
        return None
    return Referent(start, end, "ORG", index.text[start:end])


def organisation_of_its_noun(head: Token, index: DocIndex) -> Referent | None:
    """The organisation a spokesperson's lower-case modifier stands for: the nearest name before it, outside quotes,
    that ends in that noun capitalised ("an executive spokeswoman" after "the Scottish Executive", "a council
    spokesman" after "Darlington Council"), not a title before a person's name ("Chief Executive Bob Smith")."""
    nouns = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod") and t.pos_ in ("NOUN", "ADJ") and t.text.islower()]
    if len(nouns) != 1:
        return None
    name = re.compile(rf"\b(?:[A-Z][\w'’&-]*\s+){{1,3}}{re.escape(nouns[0].text.capitalize())}\b(?!\s+[A-Z])")
    written = [w for w in name.finditer(index.text, 0, head.idx) if not index.in_quote(w.start())]
    if not written:
        return None
    start, end = written[-1].span()
    if index.text.startswith("The ", start):
        start += len("The ")
    return Referent(start, end, "ORG", index.text[start:end])


def possessor_referent(head: Token, index: DocIndex, cues: SpeechCues) -> Referent | None:
    """Who a possessive pronoun before the noun stands for: "Her lawsuit said" is the woman named before."""
    for child in head.children:
        types = POSSESSIVE_REFERENTS.get(child.lower_) if child.dep_ == "poss" else None
        if types is not None:
            return nearest_subject(child, index, types, cues)
    return None


def document_issuer(head: Token, index: DocIndex, cues: SpeechCues) -> Referent | None:
    """Who issued a document: the subject of the verb it is the object of ("the Security Council issued a statement
    calling the test …") or of a relative clause on it ("a speech Mrs. Clinton delivered")."""
    verbs = [head.head] if head.dep_ == "dobj" else []
    verbs += [child for child in head.children if child.dep_ == "relcl"]
    for verb in verbs:
        for subject in (c for c in verb.children if c.dep_ == "nsubj"):
            mention = index.mention_at(subject)
            if mention is not None and mention["entity_type"] in SPEAKER_KIND_OF_TYPE:
                return mention_referent(mention)
            if subject.lower_ in PRONOUN_REFERENTS:
                return pronoun_referent(subject, index, cues)
    return None


def speaker_noun_kind(token: Token, cues: SpeechCues) -> str | None:
    """What a noun that speaks stands for, by its lemma or, where the lemmatiser differs from the list, its form."""
    return cues.speaker_noun_kind(token.lemma_) or cues.speaker_noun_kind(token.lower_)


def is_definite(head: Token) -> bool:
    return any(child.dep_ in ("det", "poss") and child.lower_ in DEFINITE for child in head.children)


def named_in_phrase(head: Token, index: DocIndex, cues: SpeechCues) -> Referent | None:
    """A name the noun phrase holds: a modifier ("a Capital Economics statement", "A Conservative
    spokesperson", "Unison's spokesman") or the object of for/of/from/at ("a spokesman for the RAC")."""
    for child in head.children:
        if child.dep_ in ("compound", "amod", "poss", "nmod") and child.i < head.i:
            for token in child.subtree:
                mention = index.mention_at(token)
                if mention is not None and mention["entity_type"] in SPEAKER_KIND_OF_TYPE:
                    return mention_referent(mention)
    issued_by = [agent for acl in head.rights if acl.dep_ == "acl" and acl.tag_ == "VBN" for agent in acl.children if agent.dep_ == "agent"]
    for child in [*head.rights, *issued_by]:  # "a spokesman for the RAC", "the statement issued by Lycos"
        if (child.dep_ == "prep" and child.lower_ in ("for", "of", "from", "at", "by")) or child.dep_ == "agent":
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                mention = index.mention_at(pobj)
                if mention is not None and mention["entity_type"] in SPEAKER_KIND_OF_TYPE:
                    return mention_referent(mention)
                inner = named_in_phrase(pobj, index, cues)
                if inner is not None:
                    return inner
    return None


def introduced_next(head: Token, index: DocIndex) -> Referent | None:
    """The person the next sentence introduces as its subject, for a role nobody holds by name: news names
    the speaker of a lede or a quoted aside right after ("Scotland's justice minister has warned …" then
    "Cathy Jamieson said …"; "the Lib Dem chief executive said …" then "…, Lord Rennard told reporters")."""
    sentence = head.sent
    if sentence.end >= len(index.doc) or head.tag_ in PLURAL_NOUN_TAGS:  # "the judges said" is no one person
        return None
    for token in index.doc[sentence.end].sent:
        mention = index.mention_at(token)
        if token.dep_ not in SUBJECTS or index.in_quote(token.idx) or mention is None or mention["entity_type"] != "PERSON":
            continue
        surname = mention["mention_text"].split()[-1]
        if re.search(rf"\b{re.escape(surname)}\b", index.text[: head.idx]) is None:
            return mention_referent(mention)
    return None


def role_holder(head: Token, index: DocIndex) -> Referent | None:
    """The person the article gives this role, outside quotes: the role right before the name ("BBC
    correspondent Stephen Cape", "Chancellor Gordon Brown") or in an apposition after it ("Gordon Brown,
    the chancellor"). The one sharing most of the phrase's modifiers wins, then the nearest before."""
    role = re.escape(head.lower_)
    if head.lower_ in ROLE_ABBREVIATIONS:  # "Indiana Gov. Mike Pence" holds "the Indiana governor"
        role = rf"(?:{role}|{ROLE_ABBREVIATIONS[head.lower_]}\.?)"
    before = re.compile(rf"\b{role}s?(?:\s+(?:of|for|at)\s+[\w' &-]{{1,40}}?,|,)?\s+{TITLE_BEFORE_NAME}$", re.IGNORECASE)
    # an apposition ends at punctuation or a prepositional phrase: "Rice, the prime minister said" is a new subject
    after = re.compile(
        rf"^(?:\s+QC)?,\s+(?:(?:the|a|an|who is|who was|its|his|her)\s+)?[\w' -]{{0,40}}?\b{role}\b(?=\s*[,.;:)]|\s+(?:of|for|at|to|in)\b|\s*$)",
        re.IGNORECASE,
    )
    modifiers = {t.lower_ for t in head.lefts if t.dep_ in ("compound", "amod") and t.is_alpha}
    phrase_words = {t.lower_ for t in head.subtree}
    best: tuple[tuple[int, int, int], MentionRecord] | None = None
    for mention in index.mentions:  # a name in a role's place is a person whatever its tagged type ("Guy Mansfield QC")
        start, end = mention["start_char"], mention["end_char"]
        if mention["entity_type"] not in ("PERSON", "ORG") or index.in_quote(start) or start == head.idx:
            continue
        window_before = index.text[max(0, start - ROLE_WINDOW) : start]
        window_after = index.text[end : end + ROLE_WINDOW]
        found_before, found_after = before.search(window_before), after.search(window_after)
        if found_before is None and found_after is None:
            continue
        title = window_before[: found_before.start()].split()[-RANK_WORDS_BEFORE_ROLE:] if found_before else found_after.group().split()
        if {word.casefold().strip(",") for word in title} & (RANK_WORDS - phrase_words):
            continue
        context = (window_before + " " + window_after).lower()
        shared = sum(1 for word in modifiers if re.search(rf"\b{re.escape(word)}\b", context))
        rank = (shared, int(start < head.idx), -abs(start - head.idx))
        if best is None or rank > best[0]:
            best = (rank, mention)
    return Referent(best[1]["start_char"], best[1]["end_char"], "PERSON") if best is not None else None


def nearest_subject(speaker: Token, index: DocIndex, types: frozenset[str], cues: SpeechCues) -> Referent | None:
    """The nearest compatible named subject before the speaker (see the module docstring)."""
    sentence = speaker.sent
    searched = 0
    tag = reporting_tag(speaker, cues)
    for _ in range(SENTENCES_BACK * 3):
        found, continues = _referent_in_sentence(sentence, speaker, tag, index, types, cues)
        if found is not None and agrees_in_gender(found, speaker, index) and not talked_about(found, speaker, index):
            return found
        searched += 0 if continues else 1  # a sentence about the same referent ("He added …") does not count
        if sentence.start == 0 or searched == SENTENCES_BACK:
            break
        sentence = index.doc[sentence.start - 1].sent
    # the fallback skips the clause a pronoun reports, as the sentence search did
    reported = [t.idx for t in speaker.sent if t.i < speaker.i and in_reported_clause(t, tag)]
    mention = index.mention_before(min(reported, default=speaker.idx), types)
    while mention is not None:
        referent = mention_referent(mention)
        if agrees_in_gender(referent, speaker, index) and not talked_about(referent, speaker, index):
            return referent
        mention = index.mention_before(mention["start_char"], types)
    return None


def talked_about(referent: Referent, speaker: Token, index: DocIndex) -> bool:
    """The quotes of the pronoun's own sentence name the referent in the third person ("“Jeremiah is a virtual face …,”
    he told the BBC"): whoever speaks them, it is not the person they talk about."""
    if speaker.lower_ not in PRONOUN_GENDER or referent.entity_type != "PERSON":
        return False
    name = re.escape(index.text[referent.start : referent.end].split()[-1])
    sentence = speaker.sent
    return any(
        re.search(rf"\b{name}\b", index.text[q.start : q.end]) is not None
        for q in index.quotes
        if q.start < sentence.end_char and q.end > sentence.start_char
    )


def agrees_in_gender(referent: Referent, speaker: Token, index: DocIndex) -> bool:
    """A he is no one the article calls Ms, Mrs, Lady or Dame, and a she no one it calls Mr, Sir or Lord (BBC
    titles people on second mention: "Ms Robinson", "Mr Howard"), nor a daughter, wife … or son, husband … ("his
    daughter Natalie"); names without a title agree with both."""
    gender = PRONOUN_GENDER.get(speaker.lower_)
    if gender is None or referent.entity_type != "PERSON":
        return True
    surname = index.text[referent.start : referent.end].split()[-1]
    return _genders_given(surname, index.text) != {"male" if gender == "female" else "female"}


# "Mr", "Lady", "his daughter": a title or noun that gives the sex of the name up to two capitalised words on.
_TITLE_BEFORE_NAME = re.compile(rf"\b({'|'.join(TITLE_GENDER)})\.?\s+")
_NOUN_BEFORE_NAME = re.compile(rf"\b({'|'.join(NOUN_GENDER)})\s+")
_CAPITALISED_WORD = re.compile(r"[A-Z][\w'’-]*\s+")
_WORD_BOUNDARY = re.compile(r"\b")


@lru_cache(maxsize=256)  # articles come one at a time: a few hundred entries hold each one's surnames
def _genders_given(surname: str, text: str) -> frozenset[str]:
    """The sexes `text` gives `surname` by title or noun."""
    titles = _words_before_name(_TITLE_BEFORE_NAME, surname, text)
    nouns = _words_before_name(_NOUN_BEFORE_NAME, surname, text)
    return frozenset({TITLE_GENDER[title] for title in titles} | {NOUN_GENDER[noun] for noun in nouns})


def _words_before_name(before: re.Pattern[str], surname: str, text: str) -> list[str]:
    """What `re.findall(before + r"(?:[A-Z][\w'’-]*\s+){0,2}" + re.escape(surname) + r"\b", text)` finds, the
    longest run of capitalised words first, without a pattern per surname: those flushed `re`'s cache of 512
    patterns on any news archive, so each call compiled its two long patterns again."""
    found: list[str] = []
    resume = 0
    for match in before.finditer(text):
        if match.start() < resume:
            continue  # inside the previous find, as findall never looks there
        ends = [match.end()]
        while len(ends) < 3 and (word := _CAPITALISED_WORD.match(text, ends[-1])):
            ends.append(word.end())
        for name_start in reversed(ends):
            name_end = name_start + len(surname)
            if text.startswith(surname, name_start) and _WORD_BOUNDARY.match(text, name_end):
                found.append(match.group(1))
                resume = name_end
                break
    return found


def _referent_in_sentence(
    sentence: Span, speaker: Token, tag: Token | None, index: DocIndex, types: frozenset[str], cues: SpeechCues
) -> tuple[Referent | None, bool]:
    """(the referent this sentence gives, whether its main subject is a compatible pronoun): such a
    pronoun continues an earlier referent, and the names in the sentence's clauses are other people.
    `tag` is the speaker's `reporting_tag`."""
    before = [
        t for t in sentence
        if t.i < speaker.i and not index.in_quote(t.idx) and not in_speaker_adjunct(t, speaker) and not in_reported_clause(t, tag)
    ]
    # the main clause's subject: of the root (or of a verb joined to it), or the sentence's opening words
    # ("He denied …, insisting X appealed …" parses with `appealed` as the root); the root's own subject first
    # ("Tony Blair has failed, Michael Howard has said": the opening name is what Howard said, not who said it)
    main = [
        t for t in before
        if (t.dep_ in SUBJECTS and (t.head.i == sentence.root.i or (t.head.dep_ == "conj" and t.head.head.i == sentence.root.i) or t.i <= sentence.start + 1))
        or _opens_with_name(t, sentence)
    ]
    main.sort(key=lambda t: t.head.i != sentence.root.i)
    issuer = statement_issuer(sentence.root, index, cues)
    if issuer is not None and issuer.entity_type in types and not (main and _names_someone(main[0], index)):
        return issuer, False
    for subject in main:
        found = _named_referent(subject, index, types) or _described_referent(subject, index, types, cues)
        if found is not None:
            return found, False
    if any(_refers_back(subject, types) for subject in main):
        return None, True
    for subject in reversed([t for t in before if t.dep_ in SUBJECTS]):
        found = _named_referent(subject, index, types)
        if found is not None:
            return found, False
    for token in reversed(before):
        mention = index.mention_at(token)
        if mention is not None and mention["entity_type"] in types and mention["start_char"] >= sentence.start_char:
            return mention_referent(mention), False
    return None, False


def in_speaker_adjunct(token: Token, speaker: Token) -> bool:
    """The token lies in a participle clause whose unstated subject is the speaker ("Asked if Mr Blunkett
    could return, he replied", "Echoing Condoleezza Rice, the prime minister said") or in the speaker's
    "according to" source: the names there are other people."""
    if token.sent.start != speaker.sent.start:
        return False
    for ancestor in token.ancestors:
        if ancestor.head.i != speaker.head.i:
            continue
        if ancestor.dep_ == "prep" and ancestor.lower_ == "according":  # "According to Mr Peston the prime minister said"
            return True
        if ancestor.dep_ == "advcl" and ancestor.tag_ in PARTICIPLES:
            return not any(child.dep_ in SUBJECTS for child in ancestor.children)
    return False


def reporting_tag(speaker: Token, cues: SpeechCues) -> Token | None:
    """The verb of a pronoun or document speaker that tags the words before it ("…, he told the court"; "…, the
    suit added, …"), or None: the clause that verb reports is what the speaker says, so it names no one for it."""
    says_of_others = speaker.lower_ in PRONOUN_REFERENTS or speaker_noun_kind(speaker, cues) == "document"
    return speaker.head if says_of_others and speaker.dep_ in SUBJECTS and is_speech_tag(speaker) else None


def in_reported_clause(token: Token, verb: Token | None) -> bool:
    """The token lies in the clause a speaker's `reporting_tag` `verb` reports ("Mr Sullivan made accounting
    decisions, he told the court"; "Conte's statements, the suit added, were …")."""
    if verb is None or token.sent.start != verb.sent.start:
        return False
    for ancestor in [token, *token.ancestors]:
        if ancestor.i == verb.i:
            return False
        if ancestor.head.i == verb.i:
            return ancestor.dep_ in ("ccomp", "parataxis")
    # a tag the parser hangs from the clause it reports ("Mr Blair has failed, he claimed"); a verb the clause
    # governs is inside it ("Ban condemned what he called …": he is Ban)
    return verb.dep_ == "parataxis" and verb.head in [token, *token.ancestors]


def is_speech_tag(speaker: Token) -> bool:
    """The speaker and its verb tag the words before them: after a comma or a closing mark, with no infinitive
    of their own ("…, he claimed", "“…,” he told the court"; not "… prompted censure - he told refugees to go home")."""
    before = speaker.doc[speaker.left_edge.i - 1] if speaker.left_edge.i > 0 else None
    tagged = before is not None and before.text in (",", '"', "”", "''")
    return tagged and not any(child.dep_ == "xcomp" for child in speaker.head.children)


def _opens_with_name(token: Token, sentence: Span) -> bool:
    """A name opening the sentence before a comma, with the subject a description of it: "Mirza, the
    first Indian woman to win a WTA Tour title, will now face …" (the parser hangs the name on the verb)."""
    return token.dep_ == "npadvmod" and token.pos_ == "PROPN" and token.i <= sentence.start + 1 and token.head.i == sentence.root.i


def _names_someone(subject: Token, index: DocIndex) -> bool:
    return index.mention_at(subject) is not None or subject.pos_ == "PROPN"


def statement_issuer(verb: Token, index: DocIndex, cues: SpeechCues) -> Referent | None:
    """Who issued the statement a clause opens with: "In a statement from Lycos Europe …, the company
    denied …" (the company, or "it", is Lycos Europe)."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "in":
            for pobj in (c for c in child.children if c.dep_ == "pobj" and speaker_noun_kind(c, cues) == "document"):
                found = named_in_phrase(pobj, index, cues)
                if found is not None:
                    return found
    return None


def _described_referent(subject: Token, index: DocIndex, types: frozenset[str], cues: SpeechCues) -> Referent | None:
    """Who a speaker-noun subject names without searching further back: the name in its phrase, or the
    holder of its role ("Our correspondent said …" is Stephen Cape when "BBC correspondent Stephen Cape" came before)."""
    noun_kind = speaker_noun_kind(subject, cues)
    if subject.pos_ != "NOUN" or noun_kind is None:
        return None
    person = person_named_in(subject, index)  # "A spokesman for DLF Builders, Dr Vancheshwar, told the BBC" then "He said"
    if person is not None and "PERSON" in types:
        return mention_referent(person)
    if noun_kind == "role":
        found = role_holder(subject, index)
    else:
        own = office_referent(subject, index, cues) or written_organisation(subject, index) if noun_kind == "spokesperson" else None
        found = own or named_in_phrase(subject, index, cues) or possessor_referent(subject, index, cues)
        if found is None and noun_kind == "spokesperson":
            found = organisation_of_its_noun(subject, index)
    if found is not None and found.entity_type == "NORP" and "NORP" not in types and is_definite(subject):
        return None  # "The Tory spokesman also criticised …" then "he said": a party's frontbencher, the person named before
    # "The Trafford Centre spokeswoman said …" then "she added": a spokesperson speaks for the organisation
    return found if found is not None and (found.entity_type in types or noun_kind == "spokesperson") else None


def _refers_back(subject: Token, types: frozenset[str]) -> bool:
    """A main subject that continues an earlier referent: a compatible pronoun, or a definite description
    ("The Republican vice presidential nominee was speaking …" after "Mike Pence says …")."""
    if subject.lower_ in PRONOUN_REFERENTS:
        return bool(PRONOUN_REFERENTS[subject.lower_] & types)
    return subject.pos_ == "NOUN" and is_definite(subject)


def _named_referent(subject: Token, index: DocIndex, types: frozenset[str]) -> Referent | None:
    """A subject that names a compatible speaker: its mention, or for a person an untyped proper name."""
    mention = index.mention_at(subject)
    if mention is not None:
        return mention_referent(mention) if mention["entity_type"] in types else None
    # an untyped proper name may be a person; one the entity layer typed a place, law or event is not ("Africa"),
    # nor one headed by a word that names places and bodies ("Downing Street")
    untyped = subject.ent_type_ in ("", "PERSON") and subject.lower_ not in NON_PERSON_HEAD_WORDS
    if subject.pos_ == "PROPN" and "PERSON" in types and untyped:
        named = person_named_in(subject, index)  # "Head of genetics at the institute, Professor Robin Lovell-Badge, said"
        if named is not None and named["start_char"] > subject.idx:
            return mention_referent(named)
        name = [t for t in subject.children if t.dep_ in ("compound", "flat") and t.i < subject.i] + [subject]
        return Referent(name[0].idx, subject.idx + len(subject.text), "PERSON")
    return None
