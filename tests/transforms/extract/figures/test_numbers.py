"""Finding numbers: digits, vulgar fractions, vague plurals, named quantities, words and unit articles."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms.extract.figures.reading import (
    figures_in,
    only_figure,
    unit_lexicon,
)
from transforms import units
from transforms.extract.figures.not_figures import blocked_spans
from transforms.extract.figures.numbers import (
    DIGIT_NUMBER_RE,
    digit_value,
    find_numbers,
)


@pytest.mark.parametrize(
    ("written", "value"),
    [("1,234.5", 1234.5), ("3 1/2", 3.5), ("2½", 2.5), ("3/4", 0.75), ("3 x 10^8", 3e8), ("1e-3", 1e-3), ("-5", -5), ("12,34,567", 1_234_567)],
)
def test_digit_value_reads_separators_fractions_powers_and_signs(written: str, value: float) -> None:
    match = DIGIT_NUMBER_RE.match(written)
    assert match is not None and match.end() == len(written)
    assert digit_value(match) == pytest.approx(value)


@pytest.mark.parametrize("written", ["1/0", "3 1/0"])
def test_digit_value_of_a_zero_denominator_is_none(written: str) -> None:
    assert digit_value(DIGIT_NUMBER_RE.match(written)) is None


def test_find_numbers_reads_each_kind_once_in_text_order_outside_blocked_spans() -> None:
    text = "On 17 November 2024 about 12 ships, twenty-one planes and dozens of drones came, at absolute zero."
    lexicon = unit_lexicon()
    numbers = find_numbers(text, blocked_spans(text, lexicon), lexicon)
    assert [text[n.start : n.end] for n in numbers] == ["12", "twenty-one", "dozens", "absolute zero"]
    assert [n.value for n in numbers] == [12, 21, 24, 0]
    assert [(n.is_words, n.vague, n.unit) for n in numbers] == [(False, False, None), (True, False, None), (True, True, None), (True, False, "kelvin")]


def test_find_numbers_marks_plain_integers() -> None:
    text = "In 2024 it cost 2,024 and 2.5."
    numbers = find_numbers(text, [], unit_lexicon())
    assert [(text[n.start : n.end], n.is_plain_integer) for n in numbers] == [("2024", True), ("2,024", False), ("2.5", False)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Officials counted 11,000 soldiers.", 11_000),
        ("The index fell to 1,234,567.89 points.", 1_234_567.89),
        ("Prices rose by 0.25 points.", 0.25),
        ("There were eight people inside.", 8),
        ("They bought a dozen eggs.", 12),
        ("Some twenty-one trillion was spent.", 21e12),
        ("One hundred and sixty-one people came.", 161),
        ("Prices rose by two and a half points.", 2.5),
        ("The list has 3 hundred and 21 names.", 321),
        ("The temperature was -5 today.", -5),
        ("The answer is minus five.", -5),
    ],
)
def test_values_are_read_from_digits_and_words(nlp: Language, text: str, value: float) -> None:
    assert only_figure(nlp, text)["value"] == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("20/2030 and", []),  # a fraction or a date, not a quantity
        ("1/0", []),
        ("- -", []),
        ("$", []),
        ("a half a", []),
        ("between and", []),
        ("1 '2", [("1", 1, "count"), ("2", 2, "count")]),  # a stray apostrophe joins nothing
        ("$99(", [("$99", 99, "USD")]),  # an unclosed bracket is not part of the figure
        ("($99", [("$99", 99, "USD")]),
    ],
)
def test_malformed_numbers_give_no_figure_or_the_figure_they_contain(nlp: Language, text: str, figures: list[tuple[str, float, str]]) -> None:
    assert [(r["surface"], r["value"], r["unit"]) for r in figures_in(nlp, text)] == figures


def test_lowercased_tokenised_wire_text_reads_like_edited_copy(nlp: Language) -> None:
    records = figures_in(nlp, "sales rose 6 . 2 % to $ 1.45 billion , and c $ 16.4 million came from canada .")
    assert [(r["value"], r["unit"]) for r in records] == [(pytest.approx(6.2), "percent"), (pytest.approx(1.45e9), "USD"), (pytest.approx(16.4e6), "CAD")]


def test_powers_of_other_bases_and_feet_with_inches(nlp: Language) -> None:
    assert only_figure(nlp, "The block holds 8x2^10 bits.")["value"] == 8192
    figure = only_figure(nlp, "The length is 12 ft 2 in more or less.")
    assert (figure["unit"], figure["value"]) == ("foot", pytest.approx(12 + 2 / 12))


def test_vague_plurals_give_their_smallest_value(nlp: Language) -> None:
    assert only_figure(nlp, "Tens of thousands of people marched.")["value"] == 20_000
    assert only_figure(nlp, "They hit targets hundreds of miles away.")["unit"] == "mile"


def test_absolute_zero_is_a_temperature(nlp: Language) -> None:
    figure = only_figure(nlp, "Matter at absolute zero is in its ground state.")
    assert (figure["surface"], figure["value"], figure["unit"]) == ("absolute zero", 0, "kelvin")
    assert units.normalize_value(figure["value"], figure["unit"]) == (pytest.approx(-273.15), "celsius")
    assert only_figure(nlp, "It was cooled close to absolute zero.")["qualifier"] == "nearly"
    assert only_figure(nlp, "Zero is a small number.")["unit"] == "count"


@pytest.mark.parametrize(("text", "surface", "unit"), [("I want a gallon of beer.", "a gallon", "gallon"), ("Oh look, a penny!", "a penny", "GBP")])
def test_an_article_before_a_unit_word_means_one(nlp: Language, text: str, surface: str, unit: str) -> None:
    figure = only_figure(nlp, text)
    assert (figure["surface"], figure["unit"]) == (surface, unit)
    assert figure["value"] == pytest.approx(1.0 if unit != "GBP" else 0.01)


@pytest.mark.parametrize("text", ["It was a bit of fun, to a degree, twice a day.", "Petrol costs more than a year ago in a yard."])
def test_articles_in_idioms_and_durations_are_not_figures(nlp: Language, text: str) -> None:
    assert figures_in(nlp, text) == []
