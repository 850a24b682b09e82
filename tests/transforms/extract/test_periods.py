"""Periods: each figure takes the nearest time expression of its sentence, resolved against the article's date;
running totals get none; two periods differ only when both are known and cannot overlap."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from transforms.extract.periods import find_period, periods_differ, with_figure_periods

PUBLISHED = date(2005, 2, 10)  # a Thursday


def period_of(sentence: str, figure: str, published: date | None = None):
    start = sentence.index(figure)
    return find_period(sentence, start, start + len(figure), published)


@pytest.mark.parametrize(("sentence", "figure", "text", "key", "dated_key"), [
    ("New mortgage loans in January fell to 79,000 from 82,000 in December.", "79,000", "January", "*-01..*-01", "2005-01..2005-01"),
    ("New mortgage loans in January fell to 79,000 from 82,000 in December.", "82,000", "December", "*-12..*-12", "2004-12..2004-12"),
    ("Profits in the fourth quarter of 2004 rose 12% to $1.2bn.", "12%", "fourth quarter of 2004", "2004-10..2004-12", "2004-10..2004-12"),
    ("The October-to-December period saw growth of 0.4%.", "0.4%", "October-to-December", "*-10..*-12", "2004-10..2004-12"),
    ("Sales rose 5% last year, and will rise 3% this year.", "5%", "last year", "y-1", "2004"),
    ("Sales rose 5% last year, and will rise 3% this year.", "3%", "this year", "y+0", "2005"),
    ("A landmark $206bn settlement was reached with 46 states in 1998.", "$206bn", "1998", "1998", "1998"),
    ("The dollar was at $1.3652 on Friday after a low of $1.3667 on Thursday.", "$1.3667", "on Thursday", "wd:3", "d:2005-02-10"),
    ("The dollar was at $1.3652 on Friday after a low of $1.3667 on Thursday.", "$1.3652", "on Friday", "wd:4", "d:2005-02-04"),
    ("Japan's economy grew by just 0.1% in the three months to September.", "0.1%", "three months to September", "*-07..*-09",
     "2004-07..2004-09"),
    ("It shrank 0.1% in the final three months of last year.", "0.1%", "final three months of last year", "*-10..*-12",
     "2004-10..2004-12"),
])
def test_the_nearest_expression_is_the_figures_period(sentence: str, figure: str, text: str, key: str, dated_key: str) -> None:
    undated, dated = period_of(sentence, figure), period_of(sentence, figure, PUBLISHED)
    assert (undated.text, undated.key) == (text, key)
    assert dated.key == dated_key


def test_dates_resolve_to_first_and_last_days() -> None:
    december = period_of("Loans rose to 83,000 in December.", "83,000", PUBLISHED)
    assert (december.start, december.end) == (date(2004, 12, 1), date(2004, 12, 31))
    quarter = period_of("GDP grew 0.8% in the first quarter.", "0.8%", PUBLISHED)
    assert (quarter.start, quarter.end) == (date(2005, 1, 1), date(2005, 3, 31))
    assert period_of("Loans rose to 83,000 in December.", "83,000").start is None  # year unknown


@pytest.mark.parametrize("sentence", [
    "The US has committed over $56.2 billion to Ukraine since February 2022.",
    "Between the war's start and June 2024, the US committed $55.5 billion.",
    "The firm expects to cut 2,000 jobs by the end of 2005.",
    "The fund grew to $4bn post-February 2022.",
])
def test_running_totals_have_no_period(sentence: str) -> None:
    figure = next(word for word in sentence.split() if any(c.isdigit() for c in word) and not word.startswith(("2022", "2024", "2005")))
    assert period_of(sentence, figure.rstrip(".,")) is None


def test_no_expression_no_period_and_the_figure_itself_is_not_a_year() -> None:
    assert period_of("Some 2,000 business leaders came to Davos.", "2,000") is None
    assert period_of("The company sold 2005 units.", "2005") is None
    assert period_of("Shares may rise 5% as profits May recover.", "5%") is None  # "May" at random is a verb more often
    assert period_of("They may sell 2,004 units in the 2004-05 season.", "2,004") is None  # a financial year: unknown


@pytest.mark.parametrize(("a", "b", "differ"), [
    ("*-12..*-12", "*-01..*-01", True),
    ("2004-10..2004-12", "2004-12..2004-12", False),  # December is inside the fourth quarter
    ("2004", "2005-01..2005-01", True),
    ("2004", "*-12..*-12", False),  # a year against an undated month: cannot tell
    ("y-1", "y+0", True),
    ("wd:4", "wd:3", True),
    ("d:2005-02-04", "d:2005-02-04", False),
    ("wd:4", "*-12..*-12", False),
    (None, "*-12..*-12", False),
])
def test_periods_differ_only_when_both_are_known_and_apart(a: str | None, b: str | None, differ: bool) -> None:
    assert periods_differ(a, b) is differ
    assert periods_differ(b, a) is differ


def test_figures_get_period_columns_from_their_own_sentence() -> None:
    body = "Mortgage lending rose by £7.2bn in January. The bank expects £8bn next year."
    articles = pd.DataFrame({"article_id": ["a1"], "body_text": [body], "published_at": [pd.Timestamp("2005-02-10", tz="UTC")]})
    figures = pd.DataFrame({"article_id": ["a1", "a1"], "start_char": [body.index("£7.2bn"), body.index("£8bn")],
                            "end_char": [body.index("£7.2bn") + 6, body.index("£8bn") + 4]})
    with_periods = with_figure_periods(figures, articles)
    assert with_periods["period_text"].tolist() == ["January", "next year"]
    assert with_periods["period_start"].tolist() == [date(2005, 1, 1), date(2006, 1, 1)]
    assert with_periods["period_end"].tolist() == [date(2005, 1, 31), date(2006, 12, 31)]
    undated = with_figure_periods(figures, articles.drop(columns="published_at"))
    assert undated["period_text"].tolist() == ["January", "next year"]
    assert undated["period_start"].isna().all()
    assert list(figures.columns) == ["article_id", "start_char", "end_char"]  # the input is not changed
