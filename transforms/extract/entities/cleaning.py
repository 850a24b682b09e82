"""Cleaning the model's entity spans: trimmed, split at spaced separators and paragraph breaks,
retyped by the honorific, a known first name or a glued-on country, and dropped when they are a
lone capitalised common word; the place type comes from the gazetteer (`places.place_label`)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from transforms.extract.entities.places import place_label
from transforms.extract.entities.reference import EntityReference
from transforms.extract.entities.vocabulary import (
    COMMON_WORD_TAGS,
    HONORIFICS,
    LEADING_DETERMINERS,
    LOWERCASE_TAIL_LABELS,
    NAMED_LABELS,
    NAMED_TOKEN_TAGS,
    PLACE_NOUNS,
    QUOTE_MARKS,
    SEPARATORS,
    TRAILING_TITLES,
    WEAPON,
    is_number_like,
    looks_like_name,
)
from transforms.names import PERSON_TITLES

PERSONAL_TRAILING_TITLES = TRAILING_TITLES - {"MPs"}  # a plural title follows a group, not one person


def clean_entity(doc: Doc, ent: Span, name_words: set[str], reference: EntityReference) -> list[Span]:
    """Trim articles, possessives and trailing numbers; split at spaced separators; fix place types.

    Numeric and date entities (CARDINAL, MONEY, DATE, ...) belong to other extractors: kept as they are.
    """
    label = ent.label_
    if label not in NAMED_LABELS:
        return [ent]
    cleaned = []
    for start, end in separated_pieces(doc, ent):
        while start < end and (
            doc[start].lower_ in LEADING_DETERMINERS or doc[start].text in SEPARATORS or doc[start].text in QUOTE_MARKS
        ):
            start += 1
        while end > start and (
            doc[end - 1].tag_ == "POS"
            or doc[end - 1].text in SEPARATORS
            or doc[end - 1].text in QUOTE_MARKS
            or is_number_like(doc[end - 1].text)
        ):
            end -= 1
        if end <= start or not any(looks_like_name(t.text) for t in doc[start:end]):
            continue
        piece_label = "PERSON" if is_titled_name(doc, start, end) else label
        while piece_label == "PERSON" and end - start > 1 and doc[end - 1].text.rstrip(".") in TRAILING_TITLES:
            end -= 1  # "Margaret Moran MP"
        while (piece_label in LOWERCASE_TAIL_LABELS and end - start > 1 and doc[end - 1].is_lower and doc[end - 1].is_alpha
               and not is_hyphen_joined(doc, end - 1)):
            end -= 1  # "Interfax news agency": names do not end in common nouns
        if piece_label == "PERSON" and start == ent.start and start > 0 and is_first_name_before(doc, start, reference):
            start -= 1  # "Sandrine [Testud]": the model often takes only the surname
        if doc[start].text not in name_words and is_common_word(doc, start, end, piece_label):
            continue
        if end - start >= 2 and doc[start].lower_.rstrip(".") in HONORIFICS:
            start, piece_label = start + 1, "PERSON"  # "Mr Balls": a person, the honorific outside the name
        if piece_label == "PERSON" and end - start >= 2 and doc[end - 1].lower_ in reference.countries:
            start = end - 1  # "Editorial Ukraine": a headline word glued to a country, not a person
            piece_label = reference.place_types[doc[end - 1].lower_]
        before_place_noun = end < len(doc) and doc[end].lower_ in PLACE_NOUNS
        span = Span(doc, start, end, label=place_label(doc[start:end].text, piece_label, reference, before_place_noun))
        cleaned.append(span)
    return cleaned


def is_hyphen_joined(doc: Doc, i: int) -> bool:
    """Token `i` is the end of a hyphenated word ("Ki-moon", "Jong-il", "al-Assad"): part of the name before it,
    not a common noun after it, however lower-case."""
    return i >= 2 and doc[i - 1].text == "-" and not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_


def separated_pieces(doc: Doc, ent: Span) -> list[tuple[int, int]]:
    """Token ranges of an entity split at spaced separators, brackets and paragraph breaks
    ("Belgium - Marc Degryse" is two names)."""
    pieces: list[tuple[int, int]] = []
    start = ent.start
    for i in range(ent.start, ent.end):
        token = doc[i]
        spaced = i > 0 and doc[i - 1].whitespace_ and token.whitespace_
        if (token.text in SEPARATORS and (spaced or token.text in "()")) or token.is_space:
            pieces.append((start, i))
            start = i + 1
    pieces.append((start, ent.end))
    return pieces


def is_first_name_before(doc: Doc, start: int, reference: EntityReference) -> bool:
    """A capitalised proper noun, outside any entity, right before a person's name."""
    token = doc[start - 1]
    return (
        token.ent_iob_ == "O"
        and token.tag_ in NAMED_TOKEN_TAGS
        and token.is_alpha
        and token.text[:1].isupper()
        and not token.text.isupper()
        and token.lower_.rstrip(".") not in PERSON_TITLES
        and token.lower_ not in HONORIFICS
        and token.lower_ not in reference.place_types
        and token.lower_ not in reference.demonyms
    )


def is_common_word(doc: Doc, start: int, end: int, label: str) -> bool:
    """A lone capitalised common noun or verb opening a sentence or quote ("Strikes are ...")."""
    if end - start != 1 or label in ("NORP", WEAPON):
        return False
    token = doc[start]
    if token.tag_ not in COMMON_WORD_TAGS or token.text.isupper():
        return False
    return token.is_sent_start or start == 0 or doc[start - 1].text in QUOTE_MARKS or doc[start - 1].text in "([{"


def is_titled_name(doc: Doc, start: int, end: int) -> bool:
    """Two or more capitalised words and a post-nominal title ("Guy Mansfield QC", "Margaret Moran MP"):
    a person, whatever type the model gave ("Labour MP" has one word before the title and stays)."""
    title = doc[end - 1].text.rstrip(".") if end > start else ""
    words = doc[start : end - 1]
    return title in PERSONAL_TRAILING_TITLES and len(words) >= 2 and all(t.is_alpha and t.text[:1].isupper() for t in words)
