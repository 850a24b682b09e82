"""Numbers written in words: compounds, articles, fractions, counting words, spoken decimals."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms.extract.figures.reading import figures_in, only_figure
from transforms.extract.figures.number_words import parse_words


@pytest.mark.parametrize(
    ("text", "value", "surface"),
    [
        ("one hundred and sixty-one people", 161, "one hundred and sixty-one"),
        ("a dozen eggs", 12, "a dozen"),
        ("half a million voters", 500_000, "half a million"),
        ("five point two five", 5.25, "five point two five"),
        ("minus five degrees", -5, "minus five"),
        ("three lakh crore rupees", 3e12, "three lakh crore"),
        ("three million, two hundred & forty", 3_000_240, "three million, two hundred & forty"),
        ("six million and two thirds", 6e6 + 2e6 / 3, "six million and two thirds"),
    ],
)
def test_parse_words_reads_value_and_end(text: str, value: float, surface: str) -> None:
    parsed = parse_words(text, 0)
    assert parsed is not None
    assert parsed[0] == pytest.approx(value)
    assert text[: parsed[1]] == surface


@pytest.mark.parametrize("text", ["a third try", "and then", "quarter", "second half", "a", "people"])
def test_parse_words_reads_no_number_from_ordinals_periods_and_other_words(text: str) -> None:
    assert parse_words(text, 0) is None


def test_parse_words_starts_at_the_offset_given() -> None:
    text = "They saw twenty-one ships."
    assert parse_words(text, text.index("twenty")) == (21, text.index(" ships"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("It measured a hundred trillionths of a unit.", 1e-10),
        ("The answer is ninety-five hundred fifths.", 1900),
        ("The answer is one hundred thirty-two fifths.", 26.4),
        ("The answer is one hundred and three quarters.", 100.75),
        ("They took one twenty-fifth of the crop.", 0.04),
        ("They took three twenty-firsts of the crop.", 3 / 21),
        ("It is worth one billion and a half million.", 1_000_500_000),
        ("Two thirds of a million people came.", 2e6 / 3),
        ("They paid hundred thousand dollars.", 100_000),
    ],
)
def test_spelled_fractions_and_compound_denominators(nlp: Language, text: str, value: float) -> None:
    assert only_figure(nlp, text)["value"] == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("A baker's dozen is thirteen.", "A baker's dozen", 13),
        ("They packed a gross of pencils.", "a gross", 144),
        ("A gross is a square dozen.", "a square dozen", 144),
        ("He bought two gross of pencils.", "two gross", 288),
        ("She ordered a great gross of pens.", "a great gross", 1728),
    ],
)
def test_counting_words_multiply_like_dozen(nlp: Language, text: str, surface: str, value: float) -> None:
    found = {f["surface"]: f["value"] for f in figures_in(nlp, text)}
    assert found[surface] == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("three million, two hundred & forty, you say?", 3_000_240),
        ("Five thousand, six hundred and twelve people came.", 5612),
        ("It cost two hundred & fifty dollars.", 250),
    ],
)
def test_word_numbers_continue_across_a_comma_and_an_ampersand(nlp: Language, text: str, value: float) -> None:
    assert only_figure(nlp, text)["value"] == pytest.approx(value)


def test_a_comma_between_a_number_and_a_small_one_is_a_list(nlp: Language) -> None:
    values = [f["value"] for f in figures_in(nlp, "It was three million, two years later four million.")]
    assert values[0] == pytest.approx(3e6)
    assert 3_000_002 not in values


@pytest.mark.parametrize("text", ["The twenty-first century began.", "It was a twenty-first century approach."])
def test_hyphenated_ordinals_are_not_figures(nlp: Language, text: str) -> None:
    assert figures_in(nlp, text) == []


def test_an_article_with_an_ordinal_before_a_noun_is_not_a_fraction(nlp: Language) -> None:
    assert figures_in(nlp, "He won a fourth world title.") == []
    assert only_figure(nlp, "A fifth of all drives failed.")["value"] == pytest.approx(0.2)
    assert (only_figure(nlp, "One gigabyte is plenty.")["unit"]) == "GB"
