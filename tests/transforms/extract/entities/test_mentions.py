"""Mention records: trimmed spans, exact offsets, nothing from texts without names."""

from __future__ import annotations

import pytest

from tests.transforms.extract.entities.support import (
    mentions_of,
    parse_with_model_entities,
)


def test_leading_articles_possessives_and_titles_are_trimmed(nlp):
    text = "The United States backed President Joe Biden's decision. Biden said more."
    doc = parse_with_model_entities(nlp, text, [("The United States", "GPE"), ("President Joe Biden's", "PERSON")])
    mentions = mentions_of(doc)
    assert [m["mention_text"] for m in mentions] == ["United States", "Joe Biden", "Biden"]
    assert mentions[2]["canonical_hint"] == "Joe Biden"


def test_offsets_index_the_text_exactly(nlp):
    doc = nlp("US President Joe Biden approved the request.\n\nZelensky's response to the U.S. was cryptic.")
    mentions = mentions_of(doc)
    assert mentions
    for mention in mentions:
        assert doc.text[mention["start_char"] : mention["end_char"]] == mention["mention_text"]
    assert {m["mention_text"]: m["sentence_index"] for m in mentions}["Zelensky"] == 1


@pytest.mark.parametrize("text", ["", "   \n\n  ", "no names at all here, only words.", "\u201c\u201d (()) \u2014 -- ;"])
def test_texts_without_names_give_no_mentions(nlp, text):
    assert mentions_of(nlp(text)) == []
