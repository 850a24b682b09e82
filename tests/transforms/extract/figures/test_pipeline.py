"""The whole figures extractor: the steps in order, one record per figure."""

from __future__ import annotations

from spacy.language import Language

from tests.transforms.extract.figures.reading import figures_in


def test_records_are_in_text_order_with_their_sentence(nlp: Language) -> None:
    records = figures_in(nlp, "Russia fired 120 missiles. Ukraine shot down 90 of them and lost $5m.")
    assert [(r["surface"], r["sentence_index"]) for r in records] == [("120", 0), ("90", 1), ("$5m", 1)]
    assert [r["start_char"] for r in records] == sorted(r["start_char"] for r in records)


def test_sentence_index_counts_sentences(nlp: Language) -> None:
    records = figures_in(nlp, "Nothing here. Still nothing.\n\nThen 12 ships arrived.")
    assert records[0]["sentence_index"] == 2
