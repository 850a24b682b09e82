"""Figures written next to each other that are one figure: a range ("18 to 25 percent", "between 5 and 6"),
a spoken fraction ("one over three") and an amount with its subunit ("5 feet 2 inches", "3 dollars 50 cents").

A range keeps both ends and is never averaged; a change from one value to another ("rose from 5% to 7%")
and a score ("a 16-9 win") are not ranges.
"""

from __future__ import annotations

import re
from dataclasses import replace

from transforms import units
from transforms.extract.figures.model import Figure, written_value
from transforms.extract.figures.number_words import parse_words
from transforms.schema import LOWER_BOUNDS, UPPER_BOUNDS

RANGE_JOIN_RE = re.compile(r"\s*(?:-\s*to|to|through|thru|–|—|-|~|and|,)\s*", re.IGNORECASE)
CHANGE_VERB_RE = re.compile(
    r"\b(?:ris(?:e|es|ing)|rose|risen|f[ae]ll(?:s|ing|en)?|increas\w*|decreas\w*|cut(?:s|ting)?|reduc\w*|gr[eo]w\w*|"
    r"drop\w*|climb\w*|jump\w*|slip\w*|declin\w*|rais\w*|lower\w*|boost\w*|chang\w*|went|go(?:es|ing)?|"
    r"soar\w*|plung\w*|slump\w*|surg\w*|doubl\w*|halv\w*|shr[iu]nk\w*|mov\w*|add\w*|gain\w*|los[et]\w*|sank|sink\w*|"
    r"tumbl\w*|slid\w*|dipp?\w*|widen\w*|narrow\w*|revis\w*|upgrad\w*|downgrad\w*)\b[^.;]{0,40}$",
    re.IGNORECASE,
)


SCORE = "score"  # a descending "16-9": a result, not two quantities


def join_ranges(text: str, figures: list[Figure]) -> list[Figure]:
    """Merge `18 to 25 percent`, `between 5 and 6`, `12.8–13.0`, `above 1000 and below 1500` into ranges."""
    merged: list[Figure] = []
    i = 0
    while i < len(figures):
        first = figures[i]
        if i + 1 < len(figures):
            joined = _range_between(text, first, figures[i + 1])
            if joined == SCORE:
                i += 2
                continue
            if isinstance(joined, Figure):
                merged.append(joined)
                i += 2
                continue
        merged.append(first)
        i += 1
    return merged


def _range_between(text: str, first: Figure, second: Figure) -> Figure | str | None:
    """The range two neighbouring figures form, `SCORE` for a result ("16-9"), or None when they are two figures."""
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
        low_value = written_value(first) * low_scale * factor
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
    return Figure(start, second.end, first.core_start, second.core_end, low_value, high_value, unit, qualifier,
                   first.has_unit_word or second.has_unit_word, first.has_scale or second.has_scale, first.number,
                   scale=high_scale, factor=factor)


FRACTION_JOIN_RE = re.compile(r"\s+(?:over|out\s+of)\s+", re.IGNORECASE)
CLAUSE_END_RE = re.compile(r"\s*(?:$|[.,;:!?)])")


def join_spoken_fractions(text: str, figures: list[Figure]) -> list[Figure]:
    """`one over three`, `2000 over 3`, `one out of three` said as a fraction at the end of a clause."""
    merged: list[Figure] = []
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


# A larger unit followed by its subunit: "5 feet 2 inches", "3 dollars 50 cents", "15 dollars and 50".
SUBUNITS: dict[tuple[str, str], float] = {("foot", "inch"): 1 / 12, ("lb", "oz"): 1 / 16, ("hour", "minute"): 1 / 60, ("minute", "second"): 1 / 60}
COMPOUND_GAP_RE = re.compile(r"\s*(?:and\s+)?")
# A time is also written with a comma between its parts: "one minute, 47.97 seconds", "2 hours, 5 minutes".
TIME_SUBUNITS = frozenset({("hour", "minute"), ("minute", "second")})
TIME_COMPOUND_GAP_RE = re.compile(r",?\s*(?:and\s+)?")
CURRENCY_TAIL_RE = re.compile(r"\s*(?:and\s+)?(?P<num>\d{1,2}|[a-z]+(?:[ -][a-z]+)?)(?P<unit>\s*cents?)?(?![\w$€£])", re.IGNORECASE)


def join_compound_amounts(text: str, figures: list[Figure]) -> list[Figure]:
    """Merge a quantity and its subunit written after it into one figure."""
    merged: list[Figure] = []
    i = 0
    while i < len(figures):
        first = figures[i]
        second = figures[i + 1] if i + 1 < len(figures) else None
        gap = text[first.end : second.start] if second else ""
        if (
            second is not None
            and first.qualifier == "exact" == second.qualifier
            and (COMPOUND_GAP_RE.fullmatch(gap) or ((first.unit, second.unit) in TIME_SUBUNITS and TIME_COMPOUND_GAP_RE.fullmatch(gap)))
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
    parsed = parse_words(written, 0)
    if parsed is None or parsed[1] != len(written) or not 0 < parsed[0] < 100:
        return None
    return parsed[0]
