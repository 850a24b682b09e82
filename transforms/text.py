"""Plain-text helpers shared by stages that work on `body_text` offsets without a parsed Doc."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

# A sentence ends at . ! or ? (and any closing quote or bracket) before a capital, digit or currency sign, or at a line break.
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]*[A-Z0-9£$€])|\n+")


# A boundary's match reads at most its quote marks and one letter past its end: one ending this far before a
# figure is found whether or not the scan sees the figure.
_BOUNDARY_LOOKAHEAD = 64


def sentence_around(text: str, start: int, end: int) -> tuple[int, str]:
    """(offset, sentence) of the sentence of `text` holding `text[start:end]`, by punctuation and line breaks.

    The boundaries are those of `text` cut at `start` (a boundary whose look-ahead needs `text[start]` does
    not count). The scan starts from the last boundary of the whole text that ends well before `start`: it
    used to start from 0 for every figure, which made an article's figures cost its length times their number."""
    ends = _boundary_ends(text)
    known = bisect_right(ends, start - _BOUNDARY_LOOKAHEAD)
    sentence_start = ends[known - 1] if known else 0
    for boundary in SENTENCE_END.finditer(text, sentence_start, start):
        sentence_start = boundary.end()
    following = SENTENCE_END.search(text, end)
    return sentence_start, text[sentence_start:following.start() if following else len(text)]


@lru_cache(maxsize=32)  # the figures of one article ask in turn
def _boundary_ends(text: str) -> tuple[int, ...]:
    return tuple(boundary.end() for boundary in SENTENCE_END.finditer(text))
