"""Plain-text helpers shared by stages that work on `body_text` offsets without a parsed Doc."""

from __future__ import annotations

import re

# A sentence ends at . ! or ? (and any closing quote or bracket) before a capital, digit or currency sign, or at a line break.
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]*[A-Z0-9£$€])|\n+")


def sentence_around(text: str, start: int, end: int) -> tuple[int, str]:
    """(offset, sentence) of the sentence of `text` holding `text[start:end]`, by punctuation and line breaks."""
    sentence_start = 0
    for boundary in SENTENCE_END.finditer(text, 0, start):
        sentence_start = boundary.end()
    following = SENTENCE_END.search(text, end)
    return sentence_start, text[sentence_start:following.start() if following else len(text)]
