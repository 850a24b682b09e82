"""Accounting brackets: an amount alone in brackets in accounting position (`revenue is ($99.99)`) is negative."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from transforms import units
from transforms.extract.figures.doc_tokens import tokens_at
from transforms.extract.figures.model import Figure

ACCOUNTING_OPEN_RE = re.compile(r"\(\s*$")
ACCOUNTING_CLOSE_RE = re.compile(r"\s*\)")


def read_accounting_negatives(doc: Doc, text: str, figures: list[Figure]) -> list[Figure]:
    """"The annual loss is ($99.99)": an amount alone in brackets after a verb, preposition, colon or line
    start is negative, as accountants write it. A bracketed amount right after another figure ("€5m ($5.5m)")
    restates that figure, and one after a noun ("the fine ($5m)") is an aside: both stay as written."""
    result = list(figures)
    for i, figure in enumerate(figures):
        if units.unit_table()[figure.unit].dimension != "currency" or figure.qualifier != "exact":
            continue
        if not (figure.value_low == figure.value_high > 0):
            continue
        opening = ACCOUNTING_OPEN_RE.search(text, max(0, figure.start - 3), figure.start)
        closing = ACCOUNTING_CLOSE_RE.match(text, figure.end)
        if opening is None or closing is None:
            continue
        before = text[: opening.start()].rstrip()
        if i > 0 and before and len(before) <= figures[i - 1].end:
            continue  # "€5m ($5.5m)": a paired restatement
        if before and before[-1] not in ":=\n|":
            words = tokens_at(doc, len(before) - 1, len(before))
            if words is None or words[-1].pos_ not in ("AUX", "VERB", "ADP"):
                continue
        result[i] = replace(figure, start=opening.start(), end=closing.end(), value_low=-figure.value_low, value_high=-figure.value_high)
    return result
