"""The period a figure is about, from the time expressions of its own sentence.

"New loans in December rose to 83,000" and "79,000 in January" are two facts about one measure; a
claim must not put them together. Each figure takes the time expression of its sentence nearest to
it (by characters; a figure between two takes the closer one, so "fell to 79,000 from 82,000 in
December" gives 82,000 December), resolved against the article's `published_at` when it is known:
- years: "in 2003", "2004's", "the 2005 budget" ("2004-05", a financial year, is left unknown);
- months, with or without a year: "in January", "January 2005", "last December";
- quarters and month ranges: "the fourth quarter", "Q3 2004", "the October-to-December period", "the three
  months to September", "the final three months of last year";
- relative: "last year", "this year", "next year", "last month", "this month";
- weekdays: "on Tuesday" (the latest Tuesday on or before the article's date; in an undated article two
  different weekdays of one story are still two days).
A time expression that bounds a running total ("since February 2022", "between the war's start and
June 2024", "by the end of 2004") gives no period. A period without a known year (a month in an undated article) keeps its month: two undated
figures "in January" and "in October" of one story are still two periods. The expressions are
English news usage, matched by a few regular expressions: `dateparser`'s date search finds dates
but not the spans and quarters that make up most figure periods, so it was not used (see
docs/accuracy.md, "Periods").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import pandas as pd

from transforms.text import sentence_around

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name and name != "May"}
MONTHS["sept"] = 9
QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4, "q1": 1, "q2": 2, "q3": 3, "q4": 4}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_YEAR = r"(?:19[5-9]\d|20\d\d)"
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "the three months to September", "the final three months of last year": a quarter named by its months.
    ("months_to", re.compile(rf"\bthree\s+months\s+(?:to|ending)\s+(?:the\s+end\s+of\s+)?(?P<m1>{_MONTH})(?:\s+(?P<year>{_YEAR}))?\b", re.IGNORECASE)),
    ("quarter", re.compile(rf"\b(?P<ordinal>first|second|third|fourth|final|last)\s+three\s+months\s+of\s+"
                           rf"(?:(?P<relative>last|this|next)\s+year|the\s+year|(?P<year>{_YEAR}))", re.IGNORECASE)),
    ("month_range", re.compile(rf"\b(?P<m1>{_MONTH})(?:\s*-\s*|\s+to\s+|-to-)(?P<m2>{_MONTH})(?:\s+(?P<year>{_YEAR}))?\b", re.IGNORECASE)),
    ("quarter", re.compile(rf"\b(?:(?P<ordinal>first|second|third|fourth|final)[\s-]+quarter|(?P<q>Q[1-4]))"
                           rf"(?:\s+(?:of\s+)?(?P<year>{_YEAR}))?", re.IGNORECASE)),
    ("month", re.compile(rf"\b(?P<relative>last|this|next)?\s*(?P<m1>{_MONTH})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?,?(?:\s+(?P<year>{_YEAR}))?\b")),
    ("year_span", re.compile(rf"\b(?P<year>{_YEAR})\s*[-/]\s*(?P<year2>\d{{2}}|{_YEAR})\b")),
    ("year", re.compile(rf"(?<![\d.,£$€])\b(?P<year>{_YEAR})\b(?![\d%]|\.\d|,\d)")),
    ("relative", re.compile(r"\b(?P<relative>last|this|next|previous|past)\s+(?P<span>year|month|quarter)\b", re.IGNORECASE)),
    ("weekday", re.compile(r"\b(?:on|last|this|since|by|until)\s+(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
)
WEEKDAYS = {name: number for number, name in enumerate(calendar.day_name)}
# A time expression after these words bounds a running total ("since 2022", "by the end of 2004"): the figure
# is not about that period, so it gets none.
OPEN_ENDED = re.compile(r"(?:\b(?:since|until|till|through|by)|\bpost-|\bbetween\b[^.;]{0,60}\band)\s*(?:the\s+)?(?:(?:end|start|beginning)\s+of\s+)?$", re.IGNORECASE)
RELATIVE_STEP = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1}


@dataclass(frozen=True)
class Period:
    """What a figure is about in time. `year` is None when the article's date is unknown and the text
    gives none; `first_month`..`last_month` are None for a whole year; `relative_years` keeps "last
    year" comparable with "this year" in an undated article."""

    text: str
    year: int | None
    first_month: int | None
    last_month: int | None
    relative_years: int | None = None
    weekday: int | None = None  # "on Tuesday": 0 is Monday; `day` is that date when the article's date is known
    day: date | None = None

    @property
    def start(self) -> date | None:
        if self.day:
            return self.day
        return date(self.year, self.first_month or 1, 1) if self.year else None

    @property
    def end(self) -> date | None:
        if self.day:
            return self.day
        if not self.year:
            return None
        month = self.last_month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def key(self) -> str:
        """A comparable key: `2005-01..2005-01`, `*-12..*-12` (December, year unknown), `y-1` (last year, undated),
        `d:2005-01-04` (a weekday of a dated article), `wd:1` (Tuesday, undated)."""
        if self.day:
            return f"d:{self.day.isoformat()}"
        if self.weekday is not None:
            return f"wd:{self.weekday}"
        if self.year is None and self.first_month is None:
            return f"y{self.relative_years:+d}" if self.relative_years is not None else ""
        year = str(self.year) if self.year else "*"
        months = f"-{self.first_month:02d}..{year}-{self.last_month:02d}" if self.first_month else ""
        return f"{year}{months}"


def periods_differ(key_a: str | None, key_b: str | None) -> bool:
    """True when two period keys are known and cannot be the same time: two different years, or two
    months (or quarters) that do not overlap where the years are equal or unknown."""
    if not key_a or not key_b or key_a == key_b:
        return False
    for prefix in ("d:", "wd:"):  # two days: different dates or weekdays differ; a day against a month: unknown
        if key_a.startswith(prefix) or key_b.startswith(prefix):
            return key_a.startswith(prefix) and key_b.startswith(prefix)
    if key_a.startswith("y") or key_b.startswith("y"):
        return key_a.startswith("y") and key_b.startswith("y")  # "last year" against "this year", both undated
    year_a, months_a = _split_key(key_a)
    year_b, months_b = _split_key(key_b)
    if year_a != "*" and year_b != "*" and year_a != year_b:
        return True
    if months_a is None or months_b is None:
        return False
    return months_a[1] < months_b[0] or months_b[1] < months_a[0]


def _split_key(key: str) -> tuple[str, tuple[int, int] | None]:
    if "-" not in key:
        return key, None
    first, last = key.split("..")
    return first.split("-")[0], (int(first.split("-")[1]), int(last.split("-")[1]))


def find_period(sentence: str, figure_start: int, figure_end: int, published: date | None) -> Period | None:
    """The period of the figure at `sentence[figure_start:figure_end]`: its nearest time expression."""
    found: list[tuple[int, int, Period]] = []
    taken: list[tuple[int, int]] = []
    for kind, match in _time_expressions(sentence):
        start, end = match.span()
        if start < figure_end and figure_start < end or any(s < end and start < e for s, e in taken):
            continue  # the figure itself ("2,004"), or inside a longer expression already found
        taken.append((start, end))
        if OPEN_ENDED.search(sentence, max(0, start - 80), start):
            continue  # "since February 2022", "between the war's start and June 2024": a running total, not a period
        period = _period(kind, match, published)
        if period is not None:
            found.append((start, end, period))
    if not found:
        return None
    return min(found, key=lambda f: (f[0] - figure_end if f[0] >= figure_end else figure_start - f[1], f[0]))[2]


@lru_cache(maxsize=64)  # a sentence with several figures is read once
def _time_expressions(sentence: str) -> tuple[tuple[str, re.Match[str]], ...]:
    """Every match of every time pattern in the sentence, pattern by pattern in `PATTERNS`' order."""
    return tuple((kind, match) for kind, pattern in PATTERNS for match in pattern.finditer(sentence))


def _period(kind: str, match: re.Match[str], published: date | None) -> Period | None:
    text = match.group(0).strip()
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if kind == "year":
        return Period(text, year, None, None)
    if kind == "year_span":
        return None  # "2004-05", a financial year: spans two calendar years, which a key cannot hold; unknown
    if kind == "weekday":
        weekday = WEEKDAYS[groups["weekday"]]
        if published is None:
            return Period(text, None, None, None, weekday=weekday)
        return Period(text, None, None, None, weekday=weekday, day=published - timedelta(days=(published.weekday() - weekday) % 7))
    if kind == "relative":
        return _relative(text, groups["relative"].lower(), groups["span"].lower(), published)
    if kind == "quarter":
        number = QUARTERS[(groups["ordinal"] or groups["q"]).lower()]
        if groups.get("relative") and published is not None:  # "the final three months of last year"
            year = published.year + RELATIVE_STEP[groups["relative"].lower()]
        return _dated(text, year, 3 * number - 2, 3 * number, published)
    if kind == "months_to":
        last = MONTHS[groups["m1"].lower().rstrip(".")]
        return _dated(text, year, last - 2, last, published) if last >= 3 else None  # "to February" spans two years: unknown
    first = MONTHS[groups["m1"].lower().rstrip(".")]
    last = MONTHS[groups["m2"].lower().rstrip(".")] if groups.get("m2") else first
    if kind == "month" and groups["m1"] == "May" and not (groups.get("relative") or year):
        return None  # "may" at a sentence start is a verb more often than the month
    if groups.get("relative") and not year and published is not None:
        step = RELATIVE_STEP[groups["relative"].lower()]
        year = published.year + (step if step and (first >= published.month if step < 0 else first <= published.month) else 0)
    return _dated(text, year, first, last, published)


def _dated(text: str, year: int | None, first: int, last: int, published: date | None) -> Period:
    """A month span; without a year in the text, the latest such span not after the article's month."""
    if year is None and published is not None:
        year = published.year if first <= published.month else published.year - 1
    return Period(text, year, first, last)


def _relative(text: str, relative: str, span: str, published: date | None) -> Period | None:
    step = RELATIVE_STEP[relative]
    if span == "year":
        if published is None:
            return Period(text, None, None, None, relative_years=step)
        return Period(text, published.year + step, None, None)
    if published is None:
        return None  # "last month" in an undated article: unknown, and not comparable across articles
    month_index = published.year * 12 + published.month - 1
    size = 3 if span == "quarter" else 1
    if span == "quarter":
        month_index -= month_index % 3
    month_index += step * size
    return Period(text, month_index // 12, month_index % 12 + 1, month_index % 12 + size)


PERIOD_COLUMNS = ("period_text", "period_start", "period_end")


def with_figure_periods(figures: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """`figures` with `period_text`, `period_start` and `period_end` from each figure's sentence in its
    article's `body_text`, resolved against `published_at` (when `articles` has it)."""
    bodies = dict(zip(articles["article_id"], articles["body_text"]))
    published = dict(zip(articles["article_id"], articles["published_at"])) if "published_at" in articles else {}
    rows = []
    for article_id, start, end in zip(figures["article_id"], figures["start_char"], figures["end_char"]):
        text = bodies[article_id]
        sentence_start, sentence = sentence_around(text, int(start), int(end))
        period = find_period(sentence, int(start) - sentence_start, int(end) - sentence_start, published_day(published.get(article_id)))
        rows.append((period.text, period.start, period.end) if period else (None, None, None))
    periods = pd.DataFrame(rows, columns=list(PERIOD_COLUMNS), index=figures.index)
    return figures.assign(period_text=periods["period_text"].astype("string"),
                          period_start=periods["period_start"], period_end=periods["period_end"])


def published_day(published: object) -> date | None:
    """The article's publication day, or None when unknown (NaT, None)."""
    if published is None or pd.isna(published):
        return None
    return pd.Timestamp(published).date()
