"""Building a figure around a number: scales, the smaller number after them, unit, sign and qualifier."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms.extract.figures.reading import built, only_figure, surfaces


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit"),
    [
        ("The list has 4 thousand 3 hundred and 21 names.", "4 thousand 3 hundred and 21", 4321, "count"),
        ("It is worth 5 million and a half today.", "5 million and a half", 5.5e6, "count"),
        ("The fund holds $25m now.", "$25m", 25e6, "USD"),
        ("It only cost 50 cents.", "50 cents", 0.5, "USD"),
        ("It fell to minus 5 km below.", "minus 5 km", -5, "km"),
        ("It reached about 300 km.", "about 300 km", 300, "km"),
    ],
)
def test_build_figures_reads_outwards_from_each_number(text: str, surface: str, value: float, unit: str) -> None:
    figures = built(text)
    assert surfaces(text, figures) == [surface]
    assert (figures[0].value_low, figures[0].unit) == (pytest.approx(value), unit)


def test_an_age_builds_no_figure() -> None:
    assert built("He is 28 years old.") == []


def test_a_number_read_into_the_previous_figure_starts_none() -> None:
    text = "It was 4 thousand 3 hundred."
    assert surfaces(text, built(text)) == ["4 thousand 3 hundred"]


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit"),
    [
        ("Objects fall with an acceleration of 9.83e-3 +/- 1e-5 km/s2", "9.83e-3 +/- 1e-5 km/s2", 9.83e-3, "km/s2"),
        ("The sample weighs 5.2 ± 0.3 kg.", "5.2 ± 0.3 kg", 5.2, "kg"),
    ],
)
def test_an_uncertainty_is_part_of_one_figure(nlp: Language, text: str, surface: str, value: float, unit: str) -> None:
    figure = only_figure(nlp, text)
    assert (figure["surface"], figure["value"], figure["unit"]) == (surface, pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("The club spent tens of thousands of pounds on the pitch.", "GBP"),  # a scale before "pounds": money
        ("It raised millions of pounds.", "GBP"),
        ("The catch was dozens of pounds of fish.", "lb"),  # too few to be a scale
        ("He weighed 200 pounds.", "lb"),
    ],
)
def test_pounds_after_a_vague_scale_are_money(text: str, unit: str) -> None:
    assert [f.unit for f in built(text)] == [unit]
