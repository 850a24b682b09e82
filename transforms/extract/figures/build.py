"""From a number to a figure: the number with its currency, scale words, unit, rate, sign and qualifier.

`build_figures` finds the numbers of a text and builds a figure around each; `build_figure` reads outwards from one number: a currency written before it, scale words after it
("4 thousand 3 hundred and 21" is one amount), the unit after it, a rate, a sign word and the qualifier.
It returns None for an age ("28 years old"), which is not asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from transforms import units
from transforms.extract.figures.model import Figure, Number
from transforms.extract.figures.not_figures import blocked_spans
from transforms.extract.figures.number_words import parse_words
from transforms.extract.figures.numbers import (
    DIGIT_NUMBER_RE,
    DIGITS,
    digit_value,
    find_numbers,
)
from transforms.extract.figures.qualifiers import read_qualifier
from transforms.extract.figures.written_units import (
    money_if_scaled,
    read_prefix,
    read_rate,
    read_scales,
    read_suffix_unit,
)
from transforms.extract.unit_lexicon import UnitLexicon

AGE_RE = re.compile(r"^\s*-?\s*old\b", re.IGNORECASE)


CONTINUATION_RE = re.compile(r"\s+(?:and\s+)?(?=\d|[a-z])")
AND_A_HALF_RE = re.compile(r"\s+and\s+a\s+(half|quarter)\b", re.IGNORECASE)
PERCENT_OF_RE = re.compile(r"(?<![A-Za-z])(?:percents?|per\s?cent)\s+of\s+$", re.IGNORECASE)
SIGN_WORD_RE = re.compile(r"(?<![A-Za-z])(?:minus|negative)\s+$", re.IGNORECASE)


UNCERTAINTY_RE = re.compile(rf"\s*(?:\+\s?/\s?[-−]|±|\+[-−])\s*{DIGITS}(?:[eE][-+−]?\d+)?(?!\d|\.\d)")
SCALED_AMOUNT_BEFORE_RE = re.compile(r"[$£€¥]\s?\d[\d.,]*\s?(?:m|bn)\s*(?:-|–|to)\s*$", re.IGNORECASE)


def build_figures(text: str, lexicon: UnitLexicon) -> list[Figure]:
    """A figure around each number of `text` outside the spans that are never figures, in text order; a number
    already read into the previous figure ("4 thousand 3 hundred") starts none of its own."""
    figures: list[Figure] = []
    for number in find_numbers(text, blocked_spans(text, lexicon), lexicon):
        previous_end = figures[-1].end if figures else 0
        if number.start < previous_end:
            continue
        figure = build_figure(text, number, lexicon, previous_end)
        if figure is not None:
            figures.append(figure)
    return figures


@dataclass(frozen=True)
class _Draft:
    """A figure while `build_figure` reads outwards from its number; `value` is in the written unit."""

    start: int
    end: int
    value: float
    unit: str = "count"
    factor: float = 1.0  # written unit -> `unit` (0.01 for cents)
    has_unit_word: bool = False
    has_scale: bool = False


def build_figure(text: str, number: Number, lexicon: UnitLexicon, min_start: int) -> Figure | None:
    """Extend a number with its currency prefix, scale, unit, rate, sign and qualifier, reading no further left
    than `min_start` (the end of the previous figure). None for an age ("28 years old"), which is not asked for."""
    draft = _Draft(number.start, number.end, number.value)
    plain = not number.vague and number.unit is None  # a number that may take a prefix, scale and unit
    prefix = read_prefix(text, number.start, lexicon, min_start) if plain else None
    if plain:
        draft = _with_scales(text, number, draft, currency_before=prefix is not None)
        if uncertainty := UNCERTAINTY_RE.match(text, draft.end):
            draft = replace(draft, end=uncertainty.end())  # "9.83e-3 +/- 1e-5 km/s2": one figure; the record has no place for the uncertainty
    draft = _with_unit(text, number, lexicon, draft, prefix)
    if not draft.has_unit_word and (percent_of := PERCENT_OF_RE.search(text[max(min_start, draft.start - 20) : draft.start])):
        draft = replace(draft, start=draft.start - len(percent_of.group()), unit="percent", has_unit_word=True)
    if draft.unit == "year" and AGE_RE.match(text[draft.end : draft.end + 8]):
        return None  # ages are not asked for
    if rate := read_rate(text, draft.end, draft.unit, draft.has_unit_word, lexicon):
        draft = replace(draft, end=rate[0], unit=rate[1], has_unit_word=True)
    value = draft.value * draft.factor
    start = draft.start
    if not number.is_words and (sign_word := SIGN_WORD_RE.search(text[max(min_start, start - 12) : start])):
        value = -value
        start -= len(sign_word.group())
    start, end, qualifier = read_qualifier(text, start, draft.end, min_start, vague=number.vague)
    scale = value / (draft.factor * number.value) if number.value and not number.vague else 1.0
    return Figure(
        start, end, number.start, number.end, value, value, draft.unit, qualifier, draft.has_unit_word, draft.has_scale, number,
        abs(scale), draft.factor,
    )


def _with_scales(text: str, number: Number, draft: _Draft, currency_before: bool) -> _Draft:
    """The scale words after the number ("$25m", "5 thousand"), a smaller number after them ("4 thousand 3 hundred
    and 21") and "and a half" ("5 million and a half")."""
    after_amount = SCALED_AMOUNT_BEFORE_RE.search(text, max(0, number.start - 24), number.start) is not None  # "$5m-10m"
    end, value, last_multiplier = read_scales(text, draft.end, draft.value, currency=currency_before or after_amount)
    has_scale = last_multiplier > 0
    if has_scale and not number.is_words and last_multiplier in (100.0, 1e3, 1e5, 1e7):
        end, value, last_multiplier = _with_smaller_tail(text, end, value, last_multiplier)
    if has_scale and (half := AND_A_HALF_RE.match(text, end)) and last_multiplier >= 1e3:
        value += last_multiplier * (0.5 if half.group(1).lower() == "half" else 0.25)
        end = half.end()
    return replace(draft, end=end, value=value, has_scale=has_scale)


def _with_smaller_tail(text: str, end: int, value: float, last_multiplier: float) -> tuple[int, float, float]:
    """"4 thousand 3 hundred and 21": each smaller number written after a digit and a scale word is added;
    returns the new (end, value, last multiplier)."""
    while more := CONTINUATION_RE.match(text, end):
        tail = DIGIT_NUMBER_RE.match(text, more.end())
        if tail is not None:
            tail_value = digit_value(tail)
            if tail_value is None or tail.group("sign"):
                break
            tail_end, tail_value, tail_multiplier = read_scales(text, tail.end(), tail_value, currency=False)
        else:
            words = parse_words(text, more.end())
            if words is None or words[0] < 0:
                break
            tail_value, tail_end = words
            tail_multiplier = 0.0
        if tail_value >= last_multiplier or (tail_multiplier and tail_multiplier >= last_multiplier):
            break
        value, end, last_multiplier = value + tail_value, tail_end, tail_multiplier or 1.0
        if tail_multiplier == 0:
            break
    return end, value, last_multiplier


def _with_unit(text: str, number: Number, lexicon: UnitLexicon, draft: _Draft, prefix: tuple[int, str, float, bool] | None) -> _Draft:
    """The unit: a named quantity's own, the currency prefix, the unit written after the number, or for a
    vague plural the unit after "of" ("hundreds of miles")."""
    table = units.unit_table()
    suffix = read_suffix_unit(text, draft.end, lexicon, number, draft.has_scale) if number.unit is None else None
    if number.unit is not None:
        draft = replace(draft, unit=number.unit, has_unit_word=True)
    if suffix and table[suffix[1].unit].dimension == "currency":
        followed = re.match(r"(\s*)\d", text[suffix[0] : suffix[0] + 3])
        if followed and (not followed.group(1) or prefix):
            suffix = None  # "3 USD50 cards", "rmb 10 usd 20": the code opens the next amount
    if prefix and suffix and not prefix[3] and table[suffix[1].unit].dimension != "count":
        prefix = None  # "50 dollar 40 rmb": the 40 is in rmb
    if prefix:
        draft = replace(draft, start=prefix[0], unit=prefix[1], factor=prefix[2], has_unit_word=True)
    if suffix and not prefix:
        end, entry = suffix
        draft = replace(draft, end=end, unit=entry.unit, factor=entry.factor, has_unit_word=True)
        if table[entry.unit].dimension == "currency" and not draft.has_scale:
            end, value, last_multiplier = read_scales(text, end, draft.value, currency=True)  # "75 USD million"
            draft = replace(draft, end=end, value=value, has_scale=last_multiplier > 0)
    elif suffix and prefix and suffix[1].surface.lower() in ("dollar", "dollars") and draft.unit == "USD":
        draft = replace(draft, end=suffix[0])  # "$ 10 dollars"
    elif number.vague and text[draft.end : draft.end + 4].lower() == " of ":
        unit_match = lexicon.suffix_pattern.match(text, draft.end + 4)
        entry = lexicon.lookup(unit_match.group(), "suffix") if unit_match else None
        if entry is not None:
            entry = money_if_scaled(unit_match.group(), entry, scaled=number.value >= 100)  # "tens of thousands of pounds"
        if entry is not None and table[entry.unit].dimension not in ("count", "percent"):
            draft = replace(draft, end=unit_match.end(), unit=entry.unit, factor=entry.factor, has_unit_word=True)
    return draft
