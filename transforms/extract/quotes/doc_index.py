"""Look-ups over one parsed article, built once per article and shared by the attribution steps:
the token at a character, the speaker-type mention at a token, the quote around a character,
and the latest mention of a type before a point."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from transforms.extract.quotes.spans import QuotedSpan, paragraph_bounds
from transforms.extract.records import MentionRecord

SPEAKER_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})


class DocIndex:
    """Lookups over one doc built once: token at a character, mention at a token."""

    def __init__(self, doc: Doc, text: str, mentions: Sequence[MentionRecord], quotes: Sequence[QuotedSpan]) -> None:
        self.doc = doc
        self.text = text  # Doc.text joins every token on each access: read it once
        self.quotes = list(quotes)
        self.quote_starts = [quote.open_at for quote in self.quotes]
        self.token_starts = doc.to_array("IDX").tolist() if len(doc) else []
        self.sentence_starts = [sent.start_char for sent in doc.sents]
        speaker_mentions = sorted(
            (m for m in mentions if m["entity_type"] in SPEAKER_TYPES), key=lambda m: (m["start_char"], m["end_char"])
        )
        self.mentions = speaker_mentions
        self.mention_starts = [m["start_char"] for m in speaker_mentions]
        self.persons = [m for m in speaker_mentions if m["entity_type"] == "PERSON"]
        self.paragraphs = paragraph_bounds(self.text)
        self.paragraph_starts = [start for start, _ in self.paragraphs]

    def paragraph_of(self, char: int) -> tuple[int, int]:
        slot = max(0, bisect_right(self.paragraph_starts, char) - 1)
        return self.paragraphs[slot] if self.paragraphs else (0, len(self.text))

    def token_at(self, char: int) -> int:
        """Index of the token containing (or starting after) a character offset."""
        return max(0, bisect_right(self.token_starts, char) - 1)

    def first_token_from(self, char: int) -> int:
        return bisect_left(self.token_starts, char)

    def sentence_of_char(self, char: int) -> int:
        return max(0, bisect_right(self.sentence_starts, char) - 1)

    def mention_at(self, token: Token) -> MentionRecord | None:
        """The speaker-type mention containing the token (mentions rarely nest; the two nearest are checked)."""
        slot = bisect_right(self.mention_starts, token.idx) - 1
        for candidate in range(slot, max(slot - 2, -1), -1):
            mention = self.mentions[candidate]
            if mention["start_char"] <= token.idx < mention["end_char"]:
                return mention
        return None

    def in_quote(self, char: int) -> bool:
        slot = bisect_right(self.quote_starts, char) - 1
        return slot >= 0 and self.quotes[slot].open_at <= char < self.quotes[slot].close_at

    def next_quote_after(self, char: int) -> QuotedSpan | None:
        slot = bisect_right(self.quote_starts, char)
        return self.quotes[slot] if slot < len(self.quotes) else None

    def mention_before(self, char: int, types: frozenset[str]) -> MentionRecord | None:
        """The most recent mention of one of `types` starting before `char` that is not inside a quote."""
        slot = bisect_left(self.mention_starts, char) - 1
        while slot >= 0:
            mention = self.mentions[slot]
            if mention["entity_type"] in types and not self.in_quote(mention["start_char"]):
                return mention
            slot -= 1
        return None
