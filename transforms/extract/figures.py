"""Figures: reported numbers with their unit, qualifier, range and the thing they count.

Guarantees for every returned record:
- `surface == doc.text[start_char:end_char]` and includes the qualifier and the unit as written;
- `unit` is a code of `transforms.units`; scale words are applied (`$25m` -> 25_000_000 USD),
  hundredths are converted (`50 cents` -> 0.5 USD), currencies are never converted into each other;
- ranges keep both ends (`value = value_low`), never an average; `qualifier` is one of `schema.QUALIFIERS`;
- compound units (`9.8 m/s2`, `20 J/m^2 per year`) are composed from their parts and kept only when the
  vocabulary holds the code; an uncertainty (`5.2 ± 0.3 kg`) is part of its figure and dropped;
- an amount alone in brackets in accounting position (`revenue is ($99.99)`) is negative;
- dates, years, times of day, ordinals, phone numbers, ages, numbers inside names (G7, Su-34,
  Twenty20, Six Nations, Nokia 3220), ranks (the top 20), labels (Section 5), race names (the 800m)
  and "one" or "the two men" that refer rather than count are not returned;
- a quantity restated in another unit (`300km (186 miles)`) points at its first statement in `paired_with`.

The number grammar works on the characters, so lower-cased, tokenised wire text (`$ 280 million`,
`c $ 16.4 million`) reads like edited copy; the spaCy parse (never re-run here) gives sentences,
entity types that mark names and dates, and the syntax behind `counted_object`.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Span, Token

from transforms import units
from transforms.extract.records import FigureRecord
from transforms.extract.doc_text import doc_text
from transforms.extract.unit_lexicon import UnitLexicon, UnitSurface

# --- number words -------------------------------------------------------------------------------

SMALL_NUMBERS: dict[str, int] = {
    "zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
MAGNITUDES: dict[str, float] = {
    "thousand": 1e3, "lakh": 1e5, "million": 1e6, "crore": 1e7, "billion": 1e9, "trillion": 1e12,
}
# Abbreviated scales written after digits ("$25m", "5bn", "10k"); `m` only means million after a currency.
SCALE_ABBREVIATIONS: dict[str, float] = {
    "k": 1e3, "mn": 1e6, "mln": 1e6, "mil": 1e6, "bn": 1e9, "bln": 1e9, "b": 1e9, "tn": 1e12, "tln": 1e12, "trn": 1e12, "t": 1e12,
}
DENOMINATORS: dict[str, float] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
    "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10, "hundredth": 100, "hundredths": 100,
    "twentieth": 20, "twentieths": 20, "thirtieth": 30, "thirtieths": 30, "fortieth": 40, "fortieths": 40,
    "fiftieth": 50, "fiftieths": 50, "sixtieth": 60, "sixtieths": 60, "seventieth": 70, "seventieths": 70,
    "eightieth": 80, "eightieths": 80, "ninetieth": 90, "ninetieths": 90,
    "thousandth": 1e3, "thousandths": 1e3, "millionth": 1e6, "millionths": 1e6,
    "billionth": 1e9, "billionths": 1e9, "trillionth": 1e12, "trillionths": 1e12,
}
# Counting words that multiply the group before them like "dozen" ("a gross" = 144, "two gross" = 288);
# each is a tuple of words as written ("baker's dozen" is read as "baker" "dozen").
COUNTING_WORDS: dict[tuple[str, ...], float] = {
    ("gross",): 144, ("square", "dozen"): 144, ("great", "gross"): 1728, ("baker", "dozen"): 13,
}
# Vague plurals ("dozens of drones", "tens of thousands of people"): the smallest amount they can mean.
VAGUE_PLURALS: dict[str, float] = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2e6, "billions": 2e9}
# The unit ordinals that end a compound denominator after a tens word ("one twenty-fifth", "three twenty firsts").
UNIT_ORDINALS: dict[str, int] = {
    "first": 1, "firsts": 1, "second": 2, "seconds": 2, "third": 3, "thirds": 3, "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5,
    "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
}
VULGAR_FRACTIONS: dict[str, float] = {
    "½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅖": 0.4, "⅗": 0.6, "⅘": 0.8,
    "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625, "⅞": 0.875,
}

# --- qualifiers ---------------------------------------------------------------------------------

QUALIFIER_PREFIXES: dict[str, str] = {
    "about": "approximately", "around": "approximately", "approximately": "approximately", "approx.": "approximately",
    "roughly": "approximately", "some": "approximately", "an estimated": "approximately", "estimated": "approximately",
    "circa": "approximately", "~": "approximately", "on the order of": "approximately", "in the region of": "approximately",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly", "just shy of": "nearly",
    "over": "more_than", "more than": "more_than", "above": "more_than", "in excess of": "more_than",
    "exceeding": "more_than", "exceeds": "more_than", "exceed": "more_than", "surpass": "more_than", "surpassing": "more_than",
    "upwards of": "more_than", "greater than": "more_than", "higher than": "more_than", "larger than": "more_than",
    "bigger than": "more_than", "just over": "more_than", ">": "more_than",
    "at least": "at_least", "no less than": "at_least", "no fewer than": "at_least", "a minimum of": "at_least",
    "not less than": "at_least", "at least or equal to": "at_least", "equal to or more than": "at_least",
    "equal to or greater than": "at_least", "greater than or equal to": "at_least", "more than or equal to": "at_least",
    "bigger or equal than": "at_least", "more or equal than": "at_least", "greater or equal than": "at_least", "higher or equal than": "at_least", "larger or equal than": "at_least",
    ">=": "at_least", "> =": "at_least", "≥": "at_least",
    "fewer than": "less_than", "less than": "less_than", "under": "less_than", "below": "less_than",
    "smaller than": "less_than", "lower than": "less_than", "<": "less_than",
    "up to": "up_to", "within": "up_to", "at most": "up_to", "no more than": "up_to", "not more than": "up_to",
    "a maximum of": "up_to", "as many as": "up_to", "as much as": "up_to", "less than or equal to": "up_to",
    "equal to or less than": "up_to", "smaller or equal than": "up_to", "less or equal than": "up_to", "lower or equal than": "up_to",
    "<=": "up_to", "< =": "up_to", "≤": "up_to",
}
QUALIFIER_SUFFIXES: dict[str, str] = {
    "or more": "at_least", "and more": "at_least", "or greater": "at_least", "or above": "at_least",
    "or over": "at_least", "or less": "up_to", "or fewer": "up_to", "or below": "up_to", "or under": "up_to",
}
LOWER_BOUNDS = frozenset({"more_than", "at_least"})
UPPER_BOUNDS = frozenset({"less_than", "up_to"})


def _phrase_alternation(phrases: list[str]) -> str:
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


QUALIFIER_PREFIX_RE = re.compile(
    rf"(?:(?<![A-Za-z])(?:{_phrase_alternation(list(QUALIFIER_PREFIXES))}))\s*$", re.IGNORECASE
)
QUALIFIER_SUFFIX_RE = re.compile(rf"\s+(?:{_phrase_alternation(list(QUALIFIER_SUFFIXES))})(?![A-Za-z])", re.IGNORECASE)

# --- spans that are never figures ----------------------------------------------------------------

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
WORDY_NON_FIGURE_RE = re.compile(
    "|".join(
        [
            r"\b(?:https?://|www\.)\S+",  # numbers inside web addresses
            r"\bnumber\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\b(?!\s*(?:of|per|/)\b)",  # a rank
            # a rank bound ("the top 20", "a top-ten hit"), not a verb ("will top 30C") nor a share ("the top 1%")
            r"\b(?:the|a|its|their|his|her|our|uk|us|\w+['’]s)\s+top[\s-]+(?:\d{1,3}(?:,\d{3})*|one|two|three|four|five|six|seven|eight|nine|ten|twenty|forty|fifty|hundred)\b"
            r"(?![.,]\d|\s*(?:%|per\s*cent|percent))",
        ]
    ),
    re.IGNORECASE,
)
# How far a digit-bearing span reaches before its first digit ("September 17") and after its last ("17 o'clock").
DIGIT_WINDOW_BEFORE, DIGIT_WINDOW_AFTER = 32, 40
_DIGIT_RUN_RE = re.compile(r"\d+")
NAME_ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"})
AGE_RE = re.compile(r"^\s*-?\s*old\b", re.IGNORECASE)

# --- numbers --------------------------------------------------------------------------------------

_DIGITS = (
    r"(?:\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?![\d,])"  # 12,34,567.89 (Indian grouping)
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)"  # 1,234,567.5
    r"|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:\.\d+)?(?![\d,.]?\d)"  # 1 234 567
    r"|\d+ \. \d+(?= ?(?:%|percent\b|per cent\b|million\b|billion\b|marks\b|yen\b))"  # tokenised wire text: "6 . 2 %"
    r"|\d+\.\d+|\.\d+|\d+)"
)
DIGIT_NUMBER_RE = re.compile(
    rf"(?P<sign>(?<![\w.,])[-−–+]\s?)?(?P<num>{_DIGITS})"
    r"(?P<mixed>\s+\d+/\d+|[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞])?"
    r"(?P<fraction>/\d+(?![\d/]))?"
    r"(?P<power>(?:[eE][-+−]?\d+|\s?[x×*]\s?10\s?\^?\s?[-+−]?\d+|[x×*]\d{1,2}\^[-+−]?\d+|\^[-+−]*\d+)(?![\d.]))?"
)
VULGAR_RE = re.compile(r"(?<![\w])[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]")
_NUMBER_WORDS = sorted({*SMALL_NUMBERS, *TENS, "hundred", *MAGNITUDES, "dozen", "half", "quarter"}, key=len, reverse=True)
_ARTICLE_FOLLOWERS = sorted({"hundred", *MAGNITUDES, "dozen", *DENOMINATORS} - {"second"}, key=len, reverse=True)
WORD_NUMBER_START_RE = re.compile(
    rf"(?<![\w-])(?:(?:minus|negative)\s+)?"
    rf"(?:an?\s+(?:{'|'.join(_ARTICLE_FOLLOWERS)}|gross|square\s+dozen|great\s+gross|baker['’]s\s+dozen)|an?\s+(?:{'|'.join(TENS)})[\s-]+(?:{'|'.join(UNIT_ORDINALS)})|half\s+an?\s+(?:dozen|hundred|thousand|million|billion)|{'|'.join(_NUMBER_WORDS)})(?![\w])",
    re.IGNORECASE,
)
VAGUE_RE = re.compile(
    r"(?<![\w-])(?:(?P<outer>tens|hundreds)\s+of\s+)?(?P<vague>dozens|scores|hundreds|thousands|millions|billions)(?=\s+of\b)",
    re.IGNORECASE,
)
WORD_TOKEN_RE = re.compile(r"\s*(?:-\s*)?([A-Za-z]+|&)(?:['’]s(?=\s+dozen\b))?")  # "&" reads as "and"; "baker's dozen"
COMMA_CONTINUATION_RE = re.compile(r"\s*,\s*(?=[A-Za-z])")
SCALE_WORD_RE = re.compile(
    r"(?P<sep>[ \t\u00a0]*-?[ \t\u00a0]*)(?P<scale>hundred|thousand|million|billion|trillion|lakh|crore|dozens?|dzs|dozs"
    r"|mn|mln|mil|bn|bln|tn|tln|trn|mm|[kKmMbBtT])(?![A-Za-z0-9])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Number:
    start: int
    end: int
    value: float
    is_words: bool
    is_plain_integer: bool  # digits only, no separators: years and ids look like this
    vague: bool = False
    unit: str | None = None  # a named quantity carries its unit ("absolute zero": kelvin)


@dataclass(frozen=True)
class _Figure:
    start: int  # qualifier and prefixes included
    end: int
    core_start: int  # the number itself
    core_end: int
    value_low: float
    value_high: float
    unit: str
    qualifier: str
    has_unit_word: bool
    has_scale: bool
    number: _Number
    scale: float = 1.0  # product of the scale words (million, bn, k)
    factor: float = 1.0  # written unit -> `unit` (0.01 for cents)
    counted_object: str | None = None
    paired_with: int | None = None


def _word_tokens(text: str, start: int, limit: int = 24) -> list[tuple[str, int, int]]:
    tokens: list[tuple[str, int, int]] = []
    pos = start
    while len(tokens) < limit:
        match = WORD_TOKEN_RE.match(text, pos)
        if not match:
            break
        word = match.group(1).lower()
        tokens.append(("and" if word == "&" else word, match.start(1), match.end(1)))
        pos = match.end()
    return tokens


def _parse_words(text: str, start: int) -> tuple[float, int] | None:
    """Read an English number written in words from `start`; return its value and end offset.

    Handles compounds ("one hundred and sixty-one", "three lakh crore"), articles ("a dozen",
    "a quarter million"), fractions ("two thirds", "one and a half", "five and a half million",
    "one hundred and three quarters") and spoken decimals ("five point five").
    """
    tokens = _word_tokens(text, start)
    total = 0.0  # the part already multiplied by a magnitude
    current = 0.0  # the part below the last magnitude
    group = 0.0  # the part of `current` after the last "hundred" (a fraction's numerator)
    last_magnitude = 0.0
    after_magnitude_and = False
    group_after_and = False  # the numerator group was introduced by "and" ("one hundred and three quarters")
    end: int | None = None
    last = ""
    sign = 1.0
    i = 0
    while i < len(tokens):
        word, _, w_end = tokens[i]
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if last == "" and word in ("minus", "negative"):
            sign = -1.0
            i += 1
            continue
        if last == "" and word == "half" and nxt == "a" and i + 2 < len(tokens) and tokens[i + 2][0] in ("dozen", "hundred", *MAGNITUDES):
            whole = 12.0 if tokens[i + 2][0] == "dozen" else 100.0 if tokens[i + 2][0] == "hundred" else MAGNITUDES[tokens[i + 2][0]]
            current, group, end, last = whole / 2, whole / 2, tokens[i + 2][2], "small"
            i += 3
            continue
        counting = _counting_word(tokens, i + 1)
        if word in ("a", "an"):
            compound_ordinal = nxt in TENS and i + 2 < len(tokens) and tokens[i + 2][0] in UNIT_ORDINALS  # "a twenty-first"
            if last != "" or (nxt not in _ARTICLE_FOLLOWERS and not compound_ordinal and counting is None):
                break
            current, group, last = 1.0, 1.0, "article"
            i += 1
            continue
        if word in TENS and last in ("small", "tens", "article", "hundred", "magnitude") and nxt in UNIT_ORDINALS:
            after = tokens[i + 2][0] if i + 2 < len(tokens) else ""
            if not nxt.endswith("s") and after not in ("", "of"):
                break  # "a twenty-first century", "his twenty-fifth birthday": an ordinal, not a fraction
            denominator = TENS[word] + UNIT_ORDINALS[nxt]  # "one twenty-fifth", "one hundred thirty-fifths"
            current = (total + current) / denominator
            total, group, end, last = 0.0, 0.0, tokens[i + 1][2], "fraction"
            break
        if word == "hundred" and last == "" and nxt in MAGNITUDES:
            current, group, last = 100.0, 0.0, "hundred"  # "hundred thousand dollars"
        elif word in SMALL_NUMBERS and last in ("", "hundred", "magnitude", "and"):
            group_after_and = last == "and"
            current += SMALL_NUMBERS[word]
            group = SMALL_NUMBERS[word]
            last = "small"
        elif word in TENS and last in ("", "hundred", "magnitude", "and"):
            group_after_and = last == "and"
            current += TENS[word]
            group = TENS[word]
            last = "tens"
        elif word in SMALL_NUMBERS and 0 < SMALL_NUMBERS[word] < 10 and last == "tens":
            current += SMALL_NUMBERS[word]
            group += SMALL_NUMBERS[word]
            last = "small"
        elif word == "hundred" and last in ("small", "tens", "article"):
            current = current * 100
            group = 0.0
            last = "hundred"
        elif word in MAGNITUDES and last in ("small", "tens", "hundred", "article", "fraction", "magnitude"):
            magnitude = MAGNITUDES[word]
            if last == "magnitude":
                total *= magnitude  # "three lakh crore"
            elif total and magnitude > last_magnitude:
                total = (total + current) * magnitude
            else:
                total += current * magnitude
            current, group, last_magnitude, last = 0.0, 0.0, magnitude, "magnitude"
        elif (key := _counting_word(tokens, i)) is not None and last in ("small", "tens", "article"):
            multiplier = COUNTING_WORDS[key]
            current += group * (multiplier - 1)  # "two gross" = 288, "a baker's dozen" = 13
            group *= multiplier
            last = "small"
            i += len(key) - 1
            w_end = tokens[i][2]
        elif word in ("dozen", "dozens") and last in ("small", "tens", "article"):
            current += group * 11  # the group counts dozens: "three hundred and two dozens" = 324
            group *= 12
            last = "small"
        elif word in DENOMINATORS and word.endswith("s") and last in ("hundred", "magnitude"):
            current, total, group, last = (total + current) / DENOMINATORS[word], 0.0, 0.0, "fraction"  # "ninety-five hundred fifths"
        elif (
            word in DENOMINATORS and word.endswith("s") and last in ("small", "tens")
            and (total or current != group) and not (group_after_and and (group < 10 or DENOMINATORS[word] in (10, 100, 1000)))
        ):  # but "two hundred and fifty-four hundredths" is 200.54
            current, total, group, last = (total + current) / DENOMINATORS[word], 0.0, 0.0, "fraction"  # "one hundred thirty-two fifths"
        elif word in DENOMINATORS and word != "second" and last in ("small", "tens", "article", "", "and_a"):
            if last == "article" and not word.endswith("s") and word not in ("half", "quarter") and nxt not in ("", "of", *MAGNITUDES):
                break  # "a third try", "a fourth title": an ordinal; "a third of", "a fifth." are fractions
            if last == "" and not (word in ("half", "quarter") and nxt in MAGNITUDES) and word != "half":
                break  # "quarter" alone is a period of a year; "half" alone is a fraction
            if last in ("", "article", "and_a"):
                numerator = 1.0
            else:
                numerator = group
            if word == "half" and last in ("small", "tens") and group != 1:
                break  # "two half" is not a number
            if (last == "and_a" or (after_magnitude_and and current == group)) and total and last_magnitude:
                magnitude = last_magnitude
                if nxt in MAGNITUDES and MAGNITUDES[nxt] < last_magnitude:  # "one billion and a half million"
                    magnitude = MAGNITUDES[nxt]
                    i += 1
                    w_end = tokens[i][2]
                total += magnitude * numerator / DENOMINATORS[word]  # "one million and a half", "six million and two thirds"
                current = 0.0
            else:
                current = current - (group if last in ("small", "tens", "article") else 0.0) + numerator / DENOMINATORS[word]
            group = 0.0
            last = "fraction"
        elif word == "and" and last in ("hundred", "magnitude", "small", "tens"):
            if nxt in ("a", "an", "one") and i + 2 < len(tokens) and tokens[i + 2][0] in DENOMINATORS:
                i += 2
                last = "and_a"
                continue
            if last in ("hundred", "magnitude") and (nxt in SMALL_NUMBERS or nxt in TENS):
                after_magnitude_and = last == "magnitude"
                last = "and"
                i += 1
                continue
            if nxt in SMALL_NUMBERS or nxt in TENS:
                rest = _parse_words(text, tokens[i + 1][1])
                if rest is not None and 0 < rest[0] < 1:  # "twenty and three fifths", "five billion and three quarters"
                    if last == "magnitude" and not current:
                        total += rest[0] * last_magnitude
                    else:
                        current += rest[0]
                    end, last = rest[1], "fraction"
                    break
            break
        elif word == "of" and last == "fraction" and not total and nxt in ("a", "an") and i + 2 < len(tokens) and tokens[i + 2][0] in MAGNITUDES:
            current *= MAGNITUDES[tokens[i + 2][0]]  # "two thirds of a million"
            i += 2
            w_end = tokens[i][2]
        elif word == "point" and last in ("small", "tens", "hundred", "magnitude") and (nxt in SMALL_NUMBERS or nxt in TENS):
            digits = ""
            j = i + 1
            while j < len(tokens):
                w = tokens[j][0]
                if w in TENS:
                    tens_value = TENS[w]
                    if j + 1 < len(tokens) and tokens[j + 1][0] in SMALL_NUMBERS and 0 < SMALL_NUMBERS[tokens[j + 1][0]] < 10:
                        tens_value += SMALL_NUMBERS[tokens[j + 1][0]]
                        j += 1
                    digits += str(tens_value)
                elif w in SMALL_NUMBERS:
                    digits += str(SMALL_NUMBERS[w])
                else:
                    break
                end = tokens[j][2]
                j += 1
            current += float("0." + digits)
            last = "decimal"
            break
        else:
            break
        end = w_end
        i += 1
    if end is None or last in ("and", "article", "and_a", ""):
        return None
    if last == "magnitude" and (comma := COMMA_CONTINUATION_RE.match(text, end)):
        rest = _parse_words(text, comma.end())  # "three million, two hundred & forty"
        if rest is not None and 100 <= rest[0] < last_magnitude and float(rest[0]).is_integer():
            total, end = total + rest[0], rest[1]
    return sign * (total + current), end


def _counting_word(tokens: list[tuple[str, int, int]], i: int) -> tuple[str, ...] | None:
    """The counting word ("gross", "baker's dozen") that starts at token `i`, if any."""
    for key in COUNTING_WORDS:
        if tuple(t[0] for t in tokens[i : i + len(key)]) == key:
            return key
    return None


def _digit_value(match: re.Match[str]) -> float | None:
    written = match.group("num")
    raw = re.sub(r"[,\s\u00a0\u202f\u2009]", "", written)
    try:
        value = float(raw)
    except ValueError:
        return None
    mixed = match.group("mixed")
    if mixed:
        mixed = mixed.strip()
        if mixed in VULGAR_FRACTIONS:
            value += VULGAR_FRACTIONS[mixed]
        else:
            numerator, denominator = mixed.split("/")
            if float(denominator) == 0:
                return None
            value += float(numerator) / float(denominator)
    if match.group("fraction"):
        denominator = float(match.group("fraction")[1:])
        if denominator == 0:
            return None
        value /= denominator
    power = match.group("power")
    if power:
        exponent_text = re.sub(r"\s", "", power).replace("−", "-")
        try:
            if exponent_text[0] in "eE":
                value *= 10 ** float(exponent_text[1:])
            elif exponent_text[0] == "^":
                value = value ** float(exponent_text[1:].lstrip("+").replace("--", "-"))
            else:
                base, exponent = re.fullmatch(r"[x×*](10(?=\^?[-+]?\d)|\d{1,2}(?=\^))\^?([-+]?\d+)", exponent_text).groups()
                value *= float(base) ** float(exponent)  # "3 x 10^8", "8x2^10"
        except (ValueError, OverflowError):
            return None
    sign = match.group("sign")
    if sign and sign.strip() in ("-", "−", "–"):
        value = -value
    return value


HYPHENATED_ORDINAL_RE = re.compile(r"\s*-\s*(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b", re.IGNORECASE)
NUMBER_BEFORE_ARTICLE_RE = re.compile(r"(?:[\d$£€¥%]\S*|\b[A-Za-z]+)\s+(?:[A-Za-z]+\s+)?$")


def _number_just_before(text: str, start: int) -> bool:
    """A number in the two words before `start`: "$5 a gallon", "50 cents an ounce" are prices per unit."""
    match = NUMBER_BEFORE_ARTICLE_RE.search(text, max(0, start - 30), start)
    if match is None:
        return False
    words = match.group().split()
    return any(re.search(r"[\d$£€¥%]", w) or w.lower() in SMALL_NUMBERS or w.lower() in TENS or w.lower() in MAGNITUDES for w in words)


def _find_numbers(text: str, blocked: list[tuple[int, int]], lexicon: UnitLexicon | None = None) -> list[_Number]:
    """Every number written in digits or words, outside dates, times, ordinals and phone numbers.

    With a `lexicon`, a named quantity is a number in its unit ("absolute zero"), and an article before a
    unit word ("a gallon of beer") is the number one.
    """
    numbers: list[_Number] = []
    taken = bytearray(len(text) + 1)
    for start, end in blocked:
        taken[start:end] = b"\x01" * (end - start)

    def free(start: int, end: int) -> bool:
        return not any(taken[start:end])

    if lexicon is not None:
        for match in lexicon.named_pattern.finditer(text):
            if free(match.start(), match.end()):
                value, unit = lexicon.named_quantities[re.sub(r"\s+", " ", match.group().lower())]
                numbers.append(_Number(match.start(), match.end(), value, True, False, unit=unit))
                taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    for match in VAGUE_RE.finditer(text):
        if not free(match.start(), match.end()):
            continue
        value = VAGUE_PLURALS[match.group("vague").lower()]
        if match.group("outer"):
            value *= 10 if match.group("outer").lower() == "tens" else 100
            if match.group("vague").lower() == "dozens":
                continue
        numbers.append(_Number(match.start(), match.end(), value, True, False, vague=True))
        taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    for match in DIGIT_NUMBER_RE.finditer(text):
        if not free(match.start("num"), match.end("num")):
            continue
        value = _digit_value(match)
        if value is None:
            continue
        plain = match.group("num").isdigit() and not (match.group("mixed") or match.group("fraction") or match.group("power"))
        numbers.append(_Number(match.start(), match.end(), value, False, plain))
        taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    for match in VULGAR_RE.finditer(text):
        if free(match.start(), match.end()):
            numbers.append(_Number(match.start(), match.end(), VULGAR_FRACTIONS[match.group()], False, False))
            taken[match.start() : match.end()] = b"\x01"
    for match in WORD_NUMBER_START_RE.finditer(text):
        if not free(match.start(), match.end()):
            continue
        parsed = _parse_words(text, match.start())
        if parsed is None:
            continue
        value, end = parsed
        if end < match.end() or not free(match.start(), end):
            continue
        if end < len(text) and text[end].isdigit():
            continue  # Twenty20
        if HYPHENATED_ORDINAL_RE.match(text, end):
            continue  # "the twenty-first century" is an ordinal
        numbers.append(_Number(match.start(), end, value, True, False))
        taken[match.start() : end] = b"\x01" * (end - match.start())
    if lexicon is not None:
        for match in lexicon.article_pattern.finditer(text):
            if free(match.start(), match.end()) and not _number_just_before(text, match.start()):
                numbers.append(_Number(match.start(), match.end(), 1.0, True, False))
    numbers.sort(key=lambda n: n.start)
    return numbers


# --- from a number to a figure --------------------------------------------------------------------

CURRENCY_CODE_RE = re.compile(r"(?<![A-Za-z])(?P<m>[mM])?(?P<code>[A-Za-z]{3})(?:\s*\$)?$")
COMMON_LOWER_CODES = frozenset(
    {"usd", "eur", "gbp", "jpy", "cny", "chf", "cad", "aud", "nzd", "inr", "rub", "uah", "hkd", "sek", "nok", "dkk", "krw", "brl", "mxn", "zar", "sgd", "rmb"}
)
CURRENCY_WORDS_BEFORE = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "rmb": "CNY", "yuan": "CNY"}
WORD_UNITS_NEED_SCALE = frozenset({"won"})
TEMPERATURE_CONTEXT_RE = re.compile(
    r"temperat|°|\b(?:hot|hotter|heat|warm\w*|cold\w*|cool\w*|chill\w*|weather|forecast\w*|fever|freez\w*|thermometer|"
    r"celsius|centigrade|fahrenheit|heatwave|degrees?\s+(?:higher|lower|warmer|colder|above|below))",
    re.IGNORECASE,
)
INCH_FOLLOWERS = re.compile(r"^\s*(?:$|[.,;:)!?]|thick|long|wide|tall|high|deep|across|in diameter|screen|display|barrel)", re.IGNORECASE)


def _currency_code(written: str) -> tuple[str, float] | None:
    """`USD`, `usd`, `MEUR` (million euros) written next to a number."""
    match = CURRENCY_CODE_RE.search(written)
    if not match:
        return None
    code = match.group("code")
    if code.upper() == "RMB":
        code = "CNY"
    if code.isupper() or code.lower() in COMMON_LOWER_CODES:
        code = code.upper()
        if code in units.currency_codes() and code not in ("ALL", "TOP", "CUP", "MOP", "SOS"):
            return code, (1e6 if match.group("m") else 1.0)
    return None


def _read_prefix(text: str, start: int, lexicon: UnitLexicon, min_start: int) -> tuple[int, str, float, bool] | None:
    """A currency written before the number: `$`, `US$`, `c $`, `USD`, `MAUD` (million AUD).

    Returns (start, unit, factor, is_symbol); a code or word prefix yields to a unit written after.
    """
    left_start = max(min_start, start - 12)
    left = text[left_start:start]
    match = lexicon.prefix_pattern.search(left)
    if match:
        entry = lexicon.lookup(match.group().strip(), "prefix")
        if entry is not None:
            return left_start + match.start(), entry.unit, entry.factor, True
    code_match = re.search(r"(?<![A-Za-z])([A-Za-z]{3,4}\$?)\s*$", left)
    if code_match:
        found = _currency_code(code_match.group(1))
        if found:
            return left_start + code_match.start(1), found[0], found[1], False
    word_match = re.search(r"(?<![A-Za-z])(dollars?|euros?|rmb|yuan)\s+$", left, re.IGNORECASE)
    if word_match:
        return left_start + word_match.start(1), CURRENCY_WORDS_BEFORE[word_match.group(1).lower()], 1.0, False
    return None


CURRENCY_WORD_AHEAD_RE = re.compile(r"\s+(?:euros?|dollars?|pounds|yen|yuan|francs|rupees|roubles|rubles|dinars|rand)\b", re.IGNORECASE)


def _read_scale(text: str, pos: int, currency: bool) -> tuple[int, float] | None:
    """A scale word or abbreviation after a number: million, bn, `m` after a currency, `k`."""
    match = SCALE_WORD_RE.match(text, pos)
    if not match:
        return None
    word = match.group("scale")
    glued = match.group("sep") == ""
    lowered = word.lower()
    if lowered in MAGNITUDES:
        return match.end(), MAGNITUDES[lowered]
    if lowered == "hundred":
        return match.end(), 100.0
    if lowered.startswith("doz") or lowered == "dzs":
        return match.end(), 12.0
    if "-" in match.group("sep"):
        return None  # "3-m" is not a scale
    if lowered in ("m", "mm"):
        before_currency = glued and lowered == "m" and CURRENCY_WORD_AHEAD_RE.match(text, match.end())  # "719m euros"
        if word == "M" or (currency and lowered == "m") or (currency and lowered == "mm" and glued) or before_currency:
            return match.end(), 1e6
        return None
    if lowered in ("t", "b") and not glued:
        return None
    if lowered == "t" and word == "t":
        return None  # "100t" is tonnes
    if lowered in ("mil",) and not glued and not currency:
        return None
    factor = SCALE_ABBREVIATIONS.get(lowered)
    if factor is None:
        return None
    return match.end(), factor


BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">"}
UNIT_GAP_RE = re.compile(r"[ \t\u00a0\u202f]?(?:-[ \t]?)?")


def _read_suffix_unit(text: str, pos: int, lexicon: UnitLexicon, number: _Number, has_scale: bool) -> tuple[int, UnitSurface] | None:
    """A unit written after the number: `km`, `-foot`, ` per cent`, ` (kg)`, `USD`, `MEUR`."""
    gap = UNIT_GAP_RE.match(text, pos)
    candidates = [gap.end() if gap else pos, pos]
    bracket = re.compile(r"[ \t]*([(\[{<])").match(text, pos)
    if bracket:
        candidates.append(bracket.end())
    for gap_end in candidates:
        unit_match = lexicon.suffix_pattern.match(text, gap_end)
        if not unit_match:
            continue
        written = unit_match.group()
        entry = lexicon.lookup(written, "suffix")
        if entry is None:
            continue
        lowered = written.lower()
        after_feet = re.search(r"(?:ft|feet|foot)\.?\s*$", text[max(0, number.start - 8) : number.start]) is not None
        if lowered == "in" and (number.is_words or not (after_feet or INCH_FOLLOWERS.match(text[unit_match.end() :]))):
            continue
        if lowered == '"' and not re.match(r"\s*(?:long|wide|tall|thick|high|deep|screen|display)\b", text[unit_match.end() :]):
            continue
        if lowered in WORD_UNITS_NEED_SCALE and not has_scale:
            continue
        if written in ("C", "F") and re.match(r"[-'’.]?\w", text[unit_match.end() : unit_match.end() + 2]):
            continue  # "3 C-130 aircraft", "4 C's": a name, not degrees
        if entry.unit == "degree" and TEMPERATURE_CONTEXT_RE.search(text, max(0, pos - 150), unit_match.end() + 80):
            continue  # "30 degrees" in a weather story is a temperature on an unstated scale, not an angle
        if lowered in ("pound", "pounds") and has_scale:
            entry = UnitSurface(written, "GBP", 1.0, False)
        if bracket and gap_end == bracket.end():
            closing = BRACKETS[bracket.group(1)]
            if not text.startswith(closing, unit_match.end()):
                continue
            return unit_match.end() + 1, entry
        return unit_match.end(), entry
    code = re.match(r"[ \t]?(?P<code>[mM]?[A-Za-z]{3})(?![A-Za-z])", text[pos : pos + 6])
    if code:
        found = _currency_code(code.group("code"))
        if found:
            return pos + code.end(), UnitSurface(code.group("code"), found[0], found[1], True)
    return None


TIMES_RE = re.compile(r"\s+times?(?=\s)", re.IGNORECASE)


def _read_rate(text: str, end: int, unit_code: str, has_unit_word: bool, lexicon: UnitLexicon) -> tuple[int, str] | None:
    """A unit per another unit after the figure: "$15 an hour", "$80 a barrel", "300 tpd" is in the lexicon,
    "four times a week" (a count needs "times"), "9.8 m/s2", "20 J/m^2 per year" (one denominator after
    another). Returns (end, rate code) when the vocabulary has that rate."""
    if unit_code == "count":
        times = TIMES_RE.match(text, end) if not has_unit_word else None
        if times is None:
            return None
        end = times.end()
    found: tuple[int, str] | None = None
    for _ in range(2):  # "J" / "m^2" per "year"
        match = lexicon.rate_pattern.match(text, end)
        if match is None:
            break
        written = match.group("den").lower()
        if match.group("per").strip().lower() not in ("/", "per") and (len(written) < 3 or written in DENOMINATOR_ABBREVIATIONS):
            break  # "$5 a s" is not a rate; articles only go with words
        denominator = lexicon.rate_denominators.get(re.sub(r"\s+", " ", written))
        if denominator is None:
            break
        if match.group("power"):
            power = 3 if re.search(r"[3³]|cubed", match.group("power")) else 2
            denominator = units.POWERS.get((denominator, power))
            if denominator is None:
                break
        code = units.rate_code(unit_code, denominator)
        if code not in units.unit_table():
            break
        found = end, unit_code = match.end(), code
    return found


# Abbreviated denominators read only after "/" or "per" ("$5/hr", "20 per kg"), never after "a"/"each".
DENOMINATOR_ABBREVIATIONS = frozenset({"ms", "kg", "lb", "oz", "kwh", "mwh", "hr", "yr", "min", "sec", "bbl"})


CONTINUATION_RE = re.compile(r"\s+(?:and\s+)?(?=\d|[a-z])")
AND_A_HALF_RE = re.compile(r"\s+and\s+a\s+(half|quarter)\b", re.IGNORECASE)
PERCENT_OF_RE = re.compile(r"(?<![A-Za-z])(?:percents?|per\s?cent)\s+of\s+$", re.IGNORECASE)
SIGN_WORD_RE = re.compile(r"(?<![A-Za-z])(?:minus|negative)\s+$", re.IGNORECASE)


def _read_scales(text: str, end: int, value: float, currency: bool) -> tuple[int, float, float]:
    """Apply the scale words after a number: returns (end, value, last multiplier)."""
    last_multiplier = 0.0
    scale = _read_scale(text, end, currency=currency)
    while scale:
        end, multiplier = scale
        value *= multiplier
        last_multiplier = multiplier
        scale = _read_scale(text, end, currency=currency) if multiplier < 1e3 or multiplier == 1e5 else None
    return end, value, last_multiplier


UNCERTAINTY_RE = re.compile(rf"\s*(?:\+\s?/\s?[-−]|±|\+[-−])\s*{_DIGITS}(?:[eE][-+−]?\d+)?(?!\d|\.\d)")
SCALED_AMOUNT_BEFORE_RE = re.compile(r"[$£€¥]\s?\d[\d.,]*\s?(?:m|bn)\s*(?:-|–|to)\s*$", re.IGNORECASE)


def _build_figure(text: str, number: _Number, lexicon: UnitLexicon, min_start: int) -> _Figure | None:
    """Extend a number with its currency prefix, scale, unit and qualifier."""
    start, end = number.start, number.end
    value = number.value
    unit_code, factor, has_unit_word = "count", 1.0, False
    plain = not number.vague and number.unit is None  # a number that may take a prefix, scale and unit
    prefix = _read_prefix(text, start, lexicon, min_start) if plain else None
    has_scale = False
    last_multiplier = 0.0
    if plain:
        after_amount = SCALED_AMOUNT_BEFORE_RE.search(text, max(0, start - 24), start) is not None  # "$5m-10m"
        end, value, last_multiplier = _read_scales(text, end, value, currency=prefix is not None or after_amount)
        has_scale = last_multiplier > 0
        if has_scale and not number.is_words and last_multiplier in (100.0, 1e3, 1e5, 1e7):
            # "4 thousand 3 hundred and 21": a smaller number written after a digit + scale word
            while more := CONTINUATION_RE.match(text, end):
                tail = DIGIT_NUMBER_RE.match(text, more.end())
                if tail is not None:
                    tail_value = _digit_value(tail)
                    if tail_value is None or tail.group("sign"):
                        break
                    tail_end, tail_value, tail_multiplier = _read_scales(text, tail.end(), tail_value, currency=False)
                else:
                    words = _parse_words(text, more.end())
                    if words is None or words[0] < 0:
                        break
                    tail_value, tail_end = words
                    tail_multiplier = 0.0
                if tail_value >= last_multiplier or (tail_multiplier and tail_multiplier >= last_multiplier):
                    break
                value, end, last_multiplier = value + tail_value, tail_end, tail_multiplier or 1.0
                if tail_multiplier == 0:
                    break
        if has_scale and (half := AND_A_HALF_RE.match(text, end)) and last_multiplier >= 1e3:
            value += last_multiplier * (0.5 if half.group(1).lower() == "half" else 0.25)
            end = half.end()
    if plain and (uncertainty := UNCERTAINTY_RE.match(text, end)):
        end = uncertainty.end()  # "9.83e-3 +/- 1e-5 km/s2": one figure; the record has no place for the uncertainty
    suffix = _read_suffix_unit(text, end, lexicon, number, has_scale) if number.unit is None else None
    if number.unit is not None:
        unit_code, has_unit_word = number.unit, True
    if suffix and units.unit_table()[suffix[1].unit].dimension == "currency":
        followed = re.match(r"(\s*)\d", text[suffix[0] : suffix[0] + 3])
        if followed and (not followed.group(1) or prefix):
            suffix = None  # "3 USD50 cards", "rmb 10 usd 20": the code opens the next amount
    if prefix and suffix and not prefix[3] and units.unit_table()[suffix[1].unit].dimension != "count":
        prefix = None  # "50 dollar 40 rmb": the 40 is in rmb
    if prefix:
        start, unit_code, factor = prefix[0], prefix[1], prefix[2]
        has_unit_word = True
    if suffix and not prefix:
        end, entry = suffix
        unit_code, factor, has_unit_word = entry.unit, entry.factor, True
        if units.unit_table()[unit_code].dimension == "currency" and not has_scale:
            end, value, last_multiplier = _read_scales(text, end, value, currency=True)  # "75 USD million"
            has_scale = last_multiplier > 0
    elif suffix and prefix and suffix[1].surface.lower() in ("dollar", "dollars") and unit_code == "USD":
        end = suffix[0]  # "$ 10 dollars"
    elif number.vague and text[end : end + 4].lower() == " of ":
        unit_match = lexicon.suffix_pattern.match(text, end + 4)
        if unit_match:
            entry = lexicon.lookup(unit_match.group(), "suffix")
            if entry is not None and units.unit_table()[entry.unit].dimension not in ("count", "percent"):
                end, unit_code, factor, has_unit_word = unit_match.end(), entry.unit, entry.factor, True
    if not has_unit_word and (percent_of := PERCENT_OF_RE.search(text[max(min_start, start - 20) : start])):
        start -= len(percent_of.group())
        unit_code, has_unit_word = "percent", True
    if unit_code == "year" and AGE_RE.match(text[end : end + 8]):
        return None  # ages are not asked for
    if rate := _read_rate(text, end, unit_code, has_unit_word, lexicon):
        end, unit_code, has_unit_word = rate[0], rate[1], True
    value *= factor
    if not number.is_words and (sign_word := SIGN_WORD_RE.search(text[max(min_start, start - 12) : start])):
        value = -value
        start -= len(sign_word.group())
    qualifier = "at_least" if number.vague else "exact"
    left_start = max(min_start, start - 40)
    left = text[left_start:start]
    qualifier_match = QUALIFIER_PREFIX_RE.search(left)
    if qualifier_match and not number.vague:
        phrase = re.sub(r"\s+", " ", qualifier_match.group().strip().lower())
        qualifier = QUALIFIER_PREFIXES[phrase]
        start = left_start + qualifier_match.start()
    else:
        equal_match = re.search(r"(?<![A-Za-z])(?:equal\s+to|equals(?:\s+to)?|equaling\s+to)\s*$", left, re.IGNORECASE)
        if equal_match:
            start = left_start + equal_match.start()
    suffix_match = QUALIFIER_SUFFIX_RE.match(text, end)
    if suffix_match and qualifier == "exact":
        phrase = re.sub(r"\s+", " ", suffix_match.group().strip().lower())
        qualifier = QUALIFIER_SUFFIXES[phrase]
        end = suffix_match.end()
    scale = value / (factor * number.value) if number.value and not number.vague else 1.0
    return _Figure(start, end, number.start, number.end, value, value, unit_code, qualifier, has_unit_word, has_scale, number, abs(scale), factor)


RANGE_JOIN_RE = re.compile(r"\s*(?:-\s*to|to|through|thru|–|—|-|~|and|,)\s*", re.IGNORECASE)
CHANGE_VERB_RE = re.compile(
    r"\b(?:ris(?:e|es|ing)|rose|risen|f[ae]ll(?:s|ing|en)?|increas\w*|decreas\w*|cut(?:s|ting)?|reduc\w*|gr[eo]w\w*|"
    r"drop\w*|climb\w*|jump\w*|slip\w*|declin\w*|rais\w*|lower\w*|boost\w*|chang\w*|went|go(?:es|ing)?|"
    r"soar\w*|plung\w*|slump\w*|surg\w*|doubl\w*|halv\w*|shr[iu]nk\w*|mov\w*|add\w*|gain\w*|los[et]\w*|sank|sink\w*|"
    r"tumbl\w*|slid\w*|dipp?\w*|widen\w*|narrow\w*|revis\w*|upgrad\w*|downgrad\w*)\b[^.;]{0,40}$",
    re.IGNORECASE,
)


SCORE = "score"  # a descending "16-9": a result, not two quantities


def _join_ranges(text: str, figures: list[_Figure]) -> list[_Figure]:
    """Merge `18 to 25 percent`, `between 5 and 6`, `12.8–13.0`, `above 1000 and below 1500` into ranges."""
    merged: list[_Figure] = []
    i = 0
    while i < len(figures):
        first = figures[i]
        if i + 1 < len(figures):
            joined = _range_between(text, first, figures[i + 1])
            if joined == SCORE:
                i += 2
                continue
            if isinstance(joined, _Figure):
                merged.append(joined)
                i += 2
                continue
        merged.append(first)
        i += 1
    return merged


def _range_between(text: str, first: _Figure, second: _Figure) -> _Figure | str | None:
    between = text[first.end : second.start]
    second_low, second_high = second.value_low, second.value_high
    second_qualifier = second.qualifier
    signed = text[second.number.start : second.core_end].lstrip()[:1] in ("-", "–", "—")
    if second.start == second.core_start and signed and not between.strip() and (between or text[second.number.start] in "–—"):
        between += text[second.number.start]  # "1000 - 5000": the dash was read as a minus sign
        second_low, second_high = -second_low, -second_high
    elif second_qualifier == "approximately" and text[second.start : second.core_start].strip() == "~" and not between.strip():
        between, second_qualifier = "~", "exact"  # "20~100"
    if RANGE_JOIN_RE.fullmatch(between) is None:
        return None
    word = between.strip().lower()
    lead_text = text[max(0, first.start - 60) : first.start]
    if first.qualifier in LOWER_BOUNDS and second_qualifier in UPPER_BOUNDS and word in ("and", "but", ","):
        bounds = "lower_first"
    elif first.qualifier in UPPER_BOUNDS and second_qualifier in LOWER_BOUNDS and word in ("and", ","):
        bounds = "upper_first"
    elif second_qualifier == "exact" and first.qualifier in ("exact", "approximately", "nearly"):
        bounds = ""
        if word == "," or (word == "and" and not re.search(r"between\s*$", lead_text, re.IGNORECASE)):
            return None
        if word in ("-", "–", "—", "~") and (first.number.is_words or second.number.is_words):
            return None
        # "rose by 18 to 25 percent" is a range of change; "rose by 80,000 barrels a day to 84 million barrels a day" is not
        by_amount = re.search(r"\bby\s*$", lead_text, re.IGNORECASE)
        if word == "to" and not (by_amount and not first.has_unit_word) and CHANGE_VERB_RE.search(lead_text):
            return None  # "rose from 5% to 7%", "adding $1.89 to $48.62": a change, not a range
    else:
        return None
    if first.has_unit_word and second.has_unit_word and first.unit != second.unit and not second.unit.startswith(first.unit + "/"):
        return None  # "$5 to $6 an hour" is a range of the hourly rate
    if bounds:
        low_value, high_value = (first.value_low, second_high) if bounds == "lower_first" else (second_low, first.value_high)
        unit, factor = (first.unit, first.factor) if first.has_unit_word else (second.unit, second.factor)
        high_scale = first.scale
    else:
        unit, factor = (second.unit, second.factor) if second.has_unit_word else (first.unit, first.factor)
        low_scale = first.scale if first.has_scale else second.scale
        high_scale = second.scale if second.has_scale else first.scale
        low_value = _written_value(first) * low_scale * factor
        high_value = (second_high / (second.scale * second.factor) if second.scale * second.factor else 0.0) * high_scale * factor
    if low_value > high_value:
        if bounds:
            return None  # "more than 40 and less than 10" are two conditions, not a range
        if word in ("-", "–", "—") and low_value >= 0 and high_value >= 0:
            return SCORE  # "a 16-9 win"
        low_value, high_value = high_value, low_value  # "from -18 °C to -34 °C"
    start = first.start
    lead = re.search(r"(?<![A-Za-z])(?:between|from)\s*$", text[max(0, start - 9) : start], re.IGNORECASE)
    if lead:
        start -= len(text[max(0, start - 9) : start]) - lead.start()
    qualifier = first.qualifier if not bounds else "exact"
    return _Figure(start, second.end, first.core_start, second.core_end, low_value, high_value, unit, qualifier,
                   first.has_unit_word or second.has_unit_word, first.has_scale or second.has_scale, first.number,
                   scale=high_scale, factor=factor)


FRACTION_JOIN_RE = re.compile(r"\s+(?:over|out\s+of)\s+", re.IGNORECASE)
CLAUSE_END_RE = re.compile(r"\s*(?:$|[.,;:!?)])")


def _join_spoken_fractions(text: str, figures: list[_Figure]) -> list[_Figure]:
    """`one over three`, `2000 over 3`, `one out of three` said as a fraction at the end of a clause."""
    merged: list[_Figure] = []
    i = 0
    while i < len(figures):
        first = figures[i]
        second = figures[i + 1] if i + 1 < len(figures) else None
        if (
            second is not None
            and first.unit == "count" == second.unit
            and not first.has_unit_word
            and first.qualifier == "exact"
            and first.value_low == first.value_high
            and second.value_low == second.value_high != 0
            and FRACTION_JOIN_RE.fullmatch(text[first.end : second.core_start])
            and CLAUSE_END_RE.match(text, second.end)
        ):
            value = first.value_low / second.value_low
            merged.append(replace(first, end=second.end, value_low=value, value_high=value, core_end=second.core_end))
            i += 2
            continue
        merged.append(first)
        i += 1
    return merged


def _written_value(figure: _Figure) -> float:
    """The number as written, sign included, before scale words and unit factors."""
    return figure.value_low / (figure.scale * figure.factor) if figure.scale * figure.factor else figure.value_low


def _is_name_or_code(text: str, figure: _Figure) -> bool:
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
    if after.isalnum() or glued_code:  # "3D", "24703 L-202"
        return True
    return False


# A larger unit followed by its subunit: "5 feet 2 inches", "3 dollars 50 cents", "15 dollars and 50".
SUBUNITS: dict[tuple[str, str], float] = {("foot", "inch"): 1 / 12, ("lb", "oz"): 1 / 16, ("hour", "minute"): 1 / 60, ("minute", "second"): 1 / 60}
COMPOUND_GAP_RE = re.compile(r"\s*(?:and\s+)?")
CURRENCY_TAIL_RE = re.compile(r"\s*(?:and\s+)?(?P<num>\d{1,2}|[a-z]+(?:[ -][a-z]+)?)(?P<unit>\s*cents?)?(?![\w$€£])", re.IGNORECASE)


def _join_compound_amounts(text: str, figures: list[_Figure]) -> list[_Figure]:
    """Merge a quantity and its subunit written after it into one figure."""
    merged: list[_Figure] = []
    i = 0
    while i < len(figures):
        first = figures[i]
        second = figures[i + 1] if i + 1 < len(figures) else None
        gap = text[first.end : second.start] if second else ""
        if (
            second is not None
            and first.qualifier == "exact" == second.qualifier
            and COMPOUND_GAP_RE.fullmatch(gap)
            and first.value_low == first.value_high
            and second.value_low == second.value_high
        ):
            subunit = SUBUNITS.get((first.unit, second.unit))
            same_currency = (
                first.unit == second.unit
                and units.unit_table()[first.unit].dimension == "currency"
                and first.factor == 1.0
                and not first.has_scale
                and second.factor == 0.01
            )
            if subunit is not None or same_currency:
                extra = second.value_low * subunit if subunit is not None else second.value_low
                merged.append(replace(first, end=second.end, value_low=first.value_low + extra, value_high=first.value_low + extra))
                i += 2
                continue
        if (
            units.unit_table()[first.unit].dimension == "currency"
            and first.factor == 1.0
            and not first.has_scale
            and first.has_unit_word
            and first.end > first.core_end
            and float(first.value_low).is_integer()
        ):
            tail = CURRENCY_TAIL_RE.match(text, first.end)
            if tail and (second is None or second.core_start >= tail.start("num")):
                cents = _small_amount(tail.group("num"))
                at_clause_end = re.match(r"\s*(?:$|[.,;!?])", text[tail.end() :]) is not None
                if cents is not None and (tail.group("unit") or at_clause_end):
                    end = tail.end()
                    merged.append(replace(first, end=end, value_low=first.value_low + cents / 100, value_high=first.value_low + cents / 100))
                    if second is not None and second.core_start < end:
                        i += 1
                    i += 1
                    continue
        merged.append(first)
        i += 1
    return merged


def _small_amount(written: str) -> float | None:
    """A number below 100 written as digits or words (the cents of "15 dollars 50")."""
    if written.isdigit():
        return float(written)
    parsed = _parse_words(written, 0)
    if parsed is None or parsed[1] != len(written) or not 0 < parsed[0] < 100:
        return None
    return parsed[0]


# --- the parse: sentences, names, counted objects -------------------------------------------------

OBJECT_DROP_WORDS = frozenset({"more", "other", "additional", "further", "extra", "another", "of", "the", "a", "an", "some", "whose", "which", "its", "their"})
NOUN_DEPS = frozenset({"dobj", "conj"})


def _sentence_start(token: Token) -> int:
    """Index of the first token of `token`'s sentence (`token.sent` would build every sentence of the doc)."""
    doc = token.doc
    i = token.i
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
    return i


def _sentence_start_char(token: Token) -> int:
    return token.doc[_sentence_start(token)].idx


def _tokens(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _clean_object(tokens: list[Token]) -> str | None:
    while tokens and (tokens[0].lower_ in OBJECT_DROP_WORDS or tokens[0].is_punct or tokens[0].tag_ in ("PRP$", "DT", "POS")):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].tag_ == "POS"):
        tokens = tokens[:-1]
    if not tokens:
        return None
    phrase = doc_text(tokens[0].doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
    return phrase if len(phrase) > 1 else None  # a lone letter is a unit fragment ("m/s"), not a thing counted


MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "advmod", "poss", "case"})


def _noun_phrase_left(head: Token, after: int) -> list[Token]:
    """The head noun with the modifiers directly left of it that lie after character offset `after`."""
    run = [head]
    members = {head.i}
    position = head.i - 1
    while position >= 0:
        token = head.doc[position]
        if token.idx < after or token.head.i not in members:
            break
        if token.dep_ not in MODIFIER_DEPS and not (token.dep_ == "punct" and token.text in "-–"):
            break
        run.append(token)
        members.add(token.i)
        position -= 1
    return list(reversed(run))


def _noun_run_after(token: Token) -> list[Token]:
    """The noun phrase written right after `token` when the parse left it unattached ("of whose capacity")."""
    run: list[Token] = []
    for following in token.doc[token.i + 1 : token.i + 7]:
        if following.pos_ in ("NOUN", "PROPN", "ADJ") or following.tag_ in ("DT", "PRP$", "WP$", "POS"):
            run.append(following)
            continue
        break
    while run and run[-1].pos_ not in ("NOUN", "PROPN"):
        run.pop()
    return run


def _measured_object(doc: Doc, figure: _Figure) -> str | None:
    """What an amount or measure is of: "a 6% *stake*", "an annual *profit* of $17.5bn", "*equipment* worth $5bn"."""
    span = _tokens(doc, figure.start, figure.end)
    if span is None:
        return None
    root = span.root
    head = root.head
    if head.i >= span.end and head.pos_ in ("NOUN", "PROPN") and root.dep_ in ("compound", "amod", "nummod", "nmod", "quantmod"):
        phrase = _noun_phrase_left(head, figure.end)
        if all(word.lower() in OBJECT_DROP_WORDS for word in doc_text(doc)[figure.end : phrase[0].idx].split()):
            return _clean_object(phrase)
        return None
    if head.i < span.start and head.lower_ == "worth" and head.i > 0 and doc[head.i - 1].pos_ == "NOUN" and head.head.pos_ != "NOUN":
        noun = doc[head.i - 1]  # "weapons and equipment worth $55.5 billion", with worth attached to the verb
        start = noun.head if noun.dep_ == "conj" and noun.head.i < noun.i else noun
        first = _noun_phrase_left(start, _sentence_start_char(noun))[0]
        return _clean_object(list(doc[first.i : noun.i + 1]))
    if head.i < span.start and head.lower_ in ("of", "worth") and head.head.i < head.i and head.head.pos_ in ("NOUN", "PROPN"):
        noun = head.head
        if head.lower_ == "of" and noun.lower_ in ("total", "sum", "amount", "value", "average", "maximum", "minimum", "range", "distance", "cost", "price"):
            return None  # "a total of $5m" says nothing about what is measured
        first = _noun_phrase_left(noun, _sentence_start_char(noun))[0]
        last = max([noun, *[c for c in noun.conjuncts if noun.i < c.i < head.i]], key=lambda t: t.i)
        return _clean_object(list(doc[first.i : last.i + 1]))
    return None


def _counted_object(doc: Doc, figure: _Figure) -> str | None:
    """What the figure counts or measures, read from the parse."""
    dimension = units.unit_table()[figure.unit].dimension
    text = doc_text(doc)
    after = text[figure.end : figure.end + 4]
    if after.lower() == " of " and dimension in ("count", "percent", "currency", "mass", "volume", "length"):
        of_span = _tokens(doc, figure.end + 1, figure.end + 3)
        if of_span is not None:
            of_token = of_span[0]
            objects = [c for c in of_token.children if c.dep_ == "pobj"]
            if objects:
                head = objects[0]
                end_token = head
                for conj in head.conjuncts:
                    if conj.i > end_token.i and conj.i - end_token.i <= 3 and conj.tag_ in ("NNS", "NN", "NNP", "NNPS"):
                        end_token = conj
                tokens = [t for t in doc[of_token.i + 1 : end_token.i + 1]]
                return _clean_object(tokens)
            return _clean_object(_noun_run_after(of_token))
    if dimension != "count":
        return _measured_object(doc, figure)
    core = _tokens(doc, figure.core_start, figure.core_end)
    if core is None:
        return None
    number_token = core[-1]
    head = number_token.head
    if number_token.dep_ in ("nummod", "quantmod", "compound", "amod") or head.i > number_token.i and head.pos_ in ("NOUN", "PROPN"):
        while head.dep_ in ("nummod", "quantmod") and head.head.i > head.i:
            head = head.head
        if head.i > number_token.i and head.pos_ in ("NOUN", "PROPN") and head.idx >= figure.end:
            if _sentence_start(head) == _sentence_start(number_token):
                phrase = _noun_phrase_left(head, figure.end)
                gap = doc_text(doc)[figure.end : phrase[0].idx].split()
                if all(word.lower() in OBJECT_DROP_WORDS for word in gap):
                    return _clean_object(phrase)
                return None
    if figure.value_low < 1:  # a fraction ("more than half") does not borrow a noun from earlier
        return None
    qualifier_preposition = number_token.dep_ == "pobj" and figure.start <= number_token.head.idx < figure.core_start  # "launching over 2,000"
    if number_token.dep_ in NOUN_DEPS or qualifier_preposition or number_token.pos_ == "NUM" and number_token.head == number_token:
        following = doc[number_token.i + 1] if number_token.i + 1 < len(doc) else None
        if following is not None and following.pos_ in ("NOUN", "PROPN") and following.idx >= figure.end and following.dep_ != "pobj":
            return None
        sentence = doc[_sentence_start(number_token) : number_token.i + 1]
        for token in reversed(doc[sentence.start : core.start]):
            if token.tag_ == "NNS" and token.pos_ == "NOUN":
                return _clean_object(_noun_phrase_left(token, sentence.start_char))
    return None


def _inside_name(doc: Doc, figure: _Figure) -> bool:
    core = _tokens(doc, figure.core_start, figure.core_end)
    if core is None:
        return False
    return any(t.ent_type_ in NAME_ENTITY_TYPES for t in core if t.like_num or t.pos_ == "NUM")


YEAR_LEAD_RE = re.compile(r"(?:\b(?:in|since|by|during|until|till|from|of|for|before|after|between|the|fiscal|year|summer|winter|spring|autumn)|[-–])\s*$", re.IGNORECASE)


def _is_year(doc: Doc, text: str, figure: _Figure) -> bool:
    """A bare four-digit number from 1500 to 2100 is a year unless it counts the noun it modifies."""
    number = figure.number
    if not number.is_plain_integer or figure.has_unit_word or figure.has_scale or figure.start != figure.core_start:
        return False
    if not 1500 <= abs(number.value) <= 2100 or len(text[number.start : number.end].strip("-+−– ")) != 4:
        return False
    core = _tokens(doc, figure.core_start, figure.core_end)
    if core is not None and any(t.ent_type_ == "DATE" for t in core):
        return True
    if YEAR_LEAD_RE.search(text[max(0, figure.start - 12) : figure.start]):
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


def _is_age_or_label(doc: Doc, figure: _Figure) -> bool:
    """`Mars, 53, said` is an age; `FTSE 100`, `Windows 95`, `Nokia 3220`, `Section 5` are names or labels:
    none is a reported quantity."""
    if figure.has_unit_word or figure.has_scale or figure.qualifier != "exact" or figure.value_low != figure.value_high:
        return False
    if not figure.number.is_plain_integer or figure.start != figure.core_start:
        return False
    core = _tokens(doc, figure.core_start, figure.core_end)
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
    return named and previous.i != _sentence_start(previous)


# Unit symbols that are also names ("66 Ma ago" but "in 2019 Ma stepped down", "Ma Ying-jeou").
NAME_LIKE_UNIT_SYMBOLS = frozenset({"Ma", "Ga", "Myr", "Gyr"})


def _without_name_unit(doc: Doc, text: str, figure: _Figure) -> _Figure:
    """The plain number when its unit symbol is really a name: followed by a verb or a name, or after a year."""
    written = text[figure.core_end : figure.end]
    if written.strip() not in NAME_LIKE_UNIT_SYMBOLS or figure.value_low != figure.value_high:
        return figure
    symbol = _tokens(doc, figure.end - len(written.strip()), figure.end)
    following = doc[symbol.end] if symbol is not None and symbol.end < len(doc) else None
    year_like = figure.number.is_plain_integer and 1500 <= figure.number.value <= 2100
    named = following is not None and (following.pos_ in ("VERB", "AUX", "PROPN") or following.text[:1].isupper())
    if not (year_like or named):
        return figure
    return replace(figure, end=figure.core_end, unit="count", has_unit_word=False, factor=1.0)


GROSS_RE = re.compile(r"\bgross$", re.IGNORECASE)


def _is_adjective_gross(doc: Doc, text: str, figure: _Figure) -> bool:
    """"a gross error", "a gross domestic product", "a gross of $5m": not 144 ("a gross of pencils", "a gross is 144")."""
    if not GROSS_RE.search(text[figure.core_start : figure.core_end]):
        return False
    core = _tokens(doc, figure.core_start, figure.core_end)
    if core is None or core.end >= len(doc):
        return False
    following = doc[core.end]
    if following.lower_ == "of":  # "a gross of $5m" is takings, "a gross of pencils" is 144
        return any(t.like_num or t.is_currency for t in doc[core.end + 1 : core.end + 4])
    return following.is_alpha and following.pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "VERB")


LONE_HALF_RE = re.compile(r"(?:an?\s+)?(?:half|quarter)", re.IGNORECASE)


# "one-" compounds that are idioms, not a count of one ("a one-time champion", "a one-off payment").
ONE_IDIOM_RE = re.compile(r"-(?:time|off|sided|way|stop|liner|horse|on-one)\b", re.IGNORECASE)
# Determiners that make "one" emphatic ("this one issue", "the one thing"), not a count.
EMPHATIC_ONE_DETERMINERS = frozenset({"this", "that", "the"})


def _is_lone_one(doc: Doc, text: str, figure: _Figure) -> bool:
    """`one` as a pronoun ("one of the largest"), an idiom ("one-time") or for emphasis ("this one issue"),
    `half` as a period ("the second half", "half-time")."""
    if LONE_HALF_RE.fullmatch(text[figure.core_start : figure.core_end]) and figure.unit == "count":
        followed_by_of = re.match(r"\s+of\b", text[figure.end : figure.end + 4]) is not None
        return figure.qualifier == "exact" and not followed_by_of or text[figure.end : figure.end + 1] == "-"
    if figure.value_low != 1 or figure.unit != "count" or not figure.number.is_words or figure.qualifier != "exact":
        return False
    written = text[figure.core_start : figure.core_end].lower()
    if written not in ("one", "an", "a"):
        return False
    if written == "one" and ONE_IDIOM_RE.match(text, figure.core_end):
        return True
    core = _tokens(doc, figure.core_start, figure.core_end)
    if core is not None and core.start > 0 and doc[core.start - 1].lower_ in EMPHATIC_ONE_DETERMINERS and written == "one":
        return True
    return core is None or core[-1].dep_ != "nummod"


# People a story has already named and now refers back to by number ("the two men", "the two leaders").
REFERRING_PERSON_NOUNS = frozenset({"men", "women", "leaders", "brothers", "sisters", "rivals"})


def _is_back_reference(doc: Doc, figure: _Figure) -> bool:
    """"The two men said" refers to people named before and counts nothing new; "police arrested two men" counts."""
    if not figure.number.is_words or figure.unit != "count" or figure.qualifier != "exact" or not 2 <= figure.value_low <= 4:
        return False
    if figure.counted_object is None or figure.counted_object.split()[-1].lower() not in REFERRING_PERSON_NOUNS:
        return False
    core = _tokens(doc, figure.core_start, figure.core_end)
    return core is not None and core.start > 0 and doc[core.start - 1].lower_ == "the"


# Track and pool race distances in metres, and the words that make a distance the name of its race.
RACE_DISTANCES_M = frozenset({50, 60, 100, 110, 200, 400, 800, 1500, 3000, 5000, 10000})
RACE_WORDS = frozenset({
    "hurdles", "steeplechase", "freestyle", "backstroke", "breaststroke", "butterfly", "medley", "relay", "dash",
    "sprint", "final", "finals", "heat", "heats", "semi", "title", "race", "record", "gold", "silver", "bronze",
    "champion", "crown", "event", "world", "olympic", "european",
})


def _is_race_name(doc: Doc, figure: _Figure) -> bool:
    """"won the 800m", "the 60m hurdles", "the 10,000m title" name a race; "ran 800m", "an 800m stretch" measure."""
    if figure.unit != "m" or figure.qualifier != "exact" or figure.value_low != figure.value_high or figure.value_low not in RACE_DISTANCES_M:
        return False
    span = _tokens(doc, figure.start, figure.end)
    if span is None:
        return False
    following = doc[span.end] if span.end < len(doc) else None
    if following is not None and following.lower_ in RACE_WORDS:
        return True
    previous = doc[span.start - 1] if span.start > 0 else None
    named = previous is not None and (previous.lower_ == "the" or previous.tag_ == "POS")  # "the 800m", "women's 800m"
    return named and (following is None or following.pos_ not in ("NOUN", "PROPN", "ADJ"))


ACCOUNTING_OPEN_RE = re.compile(r"\(\s*$")
ACCOUNTING_CLOSE_RE = re.compile(r"\s*\)")


def _read_accounting_negatives(doc: Doc, text: str, figures: list[_Figure]) -> list[_Figure]:
    """"The annual loss is ($99.99)": an amount alone in brackets after a verb, preposition, colon or line
    start is negative, as accountants write it. A bracketed amount right after another figure ("€5m ($5.5m)")
    restates that figure, and one after a noun ("the fine ($5m)") is an aside: both stay as written."""
    result = list(figures)
    for i, figure in enumerate(figures):
        if units.unit_table()[figure.unit].dimension != "currency" or figure.qualifier != "exact":
            continue
        if not (figure.value_low == figure.value_high > 0):
            continue
        opening = ACCOUNTING_OPEN_RE.search(text, max(0, figure.start - 3), figure.start)
        closing = ACCOUNTING_CLOSE_RE.match(text, figure.end)
        if opening is None or closing is None:
            continue
        before = text[: opening.start()].rstrip()
        if i > 0 and before and len(before) <= figures[i - 1].end:
            continue  # "€5m ($5.5m)": a paired restatement
        if before and before[-1] not in ":=\n|":
            words = _tokens(doc, len(before) - 1, len(before))
            if words is None or words[-1].pos_ not in ("AUX", "VERB", "ADP"):
                continue
        result[i] = replace(figure, start=opening.start(), end=closing.end(), value_low=-figure.value_low, value_high=-figure.value_high)
    return result


# --- coordination and restatements ----------------------------------------------------------------

COORDINATION_RE = re.compile(r"\s*(?:,\s*)?(?:and|or|,)\s*", re.IGNORECASE)


def _distribute(text: str, figures: list[_Figure], sentence_of: list[int]) -> list[_Figure]:
    """Share a qualifier forwards and a unit backwards across coordinated figures.

    "approximately 120 missiles and 90 drones": both approximate; "45 and 50 mg": both milligrams.
    """
    result = list(figures)
    for i in range(len(result) - 1):
        first, second = result[i], result[i + 1]
        if sentence_of[i] != sentence_of[i + 1]:
            continue
        between = text[first.end : second.start]
        if first.counted_object and between.lstrip().startswith(first.counted_object):
            between = between.lstrip()[len(first.counted_object) :]
        if not COORDINATION_RE.fullmatch(between):
            continue
        if second.qualifier == "exact" and first.qualifier != "exact" and second.start == second.core_start:
            same_dimension = units.unit_table()[first.unit].dimension == units.unit_table()[second.unit].dimension
            if same_dimension:
                result[i + 1] = replace(second, qualifier=first.qualifier)
        if not first.has_unit_word and first.unit == "count" and first.counted_object is None and second.has_unit_word and first.value_low == first.value_high:
            factor = second.factor
            result[i] = replace(first, unit=second.unit, factor=factor, value_low=first.value_low * factor, value_high=first.value_high * factor)
        if first.counted_object is None and second.counted_object and text[first.end : second.start].strip().lower() in ("and", "or", ","):
            result[i] = replace(result[i], counted_object=second.counted_object)
    return result


PAIR_OPEN_RE = re.compile(r"\s*[(\[]\s*(?:or\s+|about\s+|approx(?:imately|\.)?\s+|roughly\s+|some\s+)?$", re.IGNORECASE)


def _link_pairs(text: str, figures: list[_Figure]) -> list[_Figure]:
    """`300km (186 miles)`: the bracketed restatement in another unit of the same dimension."""
    table = units.unit_table()
    result = list(figures)
    for i in range(1, len(result)):
        first, second = result[i - 1], result[i]
        gap = text[first.end : second.start]
        if first.paired_with is not None and re.fullmatch(r"\s*[;,]\s*", gap):
            original = result[first.paired_with]  # "$2bn (1.53bn euros; £1.05bn)": a second restatement
            if table[original.unit].dimension == table[second.unit].dimension and original.unit != second.unit:
                result[i] = replace(second, paired_with=first.paired_with)
            continue
        if not PAIR_OPEN_RE.fullmatch(gap):
            continue
        if first.unit == second.unit or table[first.unit].dimension != table[second.unit].dimension:
            continue
        if table[first.unit].dimension in ("count", "percent"):
            continue
        result[i] = replace(second, paired_with=i - 1, counted_object=second.counted_object or first.counted_object)
    return result


def _sentence_starts(doc: Doc) -> list[int]:
    """Character offsets where sentences start, read from the token array (iterating `doc.sents` builds every Token)."""
    if len(doc) == 0:
        return [0]
    columns = doc.to_array([SENT_START, IDX])
    starts = [int(idx) for flag, idx in columns if flag == 1]
    return starts if starts and starts[0] == 0 else [0, *starts]


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


def _blocked_spans(text: str, lexicon: UnitLexicon) -> list[tuple[int, int]]:
    """Character spans that are never figures (their union is what counts)."""
    spans = [(m.start(), m.end()) for m in WORDY_NON_FIGURE_RE.finditer(text)]
    spans += [(m.start(), m.end()) for m in lexicon.number_name_pattern.finditer(text)]  # "Six Nations", "Euro 2004"
    for start, end in _digit_windows(text):
        spans += [(m.start(), m.end()) for m in DIGIT_NON_FIGURE_RE.finditer(text, start, end)]
    return spans


def _is_storable(figure: _Figure) -> bool:
    """A number too long for a float (a 310-digit string) reads as infinity, and a range from it as
    NaN: such a value is no measurement, and would break every sum and comparison downstream. So is
    one whose value in the unit's base unit overflows."""
    values = (figure.value_low, figure.value_high, units.normalize_value(figure.value_low, figure.unit)[0])
    return all(value is None or math.isfinite(value) for value in values)


def extract_figures(doc: Doc, lexicon: UnitLexicon) -> list[FigureRecord]:
    """Every figure in the parsed article, in text order, read with the curated unit `lexicon`."""
    text = doc_text(doc)
    numbers = _find_numbers(text, _blocked_spans(text, lexicon), lexicon)
    figures: list[_Figure] = []
    for number in numbers:
        previous_end = figures[-1].end if figures else 0
        if number.start < previous_end:
            continue  # already read as part of the previous figure ("4 thousand 3 hundred")
        figure = _build_figure(text, number, lexicon, previous_end)
        if figure is not None:
            figures.append(figure)
    figures = [_without_name_unit(doc, text, f) for f in figures]
    figures = [f for f in figures if not _is_name_or_code(text, f) and not _is_year(doc, text, f)]
    figures = _join_compound_amounts(text, _join_ranges(text, _join_spoken_fractions(text, figures)))
    figures = _read_accounting_negatives(doc, text, figures)
    figures = [replace(f, counted_object=_counted_object(doc, f)) for f in figures if not _inside_name(doc, f)]
    figures = [f for f in figures if not _is_lone_one(doc, text, f) and not _is_age_or_label(doc, f) and not _is_adjective_gross(doc, text, f)]
    figures = [f for f in figures if not _is_race_name(doc, f) and not _is_back_reference(doc, f)]
    figures = [f for f in figures if _is_storable(f)]
    sentence_starts = _sentence_starts(doc) if figures else []
    sentence_of = [max(0, bisect_right(sentence_starts, f.start) - 1) for f in figures]
    figures = _link_pairs(text, _distribute(text, figures, sentence_of))
    return [
        FigureRecord(
            surface=text[f.start : f.end],
            start_char=f.start,
            end_char=f.end,
            sentence_index=sentence_of[i],
            value=f.value_low,
            value_low=f.value_low,
            value_high=f.value_high,
            unit=f.unit,
            qualifier=f.qualifier,
            counted_object=f.counted_object,
            paired_with=f.paired_with,
        )
        for i, f in enumerate(figures)
    ]
