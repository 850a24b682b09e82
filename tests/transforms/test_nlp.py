"""Parsing helpers: the text a parsed Doc remembers must be exactly `doc.text`."""

from __future__ import annotations

import pandas as pd
import pytest

from transforms.extract.tables import extract_article_frames
from transforms.nlp import DOC_TEXT_KEY, ModelNotInstalledError, doc_text, load_pipeline, parse_texts, warm_worker

ODD_TEXTS = [
    "  Leading spaces.\n\nTwo paragraphs,\ttabs and  double  spaces. ",
    "Non-breaking\u00a0space, \u201cquotes\u201d said Ms Smith, 12,000 troops and $5.5bn.",
    "",
]


def test_parsed_docs_remember_exactly_their_text(nlp):
    docs = list(parse_texts(nlp, ODD_TEXTS, batch_size=2))
    assert [doc.user_data[DOC_TEXT_KEY] for doc in docs] == ODD_TEXTS
    assert [doc_text(doc) for doc in docs] == [doc.text for doc in docs]


def test_doc_text_builds_and_caches_the_text_of_a_doc_parsed_elsewhere(nlp):
    doc = nlp("About 11,000 North Korean soldiers, officials said.")
    assert DOC_TEXT_KEY not in doc.user_data
    assert doc_text(doc) == doc.text and doc.user_data[DOC_TEXT_KEY] == doc.text


def test_extraction_is_the_same_with_or_without_the_remembered_text(nlp):
    texts = ['"The missiles will speak for themselves," Zelensky said. About 11,000 North Korean troops are in Kursk.']
    articles = pd.DataFrame({"article_id": ["a1"], "ingest_date": [None], "body_text": texts})
    remembered = extract_article_frames(parse_texts(nlp, texts), articles)
    rebuilt = extract_article_frames(nlp.pipe(texts), articles)
    for name in ("entity_mentions", "quotes", "figures"):
        pd.testing.assert_frame_equal(getattr(remembered, name), getattr(rebuilt, name))
    assert len(remembered.quotes) == 1 and len(remembered.figures) == 1


def test_warm_worker_leaves_a_missing_model_to_the_task_that_needs_it():
    assert warm_worker("no_such_spacy_model") is None
    with pytest.raises(ModelNotInstalledError):
        load_pipeline("no_such_spacy_model")
