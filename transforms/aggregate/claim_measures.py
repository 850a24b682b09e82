"""Which figures can be one fact with a figure of another article: numbers that measure nothing, and vague magnitudes.

The figures table keeps every number that reads as a quantity; a claim needs more: a measured quantity that a
second source could report. `not_a_measure` names the figures that are not one, so they get no block key and
never join a claim (the gold guideline, benchmarks/gold/README.md, labels such pairs "not a figure"):
- scores ("6-4"), the number of a ranked list's line, a pronoun-like "one", races named by their distance;
- time frames: a duration that says *when* something happens rather than how long it lasts ("within the next
  five years", "in the last 12 months", "six months ago", "In four days,", "the three months to September", "the 12
  months to 30 September", a quarter named by its last month), a window in days to decades that frames another figure
  ("200 million tracks ... in 12 months", "his third number one in three weeks", "within two years"; not the span of a
  record, "a first Triple Crown in 19 years"), "the second half" of a period, and the clock of a match ("with four
  minutes left");
- numbers that define a group: ages of a group ("16 and 17-year-olds", "18 to 24 year olds", "people under 55", "people aged
  between 18 and 34"), a bound on a
  stay that says who a rule covers ("people coming to the UK for less than six months") and the share of a
  population ranked by wealth ("the richest 20%");
- numbers that refer back rather than count ("the four Britons", "all five unions"), vague pairs ("one or
  two product lines") and compounds that name a kind ("three-party politics", "a two-horse race");
- numbers inside a name: a bare number right after a capitalised word ("Band Aid 20", "Spectrum - 16k", "Hot 100"), or
  in a list of versions after one ("Windows 95, 98, ME"); the digits of a slogan's sum ("2+2=5"); a race or record named
  by its distance ("the two mile record");
- tallies ("an eight to one majority"), and numbers that an article gave before and then refers to ("the 12");
- the size of a ranked list ("the top 10", "an all-time top 100 list", "top 20 hits"), a round of a competition ("reached
  the last four"), a group picked by rank ("the world's 500 largest companies", "the two most senior people") and the
  span a record is measured over ("four-month highs", "a seventy-year high of 5.2 million"): which list, round, group or
  record, not a quantity.
`vague_magnitude` names "billions of dollars" and "thousands of jobs": an order of magnitude, which agrees with any
exact value of that size ("$2bn") though no source meant that value; such figures only meet each other. `is_change`
tells a percentage of change ("grown by 5%", "a 20% rise") from one of a level ("a market share of about 5%"); each
meets only its own kind.

The words matched are closed classes of English (determiners, time adverbs, comparison words), so they are
patterns here, not curated lists.
"""

from __future__ import annotations

import re

SCORE = re.compile(r"\d{1,3}-\d{1,3}")
# A tally of votes or a ratio is two counts set against each other: "an eight to one majority", "voted 5-4".
TALLY = re.compile(r"\w+\s*(?:to|-|\u2013)\s*\w+")
TALLY_AFTER = re.compile(r"^\s*(?:majority|vote|votes|verdict|ruling|decision|split|margin|odds)\b", re.IGNORECASE)
TALLY_BEFORE = re.compile(r"\b(?:voted|ruled|decided|split)\s+(?:by\s+)?$", re.IGNORECASE)
# Track races named by their distance ("the men's 200m", "third fastest over 800m"); only figures in metres.
RACE_DISTANCE = re.compile(r"(?:over\s+)?(?:60|100|110|200|400|800|1,?000|1,?500|3,?000|5,?000|10,?000)m")
LIST_LINE = re.compile(r"\d{1,3}\.?\s+[A-Z][^\n]{0,60}(?:\n|$)")
# How far before and after a figure its wording is read.
BEFORE_WINDOW = 60
AFTER_WINDOW = 30

# A duration that is the time of something, not a measured span: after "the next/last/past ...",
# starting a sentence with "In", or followed by "ago", "later", "earlier", "' time". Not "its first two days":
# what was done in them is measured over them ("1.5bn yen in its first two days").
TIME_FRAME_BEFORE = re.compile(
    r"(?:\b(?:the|this|these|its|their|his|her|our)\s+(?:next|last|past|coming|previous|final|following|preceding|remaining|latest)"
    r"|(?:^|[.!?\"]\s+|\n)In)\s+$", re.IGNORECASE)
TIME_FRAME_AFTER = re.compile(r"^(?:'s?|s')?\s*(?:ago|earlier|later|previously|beforehand|from now|hence|time)\b|^\s+on\s*[,.;]"
                              r"|^\s+(?:to|ending)\s+(?:the\s+end\s+of\s+)?(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September"
                              r"|October|November|December)\b", re.IGNORECASE)
# A bare window of calendar time inside a sentence frames the figure told before it or says when: "200 million tracks
# bought online in 12 months", "his third number one in three weeks", "a deal within two years". Not a time told in
# seconds to hours ("won in 7.27 seconds", "finished in two hours"), which is how long a race took; "in its first two
# days" is left to the rule above (what was done in them is measured over them). The span of a record stays a figure:
# "a first Triple Crown in 19 years", "the lowest rates in 40 years".
WINDOW_BEFORE = re.compile(r"\b(?:in|within)\s+$")
RECORD_SPAN_BEFORE = re.compile(
    r"\b(?:first|best|worst|(?:high|low|bigg|larg|great|strong|weak|fast|slow|long|short|cheap|dear|small)est)\b[^.;:!?]{0,40}$",
    re.IGNORECASE)
CALENDAR_SPAN = re.compile(r"[\w.,-]+[\s-](?:days?|weeks?|fortnights?|months?|years?|decades?)", re.IGNORECASE)
# The clock of a match: "with four minutes left", "three minutes to go", "two tries in four minutes before the hour" say
# when in a game something happened, as a date does; another game's "four minutes" is another moment.
MATCH_CLOCK_AFTER = re.compile(r"^\s+(?:left|remaining|to\s+go|to\s+play|before\s+(?:the\s+)?(?:hour|half-time|break|interval|end|final\s+whistle))\b",
                               re.IGNORECASE)
MINUTES = re.compile(r"minutes?\b", re.IGNORECASE)
# "the second half of the year", "the first quarter": a part of a period names the period.
PERIOD_PART = re.compile(r"(?:half|quarter|third)", re.IGNORECASE)
PERIOD_PART_BEFORE = re.compile(r"\b(?:first|second|third|fourth|final|last|latter|early|late)\s+$", re.IGNORECASE)
# Nouns of a group of people that a number can define ("people under 55", "people coming to the UK for ...").
_GROUP_NOUN = (r"people|those|adults|children|voters|men|women|workers|pensioners|anyone|everyone|pupils|students|drivers|youngsters"
               r"|households|families")
# Ages that define a group: "16 and 17-year-olds", "people under 55", "voters aged 18 to 24".
AGE_GROUP_AFTER = re.compile(r"^(?:\s*(?:and|or|to|-|\u2013)\s*\d+)?(?:[\s-]year)?[\s-]?olds\b", re.IGNORECASE)
AGE_GROUP_BEFORE = re.compile(
    rf"\b(?:{_GROUP_NOUN}|girls|boys|smokers)\s+(?:aged\s+(?:(?:under|over|below|above|between|from)\s+)?|(?:under|over|below|above|between)\s+)"
    r"[\d,.]+(?:\s*(?:and|to|-|\u2013)\s*[\d,.]+)?$", re.IGNORECASE)
# A bound on a stay or a service that says who a rule covers: "people coming to the UK for less than six months".
# The group is named by a participle after its noun ("people coming", "those working"), not by a verb ("workers were").
THRESHOLD_BEFORE = re.compile(rf"\b(?:{_GROUP_NOUN}|visitors|migrants|immigrants|tourists|staff|employees)\s+\w+ing\b[^.;:!?,]{{0,40}}\bfor\s+$",
                              re.IGNORECASE)
BOUND_WORDS = re.compile(r"(?:less|more|fewer)\s+than\b|(?:under|over|at\s+least|at\s+most|up\s+to)\s", re.IGNORECASE)
# A share of a population ranked by wealth or pay: "the richest 20%", "the poorest 10% of households".
RANKED_SHARE_BEFORE = re.compile(
    r"\b(?:richest|poorest|wealthiest|top|bottom|best-paid|worst-paid|highest-paid|lowest-paid|better-off|worse-off|best-off|worst-off)\s+$",
    re.IGNORECASE)
RATE_AFTER = re.compile(r"^\s*(?:rate|band|tax|bracket)\b", re.IGNORECASE)
# A small number after a definite word refers back to things already counted ("the four Britons", "all five unions"),
# unless it starts a compound ("the three-judge panel", "the two-time runner-up") or a part ("all six of the awards").
# A possessive ("her four daughters", "Netcraft's four stations") is left alone: it says how many the owner has.
# A larger number standing alone after a definite word refers back when the article gave it before ("12 detainees ...
# the 12 were"); "the 15 games available at launch" still counts them.
REFERRING_BEFORE = re.compile(r"(?:^|\b)(?:the|these|those|all|all\s+the|all\s+of\s+the|both)\s+$", re.IGNORECASE)
SMALL_NUMBER_WORDS = "one two three four five six seven eight nine".split()
# Below this, a number after a definite word refers; "the 15 games available at launch" still counts them.
MAX_REFERRING_NUMBER = 10
COMPOUND_OR_PART_AFTER = re.compile(r"^(?:-|\s+of\b)", re.IGNORECASE)
VAGUE_PAIR = re.compile(r"\b(?:one|two|three|four|five|six)\s+or\s+(?:two|three|four|five|six|seven|eight)\b", re.IGNORECASE)
# "the top 10", "a top 100 list": the number names the list, as a rank does (the guideline's "top 20 hits").
RANKED_LIST_BEFORE = re.compile(r"\btop\s+$", re.IGNORECASE)
# "four-month highs", "a 10-year low": the span names the record the value is compared with; another day's
# "four-month high" is another price.
RECORD_AFTER = re.compile(r"^\s*(?:highs?|lows?|peaks?|records?|troughs?)\b", re.IGNORECASE)
# "reached the last four", "the last eight of the Champions League": with nothing counted after it, the number names
# a round of a competition, as a rank does; "won the last four points" and "the last 10 Six Nations titles" still count.
ROUND_BEFORE = re.compile(r"\bthe\s+last\s+$", re.IGNORECASE)
NAME_AFTER = re.compile(r"\s+[A-Z]")
# A number before a superlative picks out a group by rank, as "top 500" does: "the world's two biggest reinsurers",
# "the world's 500 largest companies", "the two most senior people". Words ending in -est that are no superlative are
# left out.
SUPERLATIVE_AFTER = re.compile(
    r"^\s+(?:(?:most|least)\s+[a-z]|worst\b|(?!(?:be|te|intere|conte|prote|reque|we|re|que|gue|harve|arre|fore|che|hone|mode|ne|ve|pe|dige"
    r"|manife|conque|inque|cre|ze|wre|inve|tempe|le)st\b)[a-z]+est\b)", re.IGNORECASE)
# Compounds whose number names a kind of thing, not a count of things a source reports.
CLASSIFYING_COMPOUND_AFTER = re.compile(
    r"^-(?:party|horse|way|tier|star|wheel|nation|test|door|speed|track|lane|pronged|dimensional|point\s+plan)\b", re.IGNORECASE)
# A bare number right after a capitalised word that does not start its sentence: part of a name ("Band Aid 20");
# not after a possessive, which owns what is counted ("the Transport and General Workers' Union's 70,000").
# A counted thing after it does not undo the name ("Billboard's Hot 100 chart"); a month or weekday is a date, not a
# name ("In March 2,000 workers").
NAME_BEFORE = re.compile(r"(?<![.!?\"\n]\s)(?<!^)\b(?!(?:January|February|March|April|May|June|July|August|September|October|November"
                         r"|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][\w&-]*\s+(?:-\s+)?$")
BARE_NUMBER = re.compile(r"(?:-\s+)?\d[\d,.]*k?")
# Versions listed after a name: "Windows 95, 98, ME" and "Windows 2000, 95, 98" (the name, a number, then items and commas).
NAME_LIST_BEFORE = re.compile(r"(?<![.!?\"\n]\s)(?<!^)\b[A-Z][\w&-]*\s+\d[\w.]*(?:,\s+[\w.]+)*,\s+$")
# The digits of a sum written out ("2+2=5", a slogan), never a count a source reports.
ARITHMETIC = re.compile(r"[+=]")
# A distance that names a race or a record: "the world indoor two mile record", "the men's two mile race".
MILE_EVENT = re.compile(r"[\w.,-]+[\s-]mile", re.IGNORECASE)
EVENT_AFTER = re.compile(r"^\s*(?:races?|records?|events?|titles?|finals?|heats?|relays?)\b", re.IGNORECASE)
VAGUE_MAGNITUDE = re.compile(r"(?:tens\s+of\s+|hundreds\s+of\s+)?(?:dozens|hundreds|thousands|millions|billions|trillions)\b", re.IGNORECASE)


def not_a_measure(body: str, start: int, end: int, dimension: str, counted_object: str | None) -> bool:
    """The figure at body[start:end] measures nothing a second source could report (see the module docstring)."""
    surface = body[start:end]
    before, after = body[max(0, start - BEFORE_WINDOW):start], body[end:end + AFTER_WINDOW]
    if SCORE.fullmatch(surface) or surface.lower() == "one" or (dimension == "length" and _names_a_race(surface, after)):
        return True
    if dimension == "count" and (ARITHMETIC.fullmatch(before[-1:]) or ARITHMETIC.match(after)):
        return True
    if dimension == "count" and TALLY.fullmatch(surface) and (TALLY_AFTER.match(after) or TALLY_BEFORE.search(before)):
        return True
    line_start = body.rfind("\n", 0, start) + 1
    if start == line_start and LIST_LINE.match(body, start):
        return True
    if (dimension == "count" and _a_rank(before, after, counted_object)) or (dimension == "duration" and RECORD_AFTER.match(after)):
        return True
    return (_time_frame(surface, before, after, dimension) or _defines_a_group(body, start, end, before, after, dimension)
            or _refers(surface, before, after, body, start, end, dimension, counted_object)
            or _in_a_name(surface, before, dimension))


def vague_magnitude(surface: str) -> bool:
    """"billions of dollars", "thousands of jobs", "dozens": an order of magnitude, not a value."""
    return VAGUE_MAGNITUDE.match(surface) is not None


def _a_rank(before: str, after: str, counted_object: str | None) -> bool:
    """"the top 10", "the last four", "the world's 500 largest companies": which list, round or group, not how many."""
    if RANKED_LIST_BEFORE.search(before) or SUPERLATIVE_AFTER.match(after):
        return True
    return counted_object is None and ROUND_BEFORE.search(before) is not None and not NAME_AFTER.match(after)


def _time_frame(surface: str, before: str, after: str, dimension: str) -> bool:
    """"within the next five years", "six months ago", "the second half": when, not how much."""
    if PERIOD_PART.fullmatch(surface) and PERIOD_PART_BEFORE.search(before):
        return True
    if dimension == "duration" and MINUTES.search(surface) and MATCH_CLOCK_AFTER.match(after):
        return True
    if dimension == "duration" and CALENDAR_SPAN.fullmatch(surface) and WINDOW_BEFORE.search(before):
        return RECORD_SPAN_BEFORE.search(before) is None
    return dimension == "duration" and bool(TIME_FRAME_BEFORE.search(before) or TIME_FRAME_AFTER.match(after))


def _names_a_race(surface: str, after: str) -> bool:
    """"the 800m", "the two mile record": a distance that names an event, not a length someone measured."""
    return RACE_DISTANCE.fullmatch(surface) is not None or (MILE_EVENT.fullmatch(surface) is not None and EVENT_AFTER.match(after) is not None)


def _defines_a_group(body: str, start: int, end: int, before: str, after: str, dimension: str) -> bool:
    """"16 and 17-year-olds", "people under 55", "the richest 20%": the number says who, not how many."""
    if AGE_GROUP_AFTER.match(after) or AGE_GROUP_BEFORE.search(body, max(0, start - BEFORE_WINDOW), end):
        return True
    if dimension == "duration" and BOUND_WORDS.match(body, start, end) and THRESHOLD_BEFORE.search(before):
        return True
    return dimension == "percent" and bool(RANKED_SHARE_BEFORE.search(before)) and not RATE_AFTER.match(after)


def _refers(surface: str, before: str, after: str, body: str, start: int, end: int, dimension: str, counted_object: str | None) -> bool:
    """"the four Britons", "one or two product lines", "three-party politics": the number does not count."""
    if dimension != "count":
        return False
    if CLASSIFYING_COMPOUND_AFTER.match(after):
        return True
    if any(m.start() < end and start < m.end() for m in VAGUE_PAIR.finditer(body, max(0, start - 12), min(len(body), end + 12))):
        return True
    if REFERRING_BEFORE.search(before) is None or COMPOUND_OR_PART_AFTER.match(after):
        return False
    if counted_object is None:
        return _told_before(surface, body, start)  # "the 12 were held": the number stands for the group
    return _small_number(surface)


def _told_before(surface: str, body: str, start: int) -> bool:
    """"charge 12 detainees ... the 12 were held": a number standing alone after a definite word, given before, refers back."""
    return re.search(rf"(?<![\w.,]){re.escape(surface.strip())}(?![\w%]|[.,]\d)", body[:start]) is not None


def _small_number(surface: str) -> bool:
    word = surface.strip().lower()
    return word in SMALL_NUMBER_WORDS or (word.isdigit() and int(word) < MAX_REFERRING_NUMBER)


def _in_a_name(surface: str, before: str, dimension: str) -> bool:
    """"Band Aid 20", "Sinclair Spectrum - 16k", "the Hot 100 chart", "Windows 95, 98": a bare number right after a name,
    or in a list of versions after one, counting nothing."""
    return (dimension == "count" and BARE_NUMBER.fullmatch(surface) is not None
            and (NAME_BEFORE.search(before) is not None or NAME_LIST_BEFORE.search(before) is not None))


# A percentage said of a change ("rose 5%", "fallen by 9.8%", "a 20% rise", "32% lower", "lose 18%") against one
# said of a level ("a 5% market share", "only 10% of the agenda", "rose to 2.5%"): two different quantities.
_CHANGE_VERB = (r"ris(?:e|es|en|ing)|rose|fall(?:s|en|ing)?|fell|gr(?:ow|ows|ew|own|owing)|increas(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)"
                r"|drop(?:s|ped|ping)?|declin(?:e|es|ed|ing)|jump(?:s|ed|ing)?|climb(?:s|ed|ing)?|sl(?:ide|ides|id|iding)|slip(?:s|ped|ping)?"
                r"|s(?:ink|inks|ank|unk|inking)|surg(?:e|es|ed|ing)|plung(?:e|es|ed|ing)|gain(?:s|ed|ing)?|los(?:e|es|t|ing)|cut(?:s|ting)?"
                r"|shed(?:s|ding)?|slump(?:s|ed|ing)?|soar(?:s|ed|ing)?|tumbl(?:e|es|ed|ing)|dip(?:s|ped|ping)?|eas(?:e|es|ed|ing)"
                r"|expand(?:s|ed|ing)?|shr(?:ink|inks|ank|unk|inking)|contract(?:s|ed|ing)?|up|down")
_CHANGE_NOUN = r"gains?|growth|increases?|rises?|falls?|drops?|declines?|contraction|expansion"
CHANGE_BEFORE = re.compile(
    rf"\b(?:(?:{_CHANGE_VERB})(?:\s+by)?|(?:{_CHANGE_NOUN})(?:\s+rate)?\s+(?:of|at|was|is))"
    r"\s+(?:(?:only|just|nearly|almost|about|around|some|roughly|a\s+further|another)\s+)?$", re.IGNORECASE)
# "set to fall below 1%", "rose to 5%": a verb of change before the level reached ("up over 5%" is still a change).
LEVEL_BOUND = re.compile(r"(?:below|above|to)\b", re.IGNORECASE)
CHANGE_AFTER = re.compile(
    rf"^\s*(?:{_CHANGE_NOUN}|higher|lower|up|down|more|less|fewer|year-on-year|on\s+the\s+(?:year|month|quarter))\b", re.IGNORECASE)
# A rate of change named before the figure in its clause makes it a change whatever the verb: "growth of 1.8%",
# "the growth rate is projected to be 2%", "GDP is expected at 3.2%" and "the economy grew 2%" are one kind, as are
# "inflation of 2.5%" and "inflation rose to 2.5%"; not "despite strong growth, rates will stay at 4.75%".
RATE_OF_CHANGE_BEFORE = re.compile(r"\b(?:growth|inflation|GDP)\b[^.;:!?,]*$", re.IGNORECASE)
# How far before a figure a rate of change is looked for.
RATE_WINDOW = 60
CHANGE_DIMENSIONS = frozenset({"percent", "percentage_point"})


def is_change(body: str, start: int, end: int, dimension: str) -> bool:
    """A percentage that measures a change rather than a level (see CHANGE_BEFORE); other dimensions are never told apart."""
    if dimension not in CHANGE_DIMENSIONS:
        return False
    if RATE_OF_CHANGE_BEFORE.search(body[max(0, start - RATE_WINDOW):start]):
        return True
    changed_before = CHANGE_BEFORE.search(body[max(0, start - AFTER_WINDOW):start]) and not LEVEL_BOUND.match(body, start, end)
    return bool(changed_before or CHANGE_AFTER.match(body[end:end + AFTER_WINDOW]))
