"""The words around a figure and the words of its article: what tells two figures apart as facts.

Two figures report one fact when their articles tell one story and their sentences say the same
thing about the number ("Unison's 800,000 workers are being balloted"). Both are judged from word
sets that depend on one figure (or one article) only, so that a pair's verdict never changes as the
archive grows:
- `sentence_terms`: the content words of the figure's sentence, lower-cased and singular;
- `local_terms`: the few content words on each side of the figure, which tell apart two figures of one sentence;
- `article_terms`: the article's most frequent content words, its story signature.
Stop words are spaCy's English list; numbers, months and reporting verbs carry no subject.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from spacy.lang.en.stop_words import STOP_WORDS

from transforms.names import singular

# Words of this many letters or fewer say little about a subject ("uk", "us" are kept as entities elsewhere).
MIN_TERM_LETTERS = 3
# An article's signature: its this many most frequent content words.
ARTICLE_SIGNATURE_SIZE = 40
# A figure's own words: this many content words on each side of it in its sentence.
LOCAL_WIDTH = 6
# The words right beside a figure: this many content words on each side.
NEIGHBOUR_WIDTH = 2
# Figures are compared only with figures of articles that share one of their this many most frequent words.
BLOCKING_TERMS = 8
WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]")
UNINFORMATIVE = frozenset(
    {"said", "say", "says", "told", "added", "according", "year", "month", "week", "day", "time", "percent", "cent",
     "million", "billion", "bn", "thousand", "hundred", "per", "mr", "mrs", "ms", "new", "also", "just", "like",
     "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
     "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "including", "people", "number"}
)


def content_terms(text: str) -> list[str]:
    """Content words in text order: lower-cased, singular, no stop words, numbers or uninformative words."""
    terms = []
    for match in WORD.finditer(text):
        word = match.group(0).lower().removesuffix("'s").removesuffix("’s")
        if len(word) < MIN_TERM_LETTERS or word in STOP_WORDS or word in UNINFORMATIVE:
            continue
        terms.append(singular(word))
    return terms


def neighbour_words(sentence: str, start: int, end: int, width: int = NEIGHBOUR_WIDTH) -> list[str]:
    """The `width` content words right before and right after a figure ("added only 146,000 jobs in January":
    added, job, ...): what the number is directly said of."""
    return sorted(local_terms(sentence, start, end, width))


def local_terms(sentence: str, start: int, end: int, width: int = LOCAL_WIDTH) -> frozenset[str]:
    """The `width` content words on each side of `sentence[start:end]` inside its sentence: what the number
    is said of ("36% of British camera phone users have never sent"), where a sentence may hold several."""
    return frozenset(content_terms(sentence[:start])[-width:] + content_terms(sentence[end:])[:width])


def article_terms(counts: Counter[str], size: int = ARTICLE_SIGNATURE_SIZE) -> frozenset[str]:
    """An article's story signature: its `size` most frequent content words (ties by the word), from
    `Counter(content_terms(body))`."""
    return frozenset(_most_frequent(counts, size))


def blocking_terms(counts: Counter[str], size: int = BLOCKING_TERMS) -> tuple[str, ...]:
    """The few most frequent content words: two articles of one story share at least one of them, so
    figures are only compared with figures of articles sharing one (blocks, not the whole archive)."""
    return tuple(_most_frequent(counts, size))


def _most_frequent(counts: Counter[str], size: int) -> list[str]:
    return sorted(counts, key=lambda term: (-counts[term], term))[:size]


def overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """Shared words over the smaller set (0 when either is empty): a short sentence inside a long one scores 1."""
    a, b = frozenset(a), frozenset(b)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
