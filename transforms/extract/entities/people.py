"""People the model missed or cut short: a known first name (`given_names.csv`) or an honorific
(or a peer's title) before capitalised words is a person ("Natalia Karimova", "Mr Balls", "Lord Rennard")."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from transforms.extract.entities.cleaning import is_hyphen_joined
from transforms.extract.entities.reference import EntityReference
from transforms.extract.entities.vocabulary import (
    HONORIFICS,
    NAMED_TOKEN_TAGS,
    NON_PERSON_HEAD_WORDS,
    OFFICES_AFTER_PEERAGE_TITLE,
    PEERAGE_TITLES,
    TRAILING_TITLES,
    WEAPON,
)


def find_people_by_given_name(doc: Doc, spans: list[Span], occupied: list[bool], reference: EntityReference) -> list[Span]:
    """"Natalia Karimova", "Nicola Sturgeon": a known first name before capitalised words is a person.

    Returns the spans with each found person replacing the spans it covers, and marks its tokens in `occupied`."""
    given_names = reference.given_names
    span_at: dict[int, Span] = {}
    for span in spans:
        for i in range(span.start, span.end):
            span_at[i] = span
    people: list[Span] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        after_honorific = is_honorific_before_name(doc, i)
        if after_honorific:
            i += 1  # "Mr Balls": the name after the honorific
            token = doc[i]
        elif token.text not in given_names or token.tag_ not in NAMED_TOKEN_TAGS:
            i += 1
            continue
        end = i + 1
        while end < len(doc) and end - i < 4:
            if joins_hyphenated_name(doc, end):
                end += 2  # "Mr Kilroy-Silk": the tokenizer splits the hyphen off
                continue
            if not (
                doc[end].tag_ in NAMED_TOKEN_TAGS
                and doc[end].text[:1].isupper()
                and doc[end].text not in TRAILING_TITLES
                and (doc[end].is_alpha or "-" in doc[end].text or "'" in doc[end].text)
            ):
                break
            end += 1
        too_short = end - i < (1 if after_honorific else 2)
        if too_short or doc[end - 1].lower_ in NON_PERSON_HEAD_WORDS or (
            not after_honorific and token.lower_ in reference.populous_places
        ):
            i = end
            continue
        covering = {id(span_at[j]): span_at[j] for j in range(i, end) if j in span_at}
        if all(s.start >= i and s.end <= end and s.label_ != WEAPON for s in covering.values()) and not any(
            s.start == i and s.end == end and s.label_ == "PERSON" for s in covering.values()
        ):
            people.append(Span(doc, i, end, label="PERSON"))
        i = end
    if not people:
        return spans
    replaced = {id(s) for p in people for j in range(p.start, p.end) if (s := span_at.get(j)) is not None}
    for person in people:
        for j in range(person.start, person.end):
            occupied[j] = True
    return [s for s in spans if id(s) not in replaced] + people


def is_honorific_before_name(doc: Doc, i: int) -> bool:
    """"Mr" or a peer's title ("Lord Rennard") before a capitalised word that is not an office ("Lord Chancellor")."""
    title = doc[i].lower_.rstrip(".")  # first: the rule asks this of every token, and few are titles
    if (title not in HONORIFICS and title not in PEERAGE_TITLES) or i + 1 >= len(doc) or not doc[i + 1].text[:1].isupper():
        return False
    return title in HONORIFICS or doc[i + 1].lower_ not in OFFICES_AFTER_PEERAGE_TITLE


def joins_hyphenated_name(doc: Doc, i: int) -> bool:
    """A hyphen written without spaces between two capitalised parts of one name ("Kilroy-Silk")."""
    return i + 1 < len(doc) and is_hyphen_joined(doc, i + 1) and doc[i + 1].text[:1].isupper() and doc[i + 1].is_alpha
