"""Organisations the model split or missed: "Kiel Institute" + "for the World Economy" joined, and
an untagged acronym in running text ("KDP", "FOMC")."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from transforms.extract.entities.vocabulary import (
    COMMON_ACRONYMS,
    NAME_JOINERS,
    ORG_HEAD_WORDS,
)


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
