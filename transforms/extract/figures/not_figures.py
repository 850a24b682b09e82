"""Numbers that are not reported quantities, and how they are told apart.

Two kinds of test: character spans that are never read as numbers at all (dates, times, ordinals, phone
numbers, web addresses, ranks, curated names holding a number), found before numbers are looked for;
and figures dropped once built, because the text or the parse shows them to be a name or code (G7,
Su-34, Nokia 3220), a year (also after a comparison: "above 2004"), an age, a label (Section 5), a race (the
800m, the 4x100m), a pronoun "one" or "one day", a reference back ("the two men", "the world's two biggest"),
listed items ("two qualities: ..."), "at two", the adjective "gross", or a value no float can hold.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from spacy.tokens import Doc

from transforms import units
from transforms.extract.doc_text import doc_text
from transforms.extract.figures.doc_tokens import sentence_start, tokens_at
from transforms.extract.figures.model import Figure
from transforms.extract.unit_lexicon import UnitLexicon

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# Spans that always contain a digit and start at most a few characters before it (dates, times,
# ordinals, phone numbers): searched only in windows around digits, which is most of the time saved.
DIGIT_NON_FIGURE_RE = re.compile(
    "|".join(
        [
            rf"\b{_MONTH}\b\s*\.?\s*\d{{1,2}}(?:st|nd|rd|th)?\b(?![.,]\d)(?:\s*,?\s*\d{{4}}\b)?",  # November 17, 2024 / nov . 6
            rf"(?<![\d.,])\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s*(?:-|–|and|to)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?{_MONTH}\b(?:\s*,?\s*\d{{4}}\b)?",  # 17 November 2024, 9 and 10 July
            rf"\b{_MONTH}\b\.?\s*,?\s*\d{{4}}\b",  # June 2024
            r"\b\d{1,4}([/.\-])\d{1,2}\1\d{1,4}\b",  # 5/17/2018, 17-11-2024, 192.168.1.2 (not 3.5-4.0)
            r"\b\d{4}\s*[-–/]\s*\d{2}\b(?![\d,]|\.\d)",  # 1995-01, 2013-14, fiscal 2024/25
            r"\b\d{1,2}/\d{4}\b",
            r"(?:\bmid|\bearly|\blate|\bpre|\bpost)-\s*\d{4}s?\b",  # mid-2024
            r"'?\b\d{2,4}s\b",  # the 1990s, '90s
            r"\b\d{1,2}(?::\d{2}){1,2}(?:\s*[ap]\.?\s?m\b\.?)?",  # 14:30, 2:00 pm
            r"(?<![\d.,])\b\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\b\.?",  # 2pm, 2.13 am; "2.1 pm", "2.123 am" cannot be times (lengths)
            r"(?<![\d.,])\b(?:[01]?\d|2[0-3])[0-5]\d\s*[ap]\.?m\b\.?",  # 1030 pm: a clock time without its colon
            r"\b\d{1,2}\s*o'clock\b",
            r"\b\d{3,4}\s*(?:GMT|BST|UTC|CET|CEST|EST|EDT|PST|PDT|hrs|hours\s+(?:GMT|local))\b",  # 0630 BST
            r"(?<![\d.,$£€])(?<!\d[ \u00a0\u202f])\b0\d+\b(?![.,]\d)",  # 0630, 007: codes and clock times, not quantities
            r"\b\d+(?:st|nd|rd|th)\b",  # ordinals
            r"\+\d[\d\-/ ]{6,}\d",  # +1-222-2222/2222
            r"\(?\b\d{3}\)?[\-. ]\d{3}[\-.]\d{4}\b",  # (555) 123-4567
            r"\b\d+-\d{4,}(?:-\d+)+\b",  # 1111-22223333-4444
            r"\bno\s?\.\s*\d+\b",  # no. 1
            r"(?-i:\bNo\s+\d{1,3}\b)(?![.,]\d)",  # No 1, No 10: a rank or an address
            r"(?-i:\b\d{1,4}\s*(?:AD|A\.D\.|BCE?|B\.C\.(?:E\.)?)(?![\w.])|\b(?:AD|A\.D\.)\s*\d{1,4}\b)",  # 190 A.D., AD 43: years of an era
        ]
    ),
    re.IGNORECASE,
)
# Spans that may start far from any digit, or hold none (web addresses, "number one"): searched everywhere.
_WORDY_NON_FIGURES = [
    r"\b(?:https?://|www\.)\S+",  # numbers inside web addresses
    r"\bnumber\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\b(?!\s*(?:of|per|/)\b)",  # a rank
    # a rank bound ("the top 20", "a top-ten hit"), not a verb ("will top 30C") nor a share ("the top 1%")
    (
        r"\b(?:the|a|its|their|his|her|our|uk|us|\w+['’]s)\s+top[\s-]+(?:\d{1,3}(?:,\d{3})*|one|two|three|four|five|six|seven|eight|nine|ten|twenty|forty|fifty|hundred)\b"
        r"(?![.,]\d|\s*(?:%|per\s*cent|percent))"
    ),
]
WORDY_NON_FIGURE_RE = re.compile("|".join(_WORDY_NON_FIGURES), re.IGNORECASE)
# How far a digit-bearing span reaches before its first digit ("September 17") and after its last ("17 o'clock").
DIGIT_WINDOW_BEFORE, DIGIT_WINDOW_AFTER = 32, 40
_DIGIT_RUN_RE = re.compile(r"\d+")
NAME_ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"})


def _digit_windows(text: str) -> list[tuple[int, int]]:
    """Merged stretches of text around digits: the only places a digit-bearing non-figure can be."""
    windows: list[tuple[int, int]] = []
    for match in _DIGIT_RUN_RE.finditer(text):
        start, end = max(0, match.start() - DIGIT_WINDOW_BEFORE), min(len(text), match.end() + DIGIT_WINDOW_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def blocked_spans(text: str, lexicon: UnitLexicon) -> list[tuple[int, int]]:
    """Character spans that are never figures (their union is what counts)."""
    spans = [(m.start(), m.end()) for m in WORDY_NON_FIGURE_RE.finditer(text)]
    spans += [(m.start(), m.end()) for m in lexicon.number_name_pattern.finditer(text)]  # "Six Nations", "Euro 2004"
    for start, end in _digit_windows(text):
        spans += [(m.start(), m.end()) for m in DIGIT_NON_FIGURE_RE.finditer(text, start, end)]
    return spans


def is_name_or_code(text: str, figure: Figure) -> bool:
    """Numbers glued to letters are names or codes (G7, Su-34, LGA1156, 3D), not quantities."""
    start = figure.core_start
    while start < len(text) and text[start] in "-−–+ ":
        start += 1
    before = text[start - 1] if start > 0 else " "
    if figure.unit == "count" or not figure.has_unit_word or figure.start == figure.core_start:
        if before.isalpha() or before.isdigit():
            return True
        if before in "-+" and start >= 2 and (text[start - 2].isalpha() or (before == "+" and text[start - 2].isdigit())):
            return not (before == "-" and figure.has_scale and re.search(r"\d(?:k|bn|m)$", text[max(0, start - 5) : start - 1]))  # "5k-20k"
    if before == "-" and re.search(r"(?<![\w-])[A-Za-z]+\d+-$", text[max(0, start - 12) : start]):
        return True  # "SCP2-173m": a model or catalogue code
    after = text[figure.end] if figure.end < len(text) else " "
    glued_code = (
        text[figure.end - 1].isalpha() and after in "-+" and figure.end + 1 < len(text) and text[figure.end + 1].isdigit()
        and not figure.has_scale  # "5k-20k" is a range of thousands
    )
    return after.isalnum() or glued_code  # "3D", "24703 L-202"


def inside_name(doc: Doc, figure: Figure) -> bool:
    """The number is part of an entity the parser tagged as a name (a person, an organisation, a law, ...)."""
    core = tokens_at(doc, figure.core_start, figure.core_end)
    if core is None:
        return False
    return any(t.ent_type_ in NAME_ENTITY_TYPES for t in core if t.like_num or t.pos_ == "NUM")


YEAR_LEAD_RE = re.compile(
    r"(?:\b(?:in|since|by|during|until|till|from|of|for|before|after|between|the|fiscal|year|summer|winter|spring|autumn"
    r"|above|below|than|versus|vs|against|(?:compared|comparison)\s+(?:with|to))|[-–])\s*$",  # "sales above 2004", "up on 2003"
    re.IGNORECASE,
)


COMPARISON_PREFIX_RE = re.compile(r"(?:above|below|over|under|beyond)\s+", re.IGNORECASE)


def is_year(doc: Doc, text: str, figure: Figure) -> bool:
    """A bare four-digit number from 1500 to 2100 is a year unless it counts the noun it modifies."""
    number = figure.number
    compared = COMPARISON_PREFIX_RE.fullmatch(text[figure.start : figure.core_start])  # "above 2004" read as a qualifier
    if not number.is_plain_integer or figure.has_unit_word or figure.has_scale or (figure.start != figure.core_start and not compared):
        return False
    if not 1500 <= abs(number.value) <= 2100 or len(text[number.start : number.end].strip("-+−– ")) != 4:
        return False
    core = tokens_at(doc, figure.core_start, figure.core_end)
    if core is not None and any(t.ent_type_ == "DATE" for t in core):
        return True
    if compared:
        return False  # "over 2000 people": a count, unless the parser read a date ("above 2004 levels", above)
    if YEAR_LEAD_RE.search(text[max(0, figure.start - 16) : figure.start]):
        return True
    if core is None:
        return True
    token = core[-1]
    return not (token.dep_ == "nummod" and token.head.i > token.i and token.head.pos_ == "NOUN")


# Nouns that a number after them labels rather than counts: "Section 5 of the act", "Channel 4", "Level 3".
NUMBERED_LABELS = frozenset({
    "section", "article", "clause", "chapter", "paragraph", "schedule", "annex", "appendix", "regulation", "rule",
    "resolution", "amendment", "page", "channel", "platform", "gate", "junction", "route", "flight", "room",
    "exhibit", "item", "level", "tier", "category", "grade", "type", "model", "version", "series", "episode",
    "volume", "part", "phase", "stage", "division", "league", "terminal", "lane",
})
# Entity types whose name a number after it belongs to, even at the start of a sentence ("Nokia 3220 sold well").
BRAND_ENTITY_TYPES = frozenset({"ORG", "PRODUCT"})


def is_age_or_label(doc: Doc, figure: Figure) -> bool:
    """`Mars, 53, said` is an age; `FTSE 100`, `Windows 95`, `Nokia 3220`, `Section 5` are names or labels:
    none is a reported quantity."""
    if figure.has_unit_word or figure.has_scale or figure.qualifier != "exact" or figure.value_low != figure.value_high:
        return False
    if not figure.number.is_plain_integer or figure.start != figure.core_start:
        return False
    core = tokens_at(doc, figure.core_start, figure.core_end)
    if core is None or core.start == 0:
        return False
    previous = doc[core.start - 1]
    text = doc_text(doc)
    glued = previous.idx + len(previous) == figure.start - 1 and text[previous.idx + len(previous)] == " "
    named = glued and previous.pos_ == "PROPN" and previous.text[:1].isupper()
    # "Section 5 of the act", "a Nokia 3220 handset": labels and models even with an object after them
    if glued and previous.lower_ in NUMBERED_LABELS or named and previous.ent_type_ in BRAND_ENTITY_TYPES:
        return True
    if figure.counted_object:
        return False
    if previous.text == "," and core.start >= 2 and doc[core.start - 2].pos_ == "PROPN" and text[figure.end : figure.end + 1] in (",", ")"):
        return 0 < figure.value_low < 120
    return named and previous.i != sentence_start(previous)


# Unit symbols that are also names ("66 Ma ago" but "in 2019 Ma stepped down", "Ma Ying-jeou").
NAME_LIKE_UNIT_SYMBOLS = frozenset({"Ma", "Ga", "Myr", "Gyr"})


def without_name_unit(doc: Doc, text: str, figure: Figure) -> Figure:
    """The plain number when its unit symbol is really a name: followed by a verb or a name, or after a year."""
    written = text[figure.core_end : figure.end]
    if written.strip() not in NAME_LIKE_UNIT_SYMBOLS or figure.value_low != figure.value_high:
        return figure
    symbol = tokens_at(doc, figure.end - len(written.strip()), figure.end)
    following = doc[symbol.end] if symbol is not None and symbol.end < len(doc) else None
    year_like = figure.number.is_plain_integer and 1500 <= figure.number.value <= 2100
    named = following is not None and (following.pos_ in ("VERB", "AUX", "PROPN") or following.text[:1].isupper())
    if not (year_like or named):
        return figure
    return replace(figure, end=figure.core_end, unit="count", has_unit_word=False, factor=1.0)


GROSS_RE = re.compile(r"\bgross$", re.IGNORECASE)


def is_adjective_gross(doc: Doc, text: str, figure: Figure) -> bool:
    """"a gross error", "a gross domestic product", "a gross of $5m": not 144 ("a gross of pencils", "a gross is 144")."""
    if not GROSS_RE.search(text[figure.core_start : figure.core_end]):
        return False
    core = tokens_at(doc, figure.core_start, figure.core_end)
    if core is None or core.end >= len(doc):
        return False
    following = doc[core.end]
    if following.lower_ == "of":  # "a gross of $5m" is takings, "a gross of pencils" is 144
        return any(t.like_num or t.is_currency for t in doc[core.end + 1 : core.end + 4])
    return following.is_alpha and following.pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "VERB")


LONE_HALF_RE = re.compile(r"(?:an?\s+)?(?:half|quarter)", re.IGNORECASE)


# "one-" compounds that are idioms, not a count of one ("a one-time champion", "a one-off payment").
ONE_IDIOM_RE = re.compile(r"-(?:time|off|sided|way|stop|liner|horse|on-one)\b", re.IGNORECASE)
# "One day you will...", "one day, perhaps": some day, not a span of one day.
ONE_DAY_RE = re.compile(r"one\s+day(?=\s*,|\s+(?:i|you|he|she|we|they|it|soon|perhaps|maybe|there)\b)", re.IGNORECASE)
# Determiners that make "one" emphatic ("this one issue", "the one thing"), not a count.
EMPHATIC_ONE_DETERMINERS = frozenset({"this", "that", "the"})


def is_lone_one(doc: Doc, text: str, figure: Figure) -> bool:
    """`one` as a pronoun ("one of the largest"), an idiom ("one-time") or for emphasis ("this one issue"),
    `half` as a period ("the second half", "half-time")."""
    if LONE_HALF_RE.fullmatch(text[figure.core_start : figure.core_end]) and figure.unit == "count":
        followed_by_of = re.match(r"\s+of\b", text[figure.end : figure.end + 4]) is not None
        return figure.qualifier == "exact" and not followed_by_of or text[figure.end : figure.end + 1] == "-"
    if figure.unit == "day" and figure.value_low == 1 and ONE_DAY_RE.match(text, figure.start):
        return True
    if figure.value_low != 1 or figure.unit != "count" or not figure.number.is_words or figure.qualifier != "exact":
        return False
    written = text[figure.core_start : figure.core_end].lower()
    if written not in ("one", "an", "a"):
        return False
    if written == "one" and ONE_IDIOM_RE.match(text, figure.core_end):
        return True
    core = tokens_at(doc, figure.core_start, figure.core_end)
    if core is not None and core.start > 0 and doc[core.start - 1].lower_ in EMPHATIC_ONE_DETERMINERS and written == "one":
        return True
    return core is None or core[-1].dep_ != "nummod"


# People a story has already named and now refers back to by number ("the two men", "the two leaders").
REFERRING_PERSON_NOUNS = frozenset({"men", "women", "leaders", "brothers", "sisters", "rivals", "members"})
# Words before a small written number that make it point back at things named before ("these three firms")
# rather than count them; "the three tests" and "its four stations" still count. After a possessive only a
# ranked set points back ("the world's two biggest reinsurers").
REFERRING_DETERMINERS = frozenset({"these", "those", "both"})
POSSESSIVES = frozenset({"'s", "’s"})
# A count followed by its items: "two qualities: courage and honesty" lists, it reports nothing.
LISTED_ITEMS_RE = re.compile(r"\s*(?:[A-Za-z'’-]+\s+){0,3}?[A-Za-z'’-]+\s*:\s")
# A count in apposition to the items just listed: "courage and honesty, two qualities sadly lacking".
APPOSITION_RE = re.compile(r"\b[A-Za-z'’-]+(?:,\s+[A-Za-z'’-]+)*,?\s+(?:and|or)\s+[A-Za-z'’-]+,\s*$")


def is_back_reference(doc: Doc, figure: Figure) -> bool:
    """"The two men said" or "the two assembly members" refer to what was named before and count nothing new,
    nor do "two qualities: courage and honesty" or "courage and honesty, two qualities"; "police arrested two
    men" counts, and so do "the two-year ban" and "missing the three tests"."""
    if not figure.number.is_words or figure.unit != "count" or figure.qualifier != "exact" or not 2 <= figure.value_low <= 4:
        return False
    text = doc_text(doc)
    if text[figure.core_end : figure.core_end + 1] == "-":
        return False  # "the two-year ban": a compound that measures
    listed = LISTED_ITEMS_RE.match(text, figure.end, figure.end + 60) or APPOSITION_RE.search(text[max(0, figure.start - 80) : figure.start])
    if figure.counted_object is not None and listed:
        return True
    core = tokens_at(doc, figure.core_start, figure.core_end)
    if core is None or core.start == 0:
        return False
    previous = doc[core.start - 1].lower_
    if figure.counted_object is not None and figure.counted_object.split()[-1].lower() in REFERRING_PERSON_NOUNS:
        return previous == "the"
    if previous in POSSESSIVES:  # "the world's two biggest reinsurers" ranks; "Netcraft's four stations" counts
        return core.end < len(doc) and doc[core.end].tag_ == "JJS"
    return previous in REFERRING_DETERMINERS and figure.counted_object is not None


# "at two", "at three": an age, a time or a place in a list ("at two is the iPod"), never a count of nothing.
AT_NUMBER_RE = re.compile(r"\bat\s+$", re.IGNORECASE)


def is_at_number(text: str, figure: Figure) -> bool:
    """A written number after "at" with no unit and nothing counted: "started playing at two", "at two in the list"."""
    if not figure.number.is_words or figure.unit != "count" or figure.counted_object is not None or figure.has_scale:
        return False
    return figure.start == figure.core_start and AT_NUMBER_RE.search(text[max(0, figure.start - 6) : figure.start]) is not None


# Track and pool race distances in metres, and the words that make a distance the name of its race.
RACE_DISTANCES_M = frozenset({50, 60, 100, 110, 200, 400, 500, 800, 1000, 1500, 3000, 5000, 10000})
RELAY_RE = re.compile(r"\d+\s*[x×]\s*\d", re.IGNORECASE)  # "the 4x100m": a relay is a race, never a distance
RACE_WORDS = frozenset({
    "hurdles", "steeplechase", "freestyle", "backstroke", "breaststroke", "butterfly", "medley", "relay", "dash",
    "sprint", "final", "finals", "heat", "heats", "semi", "title", "race", "record", "gold", "silver", "bronze",
    "champion", "crown", "event", "world", "olympic", "european",
})


def is_race_name(doc: Doc, figure: Figure) -> bool:
    """"won the 800m", "the 60m hurdles", "the 10,000m title" name a race; "ran 800m", "an 800m stretch" measure."""
    if figure.unit == "m" and RELAY_RE.match(doc_text(doc), figure.start, figure.end):
        return True
    if figure.unit != "m" or figure.qualifier != "exact" or figure.value_low != figure.value_high or figure.value_low not in RACE_DISTANCES_M:
        return False
    span = tokens_at(doc, figure.start, figure.end)
    if span is None:
        return False
    following = doc[span.end] if span.end < len(doc) else None
    if following is not None and following.lower_ in RACE_WORDS:
        return True
    previous = doc[span.start - 1] if span.start > 0 else None
    named = previous is not None and (previous.lower_ == "the" or previous.tag_ == "POS")  # "the 800m", "women's 800m"
    return named and (following is None or following.pos_ not in ("NOUN", "PROPN", "ADJ"))


def is_storable(figure: Figure) -> bool:
    """A number too long for a float (a 310-digit string) reads as infinity, and a range from it as
    NaN: such a value is no measurement, and would break every sum and comparison downstream. So is
    one whose value in the unit's base unit overflows."""
    values = (figure.value_low, figure.value_high, units.normalize_value(figure.value_low, figure.unit)[0])
    return all(value is None or math.isfinite(value) for value in values)
