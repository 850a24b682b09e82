"""Helpers shared by the figures tests: the whole extractor on one text, with every record's guarantees
checked, and the figures built from a text before the parse is consulted."""

from __future__ import annotations

from spacy.language import Language

from transforms import units
from transforms.extract.figures import extract_figures
from transforms.extract.figures.build import build_figures
from transforms.extract.figures.model import Figure
from transforms.extract.records import FigureRecord
from transforms.extract.unit_lexicon import UnitLexicon
from transforms.reference.catalog import load_reference_catalog
from transforms.schema import QUALIFIERS


def unit_lexicon() -> UnitLexicon:
    """The shipped unit lexicon, loaded once per process by the catalog."""
    return load_reference_catalog().unit_lexicon


def figures_in(nlp: Language, text: str) -> list[FigureRecord]:
    doc = nlp(text)
    records = extract_figures(doc, unit_lexicon())
    for record in records:
        assert doc.text[record["start_char"] : record["end_char"]] == record["surface"]
        assert record["unit"] in units.unit_codes()
        assert record["qualifier"] in QUALIFIERS
        assert record["value"] == record["value_low"] <= record["value_high"]
    return records


def only_figure(nlp: Language, text: str) -> FigureRecord:
    records = figures_in(nlp, text)
    assert len(records) == 1, records
    return records[0]


def built(text: str) -> list[Figure]:
    """The figures built around the numbers of `text`, before any are joined or dropped."""
    return build_figures(text, unit_lexicon())


def surfaces(text: str, figures: list[Figure]) -> list[str]:
    return [text[f.start : f.end] for f in figures]
