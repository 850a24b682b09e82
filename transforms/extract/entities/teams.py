"""Sports teams named after places: in a sports article, "Leeds beat Chelsea", "drew with Hereford",
"Everton striker ...", a result line ("Leeds 2 Chelsea 1") or a standings row ("Haitai 64 2 43 .596")
name clubs (ORG), not the places (GPE/LOC) the model and the gazetteer give them.

A name that plays once is a club in every mention of the article, except after "in" / "near" (a
venue). A national side named after its country keeps the country's type ("Italy beat Germany"), as
CoNLL-2003 types it; the countries are `EntityReference.nations`. Outside sports articles nothing
changes: one count of sports words decides, so a business story about a club's shares is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc, Span

from transforms.extract.entities.reference import EntityReference
from transforms.extract.entities.vocabulary import (
    CLUB_NAME_WORDS,
    NAMED_TOKEN_TAGS,
    PLACE_LABELS,
    SPORTS_WORDS,
    SPORTS_WORDS_FOR_ARTICLE,
    TEAM_CONTEXT_AFTER,
    TEAM_CONTEXT_BEFORE,
    TEAM_CONTEXT_PAIRS,
)

VENUE_WORDS = frozenset({"in", "near"})
PLACE_OF_SIDE = frozenset({"side", "team", "squad"})
# Numbers after a name at a line's start that make the line a standings row ("Haitai 64 2 43 .596 -").
STANDINGS_NUMBERS = 3
# Club words that alone name something else too ("Real" money, the "City" of London, "Town" hall).
CLUB_WORDS_NOT_ALONE = frozenset({"real", "red", "reds", "city", "town", "county", "fc", "afc", "cf", "sc", "ac", "giants", "bulls", "jets"})
# Tags of an untagged result-line name worth adding (headline capitals are tagged NN or JJ too).
RESULT_NAME_TAGS = NAMED_TOKEN_TAGS | {"NN", "NNS", "JJ"}
DATE_JOINERS = frozenset({"-", "/", ":", "."})
YEAR = re.compile(r"(19|20)\d\d")
COUNT = re.compile(r"\d*\.?\d+")


def is_sports_article(lower_words: list[str], result_names: list[tuple[int, int]]) -> bool:
    """Enough different sports-only words, or names in two result lines."""
    return len(SPORTS_WORDS.intersection(lower_words)) >= SPORTS_WORDS_FOR_ARTICLE or len(result_names) >= 2


def lines(words: list[str]) -> Iterator[tuple[int, int]]:
    """Token ranges of the text's lines (a line break is a whitespace token holding a newline)."""
    start = 0
    for i, word in enumerate(words):
        if "\n" in word and not word.strip():
            if i > start:
                yield start, i
            start = i + 1
    if start < len(words):
        yield start, len(words)


def is_count(word: str) -> bool:
    """A number as a score or a standings cell: digits, with a decimal point at most (".596")."""
    return COUNT.fullmatch(word) is not None


def outside_brackets(words: list[str], start: int, end: int) -> list[int]:
    """Token indices of a line outside round brackets ("Benetton ( Italy ) 92", "( halftime 1-0 )")."""
    kept, depth = [], 0
    for i in range(start, end):
        depth += words[i] == "("
        if depth == 0:
            kept.append(i)
        depth -= words[i] == ")" and depth > 0
    return kept


def is_score_line(words: list[str], kept: list[int]) -> bool:
    """"Leeds 2 Chelsea 1", "Atlanta 5 PITTSBURGH 3 ( in 12 )": name, number, name, number, nothing else
    (`kept`: the line's token indices outside brackets)."""
    shape: list[str] = []
    for i in kept:
        kind = "9" if is_count(words[i]) else "A" if words[i][:1].isupper() else "x"
        if not shape or shape[-1] != kind or kind == "9":
            shape.append(kind)
    return shape == ["A", "9", "A", "9"]


def result_line_names(words: list[str], spaced: list[bool]) -> list[tuple[int, int]]:
    """Token ranges of the names in score lines and standings rows; `spaced`: a space follows the token."""
    found = []
    for start, end in lines(words):
        if not any(is_count(word) for word in words[start:end]):
            continue  # most lines: no number, no result
        kept = outside_brackets(words, start, end)
        names = capitalised_runs(words, kept)
        if is_score_line(words, kept):
            found += names
        elif names and names[0][0] == start:
            cells = range(names[0][1], end)
            numbers = sum(1 for i in cells if is_count(words[i]) and (spaced[i] or i == end - 1))
            if numbers >= STANDINGS_NUMBERS and all(is_count(words[i]) or words[i] == "-" for i in cells):
                found.append(names[0])
    return found


def capitalised_runs(words: list[str], indices: list[int]) -> list[tuple[int, int]]:
    """Maximal runs of adjacent capitalised words among the token indices."""
    runs: list[tuple[int, int]] = []
    for i in indices:
        if not words[i][:1].isupper():
            continue
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def plays_here(doc: Doc, start: int, end: int) -> bool:
    """The name at tokens [start, end) plays: a match word right before or after it, or a score
    after it ("Essex 372 and 100-5", "Kent 244")."""
    if end < len(doc) and is_count(doc[end].text) and not YEAR.fullmatch(doc[end].text):
        glued = end + 1 < len(doc) and not doc[end].whitespace_ and doc[end + 1].text in DATE_JOINERS
        if not glued:  # "LONDON 08-30" is a dateline
            return True
    before = doc[start - 1].lower_ if start > 0 else ""
    before2 = doc[start - 2].lower_ if start > 1 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    if after in ("'s", "'") and end + 1 < len(doc):
        after = doc[end + 1].lower_  # "Rotor 's brief spell" is no cue, "Leeds' striker" is
        return after in TEAM_CONTEXT_AFTER and after not in ("beat", "drew", "lost", "won", "win")
    if after in PLACE_OF_SIDE and before in ("the", "a"):
        return False  # "the Volgograd side", "the London side": a side from the place, named otherwise
    return before in TEAM_CONTEXT_BEFORE or (before2, before) in TEAM_CONTEXT_PAIRS or after in TEAM_CONTEXT_AFTER


def could_be_team(span: Span, reference: EntityReference, surnames: set[str]) -> bool:
    """A place-typed name that is not a nation, or a one-word "person" that is a known place and nobody's surname."""
    key = span.text.casefold()
    if key in reference.nations:
        return False
    if span.label_ in PLACE_LABELS:
        return True
    return span.label_ == "PERSON" and len(span) == 1 and key in reference.place_types and span.text not in surnames


def is_club_name(span: Span, reference: EntityReference) -> bool:
    """"Aston Villa", "Manchester United", "Rovers", "Dynamo Moscow": a club word (alone, one that
    names a club by itself), or a big city after another name word."""
    words = [token.lower_ for token in span]
    if len(span) == 1:
        return words[0] in CLUB_NAME_WORDS and words[0] not in CLUB_WORDS_NOT_ALONE and span.label_ != "ORG"
    if span.text.casefold() in reference.place_types:
        return False
    if any(word in CLUB_NAME_WORDS for word in words):
        return True
    big_city = words[-1] in reference.org_overriding_places and words[-1] not in reference.nations
    return big_city and span[0].is_alpha and len(span[0].text) > 2 and span[0].text not in reference.given_names


def token_words(doc: Doc) -> tuple[list[str], list[bool]]:
    """Each token's text and whether a space follows it, read from the token arrays: a Token object
    per token would cost more than the rest of this module."""
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, SPACY]).tolist()
    return [strings[orth] for orth, _ in rows], [bool(space) for _, space in rows]


def type_teams(doc: Doc, spans: list[Span], reference: EntityReference) -> list[Span]:
    """In a sports article, names that play become ORG, and untagged names of result lines are added."""
    words, spaced = token_words(doc)
    result_names = result_line_names(words, spaced)
    if not is_sports_article([word.lower() for word in words], result_names):
        return spans
    surnames = {span[-1].text for span in spans if span.label_ == "PERSON" and len(span) >= 2}
    teams = {span.text for span in spans if could_be_team(span, reference, surnames) and plays_here(doc, span.start, span.end)}
    occupied = [False] * len(doc)
    for span in spans:
        for i in range(span.start, span.end):
            occupied[i] = True
    span_at = {(span.start, span.end): span for span in spans}
    added = []
    for start, end in result_names:
        if not any(occupied[start:end]) and doc[start].tag_ in RESULT_NAME_TAGS:
            added.append(Span(doc, start, end, label="ORG"))
        elif (span := span_at.get((start, end))) is not None and could_be_team(span, reference, surnames):
            teams.add(span.text)
    retyped = []
    for span in spans:
        venue = span.start > 0 and doc[span.start - 1].lower_ in VENUE_WORDS
        if span.label_ != "ORG" and (
            (span.text in teams and not venue and could_be_team(span, reference, surnames)) or is_club_name(span, reference)
        ):
            span = Span(doc, span.start, span.end, label="ORG")
        retyped.append(span)
    return retyped + added
