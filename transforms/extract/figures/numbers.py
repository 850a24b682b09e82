"""Finding every number in an article's text: digits (`1,234.5`, `3 1/2`, `3 x 10^8`), vulgar fractions,
vague plurals ("tens of thousands of"), named quantities ("absolute zero"), numbers in words, and an
article that means one unit ("a gallon").

A number is looked for only outside the spans already known not to be figures (`not_figures.blocked_spans`),
and where two readings overlap the first kind found wins.
"""

from __future__ import annotations

import re

from transforms.extract.figures.model import Number
from transforms.extract.figures.number_words import (
    MAGNITUDES,
    SMALL_NUMBERS,
    TENS,
    WORD_NUMBER_START_RE,
    parse_words,
)
from transforms.extract.unit_lexicon import UnitLexicon

# Vague plurals ("dozens of drones", "tens of thousands of people"): the smallest amount they can mean.
VAGUE_PLURALS: dict[str, float] = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2e6, "billions": 2e9}


VULGAR_FRACTIONS: dict[str, float] = {
    "½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅖": 0.4, "⅗": 0.6, "⅘": 0.8,
    "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625, "⅞": 0.875,
}


DIGITS = (
    r"(?:\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?![\d,])"  # 12,34,567.89 (Indian grouping)
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)"  # 1,234,567.5
    r"|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:\.\d+)?(?![\d,.]?\d)"  # 1 234 567
    r"|\d+ \. \d+(?= ?(?:%|percent\b|per cent\b|million\b|billion\b|marks\b|yen\b))"  # tokenised wire text: "6 . 2 %"
    r"|\d+\.\d+|\.\d+|\d+)"
)
DIGIT_NUMBER_RE = re.compile(
    rf"(?P<sign>(?<![\w.,])[-−–+]\s?)?(?P<num>{DIGITS})"
    r"(?P<mixed>\s+\d+/\d+|[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞])?"
    r"(?P<fraction>/\d+(?![\d/]))?"
    r"(?P<power>(?:[eE][-+−]?\d+|\s?[x×*]\s?10\s?\^?\s?[-+−]?\d+|[x×*]\d{1,2}\^[-+−]?\d+|\^[-+−]*\d+)(?![\d.]))?"
)
VULGAR_RE = re.compile(r"(?<![\w])[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]")


VAGUE_RE = re.compile(
    r"(?<![\w-])(?:(?P<outer>tens|hundreds)\s+of\s+)?(?P<vague>dozens|scores|hundreds|thousands|millions|billions)(?=\s+of\b)",
    re.IGNORECASE,
)


def digit_value(match: re.Match[str]) -> float | None:
    """The value of a number matched by `DIGIT_NUMBER_RE`, or None when it has none (a zero denominator, an overflow)."""
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


class _Taken:
    """The characters already read as a number or blocked: a later reading may not overlap them."""

    def __init__(self, text: str, blocked: list[tuple[int, int]]) -> None:
        self._flags = bytearray(len(text) + 1)
        for start, end in blocked:
            self.take(start, end)

    def free(self, start: int, end: int) -> bool:
        return not any(self._flags[start:end])

    def take(self, start: int, end: int) -> None:
        self._flags[start:end] = b"\x01" * (end - start)


def find_numbers(text: str, blocked: list[tuple[int, int]], lexicon: UnitLexicon) -> list[Number]:
    """Every number written in digits or words, outside the `blocked` spans (dates, times, ordinals, ...),
    in text order.

    The kinds are read in a fixed order, each only where no earlier one was: a named quantity is a
    number in its unit ("absolute zero"), then vague plurals, digits, vulgar fractions and words; an
    article before a unit word ("a gallon of beer") is the number one.
    """
    taken = _Taken(text, blocked)
    numbers = [
        *_named_quantities(text, lexicon, taken),
        *_vague_plurals(text, taken),
        *_digit_numbers(text, taken),
        *_vulgar_fractions(text, taken),
        *_word_numbers(text, taken),
        *_unit_articles(text, lexicon, taken),
    ]
    numbers.sort(key=lambda n: n.start)
    return numbers


def _named_quantities(text: str, lexicon: UnitLexicon, taken: _Taken) -> list[Number]:
    """"absolute zero": a phrase of the lexicon that names a value in a unit."""
    numbers: list[Number] = []
    for match in lexicon.named_pattern.finditer(text):
        if taken.free(match.start(), match.end()):
            value, unit = lexicon.named_quantities[re.sub(r"\s+", " ", match.group().lower())]
            numbers.append(Number(match.start(), match.end(), value, True, False, unit=unit))
            taken.take(match.start(), match.end())
    return numbers


def _vague_plurals(text: str, taken: _Taken) -> list[Number]:
    """"dozens of", "tens of thousands of": the smallest amount they can mean, marked vague."""
    numbers: list[Number] = []
    for match in VAGUE_RE.finditer(text):
        if not taken.free(match.start(), match.end()):
            continue
        value = VAGUE_PLURALS[match.group("vague").lower()]
        if match.group("outer"):
            value *= 10 if match.group("outer").lower() == "tens" else 100
            if match.group("vague").lower() == "dozens":
                continue
        numbers.append(Number(match.start(), match.end(), value, True, False, vague=True))
        taken.take(match.start(), match.end())
    return numbers


def _digit_numbers(text: str, taken: _Taken) -> list[Number]:
    """Numbers written in digits, with their sign, mixed or plain fraction and power."""
    numbers: list[Number] = []
    for match in DIGIT_NUMBER_RE.finditer(text):
        if not taken.free(match.start("num"), match.end("num")):
            continue
        value = digit_value(match)
        if value is None:
            continue
        plain = match.group("num").isdigit() and not (match.group("mixed") or match.group("fraction") or match.group("power"))
        numbers.append(Number(match.start(), match.end(), value, False, plain))
        taken.take(match.start(), match.end())
    return numbers


def _vulgar_fractions(text: str, taken: _Taken) -> list[Number]:
    """A vulgar fraction standing alone ("½ a mile"); after digits it is part of a mixed number."""
    numbers: list[Number] = []
    for match in VULGAR_RE.finditer(text):
        if taken.free(match.start(), match.end()):
            numbers.append(Number(match.start(), match.end(), VULGAR_FRACTIONS[match.group()], False, False))
            taken.take(match.start(), match.end())
    return numbers


def _word_numbers(text: str, taken: _Taken) -> list[Number]:
    """Numbers written in words, except inside names ("Twenty20") and ordinals ("twenty-first")."""
    numbers: list[Number] = []
    for match in WORD_NUMBER_START_RE.finditer(text):
        if not taken.free(match.start(), match.end()):
            continue
        parsed = parse_words(text, match.start())
        if parsed is None:
            continue
        value, end = parsed
        if end < match.end() or not taken.free(match.start(), end):
            continue
        if end < len(text) and text[end].isdigit():
            continue  # Twenty20
        if HYPHENATED_ORDINAL_RE.match(text, end):
            continue  # "the twenty-first century" is an ordinal
        numbers.append(Number(match.start(), end, value, True, False))
        taken.take(match.start(), end)
    return numbers


def _unit_articles(text: str, lexicon: UnitLexicon, taken: _Taken) -> list[Number]:
    """"a gallon", "a penny": an article that means one unit, unless a price comes before it ("$5 a gallon")."""
    return [
        Number(match.start(), match.end(), 1.0, True, False)
        for match in lexicon.article_pattern.finditer(text)
        if taken.free(match.start(), match.end()) and not _number_just_before(text, match.start())
    ]
