"""Invariants of the extract stage over generated article texts, through the real spaCy pipeline.

Whatever the text (numbers in any format, quotation marks of any style, balanced or not, names,
punctuation, blank lines, any characters), extraction does not raise, every row is the non-empty
text at its offsets in `body_text`, and every figure is a finite number inside its own range.
Each invariant is its own test, so a known failure (xfail) leaves the others checked.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from transforms.extract.tables import ExtractedFrames, extract_article_frames
from transforms.nlp import parse_texts
from transforms.reference.catalog import load_reference_catalog

WORDS = st.sampled_from([
    "the", "a", "of", "and", "in", "to", "troops", "missiles", "people", "were", "killed", "rose", "fell", "by",
    "about", "around", "more", "than", "at", "least", "up", "between", "from", "per", "cent", "percent", "million",
    "billion", "trillion", "km", "miles", "kg", "tonnes", "years", "dollars", "euros", "half", "dozen", "twenty-one", "minus",
    "he", "she", "they", "it", "officials", "reporters", "week", "on", "Monday", "budget", "growth", "soldiers",
])
NAMES = st.sampled_from([
    "Zelensky", "Volodymyr Zelensky", "Joe Biden", "Biden", "Ms Smith", "Dmitry Peskov", "the Kremlin", "Kyiv",
    "Moscow", "North Korean", "Nato", "the United Nations (UN)", "UN", "BBC", "Apple Inc.", "O'Neill", "José Álvarez",
    "Kursk", "the EU", "Washington",
])
CUES = st.sampled_from(["said", "told reporters", "according to", "added", "says", "warned", "asked", ":"])
NUMBERS = st.one_of(
    st.sampled_from([
        "1,234.5", "$3bn", "40%", "12-15 km", "-3", "1e5", "½", "2½", "3 1/2", "١٢٣", "४२", "１２３", "٣٫٥", "12,000",
        "1,2,3", "10,00", "1.", ".5", "0.25", "3-", "-", "$", "£2.4 million", "€10", "US$ 150m", "5 feet 2 inches",
        "300km (186 miles)", "between 5 and 10", "5 to 10", "5-10%", "1/0", "20/2030", "2024", "17:30", "3.5m",
        "10bn-20bn", "minus five", "a dozen", "two and a half", "1 '2", "$99(", "($99", "9.9.9", "1,,000",
        "−7", "+4", "~50", "≈ 3", "10^6", "1e-3", "1E400", "99999999999999999999999", "0", "00", "007", "x2", "2x",
        "1 000 000", "1\u00a0000", "10 000km", "5°C", "30 mph", "£", "%", "#1", "No. 5", "1st", "3rd", "100s",
    ]),
    st.integers(-10**12, 10**12).map(str),
    st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9).map(lambda x: f"{x:g}"),
    st.decimals(min_value=0, max_value=10**6, places=2).map(lambda d: f"${d}m"),
    st.decimals(min_value=-10**4, max_value=10**4, places=3, allow_nan=False, allow_infinity=False).map(str),
    st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=4),  # digits of any script
    st.integers(0, 10**330).map(str),  # beyond a float's range
)
QUOTE_MARKS = st.sampled_from(["“", "”", "‘", "’", "«", "»", '"', "'", "„", "‹", "›", "「", "」"])
PUNCTUATION = st.sampled_from([",", ".", ";", ":", "!", "?", "(", ")", "-", "—", "–", "…", "/", "&", "*", "[", "]"])
SEPARATORS = st.sampled_from([" ", " ", " ", "", "\n", "\n\n", "\t", "\u00a0", "  ", " \n "])

TOKEN = st.one_of(WORDS, WORDS, NAMES, CUES, NUMBERS, NUMBERS, QUOTE_MARKS, PUNCTUATION, st.text(max_size=12))


@st.composite
def quoted_statements(draw: st.DrawFn) -> str:
    """`“words” Name said.` and its variants: a quotation mark pair around generated words, attributed or not."""
    opening, closing = draw(st.sampled_from([("“", "”"), ("‘", "’"), ("«", "»"), ('"', '"'), ("'", "'"), ("„", "“"), ("“", '"'), ("«", "”")]))
    inside = " ".join(draw(st.lists(st.one_of(WORDS, NUMBERS, NAMES), min_size=0, max_size=8)))
    comma = draw(st.sampled_from(["", ","]))
    attribution = draw(st.sampled_from(["{q} {name} {cue}.", "{name} {cue}: {q}", "{name} {cue} {q}", "{q}", "{q} {cue} {name}."]))
    return attribution.format(q=f"{opening}{inside}{comma}{closing}", name=draw(NAMES), cue=draw(CUES))


@st.composite
def article_texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.one_of(TOKEN, TOKEN, TOKEN, quoted_statements()), min_size=0, max_size=40))
    return "".join(piece + draw(SEPARATORS) for piece in pieces)


ARTICLES = st.lists(article_texts(), min_size=1, max_size=3)
# Sized so this file runs in under half a minute on CI; the model is loaded once per session (conftest `nlp`).
EXAMPLES = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def extract(nlp: Language, texts: list[str]) -> tuple[ExtractedFrames, dict[str, str]]:
    """The extract stage as `flows.tasks.extract_chunk` runs it; also each article's body by id."""
    articles = pd.DataFrame({
        "article_id": [f"a{number}" for number in range(len(texts))],
        "ingest_date": [pd.Timestamp("2024-11-18").date()] * len(texts),
        "body_text": texts,
    })
    frames = extract_article_frames(parse_texts(nlp, articles["body_text"]), articles, load_reference_catalog())
    return frames, dict(zip(articles["article_id"], articles["body_text"]))


TEXT_COLUMNS = {"entity_mentions": "mention_text", "quotes": "quote_text", "figures": "surface"}

# Minimal texts hypothesis found breaking an invariant: each is run first by the test it breaks.
EMPTY_QUOTE = "“ “ "  # a second opening mark right after the first: a quote row of no text
INFINITE_FIGURE = "1" + "0" * 309  # a 310-digit number: its value overflows to inf
NAN_RANGE = "1" + "0" * 309 + " -1"  # a range from that number: its values are NaN


@EXAMPLES
@given(texts=ARTICLES)
def test_rows_are_the_text_at_their_offsets(nlp: Language, texts: list[str]) -> None:
    frames, bodies = extract(nlp, texts)
    for table, text_column in TEXT_COLUMNS.items():
        for row in getattr(frames, table).itertuples(index=False):
            body = bodies[row.article_id]
            assert 0 <= row.start_char <= row.end_char <= len(body), (table, row.start_char, row.end_char, len(body))
            assert body[row.start_char : row.end_char] == getattr(row, text_column), table
    for quote in frames.quotes.itertuples(index=False):
        if pd.notna(quote.speaker_start_char):
            assert 0 <= quote.speaker_start_char < quote.speaker_end_char <= len(bodies[quote.article_id])


@pytest.mark.parametrize("table", [
    "entity_mentions",
    "figures",
    "quotes",
])
@EXAMPLES
@given(texts=ARTICLES)
@example(texts=[EMPTY_QUOTE])
def test_rows_are_never_empty(nlp: Language, table: str, texts: list[str]) -> None:
    frames, _ = extract(nlp, texts)
    rows = getattr(frames, table)
    assert (rows["end_char"] > rows["start_char"]).all(), rows[TEXT_COLUMNS[table]].tolist()


@EXAMPLES
@given(texts=ARTICLES)
@example(texts=[INFINITE_FIGURE])
@example(texts=[NAN_RANGE])
def test_figure_values_are_finite(nlp: Language, texts: list[str]) -> None:
    frames, _ = extract(nlp, texts)
    values = frames.figures[["value", "value_low", "value_high", "normalized_value"]]
    assert values.map(math.isfinite).all(axis=None), frames.figures.loc[~values.map(math.isfinite).all(axis=1), "surface"].tolist()


@EXAMPLES
@given(texts=ARTICLES)
def test_figure_values_lie_in_their_range(nlp: Language, texts: list[str]) -> None:
    frames, _ = extract(nlp, texts)
    values = frames.figures[["value", "value_low", "value_high"]]
    figures = frames.figures[values.map(math.isfinite).all(axis=1)]  # the others break the property above
    assert (figures["value_low"] <= figures["value"]).all() and (figures["value"] <= figures["value_high"]).all(), figures["surface"].tolist()
