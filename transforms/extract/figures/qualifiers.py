"""Qualifiers: the words that make a figure approximate or a bound ("about", "more than", "or more").

Each phrase maps to one value of `schema.QUALIFIERS`; `read_qualifier` finds the phrase written
before or after a figure and widens the figure's span to include it.
"""

from __future__ import annotations

import re

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


def _phrase_alternation(phrases: list[str]) -> str:
    """A regex alternation of the phrases, longest first, any run of spaces matching a space."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


QUALIFIER_PREFIX_RE = re.compile(
    rf"(?:(?<![A-Za-z])(?:{_phrase_alternation(list(QUALIFIER_PREFIXES))}))\s*$", re.IGNORECASE
)
QUALIFIER_SUFFIX_RE = re.compile(rf"\s+(?:{_phrase_alternation(list(QUALIFIER_SUFFIXES))})(?![A-Za-z])", re.IGNORECASE)
EQUAL_TO_RE = re.compile(r"(?<![A-Za-z])(?:equal\s+to|equals(?:\s+to)?|equaling\s+to)\s*$", re.IGNORECASE)


def read_qualifier(text: str, start: int, end: int, min_start: int, vague: bool) -> tuple[int, int, str]:
    """The qualifier written before (`about $5`) or after (`500 or more`) the figure at `start:end`, looking no
    further left than `min_start`; returns the span widened to include it, and the qualifier. A vague plural
    ("dozens of") is at least its value; "equal to" before a figure belongs to it but qualifies nothing."""
    qualifier = "at_least" if vague else "exact"
    left_start = max(min_start, start - 40)
    left = text[left_start:start]
    qualifier_match = QUALIFIER_PREFIX_RE.search(left)
    if qualifier_match and not vague:
        phrase = re.sub(r"\s+", " ", qualifier_match.group().strip().lower())
        qualifier = QUALIFIER_PREFIXES[phrase]
        start = left_start + qualifier_match.start()
    elif equal_match := EQUAL_TO_RE.search(left):
        start = left_start + equal_match.start()
    suffix_match = QUALIFIER_SUFFIX_RE.match(text, end)
    if suffix_match and qualifier == "exact":
        phrase = re.sub(r"\s+", " ", suffix_match.group().strip().lower())
        qualifier = QUALIFIER_SUFFIXES[phrase]
        end = suffix_match.end()
    return start, end, qualifier
