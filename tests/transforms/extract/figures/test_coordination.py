"""Coordinated figures share a qualifier and a unit; restatements point at their first statement."""

from __future__ import annotations

from spacy.language import Language

from tests.transforms.extract.figures.reading import built, figures_in
from transforms.extract.figures.coordination import distribute, link_pairs


def test_distribute_shares_the_qualifier_forwards_and_the_unit_backwards() -> None:
    text = "They fired approximately 120 and 90 drones; patients got 45 and 50 mg."
    figures = distribute(text, built(text), [0, 0, 0, 0])
    assert [(f.qualifier, f.unit) for f in figures] == [("approximately", "count"), ("approximately", "count"), ("exact", "mg"), ("exact", "mg")]


def test_distribute_stays_within_a_sentence() -> None:
    text = "About 120 missiles. And 90 drones."
    assert [f.qualifier for f in distribute(text, built(text), [0, 1])] == ["approximately", "exact"]


def test_link_pairs_points_a_bracketed_restatement_at_its_first_statement() -> None:
    text = "It flies 300km (186 miles) and costs $5 million (20 percent) more."
    assert [f.paired_with for f in link_pairs(text, built(text))] == [None, 0, None, None]


def test_paired_units_point_at_the_first_statement(nlp: Language) -> None:
    records = figures_in(nlp, "ATACMS missiles can reach up to 300km (186 miles) and are hard to stop.")
    assert [(r["surface"], r["unit"], r["paired_with"]) for r in records] == [("up to 300km", "km", None), ("186 miles", "mile", 0)]


def test_a_list_of_restatements_points_at_the_first_statement(nlp: Language) -> None:
    records = figures_in(nlp, "GM will pay $2bn (1.53bn euros; £1.05bn) to Fiat.")
    assert [(r["unit"], r["paired_with"]) for r in records] == [("USD", None), ("EUR", 0), ("GBP", 0)]


def test_figures_in_different_units_of_other_dimensions_are_not_paired(nlp: Language) -> None:
    records = figures_in(nlp, "They paid $5 million (20 percent) up front.")
    assert all(r["paired_with"] is None for r in records)


def test_a_unit_is_shared_backwards_across_and(nlp: Language) -> None:
    records = figures_in(nlp, "Patients were given 45 and 50 mg of the drug.")
    assert [r["unit"] for r in records] == ["mg", "mg"]
