"""Reading the parse at character offsets."""

from __future__ import annotations

from spacy.language import Language

from transforms.extract.figures.doc_tokens import (
    sentence_start,
    sentence_starts,
    tokens_at,
)


def test_sentence_starts_are_character_offsets_from_zero(nlp: Language) -> None:
    doc = nlp("Nothing here. Still nothing. Then 12 ships arrived.")
    assert sentence_starts(doc) == [0, doc.text.index("Still"), doc.text.index("Then")]
    assert sentence_starts(nlp("")) == [0]


def test_tokens_at_expands_to_whole_tokens_and_finds_their_sentence(nlp: Language) -> None:
    doc = nlp("One sentence. Then 12,000 ships arrived.")
    span = tokens_at(doc, doc.text.index("12") + 1, doc.text.index("12") + 3)
    assert span is not None and span.text == "12,000"
    assert doc[sentence_start(span[0])].text == "Then"
