"""Figures: values, units, qualifiers, ranges, paired units, counted objects, and what is not a figure."""

from __future__ import annotations

import math
import pytest
from spacy.language import Language

from transforms import units
from transforms.extract.figures import extract_figures
from transforms.extract.records import FigureRecord
from transforms.extract.unit_lexicon import load_unit_lexicon
from transforms.reference.catalog import load_reference_catalog
from transforms.schema import QUALIFIERS


def figures_in(nlp: Language, text: str) -> list[FigureRecord]:
    doc = nlp(text)
    records = extract_figures(doc, load_reference_catalog().unit_lexicon)
    for record in records:
        assert doc.text[record["start_char"] : record["end_char"]] == record["surface"]
        assert record["unit"] in units.unit_codes()
        assert record["qualifier"] in QUALIFIERS
        assert record["value"] == record["value_low"] <= record["value_high"]
    return records


def only_figure(nlp: Language, text: str) -> FigureRecord:
    records = figures_in(nlp, text)
    assert len(records) == 1, records
    return records[0]


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


def test_normalisation_converts_within_a_dimension() -> None:
    assert units.normalize_value(186, "mile")[0] == pytest.approx(299.34, abs=0.01)
    assert units.normalize_value(212, "fahrenheit") == (pytest.approx(100.0), "celsius")
    assert units.normalize_value(5, "USD") == (5, "USD")  # currencies are never converted


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


def test_measured_objects_of_amounts(nlp: Language) -> None:
    records = figures_in(nlp, "GM swapped a 6% stake. Shell reported an annual profit of $17.5bn. The US sent weapons and equipment worth $55.5 billion.")
    assert [r["counted_object"] for r in records] == ["stake", "annual profit", "weapons and equipment"]


def test_paired_units_point_at_the_first_statement(nlp: Language) -> None:
    records = figures_in(nlp, "ATACMS missiles can reach up to 300km (186 miles) and are hard to stop.")
    assert [(r["surface"], r["unit"], r["paired_with"]) for r in records] == [("up to 300km", "km", None), ("186 miles", "mile", 0)]


def test_a_list_of_restatements_points_at_the_first_statement(nlp: Language) -> None:
    records = figures_in(nlp, "GM will pay $2bn (1.53bn euros; £1.05bn) to Fiat.")
    assert [(r["unit"], r["paired_with"]) for r in records] == [("USD", None), ("EUR", 0), ("GBP", 0)]


def test_figures_in_different_units_of_other_dimensions_are_not_paired(nlp: Language) -> None:
    records = figures_in(nlp, "They paid $5 million (20 percent) up front.")
    assert all(r["paired_with"] is None for r in records)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ukraine estimates there are 11,000 North Korean soldiers in Kursk.", [("North Korean soldiers", "exact")]),
        ("Russia fired approximately 120 missiles and 90 drones, killing at least 10 people.",
         [("missiles", "approximately"), ("drones", "approximately"), ("people", "at_least")]),
        ("Attacks in Sumy killed eight more people, including two children.", [("people", "exact"), ("children", "exact")]),
        ("Dozens of drones and missiles were launched.", [("drones and missiles", "at_least")]),
        ("Tens of thousands of people marched.", [("people", "at_least")]),
    ],
)
def test_counted_objects_and_distributed_qualifiers(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    records = figures_in(nlp, text)
    assert [(r["counted_object"], r["qualifier"]) for r in records] == expected


def test_vague_plurals_give_their_smallest_value(nlp: Language) -> None:
    assert only_figure(nlp, "Tens of thousands of people marched.")["value"] == 20_000
    assert only_figure(nlp, "They hit targets hundreds of miles away.")["unit"] == "mile"


def test_a_unit_is_shared_backwards_across_and(nlp: Language) -> None:
    records = figures_in(nlp, "Patients were given 45 and 50 mg of the drug.")
    assert [r["unit"] for r in records] == ["mg", "mg"]


def test_compound_amounts_are_one_figure(nlp: Language) -> None:
    assert only_figure(nlp, "He is 5 feet 2 inches tall.")["value"] == pytest.approx(5 + 2 / 12)
    assert only_figure(nlp, "It only cost 3 dollars 50 cents.")["value"] == pytest.approx(3.5)


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


def test_sentence_index_counts_sentences(nlp: Language) -> None:
    records = figures_in(nlp, "Nothing here. Still nothing.\n\nThen 12 ships arrived.")
    assert records[0]["sentence_index"] == 2


def test_unit_lexicon_codes_are_all_in_the_vocabulary() -> None:
    lexicon = load_unit_lexicon()
    assert {entry.unit for entry in [*lexicon.suffixes.values(), *lexicon.prefixes.values()]} <= units.unit_codes()
    assert lexicon.lookup("m", "suffix").unit == "m"
    assert lexicon.lookup("M", "suffix") is None  # capital M is a scale (million), not metres


def test_unit_lexicon_rejects_unknown_codes(tmp_path) -> None:
    bad = tmp_path / "units.csv"
    bad.write_text("surface,unit,factor,position,case_sensitive,note\nparsec,parsec,1,suffix,0,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="parsec"):
        load_unit_lexicon(bad)


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


def test_rates_normalise_numerator_and_denominator() -> None:
    assert units.normalize_value(15.0, "USD/hour") == (pytest.approx(360.0), "USD/day")
    assert units.normalize_value(1.0, "m/ms") == (pytest.approx(3600.0), "km/h")
    assert units.unit_table()["count/week"].dimension == "count_per_duration"


def test_a_time_phrase_after_an_amount_is_not_a_rate(nlp: Language) -> None:
    figure = only_figure(nlp, "Sales reached $1.2 billion a year earlier.")
    assert (figure["surface"], figure["unit"]) == ("$1.2 billion", "USD")


@pytest.mark.parametrize(("text", "surface", "unit"), [("I want a gallon of beer.", "a gallon", "gallon"), ("Oh look, a penny!", "a penny", "GBP")])
def test_an_article_before_a_unit_word_means_one(nlp: Language, text: str, surface: str, unit: str) -> None:
    figure = only_figure(nlp, text)
    assert (figure["surface"], figure["unit"]) == (surface, unit)
    assert figure["value"] == pytest.approx(1.0 if unit != "GBP" else 0.01)


@pytest.mark.parametrize("text", ["It was a bit of fun, to a degree, twice a day.", "Petrol costs more than a year ago in a yard."])
def test_articles_in_idioms_and_durations_are_not_figures(nlp: Language, text: str) -> None:
    assert figures_in(nlp, text) == []


def test_powers_of_other_bases_and_feet_with_inches(nlp: Language) -> None:
    assert only_figure(nlp, "The block holds 8x2^10 bits.")["value"] == 8192
    figure = only_figure(nlp, "The length is 12 ft 2 in more or less.")
    assert (figure["unit"], figure["value"]) == ("foot", pytest.approx(12 + 2 / 12))


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


@pytest.mark.parametrize("text", ["The twenty-first century began.", "It was a twenty-first century approach."])
def test_hyphenated_ordinals_are_not_figures(nlp: Language, text: str) -> None:
    assert figures_in(nlp, text) == []


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


def test_a_currency_code_between_two_amounts_opens_the_second(nlp: Language) -> None:
    assert [(f["surface"], f["unit"]) for f in figures_in(nlp, "Tickets were rmb 10 usd 20 each.")] == [("rmb 10", "CNY"), ("usd 20", "USD")]
    assert [(f["surface"], f["unit"]) for f in figures_in(nlp, "They sold USD50 cards.")] == [("USD50", "USD")]


def test_numbers_in_catalogue_codes_are_not_figures(nlp: Language) -> None:
    assert figures_in(nlp, "The object SCP2-173m was seen.") == []


def test_capital_c_and_f_after_a_number_are_degrees_unless_part_of_a_name(nlp: Language) -> None:
    assert [(f["surface"], f["unit"]) for f in figures_in(nlp, "It was -10C at dawn and 100F by noon.")] == [("-10C", "celsius"), ("100F", "fahrenheit")]
    assert [f["unit"] for f in figures_in(nlp, "They flew 3 C-130 aircraft.")] == ["count"]


def test_an_article_with_an_ordinal_before_a_noun_is_not_a_fraction(nlp: Language) -> None:
    assert figures_in(nlp, "He won a fourth world title.") == []
    assert only_figure(nlp, "A fifth of all drives failed.")["value"] == pytest.approx(0.2)
    assert (only_figure(nlp, "One gigabyte is plenty.")["unit"]) == "GB"


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
    "text",
    ["Gross domestic product rose.", "It was a gross error.", "His gross income fell.", "It is a gross domestic product figure.", "It was a gross violation of rights."],
)
def test_gross_as_an_adjective_is_not_a_number(nlp: Language, text: str) -> None:
    assert figures_in(nlp, text) == []


def test_a_gross_of_an_amount_is_takings_not_144(nlp: Language) -> None:
    assert [(f["value"], f["unit"]) for f in figures_in(nlp, "The film made a gross of $5m.")] == [(5e6, "USD")]


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


@pytest.mark.parametrize("text", ["We met at 2.30pm and left at 10pm.", "The train leaves at 9.45 am.", "It starts at 2 pm and ends at 11 am."])
def test_times_of_day_with_am_and_pm_stay_declined(nlp: Language, text: str) -> None:
    assert figures_in(nlp, text) == []


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
    ("text", "surface", "value"),
    [("The annual revenue is ($99.99).", "($99.99)", -99.99), ("Net income: ($1,200)", "($1,200)", -1200)],
)
def test_accounting_brackets_make_an_amount_negative(nlp: Language, text: str, surface: str, value: float) -> None:
    figure = only_figure(nlp, text)
    assert (figure["surface"], figure["value"], figure["unit"]) == (surface, pytest.approx(value), "USD")


def test_a_bracketed_amount_after_a_figure_or_a_noun_stays_positive(nlp: Language) -> None:
    pair = figures_in(nlp, "The fine was €5m ($5.5m) in total.")
    assert [(f["value"], f["unit"], f["paired_with"]) for f in pair] == [(5e6, "EUR", None), (5.5e6, "USD", 0)]
    assert only_figure(nlp, "The fine ($5m) was paid.")["value"] == pytest.approx(5e6)


def test_absolute_zero_is_a_temperature(nlp: Language) -> None:
    figure = only_figure(nlp, "Matter at absolute zero is in its ground state.")
    assert (figure["surface"], figure["value"], figure["unit"]) == ("absolute zero", 0, "kelvin")
    assert units.normalize_value(figure["value"], figure["unit"]) == (pytest.approx(-273.15), "celsius")
    assert only_figure(nlp, "It was cooled close to absolute zero.")["qualifier"] == "nearly"
    assert only_figure(nlp, "Zero is a small number.")["unit"] == "count"


def test_named_quantities_reject_unknown_units(tmp_path) -> None:
    from transforms.extract.unit_lexicon import DEFAULT_UNIT_SURFACES_PATH, load_named_quantities

    bad = tmp_path / "named.csv"
    bad.write_text("phrase,value,unit,note\nspeed of sound,343,m/sec,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="m/sec"):
        load_named_quantities(bad)
    with pytest.raises(ValueError, match="m/sec"):
        load_unit_lexicon(DEFAULT_UNIT_SURFACES_PATH, bad)


@pytest.mark.parametrize(
    "text", ["Gallium rose from $350 per kg to $680 per kg.", "The dose was reduced from 44 mg to 50 mg."]
)
def test_a_change_between_two_united_values_is_two_figures(nlp: Language, text: str) -> None:
    assert len(figures_in(nlp, text)) == 2  # deliberate: a before and an after, not a range


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
        values = [(f["value_low"], f["value_high"]) for f in extract_figures(nlp(text), load_reference_catalog().unit_lexicon)]
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
        ("Nokia sold 3 million handsets.", ["3 million"]),  # an amount after a brand's verb
    ],
)
def test_similar_numbers_that_measure_are_kept(nlp: Language, text: str, kept: list[str]) -> None:
    assert [r["surface"] for r in figures_in(nlp, text)] == kept
