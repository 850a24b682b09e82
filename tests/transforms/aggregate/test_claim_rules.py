"""The pairwise claim rules on hand-made figure records: exact values agree only by rounding, hedged values as
intervals (the tolerance once), different subjects never meet, durations and shared values need more than a
coincidence, and what the same sentence republished still joins."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.aggregate.claim_rules import (
    different_subjects,
    distinctive,
    last_digit,
    linked,
    market_quote,
    one_fact_of_one_story,
    read_days_apart,
    rounds_to,
    same_fact_across_stories,
    same_value,
    values_agree,
)

STORY = frozenset({"yukos", "rosneft", "auction", "yugansk", "oil", "tax", "russia", "court"})


def record(article_id: str = "a1", **fields: object) -> dict[str, object]:
    """A figure as `assign_claims` holds it (see `claims._as_records`), with neutral defaults."""
    base: dict[str, object] = {
        "article_id": article_id, "period_key": None, "published_day": None, "object_class": None, "subject_entity_id": None, "context": frozenset(),
        "anchor_entity_id": None, "neighbour_words": [], "dimension": "currency", "normalized_low": 9.4e9,
        "normalized_high": 9.4e9, "qualifier": "exact", "sentence_position": "1/1", "words": frozenset(), "local": frozenset(),
        "story": STORY, "entities": frozenset({"ent:Yukos", "ent:Rosneft"}),
    }
    return base | fields


@pytest.mark.parametrize(
    ("value", "expected"), [(5e9, 9), (4.4e9, 8), (28.9, -1), (29.0, 0), (0.289, -3), (120.0, 1), (0.0, 0)],
)
def test_last_digit_is_the_power_of_ten_of_the_last_significant_digit(value: float, expected: int) -> None:
    assert last_digit(value) == expected


@pytest.mark.parametrize(
    ("coarse", "fine", "expected"),
    [(29.0, 28.9, True), (5e9, 4.6e9, True), (1.5, 1.45, True), (306.0, 305.78, True), (120.0, 120.0, True),
     (5e9, 4.4e9, False), (11_000.0, 12_000.0, False), (9.3e9, 9.4e9, False), (28.9, 29.0, False)],
)
def test_a_value_rounds_to_another_only_at_its_own_precision(coarse: float, fine: float, expected: bool) -> None:
    assert rounds_to(coarse, fine) is expected


def test_two_exact_values_agree_only_when_one_is_the_other_rounded_or_they_are_within_two_percent() -> None:
    def pair(x: float, y: float) -> bool:
        return values_agree(record(normalized_low=x, normalized_high=x), record("a2", normalized_low=y, normalized_high=y), 0.10)

    assert pair(29.0, 28.9) and pair(9.4e9, 9.4e9)
    assert pair(9.3e9, 9.4e9)  # one sale, "$9.3bn" and "$9.4bn": 1% apart
    assert not pair(146_000.0, 149_000.0)  # 2% apart and not a rounding: two counts, or a disagreement
    assert not pair(60.0, 65.0)  # "over 60 years" of friendship, a "65-year" career: within 10%, two facts
    assert not pair(28.3e9, 27e9)  # the lawsuit and the tax bill
    assert not pair(35.86, 36.01)  # 0.4% apart but 15 units of their last digit: two machines' teraflops
    assert not pair(496.5e9, 500.5e9)  # 2003's trade deficit and ten months of 2004's, 0.8% apart
    assert pair(9.3e9, 9.4e9) and pair(1.55e9, 1.56e9)  # one unit of the last digit: two sources rounding differently


def test_a_hedged_value_is_an_interval_that_takes_the_tolerance_once() -> None:
    about = record(normalized_low=2.4, normalized_high=2.4, qualifier="approximately", dimension="percent")
    assert values_agree(about, record("a2", normalized_low=2.6, normalized_high=2.6, dimension="percent"), 0.10)
    assert not values_agree(about, record("a2", normalized_low=2.8, normalized_high=2.8, dimension="percent"), 0.10)
    over = record(normalized_low=56.2e9, normalized_high=56.2e9, qualifier="more_than")
    assert values_agree(over, record("a2", normalized_low=55.5e9, normalized_high=55.5e9), 0.10)  # the sample's $55.5bn
    over_35m = record(normalized_low=35e6, normalized_high=35e6, qualifier="more_than")
    assert not values_agree(over_35m, record("a2", normalized_low=50e6, normalized_high=50e6), 0.10)  # allowed, not meant


def test_subjects_differ_only_when_neither_is_near_the_other_figure() -> None:
    yukos = record(subject_entity_id="ent:Yukos", context=frozenset({"ent:Yukos", "ent:Russia"}))
    rosneft = record("a2", subject_entity_id="ent:Rosneft", context=frozenset({"ent:Rosneft"}))
    assert different_subjects(yukos, rosneft)
    assert not different_subjects(yukos, record("a2", subject_entity_id="ent:Russia", context=frozenset({"ent:Russia"})))
    assert not different_subjects(yukos, record("a2"))  # no subject read: nothing to compare
    shared = {"words": frozenset({"paid", "yugansk", "auction"}), "local": frozenset({"paid", "yugansk", "auction"}),
              "anchor_entity_id": "ent:Yugansk"}
    assert not one_fact_of_one_story(record(**add_words(shared, "yukos"), subject_entity_id="ent:Yukos", context=frozenset({"ent:Yukos"})),
                                     record("a2", **add_words(shared, "rosneft"), subject_entity_id="ent:Rosneft",
                                            context=frozenset({"ent:Rosneft"})), 0.10)
    assert one_fact_of_one_story(record(**shared), record("a2", **shared), 0.10)


def add_words(fields: dict[str, object], *words: str) -> dict[str, object]:
    return fields | {"words": fields["words"] | set(words), "local": fields["local"] | set(words)}


def test_one_sentence_republished_has_one_subject_however_it_was_linked() -> None:
    # "Ebbers faces a jail sentence of 85 years if convicted" in two versions: the linker made "Bernie Ebbers" and
    # "Bernard Ebbers" two entities, but the same words at the same place say one thing of one man.
    sentence = {"dimension": "duration", "normalized_low": 31045.6, "normalized_high": 31045.6, "object_class": "sentence",
                "words": frozenset({"ebbers", "face", "jail", "sentence", "convicted"}), "local": frozenset({"ebbers", "jail", "sentence"})}
    bernie = record(**sentence, subject_entity_id="ent:Bernie Ebbers", anchor_entity_id="ent:Bernie Ebbers")
    bernard = record("a2", **sentence, subject_entity_id="ent:Bernard Ebbers", anchor_entity_id="ent:Bernard Ebbers")
    assert different_subjects(bernie, bernard) and one_fact_of_one_story(bernie, bernard, 0.10)
    rewritten = bernard | {"words": sentence["words"] - {"convicted"} | {"trial"}}  # a rewritten sentence: the subjects count again
    assert not one_fact_of_one_story(bernie, rewritten, 0.10)


def test_only_a_distinctive_shared_value_is_one_fact_by_itself() -> None:
    assert distinctive(28.9) and distinctive(8e8) and distinctive(339.5) and distinctive(4.5)
    assert not distinctive(6.0) and not distinctive(2.0) and not distinctive(0.01) and not distinctive(0.0)
    six = {"dimension": "percent", "normalized_low": 6.0, "normalized_high": 6.0}
    assert not same_value(record(**six), record("a2", **six))  # "just under 6%" and London's "6%"
    assert same_value(record(), record("a2"))  # "$9.4bn" in two articles of the Yugansk story
    assert one_fact_of_one_story(record(), record("a2"), 0.10)
    assert not one_fact_of_one_story(record(**six), record("a2", **six), 0.10)


def test_the_same_value_of_one_counted_object_is_one_fact_of_one_story() -> None:
    # "A total of 30 large-scale projects have been halted" / "the agency ordered 30 projects halted": the words
    # around them differ, but one story, one object and one number to the last digit.
    projects = {"dimension": "count", "normalized_low": 30.0, "normalized_high": 30.0, "object_class": "project"}
    assert one_fact_of_one_story(record(**projects), record("a2", **projects), 0.10)
    assert not one_fact_of_one_story(record(**projects), record("a2", **projects | {"object_class": None}), 0.10)  # no object said
    assert not one_fact_of_one_story(record(**projects), record("a2", **projects | {"normalized_low": 31.0, "normalized_high": 31.0}), 0.10)
    other_story = projects | {"story": frozenset({"dam", "resettlement", "yangtze", "province", "river", "power", "flood", "china"})}
    assert not one_fact_of_one_story(record(**projects), record("a2", **other_story), 0.10)  # shares too little of the story
    troops = projects | {"object_class": "troops", "normalized_low": 5e4, "normalized_high": 5e4}  # one story's two counts of troops
    assert not one_fact_of_one_story(record(**troops, anchor_entity_id="ent:North Korea"), record("a2", **troops, anchor_entity_id="ent:Moscow"), 0.10)
    assert not one_fact_of_one_story(record(**troops, subject_entity_id="ent:North Korea"), record("a2", **troops, subject_entity_id="ent:Moscow"), 0.10)
    two = projects | {"normalized_low": 2.0, "normalized_high": 2.0, "object_class": "son"}
    assert not one_fact_of_one_story(record(**two), record("a2", **two), 0.10)  # a small count needs its words shared too


def test_durations_need_one_value_object_and_anchor() -> None:
    span = {"dimension": "duration", "normalized_low": 730.5, "normalized_high": 730.5, "object_class": "ban",
            "anchor_entity_id": "ent:Chambers", "local": frozenset({"ban", "chambers"})}
    assert one_fact_of_one_story(record(**span), record("a2", **span), 0.10)
    assert not one_fact_of_one_story(record(**span), record("a2", **span | {"anchor_entity_id": "ent:Greene"}), 0.10)
    longer = span | {"normalized_low": 1095.7, "normalized_high": 1095.7, "qualifier": "more_than"}
    assert not one_fact_of_one_story(record(**span | {"qualifier": "more_than"}), record("a2", **longer), 0.10)


def cbs_fine(article_id: str, **fields: object) -> dict[str, object]:
    """"CBS was fined $550,000" as told in two stories: a Super Bowl piece and one on broadcasting rules."""
    return record(article_id, normalized_low=550_000.0, normalized_high=550_000.0, anchor_entity_id="ent:CBS", context=frozenset({"ent:CBS"}),
                  local=frozenset({"fined", "cbs", "jackson", "breast"}), entities=frozenset({"ent:CBS", "ent:Janet Jackson", "ent:FCC"}),
                  story=frozenset({"superbowl", "halftime"}) if article_id == "a1" else frozenset({"indecency", "radio"})) | fields


def test_the_same_distinctive_amount_of_one_entity_is_one_fact_across_stories() -> None:
    one, other = cbs_fine("a1"), cbs_fine("a2")
    assert same_fact_across_stories(one, other) and linked(one, other, 0.10)


@pytest.mark.parametrize(
    ("change", "why"),
    [({"normalized_low": 500_000.0, "normalized_high": 500_000.0}, "another amount"),
     ({"normalized_low": 500.0, "normalized_high": 500.0}, "an amount too round to be telling"),
     ({"dimension": "count"}, "counts are shared by many stories"),
     ({"dimension": "duration"}, "so are spans of time"),
     ({"anchor_entity_id": "ent:NBC", "context": frozenset({"ent:NBC"})}, "another entity"),
     ({"local": frozenset({"paid", "settlement"})}, "other words beside it"),
     ({"entities": frozenset({"ent:CBS"})}, "articles that share one entity only"),
     ({"period_key": "2003"}, "another year, where the first is known"),
     ({"object_class": "bonus"}, "another object")],
)
def test_across_stories_anything_less_than_that_is_two_facts(change: dict[str, object], why: str) -> None:
    one = cbs_fine("a1", period_key="2004" if "period_key" in change else None, object_class="fine" if "object_class" in change else None)
    assert not same_fact_across_stories(one, cbs_fine("a2", **change)), why


def test_market_quotes_are_one_fact_only_in_one_sentence() -> None:
    # Brent at $44.45 in two articles' different sentences: the same anchor and object, but two days' prices.
    quote = {"normalized_low": 44.45, "normalized_high": 44.45, "anchor_entity_id": "ent:Brent", "object_class": "barrel",
             "words": frozenset({"brent", "crude", "london", "gained"}), "local": frozenset({"brent", "crude", "gained"})}
    other_close = quote | {"words": frozenset({"brent", "rose", "london", "trading", "close", "adding"}),
                           "local": frozenset({"brent", "rose", "adding"})}
    assert market_quote(record(**quote)) and not market_quote(record(**quote | {"words": frozenset({"macintosh", "sold"})}))
    assert not market_quote(record(**quote | {"normalized_low": 9.3e9, "normalized_high": 9.3e9}))  # a price paid, not a quote
    rate = {"normalized_low": 1.3006, "normalized_high": 1.3006, "words": frozenset({"dollar", "record", "level", "set"})}
    assert market_quote(record(**rate))  # an exchange rate
    listed = {"normalized_low": 99.0, "normalized_high": 99.0, "words": frozenset({"machine", "retail", "euro"})}
    assert not market_quote(record(**listed))  # "will retail for £99 in the UK (149 euros)"
    assert not one_fact_of_one_story(record(**quote), record("a2", **other_close), 0.10)
    assert one_fact_of_one_story(record(**quote), record("a2", **quote), 0.10)  # the same sentence, republished
    on_sale = quote | {"words": frozenset({"console", "sale", "nintendo"}), "local": frozenset({"console", "sale", "nintendo"})}
    assert one_fact_of_one_story(record(**on_sale), record("a2", **on_sale | {"words": on_sale["words"] | {"shop"}}), 0.10)


def test_a_quote_republished_keeps_its_price() -> None:
    # "Cairn's shares closed up 64 pence, or 6%, at 1130p" and "The shares closed down 247p, or 18%, at 1115 pence":
    # sentences alike enough to be one rewritten, but two days' closes, 1.3% apart.
    close = {"normalized_low": 11.30, "normalized_high": 11.30, "words": frozenset({"cairn", "shares", "closed", "pence"}),
             "local": frozenset({"shares", "closed", "pence"}), "sentence_position": "3/3"}
    assert one_fact_of_one_story(record(**close), record("a2", **close), 0.10)
    assert not one_fact_of_one_story(record(**close), record("a2", **close | {"normalized_low": 11.15, "normalized_high": 11.15}), 0.10)


def test_a_sentence_republished_with_its_number_changed_is_a_later_reading() -> None:
    # "Shares in Manchester United were up over 5% by noon on Monday" and "... closed up 4.75% on Monday": one sentence
    # rewritten, but 4.75% is not "over 5%", so the second is a later figure (the close), whatever the tolerance allows.
    rise = {"dimension": "percent", "normalized_low": 5.0, "normalized_high": 5.0, "qualifier": "more_than", "sentence_position": "1/1",
            "words": frozenset({"share", "manchester", "united", "offer", "glazer", "monday"}), "local": frozenset({"share", "united", "offer"})}
    close = rise | {"normalized_low": 4.75, "normalized_high": 4.75, "qualifier": "exact"}
    assert values_agree(record(**rise), record("a2", **close), 0.10)  # within the tolerance ...
    assert not one_fact_of_one_story(record(**rise), record("a2", **close), 0.10)  # ... but not as written
    assert one_fact_of_one_story(record(**rise), record("a2", **rise | {"normalized_low": 6.0, "normalized_high": 6.0, "qualifier": "exact"}), 0.10)
    rounded = close | {"normalized_low": 4.8, "normalized_high": 4.8}  # "4.75%" told as "4.8%": one number rounded
    assert one_fact_of_one_story(record(**close), record("a2", **rounded), 0.10)
    estimate = close | {"qualifier": "approximately"}  # "an estimated $121.9m" and "an estimated $125.4m": two weekends
    assert not one_fact_of_one_story(record(**estimate), record("a2", **estimate | {"normalized_low": 4.9, "normalized_high": 4.9}), 0.10)


def test_an_upper_and_a_lower_bound_are_two_facts() -> None:
    # "income would be taxed up to £100,000" and "a new 50% rate on incomes over £100,000": two limits, no conflict.
    limit = {"normalized_low": 1e5, "normalized_high": 1e5, "anchor_entity_id": "ent:Lib Dems", "local": frozenset({"income", "tax"})}
    up_to = record(**limit, qualifier="up_to")
    assert not one_fact_of_one_story(up_to, record("a2", **limit, qualifier="more_than"), 0.10)
    assert not same_fact_across_stories(up_to, record("a2", **limit, qualifier="more_than"))
    assert one_fact_of_one_story(up_to, record("a2", **limit, qualifier="less_than"), 0.10)


def test_two_bounds_of_one_direction_at_different_values_are_two_facts() -> None:
    # "The book has sold more than seven million copies" and "more than eight million copies": a growing total told twice.
    sold = {"dimension": "count", "normalized_low": 7e6, "normalized_high": 7e6, "qualifier": "more_than", "object_class": "copy",
            "anchor_entity_id": "ent:Dan Brown", "local": frozenset({"sold", "copy", "worldwide"})}
    later = sold | {"normalized_low": 8e6, "normalized_high": 8e6}
    assert values_agree(record(**sold), record("a2", **later), 0.10)  # the intervals meet ...
    assert not one_fact_of_one_story(record(**sold), record("a2", **later), 0.10)  # ... but each source gave the bound it knew
    assert one_fact_of_one_story(record(**sold), record("a2", **sold), 0.10)  # the same bound is one fact
    assert one_fact_of_one_story(record(**sold), record("a2", **later | {"qualifier": "exact"}), 0.10)  # "8 million" is over 7 million


def test_a_rounding_is_one_number_only_within_the_tolerance() -> None:
    def pair(x: float, y: float) -> bool:
        return values_agree(record(normalized_low=x, normalized_high=x), record("a2", normalized_low=y, normalized_high=y), 0.10)

    assert pair(5e9, 4.6e9) and pair(29.0, 28.9)
    assert not pair(3.0, 2.7025)  # "300p" against a close of "270.25p"
    assert not pair(1.0, 0.6) and not pair(40.0, 44.0)  # "1%" is not "0.6%" said roughly



# --- figures of different days -------------------------------------------------------------------------------------

MONDAY, THURSDAY = date(2016, 5, 2), date(2016, 5, 5)


def poll(article_id: str, share: float, day: date | None, **fields: object) -> dict[str, object]:
    """"Clinton leads with 46%" as a poll story tells it: one object, one anchor, the same words beside the number."""
    local = frozenset({"clinton", "poll", "lead", "voter"})
    sentence = local | {f"{article_id}-{n}" for n in range(5)}  # each outlet words the rest of its sentence its own way
    return record(article_id, dimension="percent", normalized_low=share, normalized_high=share, object_class="voter",
                  anchor_entity_id="ent:Clinton", neighbour_words=["lead", "poll"], words=sentence, local=local,
                  published_day=day, **fields)


def test_disagreeing_figures_of_two_days_that_name_no_period_are_two_readings() -> None:
    monday, thursday = poll("a1", 46.0, MONDAY), poll("a2", 43.0, THURSDAY)
    assert read_days_apart(monday, thursday, 0.10)
    assert not one_fact_of_one_story(monday, thursday, 0.10) and not linked(monday, thursday, 0.10)
    same_day = poll("a2", 43.0, MONDAY)
    assert not read_days_apart(monday, same_day, 0.10)
    assert one_fact_of_one_story(monday, same_day, 0.10)  # one day, two values: still a disagreement


@pytest.mark.parametrize(
    ("monday", "thursday", "why"),
    [(poll("a1", 46.0, None), poll("a2", 43.0, THURSDAY), "an unknown day decides nothing"),
     (poll("a1", 46.0, MONDAY, period_key="2016-04"), poll("a2", 43.0, THURSDAY, period_key="2016-04"),
      "both name their period: April's poll, told twice"),
     (poll("a1", 46.0, MONDAY), poll("a2", 46.0, THURSDAY), "the same value told again later"),
     (poll("a1", 46.0, MONDAY), poll("a2", 46.3, THURSDAY), "a rounding of it")],
)
def test_the_day_does_not_part_figures_when_a_period_or_the_value_says_one_fact(monday: dict[str, object],
                                                                                  thursday: dict[str, object], why: str) -> None:
    assert not read_days_apart(monday, thursday, 0.10), why
    assert one_fact_of_one_story(monday, thursday, 0.10), why
