"""When two figures of different articles are one fact, and when their values agree: the pairwise rules of claims.

A pair's verdict depends on the two figures' stored features only (see `claims.figure_claim_features`), never
on the rest of the archive, so claims grow by appending. The rules, in the order `one_fact_of_one_story` applies them:
- one story: the two articles share frequent words and named entities (`one_story`);
- one time: their periods, when both are known, can overlap; and when neither names a period, figures of articles
  published on two different known days whose values do not agree are two readings of a moving quantity (a poll, a
  toll so far), not one fact nor a disagreement (`read_days_apart`); the same value told a day later may be one fact;
- one object and one subject: counted objects of different classes, or different subject entities (the
  entity inside the counted object, else the nearest one in the figure's own clause), are different facts;
  durations ("two days", "60 years") also need the same class and anchor, since a story is full of them;
- two limits: an upper and a lower bound ("up to £100,000", "over £100,000") are two facts meeting at their edge, and
  two bounds of one direction at different values ("more than seven million", "more than eight million") two facts;
- agreeing values: qualifiers and ranges are intervals; two exact values agree only when one is a rounding of the
  other less than the tolerance away ("28.9%" and "29%"; not "1%" and "0.6%") or they are within `EXACT_CLOSE` and one
  unit of their last digit apart ("$9.3bn" and "$9.4bn"; not "$496.5bn" and "$500.5bn"), since two sources that give exact numbers and differ more either disagree or count
  different things;
- then the words next to both figures, or the same sentence republished, must say that they measure one thing; in
  articles close enough to be one story, the same value to the last digit does too when it is distinctive ("£800m")
  or counts the same object ("30 projects", not a small count);
  a market quote (crude at the close, a currency against another) is a price of one moment, one fact only in the
  same sentence republished with the same price; and a sentence republished with its number changed beyond what
  its words allow, tolerance aside, is a later reading ("up over 5% by noon", "closed up 4.75%").
Articles that are not one story share a fact only as the same distinctive amount of one entity
(`same_fact_across_stories`).
"""

from __future__ import annotations

import math

from transforms.aggregate.claim_context import overlap
from transforms.extract.periods import periods_differ
from transforms.schema import LOWER_BOUNDS, UPPER_BOUNDS

# Figures further apart than this factor are different quantities, not a disagreement.
MAX_VALUE_RATIO = 10.0
# Values further apart than this factor never agree, whatever their qualifiers allow: "over £35m" allows £50m, but a
# source that means £50m says so.
MAX_AGREEING_RATIO = 1.25
# One story: the two articles share at least this share of the smaller story signature (see claim_context),
# and name at least this many of the same entities, this share of the smaller article's entities.
MIN_STORY_OVERLAP = 0.2
MIN_SHARED_STORY_ENTITIES = 2
MIN_STORY_ENTITY_OVERLAP = 0.2
# Sentences sharing this share of the smaller one's content words say the same thing (a republished or
# rewritten sentence); with the words next to the figures shared too, the figures are one fact.
SAME_SENTENCE_OVERLAP = 0.6
SAME_LOCAL_OVERLAP = 0.5
# Sentences this alike are one sentence republished: two subjects read at the same place in them are one entity
# that entity linking split ("Bernie Ebbers" and "Bernard Ebbers"), not two subjects.
REPUBLISHED_OVERLAP = 0.9
# Sentences this similar, with the figures' own words shared, are one fact when the values agree.
SIMILAR_SENTENCE_OVERLAP = 0.4
# The words next to two figures share at least this much when a shared anchor entity is the main evidence.
MIN_LOCAL_OVERLAP = 0.1
# Two articles this close tell one story so surely that an identical value (not a count) is one fact.
SAME_VALUE_STORY_OVERLAP = 0.3
# Values that disagree: the words around both figures share at least this much, and counts are at least FEW_FOR_CONFLICT.
MIN_CONFLICT_LOCAL_OVERLAP = 0.3
FEW_FOR_CONFLICT = 100
# Counts below this ("two sets", "three games") are one fact only with the same object and the same words.
SMALL_COUNT = 20
# A market quote (a barrel of crude, a price at the close, a currency against another) is a figure of one moment:
# two are one fact only in the same sentence republished. Told by a unit price below MAX_QUOTE_VALUE in a sentence
# with one of MARKET_QUOTE_TERMS (content words, singular), or an exchange rate: a price below MAX_EXCHANGE_RATE in a
# sentence naming a currency. A list price ("$250", "£99 in the UK (149 euros)") is neither.
MARKET_QUOTE_TERMS = frozenset({"barrel", "crude", "brent", "trading", "traded", "closed", "close"})
MAX_QUOTE_VALUE = 1000.0
CURRENCY_TERMS = frozenset({"euro", "dollar", "yen", "sterling"})
MAX_EXCHANGE_RATE = 10.0


# A value this large in its unit (1,000 of a currency or a count) is rarely shared by two unrelated figures of one story.
DISTINCTIVE_SIZE = 1000.0
# Two exact values this close, and one unit of their last digit apart, are one figure told with a little more or less
# precision ("$9.3bn" and "$9.4bn" for one sale, 1% apart), not a disagreement nor two quantities; further apart they
# must be roundings of each other ("35.86" and "36.01" teraflops are two machines, 0.4% apart).
EXACT_CLOSE = 0.02
# Figures of articles that are not one story are one fact only for the same distinctive amount of one entity, with
# this share of the words next to them shared; never counts or spans of time, which many stories share.
MIN_CROSS_STORY_LOCAL_OVERLAP = 0.2
UNCOUNTED_ACROSS_STORIES = frozenset({"count", "duration"})
# Qualifiers whose interval already holds the tolerance (`plausible_interval`): it is not added a second time.
WIDENED = frozenset({"approximately", "nearly"})


def plausible_interval(low: float, high: float, qualifier: str, tolerance: float) -> tuple[float, float]:
    """The values a source's wording allows: 'nearly 190' is 171..190, 'up to 300' is anything up to 300."""
    if qualifier == "approximately":
        return low - abs(low) * tolerance, high + abs(high) * tolerance
    if qualifier == "nearly":
        return low - abs(low) * tolerance, high
    if qualifier in LOWER_BOUNDS:
        return low, math.inf
    if qualifier in UPPER_BOUNDS:
        return -math.inf, high
    return low, high


def values_conflict(intervals: list[tuple[float, float]], tolerance: float) -> bool:
    """True when no single value fits every source within the tolerance."""
    highest_low = max(low for low, _ in intervals)
    lowest_high = min(high for _, high in intervals)
    if highest_low <= lowest_high:
        return False
    scale = max(abs(highest_low), abs(lowest_high))
    return (highest_low - lowest_high) > tolerance * scale


def ratio(a: float, b: float) -> float:
    small, large = sorted((abs(a), abs(b)))
    if large == 0:
        return 1.0
    if small == 0 or (a < 0) != (b < 0):
        return math.inf
    return large / small


def linked(a: dict[str, object], b: dict[str, object], tolerance: float) -> bool:
    """The pairwise rule for two figures sharing a block, within the value ratio: it looks at nothing else.

    One fact is one story (the articles' signatures overlap), one time (their periods do not differ) and one
    measured quantity, told by the words next to each figure.
    """
    return (one_story(a, b) and one_fact_of_one_story(a, b, tolerance)) or same_fact_across_stories(a, b)


def same_fact_across_stories(a: dict[str, object], b: dict[str, object]) -> bool:
    """Two articles that do not tell one story still report one fact when they give the same distinctive amount
    (not a count nor a span of time, which many stories share) of one entity, with the same words beside it:
    "CBS was fined $550,000" in a piece on the Super Bowl and in one on broadcasting rules."""
    if a["article_id"] == b["article_id"] or {a["dimension"], b["dimension"]} & UNCOUNTED_ACROSS_STORIES or not same_value(a, b):
        return False
    if periods_differ(a["period_key"], b["period_key"]) or different_subjects(a, b):
        return False
    if different_objects(a, b) or two_limits(a, b):
        return False
    entities_a = {a["anchor_entity_id"], a["subject_entity_id"]} - {None}
    entities_b = {b["anchor_entity_id"], b["subject_entity_id"]} - {None}
    about_one_entity = bool(entities_a & (b["context"] | entities_b)) or bool(entities_b & (a["context"] | entities_a))
    return (about_one_entity and len(a["entities"] & b["entities"]) >= MIN_SHARED_STORY_ENTITIES
            and overlap(a["local"], b["local"]) >= MIN_CROSS_STORY_LOCAL_OVERLAP)


def read_days_apart(a: dict[str, object], b: dict[str, object], tolerance: float) -> bool:
    """Two figures that name no period, from articles published on different days, whose values do not agree: two
    readings of a quantity that moves (poll numbers, delegates won so far), so neither one fact nor a conflict. Equal
    values may be one fact told again a day later, and an unknown day decides nothing."""
    day_a, day_b = a["published_day"], b["published_day"]
    if day_a is None or day_b is None or day_a == day_b or a["period_key"] is not None or b["period_key"] is not None:
        return False
    return not values_agree(a, b, tolerance)


def one_fact_of_one_story(a: dict[str, object], b: dict[str, object], tolerance: float) -> bool:
    """`linked` for two figures whose articles tell one story. The evidence must be stronger when the values
    disagree, since that pair makes a conflict: the same object class, about the same anchor entity."""
    if a["article_id"] == b["article_id"] or periods_differ(a["period_key"], b["period_key"]):
        return False
    if read_days_apart(a, b, tolerance):
        return False  # "Clinton 46%" on Monday and "Clinton 43%" on Thursday: two polls, not a disagreement
    if different_objects(a, b) or two_limits(a, b):
        return False  # "a 6% stake" and "sales sank 12.7%" measure different things
    class_a, class_b = a["object_class"], b["object_class"]
    sentences, local = overlap(a["words"], b["words"]), overlap(a["local"], b["local"])
    same_place = a["sentence_position"] == b["sentence_position"] and local >= SAME_LOCAL_OVERLAP
    if different_subjects(a, b) and not (same_place and sentences >= REPUBLISHED_OVERLAP):
        return False  # "Yukos accounts for 20% of Russia's output" / "Rosneft will control about 16%"
    same_class = class_a is not None and class_a == class_b
    shared_anchor = a["anchor_entity_id"] is not None and a["anchor_entity_id"] == b["anchor_entity_id"]
    if not values_agree(a, b, tolerance):
        # A disagreement needs the same object, the same anchor, a shared word right beside both numbers and
        # similar words around them; the same sentence with another value is another day's figure (box office, prices).
        beside = bool(set(a["neighbour_words"]) & set(b["neighbour_words"]))
        few = count_below(a, FEW_FOR_CONFLICT) or count_below(b, FEW_FOR_CONFLICT)  # "five nominations" vs "11 nominations"
        same_time = a["period_key"] == b["period_key"]  # both unknown, or the same period: never one known and one not
        dated = a["period_key"] is not None  # one sentence with another value: another day's figure, unless both name the period
        return (not few and same_class and shared_anchor and beside and same_time and MIN_CONFLICT_LOCAL_OVERLAP <= local
                and (sentences < SAME_SENTENCE_OVERLAP or dated))
    quote = market_quote(a) or market_quote(b)
    if sentences >= SAME_SENTENCE_OVERLAP and figures_in_sentence(a) == figures_in_sentence(b):
        # The same sentence, rewritten or republished: one fact at the same place in it, and never two
        # figures of one sentence ("lost three matches and four of six games"). A quote republished keeps its
        # price: "closed up 64p at 1130p" and "closed down 247p at 1115 pence" are two days' closes; and any number
        # changed beyond what its words allow is a later reading ("up over 5% by noon", "closed up 4.75%").
        return same_place and (not quote or one_rounding(a, b, tolerance)) and agree_as_written(a, b, tolerance)
    if quote:
        return False  # "Brent crude fell 32 cents to $49.74" and "closed down 51 cents at $44.38": two days' prices
    if a["dimension"] == "duration" and not (class_a == class_b and shared_anchor and equal_values(a, b)):
        return False  # a story is full of spans ("a 60-year friendship", "a 65-year career"): one span, of one thing
    if small_count(a) or small_count(b):
        return same_class and local >= SAME_LOCAL_OVERLAP
    if (same_value(a, b) or same_count_of_one_object(a, b)) and overlap(a["story"], b["story"]) >= SAME_VALUE_STORY_OVERLAP:
        return True  # "£800m", or "30 projects" however worded, in two articles of one story: the same amount is the same fact
    return ((shared_anchor and (same_class or local >= MIN_LOCAL_OVERLAP)) or (same_class and local >= SAME_LOCAL_OVERLAP)
            or (sentences >= SIMILAR_SENTENCE_OVERLAP and local >= SAME_LOCAL_OVERLAP))


def market_quote(record: dict[str, object]) -> bool:
    """A currency figure of a unit's size in a sentence about a market: a quote of one moment (see MARKET_QUOTE_TERMS)."""
    if str(record["dimension"]) != "currency":
        return False
    value, words = abs(float(record["normalized_high"])), record["words"]
    return ((value < MAX_QUOTE_VALUE and not MARKET_QUOTE_TERMS.isdisjoint(words))
            or (value < MAX_EXCHANGE_RATE and not CURRENCY_TERMS.isdisjoint(words)))


def different_objects(a: dict[str, object], b: dict[str, object]) -> bool:
    """Both figures say what they count, and the classes differ."""
    class_a, class_b = a["object_class"], b["object_class"]
    return class_a is not None and class_b is not None and class_a != class_b


def two_limits(a: dict[str, object], b: dict[str, object]) -> bool:
    """An upper and a lower bound: "taxed up to £100,000" and "a rate on incomes over £100,000" meet only at their edge.
    Two bounds of one direction at different values are two limits too: a source states the bound it knows, so "has sold
    more than seven million copies" and "more than eight million" are two counts of a growing total, and "below $35 a
    barrel" and "below $40" two thresholds."""
    qualifiers = {a["qualifier"], b["qualifier"]}
    if bool(qualifiers & LOWER_BOUNDS) and bool(qualifiers & UPPER_BOUNDS):
        return True
    one_direction = qualifiers <= LOWER_BOUNDS or qualifiers <= UPPER_BOUNDS
    return one_direction and not equal_values(a, b)


def different_subjects(a: dict[str, object], b: dict[str, object]) -> bool:
    """Both figures name what they are said of, and neither's subject is near the other figure: the subject is
    read from words, not from a parse, so "Kanye West's 10 Grammy nominations" and "10 nominations at the Grammys
    for Kanye West" (subjects Kanye West and the Grammys) must still meet."""
    subject_a, subject_b = a["subject_entity_id"], b["subject_entity_id"]
    if not subject_a or not subject_b or subject_a == subject_b:
        return False
    return subject_a not in b["context"] and subject_b not in a["context"]


def same_value(a: dict[str, object], b: dict[str, object]) -> bool:
    """The same distinctive amount, share or measure, to the last digit; not a count: one story counts many
    things in round numbers ("50,000 North Korean troops", "close to 50,000 troops" in Kursk), and one story's
    "2%" or "6%" or "a penny" are many things too, while "28.9%", "$800m" and "£339" are one."""
    return a["dimension"] != "count" and equal_values(a, b) and distinctive(float(a["normalized_high"]))


def same_count_of_one_object(a: dict[str, object], b: dict[str, object]) -> bool:
    """The same value of the same counted object, about one entity or an unnamed one (its subject and its anchor): "30
    projects halted" twice in one story; not "around 50,000 North Korean troops" and "Moscow has deployed close to 50,000
    troops", another count of one story's troops."""
    one_entity = all(len({a[key], b[key]} - {None}) <= 1 for key in ("subject_entity_id", "anchor_entity_id"))
    return a["object_class"] is not None and a["object_class"] == b["object_class"] and equal_values(a, b) and one_entity


def equal_values(a: dict[str, object], b: dict[str, object]) -> bool:
    return a["normalized_low"] == b["normalized_low"] and a["normalized_high"] == b["normalized_high"]


def distinctive(value: float) -> bool:
    """A value that two unrelated figures rarely share: at least 1,000 in its unit, or two significant digits."""
    if value == 0 or not math.isfinite(value):
        return False
    return abs(value) >= DISTINCTIVE_SIZE or last_digit(value) < math.floor(math.log10(abs(value)))


def one_story(a: dict[str, object], b: dict[str, object], min_term_overlap: float = MIN_STORY_OVERLAP) -> bool:
    """Articles of one story share their frequent words and the entities they name: words alone join two
    market reports about different firms ("shares", "trading", "profit"). `stories` asks for more shared words."""
    shared_entities = len(a["entities"] & b["entities"])
    return (overlap(a["story"], b["story"]) >= min_term_overlap and shared_entities >= MIN_SHARED_STORY_ENTITIES
            and overlap(a["entities"], b["entities"]) >= MIN_STORY_ENTITY_OVERLAP)


def figures_in_sentence(record: dict[str, object]) -> str:
    return str(record["sentence_position"]).partition("/")[2]


def small_count(record: dict[str, object]) -> bool:
    return count_below(record, SMALL_COUNT)


def count_below(record: dict[str, object], limit: float) -> bool:
    return record["dimension"] == "count" and abs(float(record["normalized_high"])) < limit


def values_agree(a: dict[str, object], b: dict[str, object], tolerance: float) -> bool:
    """The wordings allow one value, and the values are of one size: "up to 300km" allows 80km, but a source
    that means 80km says so; that pair is two facts or a disagreement, never an agreement."""
    if _exact_point(a) and _exact_point(b):
        return one_rounding(a, b, tolerance) or (ratio(a["normalized_low"], b["normalized_low"]) - 1 <= EXACT_CLOSE
                                                 and one_step_apart(float(a["normalized_low"]), float(b["normalized_low"])))
    intervals = [plausible_interval(r["normalized_low"], r["normalized_high"], r["qualifier"], tolerance) for r in (a, b)]
    widened = a["qualifier"] in WIDENED or b["qualifier"] in WIDENED  # "about 2.4%" already allows 2.16..2.64, not 2.8
    return not values_conflict(intervals, 0.0 if widened else tolerance) and ratio(a["normalized_high"], b["normalized_high"]) <= MAX_AGREEING_RATIO


def agree_as_written(a: dict[str, object], b: dict[str, object], tolerance: float) -> bool:
    """The values agree as their words state them, with no tolerance: one number or a rounding of it, or intervals that
    meet ("about 300p" and "just over 300p"). Not "over 5%" and "4.75%", nor "an estimated $121.9m" and "$125.4m"."""
    if one_rounding(a, b, tolerance):
        return True
    intervals = [plausible_interval(r["normalized_low"], r["normalized_high"], r["qualifier"], 0.0) for r in (a, b)]
    return not values_conflict(intervals, 0.0)


def one_step_apart(x: float, y: float) -> bool:
    """At most one unit of the coarser value's last digit apart: "$9.3bn" and "$9.4bn" are one figure told by two sources
    rounding differently; "35.86" and "36.01" teraflops (15 units of their last digit) are two measurements."""
    step = 10.0 ** max(last_digit(x), last_digit(y))
    return abs(x - y) <= step * (1 + 1e-9)


def one_rounding(a: dict[str, object], b: dict[str, object], tolerance: float) -> bool:
    """The two values are one number, or one is the other rounded ("1,130p" and "1130p", "£5bn" and "£4.6bn") less than
    the tolerance away: "300p" is not "270.25p" rounded, nor "1%" "0.6%", nor "40%" "44%", though each rounds to it."""
    low_a, low_b = a["normalized_low"], b["normalized_low"]
    if equal_values(a, b):
        return True
    rounded = _exact_point(a) and _exact_point(b) and (rounds_to(low_a, low_b) or rounds_to(low_b, low_a))
    return rounded and ratio(low_a, low_b) - 1 < tolerance


def _exact_point(record: dict[str, object]) -> bool:
    return record["qualifier"] == "exact" and record["normalized_low"] == record["normalized_high"]


def rounds_to(coarse: float, fine: float) -> bool:
    """`fine` rounded to the last significant digit of `coarse` is `coarse`: "29%" is "28.9%" rounded and "$5bn"
    is "$4.6bn" rounded; "$5bn" is not "$4.4bn", nor "11,000" "12,000". Equal values round to each other."""
    if coarse == fine:
        return True
    step = 10.0 ** last_digit(coarse)
    return step > 10.0 ** last_digit(fine) and math.isclose(math.floor(fine / step + 0.5 + 1e-9) * step, coarse, rel_tol=1e-9)


def last_digit(value: float) -> int:
    """The power of ten of a value's last significant digit: 5e9 -> 9, 4.4e9 -> 8, 28.9 -> -1, 0 -> 0."""
    if value == 0 or not math.isfinite(value):
        return 0
    mantissa, _, exponent = f"{abs(value):.10e}".partition("e")
    decimals = mantissa.partition(".")[2].rstrip("0")
    return int(exponent) - len(decimals)
