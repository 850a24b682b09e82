"""Numbers that are not reported quantities: dates, names, codes, ranks, labels, ages, races and the like."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from spacy.language import Language

from tests.transforms.extract.figures.reading import built, figures_in, unit_lexicon
from transforms.extract.figures.not_figures import (
    blocked_spans,
    is_name_or_code,
    is_storable,
)


def test_blocked_spans_cover_dates_times_and_curated_names() -> None:
    text = "On 17 November 2024 at 2pm the Six Nations began."
    blocked = {text[start:end] for start, end in blocked_spans(text, unit_lexicon())}
    assert {"17 November 2024", "2pm", "Six Nations"} <= blocked


@pytest.mark.parametrize(("text", "is_code"), [("The G7 met.", True), ("It is 3D now.", True), ("It is 3 km long.", False)])
def test_is_name_or_code_for_numbers_glued_to_letters(text: str, is_code: bool) -> None:
    (figure,) = built(text)
    assert is_name_or_code(text, figure) is is_code


def test_is_storable_refuses_values_a_float_cannot_hold() -> None:
    (figure,) = built("It cost 5 dollars.")
    assert is_storable(figure)
    assert not is_storable(replace(figure, value_low=math.inf, value_high=math.inf))
    assert not is_storable(replace(figure, value_high=math.nan))


@pytest.mark.parametrize(
    "text",
    [
        "The decision was made on Sunday, November 17, 2024.",
        "It happened in 2022 and again in mid-2024.",
        "We meet on 5/17/2018 at 2:30 pm.",
        "The bombing began at 2pm on 17 November.",
        "It was the first time, and the 21st attempt.",
        "Call +1-222-2222-2222 for details.",
        "The G7 met as Su-34 jets flew and Twenty20 cricket began.",
        "Growth in the 1990s was slow.",
        "He is 28 years old.",
        "It was one of the largest attacks.",
        "Visit https://example.com/page?id=30%25 today.",
        "It wants to be Japan's number three mobile operator.",
        "They limped to a 16-9 win against Scotland.",
        "He scored early in the second half, just before half-time.",
    ],
)
def test_non_figures_are_not_returned(nlp: Language, text: str) -> None:
    assert figures_in(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    ["Gross domestic product rose.", "It was a gross error.", "His gross income fell.", "It is a gross domestic product figure.", "It was a gross violation of rights."],
)
def test_gross_as_an_adjective_is_not_a_number(nlp: Language, text: str) -> None:
    assert figures_in(nlp, text) == []


def test_a_gross_of_an_amount_is_takings_not_144(nlp: Language) -> None:
    assert [(f["value"], f["unit"]) for f in figures_in(nlp, "The film made a gross of $5m.")] == [(5e6, "USD")]


def test_numbers_in_catalogue_codes_are_not_figures(nlp: Language) -> None:
    assert figures_in(nlp, "The object SCP2-173m was seen.") == []


@pytest.mark.parametrize("text", ["We met at 2.30pm and left at 10pm.", "The train leaves at 9.45 am.", "It starts at 2 pm and ends at 11 am."])
def test_times_of_day_with_am_and_pm_stay_declined(nlp: Language, text: str) -> None:
    assert figures_in(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 2019 Ma stepped down as chairman.", []),
        ("In 2008 Ma Ying-jeou won the election.", []),
        ("Of the 12 Ma was the best.", [(12, "count")]),
        ("It has been about 12 Ma said the guide.", [(12, "count")]),
    ],
)
def test_a_unit_symbol_that_is_a_name_is_not_a_unit(nlp: Language, text: str, expected: list[tuple[float, str]]) -> None:
    assert [(f["value"], f["unit"]) for f in figures_in(nlp, text)] == expected


def test_a_clock_time_without_its_colon_is_not_a_length(nlp: Language) -> None:
    assert figures_in(nlp, "The raid began at 1030 pm local time.") == []


def test_a_number_too_long_for_a_float_is_no_figure(nlp) -> None:
    from transforms.extract.figures import extract_figures

    huge = "1" + "0" * 309
    for text in (f"The debt is {huge} dollars.", f"Between {huge} -1 people came.", f"It cost ${huge}bn and 5 people came."):
        values = [(f["value_low"], f["value_high"]) for f in extract_figures(nlp(text), unit_lexicon())]
        assert all(math.isfinite(v) for pair in values for v in pair if v is not None), (text, values)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Wales won the Six Nations title.", []),  # a curated name holding a number (named_numbers.csv)
        ("He played at Euro 2004 for England.", []),  # not 2004 euros
        ("Channel 4 had 2 million viewers.", ["2 million"]),  # a broadcaster named by its number
        ("Nokia 3220 sold well.", []),  # a model number after a brand, even at the start of a sentence
        ("You need a Nokia 3220 handset.", []),  # and before the noun it names
        ("Under Section 5 of the act, police may act.", []),  # a numbered label
        ("The song reached the top 20 in Britain.", []),  # a chart position
        ("It joined the country's top 100 firms.", []),
        ("The top 20 firms earned $5bn.", ["$5bn"]),  # a rank bound, not a count
        ("It is the No 1 single.", []),
        ("The town was founded in 190 A.D. by Romans.", []),  # a year of an era
        ("She won the 60m hurdles in Birmingham.", []),  # race names, not distances
        ("He won the 800m at the championships.", []),
        ("The 10,000m final was won by Farah.", []),
        ("This one issue dominated the campaign.", []),  # emphatic "one"
        ("He was a one-time champion.", []),  # an idiom
        ("Blair and Brown met. The two men said little.", []),  # people named before, referred back to
        ("Lord Elis-Thomas and Mr Thomas spoke. The two assembly members disagreed.", []),  # any noun, after "the"
        ("Swiss Re and Munich Re are the world's two biggest reinsurers.", []),  # after a possessive
        ("He has two qualities: courage and honesty.", []),  # listed items
        ("It needs courage and honesty, two qualities sadly lacking.", []),  # in apposition to listed items
        ("Sales were well above 2004 levels.", []),  # a year after a comparison
        ("Sales rose compared with 2003 in Europe.", []),
        ("Britain won the 4x100m relay in Athens.", []),  # a relay
        ("She won the 1000m in Turin.", []),
        ("One day you will understand, he said.", []),  # some day, not one day long
        ("He started playing the piano at two.", []),  # an age
    ],
)
def test_numbers_that_name_rank_or_label_are_not_figures(nlp: Language, text: str, kept: list[str]) -> None:
    assert [r["surface"] for r in figures_in(nlp, text)] == kept


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Six nations signed the treaty.", ["Six"]),  # names are matched as written: lower case counts
        ("Temperatures will top 30C today.", ["30C"]),  # "top" as a verb
        ("The top 1% of earners paid more.", ["1%"]),  # a share, not a rank
        ("He ran 800m in two minutes.", ["800m", "two minutes"]),  # a distance run
        ("An 800m stretch of road closed.", ["800m"]),
        ("It was a one-seat majority.", ["one"]),  # a count of one seat, not an idiom
        ("Police arrested two men.", ["two"]),  # a count, not a reference back
        ("The two-year ban was upheld.", ["two-year"]),  # a compound that measures, after "the"
        ("They were banned for missing the three tests.", ["three"]),  # "the" before things: still a count
        ("Netcraft uses its four monitoring stations.", ["four"]),
        ("Netcraft's four monitoring stations are in the US.", ["four"]),  # a possessive, then a count
        ("Police arrested two men at three sites.", ["two", "three"]),  # "at" before a counted object
        ("The festival lasted one day.", ["one day"]),
        ("Sales were above 2,004 units.", ["above 2,004"]),  # a count written with a separator
        ("Over 2000 people attended the rally.", ["Over 2000"]),  # a count after a comparison
        ("Nokia sold 3 million handsets.", ["3 million"]),  # an amount after a brand's verb
    ],
)
def test_similar_numbers_that_measure_are_kept(nlp: Language, text: str, kept: list[str]) -> None:
    assert [r["surface"] for r in figures_in(nlp, text)] == kept
