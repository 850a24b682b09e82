"""Qualifiers written before or after a figure."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms.extract.figures.reading import only_figure
from transforms.extract.figures.qualifiers import (
    QUALIFIER_PREFIXES,
    QUALIFIER_SUFFIXES,
    read_qualifier,
)
from transforms.schema import QUALIFIERS


def test_every_qualifier_phrase_maps_to_the_vocabulary() -> None:
    assert set(QUALIFIER_PREFIXES.values()) | set(QUALIFIER_SUFFIXES.values()) <= set(QUALIFIERS)


@pytest.mark.parametrize(
    ("text", "span", "min_start", "vague", "read"),
    [
        ("about 5 ships", (6, 7), 0, False, (0, 7, "approximately")),
        ("500 or more", (0, 3), 0, False, (0, 11, "at_least")),
        ("about 5 ships", (6, 7), 6, False, (6, 7, "exact")),  # nothing read left of `min_start`
        ("about dozens", (6, 12), 0, True, (6, 12, "at_least")),  # a vague plural is at least its value
        ("equal to 5", (9, 10), 0, False, (0, 10, "exact")),
    ],
)
def test_read_qualifier_widens_the_span_to_the_phrase(text: str, span: tuple[int, int], min_start: int, vague: bool, read: tuple[int, int, str]) -> None:
    assert read_qualifier(text, *span, min_start, vague) == read


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("It costs about $5.", "approximately"),
        ("They saw around 50 ships.", "approximately"),
        ("They fired approximately 120 missiles.", "approximately"),
        ("Roughly 40 people came.", "approximately"),
        ("They cut some 325 jobs.", "approximately"),
        ("Officials reported an estimated 2,000 deaths.", "approximately"),
        ("Moscow deployed close to 50,000 troops.", "nearly"),
        ("The missile flies nearly 190 miles.", "nearly"),
        ("They waited almost 3 hours.", "nearly"),
        ("Russia launched over 2,000 drones.", "more_than"),
        ("The film made more than $247 million.", "more_than"),
        ("The attack killed at least 10 people.", "at_least"),
        ("The missile can reach up to 300km.", "up_to"),
        ("Trump promised peace within 24 hours.", "up_to"),
        ("Fewer than 1,000 pandas live in the wild.", "less_than"),
        ("The plane weighs under 20 tonnes.", "less_than"),
        ("They hired 500 or more workers.", "at_least"),
    ],
)
def test_qualifiers(nlp: Language, text: str, qualifier: str) -> None:
    figure = only_figure(nlp, text)
    assert figure["qualifier"] == qualifier
    assert figure["surface"].split()[0].lower() in text.lower()
