"""Organisations the model split, missed or mistyped: "Kiel Institute" + "for the World Economy"
joined, an untagged acronym in running text ("KDP", "FOMC"), and a name after a descriptor noun
("oil giant Yukos", "the firm Jagran", "club Hereford") typed ORG in every mention of its article;
an organisation of the alias list typed a person ("Lib Dem", "Labour") is the organisation; a
parliamentary committee written in lower case ("the environment select committee") is an organisation."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from transforms.extract.entities.reference import EntityReference
from transforms.names import fold_alias_key
from transforms.extract.entities.vocabulary import (
    COMMON_ACRONYMS,
    COMPANY_SUFFIXES,
    NAME_JOINERS,
    ORG_DESCRIPTORS,
    ORG_HEAD_WORDS,
)

# Bodies BBC writes in lower case: "the environment select committee", "the public accounts committee".
LOWERCASE_BODY_HEADS = frozenset({"committee"})
BODY_NOUN_TAGS = frozenset({"NN", "NNS"})
BODY_MODIFIER_TAGS = BODY_NOUN_TAGS | {"JJ"}
BODY_MODIFIERS_MAX = 4

# Labels a descriptor overrides: the model's usual mistakes for a company's or a club's name.
DESCRIBED_LABELS = frozenset({"PERSON", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})


def extend_organisation_names(doc: Doc, spans: list[Span], occupied: list[bool]) -> list[Span]:
    """Join "Kiel Institute" + "for the World Economy", which the model often splits in two.

    Returns the spans with each joined name replacing the pieces it covers, and marks its tokens in `occupied`."""
    extended: dict[int, Span] = {}
    for span in spans:
        if span.label_ != "ORG" or span[-1].lower_ not in ORG_HEAD_WORDS:
            continue
        i = span.end
        if i >= len(doc) or doc[i].lower_ not in ("for", "of", "on"):
            continue
        i += 1
        if i < len(doc) and doc[i].lower_ == "the":
            i += 1
        end = i
        while i < len(doc) and (doc[i].text[:1].isupper() or (doc[i].lower_ in NAME_JOINERS and end == i)):
            i += 1
            if doc[i - 1].text[:1].isupper():
                end = i
        if end > span.end + 1:
            extended[span.start] = Span(doc, span.start, end, label="ORG")
    if not extended:
        return spans
    kept = [s for s in spans if s.start in extended or not any(s.start < e.end and e.start < s.end for e in extended.values())]
    result = [extended.get(s.start, s) for s in kept]
    for span in extended.values():
        for i in range(span.start, span.end):
            occupied[i] = True
    return result


def is_organisation_acronym(doc: Doc, i: int) -> bool:
    """An untagged acronym in running text ("KDP", "FOMC") names an organisation more often than not."""
    token = doc[i]
    if not (token.is_upper and 2 <= len(token.text) <= 5) or token.text in COMMON_ACRONYMS:
        return False
    neighbours = [doc[j] for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(doc) and doc[j].is_alpha]
    return not any(t.is_upper and len(t.text) > 1 for t in neighbours)  # not in an all-capitals headline


def type_described_organisations(doc: Doc, spans: list[Span], reference: EntityReference) -> list[Span]:
    """"Russian oil giant Yukos", "accountants KPMG", "club Hereford": a lower-case descriptor noun right
    before a name, or a legal form after it ("Magna International Inc"), makes it an ORG, and so every mention in the article of that name, or of its first
    word when the name has several ("media giant Vivendi Universal" ... "Vivendi"), or of a longer name
    ending with a one-word one ("newspaper company Jagran" ... "Dainik Jagran").

    A nation keeps its type ("side England"), and a name opening with a known first name is a person
    ("film maker Ken Loach")."""
    described: set[str] = set()
    for span in spans:
        if span.label_ not in DESCRIBED_LABELS and span.label_ != "ORG":
            continue  # an ORG the model got right still types the article's other mentions of it
        described_before = span.start > 0 and doc[span.start - 1].lower_ in ORG_DESCRIPTORS and doc[span.start - 1].is_lower
        suffixed = span[-1].lower_ in COMPANY_SUFFIXES or (span.end < len(doc) and doc[span.end].lower_ in COMPANY_SUFFIXES)
        if (described_before or suffixed) and not (
            span.text.casefold() in reference.nations or span[0].text in reference.given_names
        ):
            described.add(span.text)
    if not described:
        return spans
    first_words = {text.split()[0] for text in described if " " in text}
    one_word = {text for text in described if " " not in text}
    return [
        Span(doc, span.start, span.end, label="ORG")
        if span.label_ in DESCRIBED_LABELS
        and (span.text in described or (len(span) == 1 and span.text in first_words) or span[-1].text in one_word)
        else span
        for span in spans
    ]


def type_listed_organisations(doc: Doc, spans: list[Span], reference: EntityReference) -> list[Span]:
    """A name `entity_aliases.csv` lists as an organisation is one, whatever person the model saw in it:
    "Lib Dem", "Labour" (the list's party names are no one's name)."""
    retyped = []
    for span in spans:
        listed = reference.aliases.get(fold_alias_key(span.text))
        is_listed_org = span.label_ == "PERSON" and listed is not None and listed[1] == "ORG"
        retyped.append(Span(doc, span.start, span.end, label="ORG") if is_listed_org else span)
    return retyped


def find_lowercase_bodies(doc: Doc, occupied: list[bool]) -> list[Span]:
    """"the environment select committee", "the home affairs committee": after "the", lower-case modifiers
    with at least one noun ("select", "accounts", "environment") before a body noun name one body. "The
    committee", "the new committee" and "the cross-party committee" describe one and are left alone."""
    found = []
    for token in doc:
        if token.lower_ not in LOWERCASE_BODY_HEADS or not token.is_lower or occupied[token.i]:
            continue
        start = token.i
        while start > 0 and token.i - start < BODY_MODIFIERS_MAX and doc[start - 1].tag_ in BODY_MODIFIER_TAGS:
            if not (doc[start - 1].is_lower and doc[start - 1].is_alpha) or occupied[start - 1]:
                break
            start -= 1
        has_noun = any(t.tag_ in BODY_NOUN_TAGS for t in doc[start : token.i])
        if start < token.i and has_noun and start > 0 and doc[start - 1].lower_ == "the":
            found.append(Span(doc, start, token.i + 1, label="ORG"))
    return found
