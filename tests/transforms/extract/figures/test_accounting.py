"""Accounting brackets make an amount negative."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms.extract.figures.reading import built, figures_in, only_figure
from transforms.extract.figures.accounting import read_accounting_negatives


def test_read_accounting_negatives_widens_the_figure_to_its_brackets(nlp: Language) -> None:
    doc = nlp("Net income: ($1,200)")
    figures = read_accounting_negatives(doc, doc.text, built(doc.text))
    assert [(doc.text[f.start : f.end], f.value_low, f.value_high) for f in figures] == [("($1,200)", -1200, -1200)]


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
