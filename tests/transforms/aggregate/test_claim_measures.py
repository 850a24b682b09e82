"""Which figures measure nothing a second source could report (`not_a_measure`), and vague magnitudes."""

from __future__ import annotations

import pytest

from transforms.aggregate.claim_measures import is_change, not_a_measure, vague_magnitude


def judge(sentence: str, surface: str, dimension: str, counted_object: str | None = None, occurrence: int = 0) -> bool:
    """`not_a_measure` of the `occurrence`-th `surface` in `sentence`."""
    start = -1
    for _ in range(occurrence + 1):
        start = sentence.index(surface, start + 1)
    return not_a_measure(sentence, start, start + len(surface), dimension, counted_object)


@pytest.mark.parametrize(("sentence", "surface", "dimension", "counted"), [
    ("He promised to end teenage unemployment within the next five years.", "five years", "duration", None),
    ("The industry has stepped up its efforts in the last 12 months, it said.", "12 months", "duration", None),
    ("Mr Blair said: \"I've dealt with this six months ago.\"", "six months", "duration", None),
    ("Rivals are expected to release new machines in the next 18 months.", "18 months", "duration", None),
    ("The union said so. In four days, Unison will start balloting workers.", "four days", "duration", None),
    ("Growth slowed in the final three months of 2004.", "three months", "duration", None),
    ("Growth in Japan evaporated in the three months to September.", "three months", "duration", None),  # a quarter, a date
    ("Sales rose in the three months ending December.", "three months", "duration", None),
    ("Prices rose by only 2.8% in the second half of the year.", "half", "count", "year"),
    ("Wales were awarded a penalty with four minutes left in Cardiff.", "four minutes", "duration", None),  # a match's clock
    ("Rooney rounded Jones with three minutes to go.", "three minutes", "duration", None),
    ("Wales scored two tries in four minutes before the hour.", "four minutes", "duration", None),
    ("The deficit hit a record $412bn in the 12 months to 30 September.", "12 months", "duration", None),  # a day before the month
    ("Fans bought 200 million tracks online in the US and Europe in 12 months.", "12 months", "duration", None),  # frames the 200 million
    ("Presley is likely to score his third number one single in three weeks on Sunday.", "three weeks", "duration", None),
    ("The firm hopes to list its shares within two years.", "two years", "duration", None),
])
def test_time_frames_measure_nothing(sentence: str, surface: str, dimension: str, counted: str | None) -> None:
    assert judge(sentence, surface, dimension, counted)


@pytest.mark.parametrize(("sentence", "surface", "dimension"), [
    ("The film took 1.5bn yen in its first two days.", "two days", "duration"),  # measured over them
    ("He was banned for six months by the league.", "six months", "duration"),
    ("The talks lasted four days in Geneva.", "four days", "duration"),
    ("The strike left four days remaining of the term.", "four days", "duration"),  # days, not a match's minutes
    ("Sales grew 5% in the last quarter.", "5%", "percent"),  # a time frame makes the duration, not the figure beside it
    ("She finished third in 7.27 seconds in a high-class women's 60m.", "7.27 seconds", "duration"),  # a race's time
    ("He won the marathon in two hours and five minutes.", "two hours", "duration"),
    ("Ireland, who secured a first Triple Crown in 19 years last season, could go one better.", "19 years", "duration"),
    ("Mortgage rates are at their lowest level in 40 years.", "40 years", "duration"),  # the span of a record
])
def test_measured_spans_are_measures(sentence: str, surface: str, dimension: str) -> None:
    assert not judge(sentence, surface, dimension)


@pytest.mark.parametrize(("sentence", "surface", "dimension", "counted", "occurrence"), [
    ("A national minimum wage for 16 and 17-year-olds was promised.", "16", "duration", "olds", 0),
    ("A national minimum wage for 16 and 17-year-olds was promised.", "17-year", "duration", "olds", 0),
    ("Some 70% said so, compared with 39% of people under 55.", "under 55", "count", "people", 0),
    ("The poorest 20% pay more in tax than the richest 20%.", "20%", "percent", None, 1),
    ("Some 14% of people aged between 18 and 34 said they never voted.", "between 18 and 34", "count", "people", 0),  # a range
])
def test_numbers_that_define_a_group_measure_nothing(sentence: str, surface: str, dimension: str, counted: str | None,
                                                     occurrence: int) -> None:
    assert judge(sentence, surface, dimension, counted, occurrence)


@pytest.mark.parametrize(("sentence", "surface", "dimension", "counted"), [
    ("The 17-year-old was fined.", "17", "count", None),  # one person's age
    ("Some 39% of people under 55 said they would vote.", "39%", "percent", "people"),
    ("The top 40% rate of tax will stay.", "40%", "percent", None),  # a tax rate, not a group
    ("Profits at the group rose 20% to £4.6bn.", "20%", "percent", None),
])
def test_counts_and_shares_beside_groups_are_measures(sentence: str, surface: str, dimension: str, counted: str | None) -> None:
    assert not judge(sentence, surface, dimension, counted)


@pytest.mark.parametrize(("sentence", "surface", "counted"), [
    ("The four Britons freed from US custody are expected home.", "four", "Britons"),
    ("All four Britons held by the US will be returned.", "four", "Britons"),
    ("The five unions meeting Mr Prescott want the rules withdrawn.", "five", "unions"),
    ("These may be too focused on one or two product lines.", "two", "product lines"),
    ("He said: \"This is three-party politics.\"", "three", "party"),
])
def test_referring_and_vague_numbers_measure_nothing(sentence: str, surface: str, counted: str) -> None:
    assert judge(sentence, surface, "count", counted)


@pytest.mark.parametrize(("sentence", "surface", "counted"), [
    ("Four Britons were freed from US custody.", "Four", "Britons"),
    ("The three-judge panel rejected the appeal.", "three", "judge"),  # a compound that counts judges
    ("The film won all six of the awards it was up for.", "six", "awards"),
    ("She leaves her four young daughters at home.", "four", "young daughters"),  # what she has
    ("The 15 games available on the launch date were shown.", "15", "games"),  # ten or more: counted
    ("Pape returns to the 22-man squad.", "22", "man"),  # a compound that counts players
])
def test_counts_after_definite_words_can_still_count(sentence: str, surface: str, counted: str) -> None:
    assert not judge(sentence, surface, "count", counted)


@pytest.mark.parametrize(("sentence", "surface"), [
    ("However, Band Aid 20 is not going to be released in the US.", "20"),
    ("Sinclair Spectrum - 16k. It plugged into the tv.", "- 16k"),
    ("Billboard's Hot 100 chart now counts downloads.", "100"),  # a counted thing after the name does not undo it
    ("The virus can strike computers running Windows 95, 98, ME, NT, 2000 and XP.", "98"),  # versions listed after a name
    ("Machines running Windows 2000, 95, 98 and Server 2003 are at risk.", "95"),
    ("The poster read 2+2=5 in red letters.", "5"),  # a sum's digits
    ("The poster read 2+2=5 in red letters.", "2"),
])
def test_numbers_inside_names_measure_nothing(sentence: str, surface: str) -> None:
    assert judge(sentence, surface, "count")


@pytest.mark.parametrize(("sentence", "surface"), [
    ("The Transport and General Workers' Union's 70,000 are among them.", "70,000"),  # the union's members
    ("Shares fell. 20 were sold on Monday.", "20"),  # the start of a sentence is no name
    ("In March 2,000 workers went on strike.", "2,000"),  # a month is a date, not a name
    ("The firm sold 20, 30 and then 40 units.", "30"),  # a list of counts after no name
])
def test_numbers_after_possessives_or_at_sentence_start_are_not_names(sentence: str, surface: str) -> None:
    assert not judge(sentence, surface, "count")


def test_races_are_named_by_distances_in_metres() -> None:
    assert judge("His time makes him third fastest over 800m in the world.", "over 800m", "length")
    assert judge("He produced world-class times in the 800m and 1000m.", "1000m", "length")
    assert not judge("The airline has 800m passengers a year.", "800m", "count")  # 800 million, not a race


def test_races_and_records_named_in_miles_measure_nothing_but_distances_do() -> None:
    assert judge("Bekele is determined to add the world indoor two mile record in Birmingham.", "two mile", "length")
    assert judge("He comfortably led the men's two mile race.", "two mile", "length")
    assert not judge("The pipeline runs for two miles under the city.", "two miles", "length")
    assert not judge("The storm moved two miles inland.", "two miles", "length")


def test_vague_magnitudes_are_orders_of_magnitude() -> None:
    assert vague_magnitude("billions of dollars") and vague_magnitude("Thousands") and vague_magnitude("tens of thousands")
    assert not vague_magnitude("$2bn") and not vague_magnitude("2,000") and not vague_magnitude("nearly $3bn")


@pytest.mark.parametrize(("sentence", "surface", "expected"), [
    ("Mozilla browsers have grown by 5% since May.", "5%", True),
    ("In 2003, Barclays reported a 20% rise in profits.", "20%", True),
    ("Approvals stood 32% lower than a year ago.", "32%", True),
    ("The main index has lost only 5% since the waves hit.", "5%", True),
    ("Reynolds showed gains of 4.5% on the day.", "4.5%", True),
    ("Its shares lost 18% in one day.", "18%", True),
    ("Its shares were expected to lose 18% in one day.", "18%", True),
    ("Shares in the club were up over 5% by noon.", "over 5%", True),  # "over" qualifies a change here
    ("The EU's economic growth rate is projected to be 2% this year.", "2%", True),  # a growth rate is a change
    ("Inflation rose to 2.5% in January.", "2.5%", True),
    ("GDP is expected at 3.2% in 2004.", "3.2%", True),
    ("Despite strong economic growth, base rates will stay on hold at 4.75%.", "4.75%", False),  # another clause
    ("Internet Explorer was used by about 95% of web surfers.", "about 95%", False),  # "by" of an agent
    ("Firefox's market share is now about 5% of all users.", "about 5%", False),
    ("Waiting lists were only 10% of the health agenda.", "10%", False),
    ("Unemployment rose to 5.1% in March.", "5.1%", False),  # the level reached
    ("The jobless rate was set to fall below 5% this year.", "below 5%", False),
])
def test_a_percentage_of_change_is_told_from_a_level(sentence: str, surface: str, expected: bool) -> None:
    start = sentence.index(surface)
    assert is_change(sentence, start, start + len(surface), "percent") is expected


def test_only_percentages_are_told_apart_as_changes() -> None:
    sentence = "Profits rose £20m to £4.6bn."
    assert not is_change(sentence, sentence.index("£20m"), sentence.index("£20m") + 4, "currency")


@pytest.mark.parametrize(("sentence", "surface", "dimension", "counted", "occurrence"), [
    ("The Lords ruled by an eight to one majority in favour of the men.", "eight to one", "count", None, 0),  # a tally
    ("Lower courts voted 7 to 2 for the bank.", "7 to 2", "count", None, 0),
    ("Just 17% of 18 to 24 year olds said they always vote.", "18 to 24 year", "duration", None, 0),  # an age band
    ("It would not apply to people coming to the UK for less than six months.", "less than six months", "duration", None, 0),
    ("He must free or charge 12 detainees. Law Lords ruled that the 12 were held unlawfully.", "12", "count", None, 1),
])
def test_tallies_bands_thresholds_and_numbers_told_before_measure_nothing(sentence: str, surface: str, dimension: str,
                                                                      counted: str | None, occurrence: int) -> None:
    assert judge(sentence, surface, dimension, counted, occurrence)


@pytest.mark.parametrize(("sentence", "surface", "dimension", "counted"), [
    ("Between eight to ten people were hurt.", "eight to ten", "count", "people"),  # a range, not a tally
    ("He signed a 20-year contract.", "20-year", "duration", "contract"),
    ("The workers were on strike for more than six months.", "more than six months", "duration", None),  # how long, not who
    ("Law Lords ruled that the 12 detainees were held unlawfully.", "12", "count", "detainees"),  # not told before
])
def test_ranges_contracts_and_first_mentions_are_measures(sentence: str, surface: str, dimension: str, counted: str | None) -> None:
    assert not judge(sentence, surface, dimension, counted)


def test_a_number_told_before_refers_only_when_it_stands_alone() -> None:
    told = "He must free or charge 12 detainees. Law Lords ruled that the 12 were held unlawfully."
    assert judge(told, "12", "count", None, 1) and not judge(told, "12", "count", "detainees", 0)
    assert not judge("It showed 15 games. The 15 games available at launch were shown.", "15", "count", "games", 1)  # counts them again


@pytest.mark.parametrize(("sentence", "surface", "dimension", "counted"), [
    ("All top 10 are electronic toys.", "10", "count", None),  # the size of a ranked list names it
    ("The magazine has compiled an all-time top 100 list of gadgets.", "100", "count", "list"),
    ("She has had eight Top 20 hits.", "20", "count", "hits"),
    ("US crude prices have soared to fresh four-month highs above $53.", "four-month", "duration", "highs"),  # which record
    ("Unemployment rose to a seventy-year high of 5.2 million.", "seventy-year", "duration", None),
    ("The Swede reached the last four by beating Enqvist.", "four", "count", None),  # a round
    ("Bosses of a fifth of the world's 500 largest companies attend.", "500", "count", "largest companies"),  # a group by rank
    ("It came after talk of relations between New Labour's two most powerful figures.", "two", "count", "figures"),
    ("Munich Re and Swiss Re, the world's two biggest reinsurers, fell.", "two", "count", "reinsurers"),
])
def test_ranked_lists_and_the_spans_of_records_measure_nothing(sentence: str, surface: str, dimension: str, counted: str | None) -> None:
    assert judge(sentence, surface, dimension, counted)


@pytest.mark.parametrize(("sentence", "surface", "dimension", "counted"), [
    ("Shares rose to the top, up 10 points.", "10", "count", "points"),
    ("The firm sold 100 units at the top of the market.", "100", "count", "units"),
    ("Prices hit a high after a four-month rally.", "four-month", "duration", "rally"),  # a span of something
    ("Roddick won the last four points of the tie-break.", "four", "count", "points"),  # counted points, not a round
    ("France have won nine of the last 10 Six Nations titles.", "10", "count", None),  # titles named after it
    ("He went on to produce 11 best-selling books.", "11", "count", "books"),  # "best-selling" is no rank
    ("The bank made two interest rate rises.", "two", "count", "rises"),  # "interest" is no superlative
])
def test_counts_near_top_and_spans_near_highs_can_still_measure(sentence: str, surface: str, dimension: str, counted: str | None) -> None:
    assert not judge(sentence, surface, dimension, counted)
