"""What the dependency parse says around a quote: whether a token reports speech, who its
subject is, and whether a token can be a speaker at all. Shared by the attribution steps."""

from __future__ import annotations

import re

from spacy.tokens import Token

from transforms.extract.quotes.doc_index import DocIndex
from transforms.extract.quotes.speech_cues import SpeechCues
from transforms.extract.records import MentionRecord

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Dependencies through which a participle or infinitive takes the subject of the verb governing it.
CLIMB_DEPS = frozenset({"xcomp", "advcl", "conj", "ccomp", "pcomp", "acl", "relcl", "prep", "pobj", "dep", "parataxis"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
# A wire dateline opening a paragraph: the place in capitals, perhaps a state and a date, perhaps the
# agency, then a dash ("WASHINGTON (AP) —", "FLINT, Mich., Oct. 4 (UPI) —", "NEW YORK -").
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’ -]*[A-Z.])(?P<where>,[^\n—–]{1,40}?)?\s*(?P<agency>\([A-Za-z .-]{2,30}\))?\s*(?:—|–|--|-)\s"
)
# How far back a token may sit from its line start and still be inside a dateline.
_DATELINE_TOKENS = 16


def is_speech_verb(token: Token, cues: SpeechCues) -> bool:
    """A listed reporting verb, except the "called" of "so-called"."""
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in cues.verbs:
        return False
    # "so-called" marks a term, not a report of speech
    return not (token.lower_ == "called" and token.i >= 1 and token.doc[token.i - 1].lower_ in ("so", "-", "so-"))


def according_to(token: Token) -> Token | None:
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


def subject_of(verb: Token, quote_range: tuple[int, int]) -> Token | None:
    """The speaker of a speech verb: its subject (or passive agent), climbing to governing verbs
    for participles and infinitives ("…, stating that", "wants to say")."""
    lo, hi = quote_range
    current = verb
    for _ in range(4):
        for child in named_subjects_first(current):
            # a passive subject speaks only for a governing verb ("was prompted to say"), not for the cue ("was asked")
            if (
                child.dep_ in SUBJECT_DEPS
                and not lo <= child.i < hi
                and (child.dep_ != "nsubjpass" or current is not verb)
                and on_one_line(child, current)
            ):
                if child.tag_ in ("WP", "WDT") or (child.lower_ == "that" and current.dep_ == "relcl"):
                    return relative_antecedent(child, current)  # "Zelensky, who said …"
                if can_speak(child):
                    return child
                if in_dateline(child):  # "WASHINGTON -- President Obama, dedicating …, said": the name in apposition speaks
                    named = next((c for c in child.children if c.dep_ == "appos" and can_speak(c)), None)
                    if named is not None:
                        return named
        if current is verb and verb.i > 0 and verb.doc[verb.i - 1].ent_type_ in ("PERSON", "ORG", "NORP", "GPE") and not lo <= verb.i - 1 < hi:
            return verb.doc[verb.i - 1]  # "Donald Trump says …" parsed without a subject
        inverted = name_of_inverted_tag(verb, quote_range) if current is verb else None
        if inverted is not None:
            return inverted
        for child in current.children:
            if child.dep_ == "agent":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild
        agent = passive_agent_after(verb, quote_range) if current is verb else None
        if agent is not None:
            return agent
        if current.dep_ == "relcl" and not lo <= current.head.i < hi:
            return current.head
        tagged = subject_of_tag_before(current, quote_range)
        if tagged is not None:
            return tagged
        if current.dep_ == "acl" and current.head.pos_ in ("NOUN", "PROPN") and not lo <= current.head.i < hi:
            return current.head
        if current.dep_ not in CLIMB_DEPS or current.head is current:
            return None
        current = current.head
    return None


def name_of_inverted_tag(verb: Token, quote_range: tuple[int, int]) -> Token | None:
    """The name right after a tag verb that follows a quote and has no subject of its own: in "“…,” said Joshua Osagie, a
    cocoa farmer, told Reuters" (a tag written twice) the parser makes the name the subject of the second verb."""
    doc = verb.doc
    after_quote = verb.i > 0 and doc[verb.i - 1].text in ('"', "”", "''", ",")
    if not after_quote or verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.i + 1 >= len(doc):
        return None
    if any(child.dep_ in SUBJECT_DEPS for child in verb.children):
        return None
    name = doc[verb.i + 1]
    if name.ent_type_ not in ("PERSON", "ORG") or quote_range[0] <= name.i < quote_range[1]:
        return None
    while name.dep_ in ("compound", "flat") and name.head.i > name.i and name.head.ent_type_ == name.ent_type_:
        name = name.head
    return name if name.dep_ in SUBJECT_DEPS else None  # "…,” shop owner X, told Associated Press": the listener is no speaker


def passive_agent_after(verb: Token, quote_range: tuple[int, int]) -> Token | None:
    """The "by" phrase of a passive reporting verb, which the parser hangs on the quoted words right before it ("has
    been branded a “disgraceful waste” by MPs", "was described as “idle speculation” by the Tories"); not of "quoted", whose
    subject speaks ("he is quoted as saying by Germany's Manager Magazin")."""
    if verb.lemma_.lower() == "quote" or not any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children):
        return None
    by = next((t for t in verb.subtree if t.i > verb.i and t.lower_ == "by" and t.dep_ in ("prep", "agent")), None)
    if by is None:
        return None
    agent = next((c for c in by.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")), None)
    return agent if agent is not None and not quote_range[0] <= agent.i < quote_range[1] and on_one_line(agent, verb) else None


def subject_of_tag_before(participle: Token, quote_range: tuple[int, int]) -> Token | None:
    """A participle right after a tag and its comma speaks for the tag's subject ("…,” Sanders said, going on to
    say that …"), wherever the parser hangs it."""
    doc = participle.doc
    if participle.tag_ != "VBG" or participle.i < 2 or doc[participle.i - 1].text != "," or any(
        child.dep_ in SUBJECT_DEPS for child in participle.children
    ):
        return None
    tag = doc[participle.i - 2]
    if tag.pos_ != "VERB" or tag.i == participle.head.i:
        return None
    subject = next((child for child in tag.children if child.dep_ == "nsubj" and can_speak(child)), None)
    return subject if subject is not None and not quote_range[0] <= subject.i < quote_range[1] else None


def named_subjects_first(verb: Token) -> list[Token]:
    """The verb's dependents with a named subject before an unnamed one: "said co-ordinator Peter Facey" parses
    with two subjects, "co" and "Facey", and the name is the speaker."""
    children = list(verb.children)
    named = [c for c in children if c.dep_ in SUBJECT_DEPS and c.ent_type_ in ("PERSON", "ORG")]
    return named + [c for c in children if c not in named]


def relative_antecedent(relative: Token, clause: Token) -> Token | None:
    """Who "who" stands for: the name right before it, where the parser hangs the clause on the first word
    of a long title ("backed by Culture, Media and Sport Secretary Tessa Jowell who said"), else the noun
    the relative clause modifies."""
    previous = relative.doc[relative.i - 1] if relative.i > 0 else None
    if relative.lower_ == "who" and previous is not None and previous.pos_ == "PROPN":
        return previous
    return clause.head if clause.dep_ == "relcl" else None


def on_one_line(first: Token, second: Token) -> bool:
    """No line break between two tokens: the parser runs sentences over paragraph breaks ("Title.\n\nWASHINGTON
    (AP) — “…,” said an aide" gets "Title" as the subject of "said"), but a subject never sits in another paragraph."""
    lo, hi = sorted((first.i, second.i))
    return not any("\n" in token.text_with_ws for token in first.doc[lo:hi])


def phrase_start(token: Token) -> Token:
    """The first token of the noun phrase headed by `token`, within its line and after any dateline
    (the parser may hang "NEW YORK (AP) —" or the previous paragraph on the phrase)."""
    start = token.left_edge
    while start.i < token.i and (not on_one_line(start, token) or in_dateline(start) or start.is_punct or start.is_space):
        start = token.doc[start.i + 1]
    return start


def names_person(token: Token, index: DocIndex) -> bool:
    """The token is a person: a he/she, a PERSON mention, or a noun with a named person in apposition."""
    if token.lower_ in PERSON_PRONOUNS or (index.mention_at(token) or {}).get("entity_type") == "PERSON":
        return True
    return person_named_in(token, index) is not None


def names_person_or_organisation(token: Token, index: DocIndex) -> bool:
    """The token is a he/she or a PERSON or ORG mention: a subject that speaks for itself, with or
    without a listed reporting verb."""
    return token.lower_ in PERSON_PRONOUNS or (index.mention_at(token) or {}).get("entity_type") in ("PERSON", "ORG")


def person_named_in(token: Token, index: DocIndex) -> MentionRecord | None:
    """A PERSON mention that names a noun phrase: in its compounds or in an apposition anywhere in it
    ("White House Press Secretary Karine Jean-Pierre", "His partner at Lenox, Lawrence Cummings,"); a name in
    apposition first ("The EU's Humanitarian Aid Commissioner, Louis Michel," where "Humanitarian Aid" was tagged a person)."""
    for child in token.children:
        found = index.mention_at(child) if child.dep_ == "appos" else None
        if found is not None and found["entity_type"] == "PERSON":
            return found
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


def can_speak(token: Token) -> bool:
    """Times, dates, numbers and datelines are not speakers ("5:45 p.m. …", "WASHINGTON (AP) —": parse errors); a share of
    a group is ("Only 52 percent of registered voters agreed that …": the poll's respondents)."""
    return (
        token.pos_ in ("NOUN", "PROPN", "PRON")
        and (token.ent_type_ not in ("TIME", "DATE", "CARDINAL", "MONEY", "PERCENT") or is_share_of_a_group(token))
        and not in_dateline(token)
    )


def is_share_of_a_group(token: Token) -> bool:
    """A percentage or number of people named by its of-phrase ("52 percent of registered voters")."""
    return token.ent_type_ in ("PERCENT", "CARDINAL") and any(
        child.lower_ == "of" and any(object_.dep_ == "pobj" and object_.pos_ == "NOUN" for object_ in child.children)
        for child in token.children
    )


def in_dateline(token: Token) -> bool:
    """The token is part of a wire dateline at the start of its line ("WASHINGTON (AP) — …")."""
    doc = token.doc
    start = token.i
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
        if token.i - start > _DATELINE_TOKENS:
            return False
    if not doc[start].is_upper:
        return False
    found = _DATELINE.match(doc[start : start + _DATELINE_TOKENS + 4].text)
    if found is None or token.idx >= doc[start].idx + found.end():
        return False
    # a bare capitalised word before a dash is a dateline only when it names a place ("NATO — the alliance — said")
    return bool(found["where"] or found["agency"] or " " in found["place"] or doc[start].ent_type_ in ("GPE", "LOC"))
