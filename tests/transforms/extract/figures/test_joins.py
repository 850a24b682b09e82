"""Ranges, spoken fractions and compound amounts: neighbouring figures that are one."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms.extract.figures.reading import (
    built,
    figures_in,
    only_figure,
    surfaces,
)
from transforms.extract.figures.joins import (
    join_compound_amounts,
    join_ranges,
    join_spoken_fractions,
)


def test_join_ranges_keeps_both_ends_and_drops_scores() -> None:
    text = "It grew between 5 and 6 percent after a 16-9 win."
    joined = join_ranges(text, built(text))
    assert surfaces(text, joined) == ["between 5 and 6 percent"]
    assert (joined[0].value_low, joined[0].value_high, joined[0].unit) == (5, 6, "percent")


def test_join_spoken_fractions_divides_at_the_end_of_a_clause() -> None:
    text = "The odds are one over three."
    joined = join_spoken_fractions(text, built(text))
    assert [f.value_low for f in joined] == [pytest.approx(1 / 3)]


def test_join_compound_amounts_adds_the_subunit() -> None:
    text = "He is 5 feet 2 inches tall."
    joined = join_compound_amounts(text, built(text))
    assert surfaces(text, joined) == ["5 feet 2 inches"]
    assert joined[0].value_low == pytest.approx(5 + 2 / 12)


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("Prices rose between 5 and 6 percent.", 5, 6, "percent"),
        ("Between 5 and 6 people were hurt.", 5, 6, "count"),
        ("Between 18 to 25 percent of voters agree.", 18, 25, "percent"),
        ("Some 18 to 25 percent of voters agree.", 18, 25, "percent"),
        ("Yields were 12.8–13.0 in the test.", 12.8, 13.0, "count"),
        ("It costs $5-6 million.", 5e6, 6e6, "USD"),
        ("The walls were eight to 10 feet tall.", 8, 10, "foot"),
        ("Temperatures ranged from -18 °C to -34 °C.", -34, -18, "celsius"),
    ],
)
def test_ranges_keep_both_ends_and_are_never_averaged(nlp: Language, text: str, low: float, high: float, unit: str) -> None:
    figure = only_figure(nlp, text)
    assert (figure["value_low"], figure["value_high"], figure["unit"]) == (pytest.approx(low), pytest.approx(high), unit)
    assert figure["value"] == figure["value_low"]


@pytest.mark.parametrize(
    "text", ["Unemployment rose from 5% to 7% last year.", "Brent crude rose, adding $5 to $7 at the close."]
)
def test_a_change_from_one_value_to_another_is_not_a_range(nlp: Language, text: str) -> None:
    records = figures_in(nlp, text)
    assert [(r["value_low"], r["value_high"]) for r in records] == [(5, 5), (7, 7)]


def test_compound_amounts_are_one_figure(nlp: Language) -> None:
    assert only_figure(nlp, "He is 5 feet 2 inches tall.")["value"] == pytest.approx(5 + 2 / 12)
    assert only_figure(nlp, "It only cost 3 dollars 50 cents.")["value"] == pytest.approx(3.5)


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit"),
    [
        # BBC sport/060 and 064: cut at the comma, two race times read as "one minute" each and grouped as one fact
        ("He won in a time of one minute, 47.97 seconds.", "one minute, 47.97 seconds", 1 + 47.97 / 60, "minute"),
        ("He set a best of one minute, 46.68 seconds.", "one minute, 46.68 seconds", 1 + 46.68 / 60, "minute"),
        ("The record of 2 hours, 5 minutes stood.", "2 hours, 5 minutes", 2 + 5 / 60, "hour"),
    ],
)
def test_a_time_written_with_a_comma_between_its_parts_is_one_figure(nlp: Language, text: str, surface: str, value: float, unit: str) -> None:
    figure = only_figure(nlp, text)
    assert (figure["surface"], figure["unit"]) == (surface, unit)
    assert figure["value"] == pytest.approx(value)


def test_a_comma_joins_only_a_time_and_its_subunit() -> None:
    text = "He is 5 feet, 2 inches of it lost; he paid $5, 50 cents went back."
    assert surfaces(text, join_compound_amounts(text, built(text))) == ["5 feet", "2 inches", "$5", "50 cents"]


@pytest.mark.parametrize(
    ("text", "surface", "low", "high", "unit"),
    [
        ("Salaries of 30k-40k were offered.", "30k-40k", 30_000, 40_000, "count"),
        ("The refit cost $5m-10m.", "$5m-10m", 5e6, 10e6, "USD"),
    ],
)
def test_ranges_of_abbreviated_scales(nlp: Language, text: str, surface: str, low: float, high: float, unit: str) -> None:
    figure = only_figure(nlp, text)
    assert (figure["surface"], figure["value_low"], figure["value_high"], figure["unit"]) == (surface, low, high, unit)


@pytest.mark.parametrize(
    "text", ["Gallium rose from $350 per kg to $680 per kg.", "The dose was reduced from 44 mg to 50 mg."]
)
def test_a_change_between_two_united_values_is_two_figures(nlp: Language, text: str) -> None:
    assert len(figures_in(nlp, text)) == 2  # deliberate: a before and an after, not a range
