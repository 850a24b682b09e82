"""What is written around a number and turns it into an amount: a currency before it (`$`, `US$`, `USD`,
`MEUR`), scale words after it (million, `bn`, `m` after a currency, `k`), a unit after it (`km`, `-foot`,
` per cent`, `USD`) and a rate (" an hour", "/kg", "per second squared").

Each reader looks at the characters from one offset and returns where its match ends, or None.
"""

from __future__ import annotations

import re

from transforms import units
from transforms.extract.figures.model import Number
from transforms.extract.figures.number_words import MAGNITUDES
from transforms.extract.unit_lexicon import UnitLexicon, UnitSurface

# Abbreviated scales written after digits ("$25m", "5bn", "10k"); `m` only means million after a currency.
SCALE_ABBREVIATIONS: dict[str, float] = {
    "k": 1e3, "mn": 1e6, "mln": 1e6, "mil": 1e6, "bn": 1e9, "bln": 1e9, "b": 1e9, "tn": 1e12, "tln": 1e12, "trn": 1e12, "t": 1e12,
}


SCALE_WORD_RE = re.compile(
    r"(?P<sep>[ \t\u00a0]*-?[ \t\u00a0]*)(?P<scale>hundred|thousand|million|billion|trillion|lakh|crore|dozens?|dzs|dozs"
    r"|mn|mln|mil|bn|bln|tn|tln|trn|mm|[kKmMbBtT])(?![A-Za-z0-9])",
    re.IGNORECASE,
)


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


def currency_code(written: str) -> tuple[str, float] | None:
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


def read_prefix(text: str, start: int, lexicon: UnitLexicon, min_start: int) -> tuple[int, str, float, bool] | None:
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
        found = currency_code(code_match.group(1))
        if found:
            return left_start + code_match.start(1), found[0], found[1], False
    word_match = re.search(r"(?<![A-Za-z])(dollars?|euros?|rmb|yuan)\s+$", left, re.IGNORECASE)
    if word_match:
        return left_start + word_match.start(1), CURRENCY_WORDS_BEFORE[word_match.group(1).lower()], 1.0, False
    return None


CURRENCY_WORD_AHEAD_RE = re.compile(r"\s+(?:euros?|dollars?|pounds|yen|yuan|francs|rupees|roubles|rubles|dinars|rand)\b", re.IGNORECASE)


def read_scale(text: str, pos: int, currency: bool) -> tuple[int, float] | None:
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


def money_if_scaled(written: str, entry: UnitSurface, scaled: bool) -> UnitSurface:
    """Pounds after a scale are money, not a weight: "two million pounds", "tens of thousands of pounds"."""
    if scaled and written.lower() in ("pound", "pounds"):
        return UnitSurface(written, "GBP", 1.0, False)
    return entry


def read_suffix_unit(text: str, pos: int, lexicon: UnitLexicon, number: Number, has_scale: bool) -> tuple[int, UnitSurface] | None:
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
        entry = money_if_scaled(written, entry, has_scale)
        if bracket and gap_end == bracket.end():
            closing = BRACKETS[bracket.group(1)]
            if not text.startswith(closing, unit_match.end()):
                continue
            return unit_match.end() + 1, entry
        return unit_match.end(), entry
    code = re.match(r"[ \t]?(?P<code>[mM]?[A-Za-z]{3})(?![A-Za-z])", text[pos : pos + 6])
    if code:
        found = currency_code(code.group("code"))
        if found:
            return pos + code.end(), UnitSurface(code.group("code"), found[0], found[1], True)
    return None


TIMES_RE = re.compile(r"\s+times?(?=\s)", re.IGNORECASE)


def read_rate(text: str, end: int, unit_code: str, has_unit_word: bool, lexicon: UnitLexicon) -> tuple[int, str] | None:
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


def read_scales(text: str, end: int, value: float, currency: bool) -> tuple[int, float, float]:
    """Apply the scale words after a number: returns (end, value, last multiplier)."""
    last_multiplier = 0.0
    scale = read_scale(text, end, currency=currency)
    while scale:
        end, multiplier = scale
        value *= multiplier
        last_multiplier = multiplier
        scale = read_scale(text, end, currency=currency) if multiplier < 1e3 or multiplier == 1e5 else None
    return end, value, last_multiplier
