"""The text of a parsed article, as the extractors read it: kept with them, so that they need
nothing from the module that loads and runs the spaCy pipeline (`transforms/nlp.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

DOC_TEXT_KEY = "newsfacts.text"


def doc_text(doc: Doc) -> str:
    """`doc.text` without its cost: spaCy rebuilds it from every token on each access (a Token
    object per token), and the extractors read it several times per article."""
    text = doc.user_data.get(DOC_TEXT_KEY)
    if text is None:
        text = doc.user_data[DOC_TEXT_KEY] = doc.text
    return text
