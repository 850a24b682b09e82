"""English numbers written in words: "one hundred and sixty-one", "a quarter million", "two thirds of a million".

`parse_words` reads one number from a start offset and returns its value and where it ends; it never
looks at the spaCy parse, so it reads lower-cased or tokenised text the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

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


# The unit ordinals that end a compound denominator after a tens word ("one twenty-fifth", "three twenty firsts").
UNIT_ORDINALS: dict[str, int] = {
    "first": 1, "firsts": 1, "second": 2, "seconds": 2, "third": 3, "thirds": 3, "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5,
    "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
}


_NUMBER_WORDS = sorted({*SMALL_NUMBERS, *TENS, "hundred", *MAGNITUDES, "dozen", "half", "quarter"}, key=len, reverse=True)
ARTICLE_FOLLOWERS = sorted({"hundred", *MAGNITUDES, "dozen", *DENOMINATORS} - {"second"}, key=len, reverse=True)
WORD_NUMBER_START_RE = re.compile(
    rf"(?<![\w-])(?:(?:minus|negative)\s+)?"
    rf"(?:an?\s+(?:{'|'.join(ARTICLE_FOLLOWERS)}|gross|square\s+dozen|great\s+gross|baker['’]s\s+dozen)|an?\s+(?:{'|'.join(TENS)})[\s-]+(?:{'|'.join(UNIT_ORDINALS)})|half\s+an?\s+(?:dozen|hundred|thousand|million|billion)|{'|'.join(_NUMBER_WORDS)})(?![\w])",
    re.IGNORECASE,
)


WORD_TOKEN_RE = re.compile(r"\s*(?:-\s*)?([A-Za-z]+|&)(?:['’]s(?=\s+dozen\b))?")  # "&" reads as "and"; "baker's dozen"
COMMA_CONTINUATION_RE = re.compile(r"\s*,\s*(?=[A-Za-z])")


def _word_tokens(text: str, start: int, limit: int = 24) -> list[tuple[str, int, int]]:
    """The words from `start` on, lower-cased, with their offsets (at most `limit`: a number is never longer)."""
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


# What `parse_words` does with the word it looks at: read it and go on ("next"), go on from where the
# step moved (it read more words, or none that end the number: "skip"), or end the number ("stop").
_Step = Literal["next", "skip", "stop"]


@dataclass
class _Reading:
    """The state of `parse_words` while it reads one number, word by word (private to one call)."""

    tokens: list[tuple[str, int, int]]  # (lower-cased word, start, end)
    total: float = 0.0  # the part already multiplied by a magnitude
    current: float = 0.0  # the part below the last magnitude
    group: float = 0.0  # the part of `current` after the last "hundred" (a fraction's numerator)
    last_magnitude: float = 0.0
    after_magnitude_and: bool = False
    group_after_and: bool = False  # the numerator group was introduced by "and" ("one hundred and three quarters")
    end: int | None = None  # where the number read so far ends
    last: str = ""  # the kind of word read last: small, tens, hundred, magnitude, article, and, and_a, fraction, decimal
    sign: float = 1.0
    i: int = 0  # the token looked at
    word_end: int = 0  # where the words read by this step end

    def word(self, ahead: int = 0) -> str:
        """The token `ahead` tokens after the one looked at, or "" past the last."""
        j = self.i + ahead
        return self.tokens[j][0] if j < len(self.tokens) else ""


def parse_words(text: str, start: int) -> tuple[float, int] | None:
    """Read an English number written in words from `start`; return its value and end offset.

    Handles compounds ("one hundred and sixty-one", "three lakh crore"), articles ("a dozen",
    "a quarter million"), fractions ("two thirds", "one and a half", "five and a half million",
    "one hundred and three quarters") and spoken decimals ("five point five").
    """
    reading = _Reading(_word_tokens(text, start))
    while reading.i < len(reading.tokens):
        reading.word_end = reading.tokens[reading.i][2]
        step = (
            _read_leading_word(reading)
            or _read_whole_number_word(reading)
            or _read_fraction_word(reading)
            or _read_joining_word(text, reading)
        )
        if step == "stop":
            break
        if step == "next":
            reading.end = reading.word_end
            reading.i += 1
    return _value_read(text, reading)


def _read_leading_word(reading: _Reading) -> _Step | None:
    """A sign, "half a dozen", an article ("a dozen", "a twenty-first") or a compound denominator
    ("one twenty-fifth"); None when the word is none of these."""
    word, nxt, last = reading.word(), reading.word(1), reading.last
    if last == "" and word in ("minus", "negative"):
        reading.sign = -1.0
        reading.i += 1
        return "skip"
    if last == "" and word == "half" and nxt == "a" and reading.word(2) in ("dozen", "hundred", *MAGNITUDES):
        whole_word = reading.word(2)
        whole = 12.0 if whole_word == "dozen" else 100.0 if whole_word == "hundred" else MAGNITUDES[whole_word]
        reading.current, reading.group, reading.end, reading.last = whole / 2, whole / 2, reading.tokens[reading.i + 2][2], "small"
        reading.i += 3
        return "skip"
    if word in ("a", "an"):
        compound_ordinal = nxt in TENS and reading.word(2) in UNIT_ORDINALS  # "a twenty-first"
        counting = _counting_word(reading.tokens, reading.i + 1)
        if last != "" or (nxt not in ARTICLE_FOLLOWERS and not compound_ordinal and counting is None):
            return "stop"
        reading.current, reading.group, reading.last = 1.0, 1.0, "article"
        reading.i += 1
        return "skip"
    if word in TENS and last in ("small", "tens", "article", "hundred", "magnitude") and nxt in UNIT_ORDINALS:
        if not nxt.endswith("s") and reading.word(2) not in ("", "of"):
            return "stop"  # "a twenty-first century", "his twenty-fifth birthday": an ordinal, not a fraction
        denominator = TENS[word] + UNIT_ORDINALS[nxt]  # "one twenty-fifth", "one hundred thirty-fifths"
        reading.current = (reading.total + reading.current) / denominator
        reading.total, reading.group, reading.end, reading.last = 0.0, 0.0, reading.tokens[reading.i + 1][2], "fraction"
        return "stop"
    return None


def _read_whole_number_word(reading: _Reading) -> _Step | None:
    """A word of a whole number: units, tens, "hundred", a magnitude, "dozen" or a counting word."""
    word, last = reading.word(), reading.last
    if word == "hundred" and last == "" and reading.word(1) in MAGNITUDES:
        reading.current, reading.group, reading.last = 100.0, 0.0, "hundred"  # "hundred thousand dollars"
    elif word in SMALL_NUMBERS and last in ("", "hundred", "magnitude", "and"):
        reading.group_after_and = last == "and"
        reading.current += SMALL_NUMBERS[word]
        reading.group = SMALL_NUMBERS[word]
        reading.last = "small"
    elif word in TENS and last in ("", "hundred", "magnitude", "and"):
        reading.group_after_and = last == "and"
        reading.current += TENS[word]
        reading.group = TENS[word]
        reading.last = "tens"
    elif word in SMALL_NUMBERS and 0 < SMALL_NUMBERS[word] < 10 and last == "tens":
        reading.current += SMALL_NUMBERS[word]
        reading.group += SMALL_NUMBERS[word]
        reading.last = "small"
    elif word == "hundred" and last in ("small", "tens", "article"):
        reading.current = reading.current * 100
        reading.group = 0.0
        reading.last = "hundred"
    elif word in MAGNITUDES and last in ("small", "tens", "hundred", "article", "fraction", "magnitude"):
        magnitude = MAGNITUDES[word]
        if last == "magnitude":
            reading.total *= magnitude  # "three lakh crore"
        elif reading.total and magnitude > reading.last_magnitude:
            reading.total = (reading.total + reading.current) * magnitude
        else:
            reading.total += reading.current * magnitude
        reading.current, reading.group, reading.last_magnitude, reading.last = 0.0, 0.0, magnitude, "magnitude"
    elif (key := _counting_word(reading.tokens, reading.i)) is not None and last in ("small", "tens", "article"):
        multiplier = COUNTING_WORDS[key]
        reading.current += reading.group * (multiplier - 1)  # "two gross" = 288, "a baker's dozen" = 13
        reading.group *= multiplier
        reading.last = "small"
        reading.i += len(key) - 1
        reading.word_end = reading.tokens[reading.i][2]
    elif word in ("dozen", "dozens") and last in ("small", "tens", "article"):
        reading.current += reading.group * 11  # the group counts dozens: "three hundred and two dozens" = 324
        reading.group *= 12
        reading.last = "small"
    else:
        return None
    return "next"


def _read_fraction_word(reading: _Reading) -> _Step | None:
    """A denominator: "fifths" after a whole number divides all of it ("ninety-five hundred fifths"),
    after a small one it is a fraction's denominator ("two thirds", "one and a half", "six million and two thirds")."""
    word, last = reading.word(), reading.last
    if word not in DENOMINATORS:
        return None
    if word.endswith("s") and last in ("hundred", "magnitude"):
        reading.current, reading.total, reading.group, reading.last = (reading.total + reading.current) / DENOMINATORS[word], 0.0, 0.0, "fraction"
        return "next"
    if (
        word.endswith("s") and last in ("small", "tens")
        and (reading.total or reading.current != reading.group)
        and not (reading.group_after_and and (reading.group < 10 or DENOMINATORS[word] in (10, 100, 1000)))
    ):  # but "two hundred and fifty-four hundredths" is 200.54
        reading.current, reading.total, reading.group, reading.last = (reading.total + reading.current) / DENOMINATORS[word], 0.0, 0.0, "fraction"
        return "next"
    if word != "second" and last in ("small", "tens", "article", "", "and_a"):
        return _read_fraction_denominator(reading)
    return None


def _read_fraction_denominator(reading: _Reading) -> _Step:
    """The denominator of a simple fraction, or the end of the number when the word is an ordinal."""
    word, nxt, last = reading.word(), reading.word(1), reading.last
    if last == "article" and not word.endswith("s") and word not in ("half", "quarter") and nxt not in ("", "of", *MAGNITUDES):
        return "stop"  # "a third try", "a fourth title": an ordinal; "a third of", "a fifth." are fractions
    if last == "" and not (word in ("half", "quarter") and nxt in MAGNITUDES) and word != "half":
        return "stop"  # "quarter" alone is a period of a year; "half" alone is a fraction
    numerator = 1.0 if last in ("", "article", "and_a") else reading.group
    if word == "half" and last in ("small", "tens") and reading.group != 1:
        return "stop"  # "two half" is not a number
    if (last == "and_a" or (reading.after_magnitude_and and reading.current == reading.group)) and reading.total and reading.last_magnitude:
        magnitude = reading.last_magnitude
        if nxt in MAGNITUDES and MAGNITUDES[nxt] < reading.last_magnitude:  # "one billion and a half million"
            magnitude = MAGNITUDES[nxt]
            reading.i += 1
            reading.word_end = reading.tokens[reading.i][2]
        reading.total += magnitude * numerator / DENOMINATORS[word]  # "one million and a half", "six million and two thirds"
        reading.current = 0.0
    else:
        written_group = reading.group if last in ("small", "tens", "article") else 0.0
        reading.current = reading.current - written_group + numerator / DENOMINATORS[word]
    reading.group = 0.0
    reading.last = "fraction"
    return "next"


def _read_joining_word(text: str, reading: _Reading) -> _Step:
    """"and", "of" ("two thirds of a million") and "point" ("five point five"); any other word ends the number."""
    word, nxt, last = reading.word(), reading.word(1), reading.last
    if word == "and" and last in ("hundred", "magnitude", "small", "tens"):
        return _read_and(text, reading)
    if word == "of" and last == "fraction" and not reading.total and nxt in ("a", "an") and reading.word(2) in MAGNITUDES:
        reading.current *= MAGNITUDES[reading.word(2)]  # "two thirds of a million"
        reading.i += 2
        reading.word_end = reading.tokens[reading.i][2]
        return "next"
    if word == "point" and last in ("small", "tens", "hundred", "magnitude") and (nxt in SMALL_NUMBERS or nxt in TENS):
        _read_spoken_decimals(reading)
    return "stop"


def _read_and(text: str, reading: _Reading) -> _Step:
    """"and" inside a number: "one and a half", "one hundred and six", "twenty and three fifths"."""
    nxt, last = reading.word(1), reading.last
    if nxt in ("a", "an", "one") and reading.word(2) in DENOMINATORS:
        reading.i += 2
        reading.last = "and_a"
        return "skip"
    if last in ("hundred", "magnitude") and (nxt in SMALL_NUMBERS or nxt in TENS):
        reading.after_magnitude_and = last == "magnitude"
        reading.last = "and"
        reading.i += 1
        return "skip"
    if nxt in SMALL_NUMBERS or nxt in TENS:
        rest = parse_words(text, reading.tokens[reading.i + 1][1])
        if rest is not None and 0 < rest[0] < 1:  # "twenty and three fifths", "five billion and three quarters"
            if last == "magnitude" and not reading.current:
                reading.total += rest[0] * reading.last_magnitude
            else:
                reading.current += rest[0]
            reading.end, reading.last = rest[1], "fraction"
    return "stop"


def _read_spoken_decimals(reading: _Reading) -> None:
    """The digits after "point", each a unit or a tens word ("five point two five", "one point twenty-five")."""
    tokens = reading.tokens
    digits = ""
    j = reading.i + 1
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
        reading.end = tokens[j][2]
        j += 1
    reading.current += float("0." + digits)
    reading.last = "decimal"


def _value_read(text: str, reading: _Reading) -> tuple[float, int] | None:
    """The value and end of what was read, continued across a comma ("three million, two hundred & forty")."""
    if reading.end is None or reading.last in ("and", "article", "and_a", ""):
        return None
    total, end = reading.total, reading.end
    if reading.last == "magnitude" and (comma := COMMA_CONTINUATION_RE.match(text, end)):
        rest = parse_words(text, comma.end())
        if rest is not None and 100 <= rest[0] < reading.last_magnitude and float(rest[0]).is_integer():
            total, end = total + rest[0], rest[1]
    return reading.sign * (total + reading.current), end


def _counting_word(tokens: list[tuple[str, int, int]], i: int) -> tuple[str, ...] | None:
    """The counting word ("gross", "baker's dozen") that starts at token `i`, if any."""
    for key in COUNTING_WORDS:
        if tuple(t[0] for t in tokens[i : i + len(key)]) == key:
            return key
    return None
