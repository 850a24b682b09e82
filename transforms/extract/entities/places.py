"""Places: the gazetteer's type for a known place the model typed as something else, and the
populous places the model left untagged."""

from __future__ import annotations

from collections import defaultdict

from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

from transforms.extract.entities.reference import EntityReference
from transforms.extract.entities.vocabulary import (
    NAMED_TOKEN_TAGS,
    NON_PLACE_LABELS,
    PLACE_LABELS,
    WEAPON,
    looks_like_name,
)
from transforms.names import singular

# Casefolded first word -> (the place's casefolded words, its name), longest first.
PlacesByFirstWord = dict[str, list[tuple[tuple[str, ...], str]]]


def index_places_by_first_word(tokenizer: Tokenizer, reference: EntityReference) -> PlacesByFirstWord:
    """Multi-word places by their first word, so missed places are found in one pass over tokens."""
    places_by_first_word: PlacesByFirstWord = defaultdict(list)
    for name in sorted(reference.populous_places):
        words = tuple(t.text.casefold() for t in tokenizer(name))
        if words:
            places_by_first_word[words[0]].append((words, name))
    for variants in places_by_first_word.values():
        variants.sort(key=lambda variant: len(variant[0]), reverse=True)
    return places_by_first_word


def place_label(text: str, label: str, reference: EntityReference, before_place_noun: bool = False) -> str:
    """The gazetteer's type for a known place the model typed as something else."""
    key = text.casefold()
    if label not in ("NORP", "LANGUAGE", WEAPON) and (
        key in reference.demonyms or singular(key) in reference.demonyms
    ):
        return "NORP"  # "Ukrainian", "Britons": nationalities, not places or people
    place_type = reference.place_types.get(key)
    if place_type is None:
        return label
    if label in PLACE_LABELS:
        return place_type
    if label == "PERSON" and key not in reference.org_overriding_places:
        return label  # many surnames are small towns too (Howard, Hewitt)
    if label in NON_PLACE_LABELS:
        if label == "NORP" and key in reference.demonyms:
            return label
        return place_type
    if label == "ORG" and (key in reference.org_overriding_places or before_place_noun):
        return place_type
    return label


def find_missed_places(
    doc: Doc, occupied: list[bool], places_by_first_word: PlacesByFirstWord, reference: EntityReference
) -> list[Span]:
    """Populous gazetteer places written as names that the model left untagged."""
    found = []
    i = 0
    while i < len(doc):
        token = doc[i]
        variants = () if occupied[i] or not looks_like_name(token.text) else places_by_first_word.get(token.lower_, ())
        for words, name in variants:
            end = i + len(words)
            if end > len(doc) or any(occupied[i:end]):
                continue
            if all(doc[j].lower_ == words[j - i] for j in range(i, end)) and all(
                doc[j].tag_ in NAMED_TOKEN_TAGS or not doc[j].is_alpha or doc[j].is_stop for j in range(i, end)
            ) and doc[i].tag_ in NAMED_TOKEN_TAGS:
                found.append(Span(doc, i, end, label=reference.place_types[name]))
                i = end - 1
                break
        i += 1
    return found
