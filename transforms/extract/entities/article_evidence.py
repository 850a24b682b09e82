"""One article, one type per name: the last of the entity rules, deciding a name's type by how the
article itself uses it. A person's surname is a PERSON everywhere in the article, a repeated name
takes the label most of its mentions have, and untagged repeats of a tagged name get its label."""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.tokens import Doc, Span, Token

from transforms.extract.entities.organisations import is_organisation_acronym
from transforms.extract.entities.reference import EntityReference
from transforms.extract.entities.vocabulary import (
    NAMED_LABELS,
    SPEAKING_LABELS,
    NAMED_TOKEN_TAGS,
    PLACE_LABELS,
    WEAPON,
    looks_like_name,
)


def type_by_article_evidence(doc: Doc, spans: list[Span], occupied: list[bool], reference: EntityReference) -> list[Span]:
    """The spans retyped by the article's evidence, plus untagged single-word repeats of its names."""
    labels_by_text, surnames = count_labels_and_surnames(spans)
    spans = places_not_people(doc, spans, labels_by_text, surnames, reference)
    majority = {text: counts.most_common(1)[0][0] for text, counts in labels_by_text.items()}
    # A surname that the article mostly uses as a known place is the place ("Editorial Ukraine").
    surnames = {
        name
        for name in surnames
        if not (majority.get(name) in PLACE_LABELS and name.casefold() in reference.org_overriding_places)
    }
    retyped = []
    for span in spans:
        label = span.label_
        if label in NAMED_LABELS and label not in (WEAPON, "NORP"):
            if span.text in surnames and (len(span) == 1 or is_hyphenated_word(span)):
                label = "PERSON"
            else:
                counts = labels_by_text[span.text]
                top, top_count = counts.most_common(1)[0]
                if top_count * 2 > sum(counts.values()) and top != WEAPON:
                    label = top
        retyped.append(span if label == span.label_ else Span(doc, span.start, span.end, label=label))
    return retyped + untagged_repeats(doc, occupied, surnames, majority)


def count_labels_and_surnames(spans: list[Span]) -> tuple[dict[str, Counter[str]], set[str]]:
    """How often each name text carries each label, and the last words of full person names."""
    surnames: set[str] = set()
    labels_by_text: dict[str, Counter[str]] = defaultdict(Counter)
    for span in spans:
        if span.label_ not in NAMED_LABELS:
            continue
        labels_by_text[span.text][span.label_] += 1
        if span.label_ == "PERSON" and len(span) >= 2 and looks_like_name(span[-1].text) and span[-1].is_alpha:
            surnames.add(span[-1].text)
            last_word = span.text.split()[-1]  # "Robert Kilroy-Silk": the tokenizer splits the surname at its hyphen
            if "-" in last_word and looks_like_name(last_word):
                surnames.add(last_word)
    return labels_by_text, surnames


def is_hyphenated_word(span: Span) -> bool:
    """A name written as one hyphenated word, which the tokenizer splits ("Kilroy-Silk")."""
    return "-" in span.text and " " not in span.text


def places_not_people(
    doc: Doc, spans: list[Span], labels_by_text: dict[str, Counter[str]], surnames: set[str], reference: EntityReference
) -> list[Span]:
    """A lone "person" that is a populous place and nobody's surname here is the place (Manchester).
    Moves its vote in `labels_by_text` from PERSON to the place type."""
    retyped = list(spans)
    for k, span in enumerate(spans):
        key = span.text.casefold()
        if span.label_ == "PERSON" and len(span) == 1 and key in reference.populous_places and span.text not in surnames:
            labels_by_text[span.text]["PERSON"] -= 1
            place_type = reference.place_types[key]
            labels_by_text[span.text][place_type] += 1
            retyped[k] = Span(doc, span.start, span.end, label=place_type)
    return retyped


def untagged_repeats(doc: Doc, occupied: list[bool], surnames: set[str], majority: dict[str, str]) -> list[Span]:
    """Untagged single-word repeats of a surname or of a name tagged elsewhere in the article, and
    untagged acronyms of organisations; a word next to another untagged name is left alone."""
    occupied = list(occupied)
    found = []
    for i, token in enumerate(doc):
        if occupied[i] or not token.is_alpha or not token.text[:1].isupper():
            continue
        if token.tag_ not in NAMED_TOKEN_TAGS and token.text not in surnames and not is_untagged_named_subject(token, majority):
            continue
        if i + 1 < len(doc) and not occupied[i + 1] and doc[i + 1].tag_ in NAMED_TOKEN_TAGS:
            continue  # part of a longer untagged name: the label could be wrong
        if i > 0 and not occupied[i - 1] and doc[i - 1].tag_ in NAMED_TOKEN_TAGS:
            continue
        if token.text in surnames:
            found.append(Span(doc, i, i + 1, label="PERSON"))
            occupied[i] = True
        elif token.text in majority and majority[token.text] in NAMED_LABELS:
            found.append(Span(doc, i, i + 1, label=majority[token.text]))
            occupied[i] = True
        elif is_organisation_acronym(doc, i):
            found.append(Span(doc, i, i + 1, label="ORG"))
            occupied[i] = True
    return found


def is_untagged_named_subject(token: Token, majority: dict[str, str]) -> bool:
    """A subject the tagger read as a common noun that repeats a person or organisation tagged elsewhere
    in the article: "Labour say a Lib Dem vote could …" after "where Labour is targeted"."""
    return token.dep_ in ("nsubj", "nsubjpass") and majority.get(token.text) in SPEAKING_LABELS
