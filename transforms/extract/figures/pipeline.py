"""The figures extractor as a list of steps: find numbers, build figures, join neighbours, drop what is not
a figure, read counted objects, share across coordination, link restatements, and emit records."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from spacy.tokens import Doc

from transforms.extract.doc_text import doc_text
from transforms.extract.figures.accounting import read_accounting_negatives
from transforms.extract.figures.build import build_figures
from transforms.extract.figures.coordination import distribute, link_pairs
from transforms.extract.figures.counted_object import read_counted_object
from transforms.extract.figures.doc_tokens import sentence_starts
from transforms.extract.figures.joins import (
    join_compound_amounts,
    join_ranges,
    join_spoken_fractions,
)
from transforms.extract.figures.not_figures import (
    inside_name,
    is_adjective_gross,
    is_age_or_label,
    is_at_number,
    is_back_reference,
    is_lone_one,
    is_name_or_code,
    is_race_name,
    is_storable,
    is_year,
    without_name_unit,
)
from transforms.extract.records import FigureRecord
from transforms.extract.unit_lexicon import UnitLexicon


def extract_figures(doc: Doc, lexicon: UnitLexicon) -> list[FigureRecord]:
    """Every figure in the parsed article, in text order, read with the curated unit `lexicon`."""
    text = doc_text(doc)
    figures = [without_name_unit(doc, text, f) for f in build_figures(text, lexicon)]
    figures = [f for f in figures if not is_name_or_code(text, f) and not is_year(doc, text, f)]
    figures = join_compound_amounts(text, join_ranges(text, join_spoken_fractions(text, figures)))
    figures = read_accounting_negatives(doc, text, figures)
    figures = [replace(f, counted_object=read_counted_object(doc, f)) for f in figures if not inside_name(doc, f)]
    figures = [f for f in figures if not is_lone_one(doc, text, f) and not is_age_or_label(doc, f) and not is_adjective_gross(doc, text, f)]
    figures = [f for f in figures if not is_race_name(doc, f) and not is_back_reference(doc, f) and not is_at_number(text, f)]
    figures = [f for f in figures if is_storable(f)]
    starts = sentence_starts(doc) if figures else []
    sentence_of = [max(0, bisect_right(starts, f.start) - 1) for f in figures]
    figures = link_pairs(text, distribute(text, figures, sentence_of))
    return [
        FigureRecord(
            surface=text[f.start : f.end],
            start_char=f.start,
            end_char=f.end,
            sentence_index=sentence_of[i],
            value=f.value_low,
            value_low=f.value_low,
            value_high=f.value_high,
            unit=f.unit,
            qualifier=f.qualifier,
            counted_object=f.counted_object,
            paired_with=f.paired_with,
        )
        for i, f in enumerate(figures)
    ]
