"""The counted object: what a figure counts or measures, read from the parse."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms.extract.figures.reading import built, figures_in
from transforms.extract.figures.counted_object import read_counted_object


@pytest.mark.parametrize(
    ("text", "counted"),
    [("Officials counted 11,000 soldiers.", "soldiers"), ("They sold 40% of the shares.", "shares"), ("It rose by 5.", None)],
)
def test_read_counted_object_of_one_figure(nlp: Language, text: str, counted: str | None) -> None:
    doc = nlp(text)
    (figure,) = built(doc.text)
    assert read_counted_object(doc, figure) == counted


def test_measured_objects_of_amounts(nlp: Language) -> None:
    records = figures_in(nlp, "GM swapped a 6% stake. Shell reported an annual profit of $17.5bn. The US sent weapons and equipment worth $55.5 billion.")
    assert [r["counted_object"] for r in records] == ["stake", "annual profit", "weapons and equipment"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ukraine estimates there are 11,000 North Korean soldiers in Kursk.", [("North Korean soldiers", "exact")]),
        ("Russia fired approximately 120 missiles and 90 drones, killing at least 10 people.",
         [("missiles", "approximately"), ("drones", "approximately"), ("people", "at_least")]),
        ("Attacks in Sumy killed eight more people, including two children.", [("people", "exact"), ("children", "exact")]),
        ("Dozens of drones and missiles were launched.", [("drones and missiles", "at_least")]),
        ("Tens of thousands of people marched.", [("people", "at_least")]),
    ],
)
def test_counted_objects_and_distributed_qualifiers(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    records = figures_in(nlp, text)
    assert [(r["counted_object"], r["qualifier"]) for r in records] == expected
