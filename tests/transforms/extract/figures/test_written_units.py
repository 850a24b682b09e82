"""Currencies, scale words, units and rates written around a number."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms.extract.figures.reading import (
    figures_in,
    only_figure,
    unit_lexicon,
)
from transforms.extract.figures.written_units import (
    currency_code,
    read_prefix,
    read_rate,
    read_scale,
)


@pytest.mark.parametrize(("written", "found"), [("USD", ("USD", 1.0)), ("usd", ("USD", 1.0)), ("MEUR", ("EUR", 1e6)), ("RMB", ("CNY", 1.0)), ("ALL", None), ("abc", None)])
def test_currency_code_reads_iso_codes_and_millions(written: str, found: tuple[str, float] | None) -> None:
    assert currency_code(written) == found


def test_read_prefix_finds_the_currency_written_before_the_number() -> None:
    text = "It cost US$ 150 in all."
    assert read_prefix(text, text.index("150"), unit_lexicon(), 0) == (text.index("US$"), "USD", 1.0, True)
    assert read_prefix(text, text.index("150"), unit_lexicon(), text.index("150")) is None  # not before `min_start`
    assert read_prefix("It cost 150 in all.", 8, unit_lexicon(), 0) is None


@pytest.mark.parametrize(
    ("text", "pos", "currency", "read"),
    [
        ("5bn", 1, False, (3, 1e9)),
        ("5 million", 1, False, (9, 1e6)),
        ("5m", 1, True, (2, 1e6)),  # after a currency `m` is million
        ("5m", 1, False, None),  # otherwise it is metres
        ("100t", 3, False, None),  # tonnes
        ("3-m", 1, False, None),
    ],
)
def test_read_scale_knows_when_m_means_million(text: str, pos: int, currency: bool, read: tuple[int, float] | None) -> None:
    assert read_scale(text, pos, currency) == read


def test_read_rate_composes_a_code_of_the_vocabulary() -> None:
    text = "$15 an hour"
    assert read_rate(text, 3, "USD", True, unit_lexicon()) == (len(text), "USD/hour")
    assert read_rate("4 a week", 1, "count", False, unit_lexicon()) is None  # a count needs "times"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The company raised $25m last year.", 25e6, "USD"),
        ("It borrowed $ 280 million from banks.", 280e6, "USD"),
        ("Aid reached $55.5 billion.", 55.5e9, "USD"),
        ("The bank lent 5bn euros.", 5e9, "EUR"),
        ("Exports fell to hk $ 10.05 billion.", 10.05e9, "HKD"),
        ("Russia accepted a US$ 150 million loan.", 150e6, "USD"),
        ("The house cost £60,000 in total.", 60_000, "GBP"),
        ("The club loaned € 2 million to Dortmund.", 2e6, "EUR"),
        ("It paid 100 dollars for it.", 100, "USD"),
        ("Its profit improved to 361 million pounds.", 361e6, "GBP"),
        ("Oil rose 50 cents a barrel.", 0.5, "USD/barrel"),  # a price per unit is a rate
        ("The bid was 470 pence a share.", 4.7, "GBP"),
        ("They paid 5,000 yen for it.", 5000, "JPY"),
        ("The client estimates 120 MEUR of sales.", 120e6, "EUR"),
        ("The budget is USD 200 for each team.", 200, "USD"),
        ("Crowds of 10k gathered.", 10_000, "count"),
        ("Net profit was 719m euros.", 719e6, "EUR"),
    ],
)
def test_scale_words_and_currencies(nlp: Language, text: str, value: float, unit: str) -> None:
    figure = only_figure(nlp, text)
    assert figure["value"] == pytest.approx(value)
    assert figure["unit"] == unit


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Unemployment was 5.2% in May.", 5.2, "percent"),
        ("Turnout reached 60 percent.", 60, "percent"),
        ("Turnout reached 60 per cent.", 60, "percent"),
        ("The party gained 3 percentage points.", 3, "percentage_point"),
        ("The range is 300km for the missile.", 300, "km"),
        ("The town lies 500 metres east.", 500, "m"),
        ("It flew 186 miles north.", 186, "mile"),
        ("The baby weighs 200lbs now.", 200, "lb"),
        ("They shipped 16,000 metric tons of copper.", 16_000, "tonne"),
        ("He lifted 20 kg easily.", 20, "kg"),
        ("The war has lasted nearly 1,000 days.", 1000, "day"),
        ("Talks went on for three hours.", 3, "hour"),
        ("They own a 45-acre farm.", 45, "acre"),
        ("Italy covers 301,338 km2 in all.", 301_338, "km2"),
        ("The car can run at 188 miles an hour.", 188, "mph"),
        ("Water boils at 100 degrees Celsius.", 100, "celsius"),
        ("Highs hit 114 °F yesterday.", 114, "fahrenheit"),
        ("Take a 10-gallon jug.", 10, "gallon"),
    ],
)
def test_units_map_to_the_vocabulary(nlp: Language, text: str, value: float, unit: str) -> None:
    figure = only_figure(nlp, text)
    assert figure["value"] == pytest.approx(value)
    assert figure["unit"] == unit


def test_percent_and_percentage_points_stay_distinct(nlp: Language) -> None:
    records = figures_in(nlp, "Support rose 4 percentage points to 52 percent.")
    assert [r["unit"] for r in records] == ["percentage_point", "percent"]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The chip runs at 2.8 GHz.", 2.8, "GHz"),
        ("The bandgap is 1.7 eV wide.", 1.7, "eV"),
        ("The LHC reached 13 TeV.", 13, "TeV"),
        ("Pressure fell to 950 hPa.", 950, "hPa"),
        ("Tyres at 32 psi are fine.", 32, "psi"),
        ("Workers got 20 mSv last year.", 20, "mSv"),
        ("The plant uses a 3nm process.", 3, "nm"),
        ("The lake holds 4 cubic kilometres of water.", 4, "km3"),
        ("Broadband of 100 Mbps arrived.", 100, "Mbit/s"),
        ("Google stores 15 exabytes.", 15, "EB"),
        ("The drone turned 90 degrees to the left.", 90, "degree"),
        ("He paid 2 bitcoins for it.", 2, "BTC"),
    ],
)
def test_added_unit_families(nlp: Language, text: str, value: float, unit: str) -> None:
    figure = only_figure(nlp, text)
    assert figure["value"] == pytest.approx(value)
    assert figure["unit"] == unit


def test_degrees_in_a_weather_story_are_not_angles(nlp: Language) -> None:
    figure = only_figure(nlp, "Temperatures will reach 30 degrees on Friday.")
    assert figure["unit"] != "degree"


@pytest.mark.parametrize(
    ("text", "surface", "value_low", "value_high", "unit"),
    [
        ("She is paid $15.40 an hour.", "$15.40 an hour", 15.4, 15.4, "USD/hour"),
        ("Cleaners are paid $5 to $6 per hour.", "$5 to $6 per hour", 5, 6, "USD/hour"),
        ("He earns £50,000 a year.", "£50,000 a year", 50_000, 50_000, "GBP/year"),
        ("Gallium cost $350 per kg.", "$350 per kg", 350, 350, "USD/kg"),
        ("Output reached 1.2 million barrels per day.", "1.2 million barrels per day", 1.2e6, 1.2e6, "barrel/day"),
        ("The mill handles 4,500 tpd.", "4,500 tpd", 4500, 4500, "tonne/day"),
        ("The gym is used four times a week.", "four times a week", 4, 4, "count/week"),
        ("The probe flew at 50 km/ms.", "50 km/ms", 50, 50, "km/ms"),
    ],
)
def test_rates_are_one_figure_in_a_rate_unit(nlp: Language, text: str, surface: str, value_low: float, value_high: float, unit: str) -> None:
    figure = only_figure(nlp, text)
    assert (figure["surface"], figure["value_low"], figure["value_high"], figure["unit"]) == (surface, pytest.approx(value_low), pytest.approx(value_high), unit)


def test_a_time_phrase_after_an_amount_is_not_a_rate(nlp: Language) -> None:
    figure = only_figure(nlp, "Sales reached $1.2 billion a year earlier.")
    assert (figure["surface"], figure["unit"]) == ("$1.2 billion", "USD")


def test_a_currency_code_between_two_amounts_opens_the_second(nlp: Language) -> None:
    assert [(f["surface"], f["unit"]) for f in figures_in(nlp, "Tickets were rmb 10 usd 20 each.")] == [("rmb 10", "CNY"), ("usd 20", "USD")]
    assert [(f["surface"], f["unit"]) for f in figures_in(nlp, "They sold USD50 cards.")] == [("USD50", "USD")]


def test_capital_c_and_f_after_a_number_are_degrees_unless_part_of_a_name(nlp: Language) -> None:
    assert [(f["surface"], f["unit"]) for f in figures_in(nlp, "It was -10C at dawn and 100F by noon.")] == [("-10C", "celsius"), ("100F", "fahrenheit")]
    assert [f["unit"] for f in figures_in(nlp, "They flew 3 C-130 aircraft.")] == ["count"]


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit"),
    [
        ("The species was abundant approximately 66 Ma ago.", "approximately 66 Ma", 66, "megayear"),
        ("The rocks formed 4.5 Ga ago.", "4.5 Ga", 4.5, "gigayear"),
        ("One gigaannum is a long time.", "One gigaannum", 1, "gigayear"),
        ("The detector recorded 5 fb−1 of data.", "5 fb−1", 5, "fb-1"),
        ("It collected 30 fb-1 in a year.", "30 fb-1", 30, "fb-1"),
        ("The action was 45 Js in total.", "45 Js", 45, "J*s"),
        ("The action was 6.6 J s in total.", "6.6 J s", 6.6, "J*s"),
        ("The lamp gives 120 cd of light.", "120 cd", 120, "cd"),
        ("I want 1cds in this room!", "1cds", 1, "cd*s"),
        ("Give me -1e-3 W/min, now!", "-1e-3 W/min", -1e-3, "W/minute"),
        ("Workers are exposed to 20 J/m^2 per year.", "20 J/m^2 per year", 20, "J/m2/year"),
        ("The panel receives 1,000 W/m2 at noon.", "1,000 W/m2", 1000, "W/m2"),
        ("Objects fall at 9.8 m/s2 here.", "9.8 m/s2", 9.8, "m/s2"),
        ("Objects fall at 9.8 m/s² here.", "9.8 m/s²", 9.8, "m/s2"),
        ("It falls at 32 feet per second squared.", "32 feet per second squared", 32, "foot/s2"),
    ],
)
def test_compound_and_scientific_units(nlp: Language, text: str, surface: str, value: float, unit: str) -> None:
    figure = only_figure(nlp, text)
    assert (figure["surface"], figure["value"], figure["unit"]) == (surface, pytest.approx(value), unit)


def test_cds_in_capitals_are_compact_discs(nlp: Language) -> None:
    assert only_figure(nlp, "She sold 10 CDs last week.")["unit"] == "count"


def test_a_rate_after_a_rate_needs_a_code_in_the_vocabulary(nlp: Language) -> None:
    figure = only_figure(nlp, "She is paid $15 an hour a day.")
    assert (figure["surface"], figure["unit"]) == ("$15 an hour", "USD/hour")


@pytest.mark.parametrize(
    ("text", "surface", "unit"),
    [
        ("This nano grid has a size of 2.1 pm.", "2.1 pm", "pm"),
        ("This nano grid has a size of 2.123 pm.", "2.123 pm", "pm"),
        ("This nano grid has a size of 2.123 am.", "2.123 am", "am"),
    ],
)
def test_am_and_pm_after_a_number_that_cannot_be_a_time_are_lengths(nlp: Language, text: str, surface: str, unit: str) -> None:
    figure = only_figure(nlp, text)
    assert (figure["surface"], figure["unit"]) == (surface, unit)
