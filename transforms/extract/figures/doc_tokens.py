"""Reading the spaCy parse at character offsets: the tokens of a span and where sentences start.

The parse is never re-run here; these helpers avoid `token.sent` and `doc.sents`, which build every
sentence of the doc.
"""

from __future__ import annotations

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Span, Token


def sentence_start(token: Token) -> int:
    """Index of the first token of `token`'s sentence (`token.sent` would build every sentence of the doc)."""
    doc = token.doc
    i = token.i
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
    return i


def sentence_start_char(token: Token) -> int:
    """Character offset of the first token of `token`'s sentence."""
    return token.doc[sentence_start(token)].idx


def tokens_at(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens covering characters `start:end`, widened to whole tokens (None when no token is there)."""
    return doc.char_span(start, end, alignment_mode="expand")


def sentence_starts(doc: Doc) -> list[int]:
    """Character offsets where sentences start, read from the token array (iterating `doc.sents` builds every Token)."""
    if len(doc) == 0:
        return [0]
    columns = doc.to_array([SENT_START, IDX])
    starts = columns[columns[:, 0] == 1, 1].tolist()
    return starts if starts and starts[0] == 0 else [0, *starts]
